"""Bulk inserts: an Arrow table registered once and copied with one INSERT ... SELECT."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import duckdb
import pyarrow as pa


def insert_arrow(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> None:
    """Insert an Arrow table's rows into table `name` (a fixed identifier, never user input).

    `executemany` manages ~700 rows/s; a registered Arrow table ~75k (shared/FACTS.md).
    """
    if table.num_rows == 0:
        return
    con.register("bulk_rows", table)
    try:
        columns = ", ".join(table.column_names)
        con.execute(f"INSERT INTO {name} ({columns}) SELECT {columns} FROM bulk_rows")
    finally:
        con.unregister("bulk_rows")


def delete_rows_of(
    con: duckdb.DuckDBPyConnection, tables: Sequence[str], ids: Sequence[str]
) -> None:
    """Delete the named articles' rows from each table (fixed identifiers, never user input).

    Callers pass only articles that may have rows: each DELETE scans its whole table, which
    at 100k articles means millions of search postings per batch.
    """
    if not ids:
        return
    with batch_ids(con, ids):
        for table in tables:
            con.execute(
                f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM batch_ids)"
            )


@contextmanager
def batch_ids(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> Iterator[None]:
    """Expose `ids` as the view `batch_ids(article_id)` for the block.

    Passing a long Python list as a query parameter costs an import lookup per element in
    duckdb 1.5 (numpy is probed for each value); an Arrow table is read in one go.
    """
    con.register("batch_ids", pa.table({"article_id": pa.array(list(ids), pa.string())}))
    try:
        yield
    finally:
        con.unregister("batch_ids")
