"""Prefect's settings, made before Prefect is imported: no telemetry, a home inside the project."""

from __future__ import annotations

import os
from pathlib import Path

# Prefect's temporary server phones home unless told not to (shared/FACTS.md).
_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    # The temporary server takes 8-22 s to start on 2 cores; Prefect's 20 s default is tight.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}


def prepare_prefect_environment(project_dir: Path, *, verbose: bool = False) -> None:
    """Default Prefect's settings for newsmon; values the user already set are kept."""
    for key, value in _DEFAULTS.items():
        os.environ.setdefault(key, value)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
    # One Prefect database per project, so runs of different checkouts never mix.
    os.environ.setdefault("PREFECT_HOME", str(project_dir / ".prefect"))
