"""Read-only SQL on the warehouse, for `newsmon query` and anyone scripting against it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from warehouse.connect import session
from warehouse.errors import QueryError


@dataclass(frozen=True)
class QueryResult:
    """Column names and rows of one query."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


def run_query(path: Path, sql: str, *, lock_wait_seconds: float = 10.0) -> QueryResult:
    """Run `sql` on a read-only connection: DuckDB itself refuses any write."""
    with session(path, read_only=True, lock_wait_seconds=lock_wait_seconds) as con:
        # Read-only is not enough: COPY TO, read_text('/etc/...') and INSTALL would still
        # reach files and the network. Locked so the query itself cannot turn it back on.
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        try:
            cursor = con.execute(sql)
        except duckdb.Error as exc:
            raise QueryError(_explain(exc)) from exc
        if cursor.description is None:
            return QueryResult([], [])
        return QueryResult([d[0] for d in cursor.description], cursor.fetchall())


def _explain(exc: duckdb.Error) -> str:
    message = str(exc).strip()
    if "read-only" in message.lower():
        return f"{message}\nnewsmon query is read-only; change data through `newsmon run`"
    return f"{message}\n{_SCHEMA_HINT}"


_SCHEMA_HINT = (
    "Tables: articles, paragraphs, removed_blocks, documents, runs, ingest_errors, sources, "
    "source_state, boilerplate_lines, topics, topic_matches, entities, mentions, story_clusters; "
    "views: latest_articles, articles_per_day, last_run_errors, latest_run_summary, "
    "source_health, stories, entity_counts"
)
