"""Shared fixtures: an isolated Prefect home and API, seed copies, temp configs.

`--update-golden` and `update_golden` come from newsmon.testing (a pytest11 plugin).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.config import load_config
from flows.pipeline import RunSummary, begin_run, end_run, ingest_source

# Before anything imports Prefect: a Prefect home of the test session's own (shared/FACTS.md:
# processes sharing a fresh home race its database setup), and no telemetry.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="newsmon-prefect-")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["DO_NOT_TRACK"] = "1"
os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "120"
# Tests never borrow a developer's running `newsmon server`.
os.environ["NEWSMON_PREFECT_AUTODETECT"] = "0"

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[None]:
    """One Prefect test harness (a temporary API, 15-20 s to start) for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def write_config(folder: Path, sources: str, *, lock_wait_seconds: float = 5) -> Path:
    """A newsmon.toml in `folder` with its warehouse beside it and the given [[sources]]."""
    config = folder / "newsmon.toml"
    config.write_text(
        f'[warehouse]\npath = "newsmon.duckdb"\nlock_wait_seconds = {lock_wait_seconds}\n\n'
        + sources,
        encoding="utf-8",
    )
    return config


@pytest.fixture
def seed_folder(tmp_path: Path) -> Path:
    """A copy of the seed articles, free to change, with a config whose warehouse is in tmp."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for seed in SEEDS.iterdir():
        (folder / seed.name).write_bytes(seed.read_bytes())
    write_config(tmp_path, '[[sources]]\nname = "seeds"\nkind = "folder"\npath = "articles"\n')
    return folder


def ingest_once(config_path: Path, flow: str = "ingest") -> RunSummary:
    """One run of every enabled source through the real pipeline, without Prefect."""
    config = load_config(config_path)
    summary = RunSummary(begin_run(config, flow, None))
    for name, connector in config.connectors.items():
        summary.add(ingest_source(config, name, connector, summary.run_id))
    summary.status = "completed"
    end_run(config, summary)
    return summary
