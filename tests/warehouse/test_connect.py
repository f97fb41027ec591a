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


def _warehouse_at_version(path: Path, version: int) -> None:
    """A file as an older newsmon left it: migrations up to `version` and their ledger rows."""
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE schema_migrations "
        "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    )
    for number, name, sql in migration_files():
        if number <= version:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, current_timestamp)", [number, name]
            )
    con.close()


def test_upgrading_to_keyless_documents_and_articles_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    _warehouse_at_version(path, 3)
    old = duckdb.connect(str(path))
    old.execute(
        "INSERT INTO documents VALUES ('d1', 's', 'a.txt', current_timestamp, 'text/plain', "
        "'raw bytes'::BLOB, 'h1', '{}', 'run1')"
    )
    old.execute(
        "INSERT INTO articles VALUES ('a1', 's', 'a.txt', NULL, 'Title', NULL, NULL, 'en', "
        "'Body text.', 2, 'h2', 'v1', 'text', NULL, NULL, 'd1', current_timestamp, "
        "current_timestamp)"
    )
    before = {t: old.execute(f"SELECT * FROM {t}").fetchall() for t in ("documents", "articles")}
    old.close()

    con = connect(path)
    after = {t: con.execute(f"SELECT * FROM {t}").fetchall() for t in ("documents", "articles")}
    keys = con.execute(
        "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' "
        "AND table_name IN ('documents', 'articles')"
    ).fetchall()
    con.close()
    assert after == before
    # Why: an index makes every checkpoint rewrite the table's open row group of raw pages.
    assert keys == []


def _row_groups(path: Path, table: str) -> int:
    con = connect(path, read_only=True)
    count = con.execute(
        f"SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('{table}')"
    ).fetchone()
    con.close()
    return count[0] if count else 0


def test_a_runs_checkpoints_do_not_rewrite_what_earlier_runs_stored(tmp_path: Path) -> None:
    # Why: merging small row groups of raw pages at each checkpoint rewrote gigabytes; each
    # checkpoint now writes only its own rows, in a row group of their own.
    path = tmp_path / "w.duckdb"
    for run in range(4):
        con = connect(path)
        con.execute(
            "INSERT INTO documents SELECT 'd' || ? || '-' || i, 's', 'u', now(), 'text/plain', "
            "'page'::BLOB, 'h', NULL, NULL FROM range(500) AS r(i)",
            [run],
        )
        con.close()  # each close checkpoints, as a run's hold does
    assert _row_groups(path, "documents") == 4
    con = connect(path, read_only=True)
    assert con.execute("SELECT count(DISTINCT document_id) FROM documents").fetchone() == (2000,)
    con.close()
