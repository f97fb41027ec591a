"""Connector kinds, found through the `newsmon.connectors` entry point group, built from config."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from connectors.base import ConfigError, Connector

ENTRY_POINT_GROUP = "newsmon.connectors"


@dataclass(frozen=True)
class ConnectorKind:
    """One installed kind: its name, the class that implements it, and the package it came from."""

    name: str
    entry_point: EntryPoint

    @property
    def origin(self) -> str:
        """`newsmon 0.1.0` for built-ins, the plugin's distribution otherwise."""
        dist = self.entry_point.dist
        return f"{dist.name} {dist.version}" if dist is not None else self.entry_point.value

    def load(self) -> type[BaseModel]:
        """The connector class; a plugin that fails to import is reported by name."""
        try:
            loaded = self.entry_point.load()
        except Exception as exc:
            raise ConfigError(
                f"connector kind '{self.name}' ({self.entry_point.value}) failed to import: "
                f"{exc}; reinstall {self.origin} or remove the sources that use it"
            ) from exc
        if not (isinstance(loaded, type) and issubclass(loaded, BaseModel)):
            raise ConfigError(
                f"connector kind '{self.name}' ({self.entry_point.value}) is not a pydantic "
                "model class; see docs/connectors.md for the contract"
            )
        return loaded


def installed_kinds() -> dict[str, ConnectorKind]:
    """Every connector kind installed in this environment, by name."""
    return {ep.name: ConnectorKind(ep.name, ep) for ep in entry_points(group=ENTRY_POINT_GROUP)}


def build_connector(
    kind: str, options: Mapping[str, Any], base_dir: Path | None = None
) -> Connector:
    """Validate a source's options against its kind; relative paths resolve from `base_dir`."""
    kinds = installed_kinds()
    if kind not in kinds:
        known = ", ".join(sorted(kinds)) or "none"
        raise ConfigError(
            f"unknown connector kind '{kind}' for source '{options.get('name')}'; "
            f"known: {known}. Install the plugin that provides it, or fix `kind`"
        )
    model = kinds[kind].load()
    try:
        connector = model.model_validate(dict(options), context={"base_dir": base_dir})
    except ValidationError as exc:
        raise ConfigError(_options_message(kind, options.get("name"), model, exc)) from exc
    if not isinstance(connector, Connector):
        raise ConfigError(f"connector kind '{kind}' has no fetch(state) method")
    return connector


def _options_message(kind: str, name: object, model: type[BaseModel], exc: ValidationError) -> str:
    problems = "; ".join(
        f"`{'.'.join(str(p) for p in err['loc']) or 'options'}`: {err['msg']}"
        for err in exc.errors()
    )
    expected = ", ".join(
        f"{field}{'' if info.is_required() else '?'}" for field, info in model.model_fields.items()
    )
    return (
        f"source '{name}' (kind {kind}) has bad options: {problems}. "
        f"Options of {kind}: {expected} (? = optional)"
    )
