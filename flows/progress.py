"""A process-wide progress hook the CLI installs, so tasks tick a bar without Prefect knowing."""

from __future__ import annotations

from collections.abc import Callable

_hook: Callable[[str], None] | None = None


def set_progress(hook: Callable[[str], None] | None) -> None:
    """Install (or remove, with None) the hook called once per document handled."""
    global _hook
    _hook = hook


def current_progress() -> Callable[[str], None] | None:
    """The installed hook, if any."""
    return _hook
