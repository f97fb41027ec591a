"""A warehouse loaded with the seeds and refreshed for monitoring, built once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from flows.config import TopicSettings, load_config
from flows.pipeline import RunSummary, begin_run, end_run, ingest_source, write_session
from tests.conftest import SEEDS, write_config
from warehouse.monitoring import refresh_after_load

TOPICS = [
    TopicSettings(name="japan-defense", query='Japan AND (defense OR defence) AND "U.S."'),
    TopicSettings(name="taiwan-strait", query="Taiwan NEAR/5 China"),
    TopicSettings(name="not-europe", query="NATO AND NOT Ishiba"),
]


def load_seeds(folder: Path, topics: list[TopicSettings] = TOPICS) -> Path:
    """Ingest the seeds into `folder`/newsmon.duckdb, then refresh monitoring; the file's path."""
    (folder / "articles").mkdir(parents=True)
    for seed in SEEDS.iterdir():
        shutil.copy(seed, folder / "articles" / seed.name)
    config = load_config(
        write_config(folder, '[[sources]]\nname = "seeds"\nkind = "folder"\npath = "articles"\n')
    )
    summary = RunSummary(begin_run(config, "ingest", None))
    for name, connector in config.select(None).items():
        summary.add(ingest_source(config, name, connector, summary.run_id))
    summary.status = "completed"
    end_run(config, summary)
    with write_session(config) as con:
        ids = [i for (i,) in con.execute("SELECT article_id FROM articles").fetchall()]
        refresh_after_load(con, topics, ids, datetime.now(UTC))
    return config.warehouse_path


@pytest.fixture(scope="session")
def seeded_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds loaded and monitored once; tests copy it before writing."""
    return load_seeds(tmp_path_factory.mktemp("seeded"))


@pytest.fixture
def seeded(seeded_warehouse: Path, tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable connection to a private copy of the seeded warehouse."""
    copy = tmp_path / "newsmon.duckdb"
    shutil.copy(seeded_warehouse, copy)
    con = duckdb.connect(str(copy))
    try:
        yield con
    finally:
        con.close()
