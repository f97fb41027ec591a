"""Run bookkeeping and source metadata: the `runs`, `sources` and `source_state` tables."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

import duckdb

from warehouse.load import LoadCounts


def start_run(
    con: duckdb.DuckDBPyConnection, run_id: str, flow: str, flow_run_id: str | None
) -> None:
    """Record a run as started, so a crashed run still shows up as `running` in `runs`."""
    con.execute(
        "INSERT INTO runs (run_id, flow_run_id, flow, started_at, status) "
        "VALUES (?, ?, ?, current_timestamp, 'running')",
        [run_id, flow_run_id, flow],
    )


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    counts: LoadCounts,
    *,
    documents_seen: int,
    status: str,
    message: str | None = None,
) -> None:
    """Close a run with its counts by outcome and its final status."""
    all_counts = asdict(counts) | {"documents_seen": documents_seen}
    con.execute(
        "UPDATE runs SET finished_at = current_timestamp, status = ?, documents_seen = ?, "
        "inserted = ?, updated = ?, unchanged = ?, failed = ?, counts = ?, message = ? "
        "WHERE run_id = ?",
        [
            status,
            documents_seen,
            counts.inserted,
            counts.updated,
            counts.unchanged,
            counts.failed,
            json.dumps(all_counts),
            message,
            run_id,
        ],
    )


def read_cursor(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, Any]:
    """The saved cursor of a source, or an empty one on its first run."""
    row = con.execute("SELECT cursor FROM source_state WHERE source = ?", [source]).fetchone()
    return dict(json.loads(row[0])) if row else {}


def save_sources(
    con: duckdb.DuckDBPyConnection, sources: Sequence[tuple[str, str, Mapping[str, Any]]]
) -> None:
    """Mirror the configured sources (name, kind, options) into `sources`."""
    con.execute("BEGIN TRANSACTION")
    for name, kind, options in sources:
        con.execute("DELETE FROM sources WHERE name = ?", [name])
        con.execute(
            "INSERT INTO sources VALUES (?, ?, ?, current_timestamp)",
            [name, kind, json.dumps(dict(options), default=str)],
        )
    con.execute("COMMIT")
