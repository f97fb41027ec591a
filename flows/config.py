"""newsmon.toml: the warehouse, run settings and sources, validated before any work starts."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cronsim import CronSim, CronSimError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from connectors.base import ConfigError, Connector
from connectors.registry import build_connector
from transform.topics import TopicQueryError, parse_query

DEFAULT_CONFIG = Path("newsmon.toml")
_SIZE = re.compile(r"\d+(?:\.\d+)?\s*[KMGT]i?B", re.IGNORECASE)
# Keys every source has; the rest of a [[sources]] table belongs to its connector kind.
_COMMON_KEYS = {"kind", "enabled", "schedule", "interval"}


class WarehouseSettings(BaseModel):
    """`[warehouse]`: where the DuckDB file lives and how long to wait for its lock."""

    model_config = ConfigDict(extra="forbid")
    path: Path = Path("warehouse/newsmon.duckdb")
    lock_wait_seconds: float = Field(default=60.0, ge=0)
    # How long a run may keep the file open across back-to-back batches (warehouse/writer.py).
    max_hold_seconds: float = Field(default=10.0, ge=0)
    # DuckDB memory a run's writer may use, in DuckDB's units ("1GB", "512MB").
    memory_limit: str = "1GB"

    @field_validator("memory_limit")
    @classmethod
    def _a_size(cls, value: str) -> str:
        if not _SIZE.fullmatch(value.strip()):
            raise ValueError(f'{value!r} is not a size; write one like "1GB" or "512MB"')
        return value.strip()


class RunSettings(BaseModel):
    """`[run]`: documents per load transaction, and cleaning processes (0 = one per core)."""

    model_config = ConfigDict(extra="forbid")
    batch_size: int = Field(default=500, gt=0)
    workers: int = Field(default=0, ge=0)


class SourceEntry(BaseModel):
    """The keys every `[[sources]]` table shares; connector options are validated by the kind."""

    model_config = ConfigDict(extra="allow")
    name: str = Field(min_length=1)
    kind: str = Field(min_length=1)
    enabled: bool = True
    schedule: str | None = None
    interval: int | None = Field(default=None, gt=0)

    @field_validator("schedule")
    @classmethod
    def _valid_cron(cls, schedule: str | None) -> str | None:
        if schedule is not None:
            try:
                CronSim(schedule, datetime.now(UTC))
            except CronSimError as exc:
                raise ValueError(
                    f"'{schedule}' is not a cron expression ({exc}); e.g. \"*/30 * * * *\""
                ) from exc
        return schedule

    @model_validator(mode="after")
    def _one_schedule(self) -> SourceEntry:
        if self.schedule and self.interval:
            raise ValueError("set `schedule` (cron) or `interval` (seconds), not both")
        return self

    def options(self) -> dict[str, Any]:
        """The connector's own options (name included), without the common keys."""
        return {"name": self.name, **(self.model_extra or {})}


class TopicSettings(BaseModel):
    """`[[topics]]`: a watchlist, matched against every article as it loads."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    query: str = Field(min_length=1)

    @field_validator("query")
    @classmethod
    def _parsable(cls, query: str) -> str:
        """A bad query stops the config load, not the refresh after articles committed."""
        try:
            parse_query(query)
        except TopicQueryError as exc:
            raise ValueError(str(exc)) from exc
        return query


class Settings(BaseModel):
    """A whole newsmon.toml."""

    model_config = ConfigDict(extra="forbid")
    warehouse: WarehouseSettings = WarehouseSettings()
    run: RunSettings = RunSettings()
    sources: list[SourceEntry] = []
    topics: list[TopicSettings] = []


class Config:
    """Validated settings plus a built connector per enabled source."""

    def __init__(self, path: Path, settings: Settings, connectors: dict[str, Connector]) -> None:
        self.path = path
        self.settings = settings
        self.connectors = connectors

    @property
    def warehouse_path(self) -> Path:
        """The warehouse file; relative paths are relative to the config file's folder."""
        path = self.settings.warehouse.path
        return path if path.is_absolute() else self.path.parent / path

    def source(self, name: str) -> SourceEntry:
        """The source entry called `name`."""
        return next(s for s in self.settings.sources if s.name == name)

    def select(self, names: list[str] | None) -> dict[str, Connector]:
        """The enabled connectors named (all enabled ones when `names` is empty)."""
        if not names:
            return dict(self.connectors)
        unknown = [n for n in names if n not in self.connectors]
        if unknown:
            known = ", ".join(self.connectors) or "none"
            raise ConfigError(f"no enabled source named {', '.join(unknown)}; configured: {known}")
        return {n: self.connectors[n] for n in names}


def load_config(path: Path | str = DEFAULT_CONFIG) -> Config:
    """Read, validate and build everything in a config file, or raise ConfigError saying why."""
    path = Path(path).resolve()
    settings = _parse_settings(path)
    names = [s.name for s in settings.sources]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"{path}: source names must be unique; repeated: {', '.join(duplicates)}")
    connectors = {
        entry.name: build_connector(entry.kind, entry.options(), base_dir=path.parent)
        for entry in settings.sources
        if entry.enabled
    }
    return Config(path, settings, connectors)


def _parse_settings(path: Path) -> Settings:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"no config file at {path}; create one (see README, 'Configuration') "
            "or pass --config FILE"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"`{'.'.join(str(p) for p in err['loc'])}`: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"{path}: {problems}") from exc
