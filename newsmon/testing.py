"""A test kit for connector authors: run a connector through the real pipeline, compare goldens.

Loaded as a pytest plugin (entry point `pytest11`), so installing newsmon gives every test
suite the `ingest_connector` fixture and the `--update-golden` option.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pytest

from connectors.base import Connector
from flows.config import Config, Settings, SourceEntry, WarehouseSettings
from flows.pipeline import RunSummary, begin_run, end_run, ingest_source


@dataclass
class Landed:
    """What one run of a connector put in the warehouse."""

    summary: RunSummary
    articles: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    cursor: dict[str, Any] = field(default_factory=dict)
    warehouse: Path | None = None


def ingest_once(connector: Connector, folder: Path, *, kind: str = "plugin") -> Landed:
    """Fetch, clean and load `connector` into `folder`/newsmon.duckdb; report what landed."""
    settings = Settings(
        warehouse=WarehouseSettings(path=Path("newsmon.duckdb"), lock_wait_seconds=5),
        sources=[SourceEntry(name=connector.name, kind=kind)],
    )
    config = Config(folder / "newsmon.toml", settings, {connector.name: connector})
    summary = RunSummary(begin_run(config, "ingest", None))
    summary.add(ingest_source(config, connector.name, connector, summary.run_id))
    summary.status = "completed"
    end_run(config, summary)
    return _landed(config.warehouse_path, summary)


def _landed(path: Path, summary: RunSummary) -> Landed:
    con = duckdb.connect(str(path), read_only=True)
    try:
        articles = _rows(
            con, "SELECT * EXCLUDE (first_seen_at, updated_at) FROM articles ORDER BY url"
        )
        errors = _rows(
            con,
            "SELECT uri, stage, error, detail FROM ingest_errors WHERE run_id = ? ORDER BY uri",
            [summary.run_id],
        )
        cursor = con.execute("SELECT cursor FROM source_state").fetchone()
    finally:
        con.close()
    return Landed(summary, articles, errors, json.loads(cursor[0]) if cursor else {}, path)


def _rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def assert_matches_golden(actual: object, golden: Path, *, update: bool) -> None:
    """Compare `actual` with the JSON in `golden`; write it instead when `update` is set."""
    rendered = json.dumps(actual, indent=2, ensure_ascii=False, sort_keys=True, default=str) + "\n"
    if update or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(rendered, encoding="utf-8")
        if not update:
            raise AssertionError(f"{golden} did not exist; wrote it: review it and commit it")
        return
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert json.loads(rendered) == expected, f"output differs from {golden} (--update-golden)"


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-golden`: rewrite golden files from the current output."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite golden files from the current output instead of comparing",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite golden files."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def ingest_connector(tmp_path: Path) -> Callable[..., Landed]:
    """Run a connector through the real pipeline into a temp DuckDB: `ingest_connector(c)`.

    Call it again to see a rerun; each call returns what that run landed.
    """

    def run(connector: Connector, kind: str = "plugin") -> Landed:
        return ingest_once(connector, tmp_path, kind=kind)

    return run
