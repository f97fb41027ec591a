"""Opening the warehouse: migrations once, a ledger, and a clear error when the file is locked."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from warehouse.connect import connect, migration_files
from warehouse.errors import WarehouseLocked, WarehouseMissing

CONTRACT_TABLES = {
    "sources",
    "documents",
    "articles",
    "paragraphs",
    "removed_blocks",
    "runs",
    "ingest_errors",
    "source_state",
}


def test_new_file_gets_every_contract_table_and_a_ledger_row_per_migration(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    tables = {name for (name,) in con.execute("SHOW TABLES").fetchall()}
    ledger = con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    con.close()
    assert tables >= CONTRACT_TABLES
    assert ledger == [(number, name) for number, name, _sql in migration_files()]


def test_reconnecting_applies_nothing_twice(tmp_path: Path) -> None:
    connect(tmp_path / "w.duckdb").close()
    con = connect(tmp_path / "w.duckdb")
    count = con.execute("SELECT count(*) FROM schema_migrations").fetchone()
    con.close()
    assert count == (len(migration_files()),)


def test_read_only_open_of_a_missing_file_says_to_run_first(tmp_path: Path) -> None:
    with pytest.raises(WarehouseMissing, match="newsmon run"):
        connect(tmp_path / "absent.duckdb", read_only=True)


def test_a_file_held_by_another_process_fails_after_the_wait_naming_the_holder(
    tmp_path: Path,
) -> None:
    path = tmp_path / "w.duckdb"
    connect(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(path)!r}); print('held', flush=True); "
            "time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(WarehouseLocked, match=rf"process {holder.pid}.*lock_wait_seconds"):
            connect(path, lock_wait_seconds=0.5)
        assert time.monotonic() - started < 5
    finally:
        holder.kill()
        holder.wait()
    connect(path).close()  # released with its holder


def test_write_statements_are_refused_on_read_only_connections(tmp_path: Path) -> None:
    connect(tmp_path / "w.duckdb").close()
    con = connect(tmp_path / "w.duckdb", read_only=True)
    with pytest.raises(duckdb.Error, match="read-only"):
        con.execute("DELETE FROM articles")
    con.close()
