"""Every SQL block of docs/queries.md runs on the seeded warehouse and returns rows."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

QUERIES = Path(__file__).parents[2] / "docs" / "queries.md"
BLOCKS = re.findall(r"```sql\n(.*?)```", QUERIES.read_text(encoding="utf-8"), re.DOTALL)
# Questions the two seeds, one source and no failures cannot answer with a row.
MAY_BE_EMPTY = ("copy which", "went quiet")


def _title_of(sql: str) -> str:
    text = QUERIES.read_text(encoding="utf-8")
    before = text[: text.index(sql)]
    return before.rsplit("\n## ", 1)[-1].splitlines()[0]


def test_the_cookbook_has_queries() -> None:
    assert len(BLOCKS) >= 10


@pytest.mark.parametrize("sql", BLOCKS, ids=[_title_of(b)[:40] for b in BLOCKS])
def test_each_query_runs(seeded: duckdb.DuckDBPyConnection, sql: str) -> None:
    rows = seeded.execute(sql).fetchall()
    if not any(phrase in _title_of(sql) for phrase in MAY_BE_EMPTY):
        assert rows, f"no rows for: {_title_of(sql)}"
