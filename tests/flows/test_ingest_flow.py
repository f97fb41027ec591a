"""The real Prefect flow, end to end over the seeds, on a temporary Prefect API."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from flows.ingest import ingest


@pytest.mark.usefixtures("prefect_api")
def test_ingest_flow_loads_the_seeds_and_records_its_flow_run(seed_folder: Path) -> None:
    config = seed_folder.parent / "newsmon.toml"
    first = ingest(config_path=str(config))
    second = ingest(config_path=str(config), sources=["seeds"])
    assert (first.status, first.counts.inserted) == ("completed", 2)
    assert (second.counts.inserted, second.counts.updated, second.counts.unchanged) == (0, 0, 2)
    con = duckdb.connect(str(seed_folder.parent / "newsmon.duckdb"), read_only=True)
    runs = con.execute(
        "SELECT run_id, flow_run_id, status FROM runs ORDER BY started_at"
    ).fetchall()
    titles = con.execute("SELECT count(*) FROM articles").fetchone()
    con.close()
    assert [r[0] for r in runs] == [first.run_id, second.run_id]
    assert all(flow_run_id and status == "completed" for _, flow_run_id, status in runs)
    assert titles == (2,)
