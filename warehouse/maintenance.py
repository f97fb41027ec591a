"""Warehouse upkeep: checkpoint the write-ahead log, export tables to Parquet."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.connect import CORE_TABLES

EXPORTED_TABLES = CORE_TABLES


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Fold the write-ahead log into the database file and reclaim what it can."""
    con.execute("CHECKPOINT")


def export_parquet(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, Path]:
    """Write each table to `folder/<table>.parquet` (zstd); returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for table in EXPORTED_TABLES:
        target = folder / f"{table}.parquet"
        # COPY takes no parameter for its target; quote the path as an SQL string literal.
        literal = "'" + str(target).replace("'", "''") + "'"
        con.execute(f"COPY {table} TO {literal} (FORMAT parquet, COMPRESSION zstd)")
        written[table] = target
    return written
