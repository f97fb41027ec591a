"""Prefect's settings, made before Prefect is imported: no telemetry, a home inside the project."""

from __future__ import annotations

import os
from pathlib import Path

import httpx

# `newsmon server` listens here; a run that finds it skips the 10-20 s temporary server start.
LOCAL_SERVER_API = "http://127.0.0.1:4200/api"

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


def use_running_local_server() -> str | None:
    """Point PREFECT_API_URL at a healthy `newsmon server` on 127.0.0.1:4200, if one runs.

    Only when the user set no PREFECT_API_URL and did not opt out with
    NEWSMON_PREFECT_AUTODETECT=0. Returns the URL now in use, or None.
    """
    if os.environ.get("PREFECT_API_URL") or os.environ.get("NEWSMON_PREFECT_AUTODETECT") == "0":
        return os.environ.get("PREFECT_API_URL")
    try:
        healthy = httpx.get(f"{LOCAL_SERVER_API}/health", timeout=0.3).status_code == 200
    except httpx.HTTPError:
        return None  # nothing listens: Prefect starts its temporary server as usual
    if healthy:
        os.environ["PREFECT_API_URL"] = LOCAL_SERVER_API
        return LOCAL_SERVER_API
    return None
