"""Open the DuckDB warehouse: lock waits with backoff, migrations on write, views kept current."""

from __future__ import annotations

import contextlib
import random
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from warehouse.errors import MigrationError, WarehouseLocked, WarehouseMissing

DEFAULT_LOCK_WAIT_SECONDS = 60.0
# What a reader (`newsmon query`, reports) waits: longer than a run holds the file at a time
# (warehouse/writer.py, 10 s by default) plus one batch's load.
READER_LOCK_WAIT_SECONDS = 30.0
# The tables of ARCHITECTURE.md that migration 0001 creates: the contract users' SQL relies on.
CORE_TABLES = (
    "sources",
    "documents",
    "articles",
    "paragraphs",
    "removed_blocks",
    "runs",
    "ingest_errors",
    "source_state",
)
# Checkpoints of everyday writes do not compact row groups. A table without an index gets a
# new row group per checkpoint, and DuckDB merges small ones whenever they reach twice the
# first one's size: with raw pages that rewrote gigabytes (measured: 500 pages of 60 KB per
# checkpoint, worst checkpoint 10.4 s and 3.8 GB at 32,000 rows and growing; without merges
# 0.3 s and 365 MB flat, 13.8 s against 91 s of checkpoints over 60,000 rows). Row groups
# then hold one checkpoint's rows each (a few hundred to thousands), which scans fine.
_NO_COMPACTION = "SET max_vacuum_tasks = 0"
# Files this process has already brought to the latest schema (path, inode).
_migrated: set[tuple[str, int]] = set()
_LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")


def connect(
    path: Path | str,
    *,
    read_only: bool = False,
    lock_wait_seconds: float = DEFAULT_LOCK_WAIT_SECONDS,
) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse; a writable one is migrated to the latest schema."""
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseMissing(
            f"no warehouse at {path} yet; run `newsmon run` first to create and fill it"
        )
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = _open_with_backoff(path, read_only, lock_wait_seconds)
    if not read_only:
        con.execute(_NO_COMPACTION)
    key = (str(path.resolve()), path.stat().st_ino)
    if not read_only and key not in _migrated:
        try:
            apply_migrations(con)
            create_views(con)
        except BaseException:
            con.close()
            raise
        _migrated.add(key)  # a run opens the file once per batch: migrate on the first only
    return con


@contextmanager
def session(
    path: Path | str,
    *,
    read_only: bool = False,
    lock_wait_seconds: float = DEFAULT_LOCK_WAIT_SECONDS,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection closed on exit, so the file's lock is held only as long as the block."""
    con = connect(path, read_only=read_only, lock_wait_seconds=lock_wait_seconds)
    try:
        yield con
    finally:
        con.close()


def _open_with_backoff(
    path: Path, read_only: bool, lock_wait_seconds: float
) -> duckdb.DuckDBPyConnection:
    """DuckDB fails at once on a file another process holds; wait for it with jittered backoff."""
    deadline = time.monotonic() + lock_wait_seconds
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() + delay > deadline:
                raise WarehouseLocked(_locked_message(path, str(exc), lock_wait_seconds)) from exc
            time.sleep(delay * random.uniform(0.5, 1.0))
            delay = min(delay * 2, 2.0)


def _locked_message(path: Path, detail: str, waited: float) -> str:
    holder = _LOCK_HOLDER.search(detail)
    who = f"process {holder.group(1)}" if holder else "another process"
    return (
        f"warehouse {path} is locked by {who} (waited {waited:.0f}s); let that run finish or "
        "stop it, then rerun; or raise [warehouse] lock_wait_seconds in newsmon.toml"
    )


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back if a transaction is still open, keeping the error that got us here.

    A failed COMMIT (a full disk) has already ended the transaction; a second error from
    ROLLBACK would hide the real one.
    """
    with contextlib.suppress(duckdb.TransactionException):
        con.execute("ROLLBACK")


def migration_files() -> list[tuple[int, str, str]]:
    """(number, name, sql) of every packaged migration, in order."""
    found = []
    for entry in resources.files("warehouse.migrations").iterdir():
        match = re.fullmatch(r"(\d{4})_(\w+)\.sql", entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations not yet in the ledger, each in one transaction with its record."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    )
    rows = con.execute("SELECT version FROM schema_migrations").fetchall()
    done = {version for (version,) in rows}
    applied = []
    for version, name, sql in migration_files():
        if version in done:
            continue
        _apply_one(con, version, name, sql)
        applied.append(name)
    return applied


def _apply_one(con: duckdb.DuckDBPyConnection, version: int, name: str, sql: str) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(sql)
        con.execute(
            "INSERT INTO schema_migrations VALUES (?, ?, current_timestamp)", [version, name]
        )
        con.execute("COMMIT")
    except duckdb.Error as exc:
        rollback(con)
        raise MigrationError(
            f"migration {name} failed: {exc}; the warehouse is unchanged at the previous "
            "version. Report this with the file, or restore the database from a backup"
        ) from exc


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the operator views from warehouse/views/*.sql; they hold no data."""
    for entry in sorted(resources.files("warehouse.views").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".sql"):
            con.execute(entry.read_text(encoding="utf-8"))
