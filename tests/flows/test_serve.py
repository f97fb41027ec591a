"""`newsmon serve`: an interval schedule fires on a real local Prefect server, then stops."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.conftest import write_config


def test_an_interval_schedule_lands_runs_and_serve_stops_by_itself(seed_folder: Path) -> None:
    config = write_config(
        seed_folder.parent,
        f'[[sources]]\nname = "seeds"\nkind = "folder"\npath = "{seed_folder}"\ninterval = 5\n',
        lock_wait_seconds=30,
    )
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(seed_folder.parent / "prefect-home")  # its own server database
    serve = subprocess.run(
        [
            sys.executable,
            "-c",
            "from flows.cli import main; main()",
            "serve",
            "-c",
            str(config),
            "--stop-after",
            "40",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert serve.returncode == 0, serve.stderr[-3000:]
    assert "ingest-every-5s: every 5s: seeds" in serve.stderr
    con = duckdb.connect(str(seed_folder.parent / "newsmon.duckdb"), read_only=True)
    runs = con.execute(
        "SELECT status, inserted, unchanged, flow_run_id FROM runs ORDER BY started_at"
    ).fetchall()
    con.close()
    completed = [run for run in runs if run[0] == "completed"]
    assert len(completed) >= 2, serve.stderr[-3000:]
    assert all(flow_run_id for *_, flow_run_id in runs)
    # --stop-after may cut the last run short; every earlier one completed.
    assert all(status == "completed" for status, *_ in runs[:-1])
    first, second = completed[0], completed[1]
    assert (first[1], second[2]) == (2, 2)  # first run inserts, the next finds them unchanged
