"""What "the same warehouse" means after a crash: every table's rows, minus times and run ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

# Columns that legitimately differ between runs (clocks, run ids) are left out.
TABLE_QUERIES = {
    "sources": "SELECT name, kind, config FROM sources",
    "documents": (
        "SELECT document_id, source, uri, media_type, content_sha256, hints FROM documents"
    ),
    "articles": "SELECT * EXCLUDE (first_seen_at, updated_at) FROM articles",
    "paragraphs": "SELECT * FROM paragraphs",
    "removed_blocks": "SELECT * FROM removed_blocks",
    "source_state": "SELECT source, cursor FROM source_state",
    # ingest_errors is a log per run: compare what failed, not how many runs saw it.
    "ingest_errors": "SELECT DISTINCT source, uri, stage, error, detail FROM ingest_errors",
}
DOUBLED_ERRORS = (
    "SELECT run_id, source, uri, stage, error, count(*) FROM ingest_errors "
    "GROUP BY ALL HAVING count(*) > 1"
)


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, without timestamps and run ids."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            name: sorted(con.execute(sql).fetchall(), key=repr)
            for name, sql in TABLE_QUERIES.items()
        }
    finally:
        con.close()


def doubled_errors(db: Path) -> list[tuple[Any, ...]]:
    """Error rows recorded twice within one run."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(DOUBLED_ERRORS).fetchall()
    finally:
        con.close()


def differences(expected: dict[str, list[Any]], actual: dict[str, list[Any]]) -> dict[str, Any]:
    """Per table: rows lost and rows extra (doubled or stray), empty when identical."""
    found = {}
    for table, rows in expected.items():
        lost = [r for r in rows if r not in actual[table]]
        extra = list(actual[table])
        for row in rows:
            if row in extra:
                extra.remove(row)
        if lost or extra:
            found[table] = {
                "lost": lost[:3],
                "extra": extra[:3],
                "counts": (len(rows), len(actual[table])),
            }
    return found
