"""Batch loads: idempotent reruns, changed articles updated with history, errors, cursors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

import transform
from connectors.base import RawDocument
from warehouse.connect import connect
from warehouse.load import Batch, Cleaned, IngestError, article_id_for, load_batch


def cleaned(uri: str, text: str, source: str = "s") -> Cleaned:
    document = RawDocument(source=source, uri=uri, content=text.encode())
    return Cleaned(document, transform.clean(document))


STORY = "A headline for the story\n\n" + "This sentence is part of the body of the story. " * 5


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = ("documents", "articles", "paragraphs", "removed_blocks", "ingest_errors")
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}  # type: ignore[index]


def test_loading_the_same_batch_twice_writes_nothing_the_second_time(
    con: duckdb.DuckDBPyConnection,
) -> None:
    batch = Batch(
        "run1", cleaned=[cleaned("a.txt", STORY), cleaned("b.txt", STORY.replace("story", "tale"))]
    )
    first = load_batch(con, batch)
    before = table_counts(con)
    second = load_batch(con, replace(batch, run_id="run2"))
    assert (first.inserted, first.updated, first.unchanged) == (2, 0, 0)
    assert (second.inserted, second.updated, second.unchanged, second.documents) == (0, 0, 2, 0)
    assert table_counts(con) == before


def test_a_changed_document_updates_its_article_and_keeps_both_versions(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load_batch(con, Batch("run1", cleaned=[cleaned("a.txt", STORY)]))
    first_seen = con.execute("SELECT first_seen_at FROM articles").fetchone()
    counts = load_batch(
        con, Batch("run2", cleaned=[cleaned("a.txt", STORY + "\nA new closing line was added.")])
    )
    assert (counts.inserted, counts.updated, counts.documents) == (0, 1, 1)
    rows = con.execute("SELECT article_id, body, first_seen_at FROM articles").fetchall()
    assert len(rows) == 1
    assert rows[0][0] == article_id_for("s", "a.txt")
    assert rows[0][1].endswith("A new closing line was added.")
    assert (rows[0][2],) == first_seen
    assert con.execute("SELECT count(*) FROM documents WHERE uri = 'a.txt'").fetchone() == (2,)
    positions = con.execute("SELECT count(*), count(DISTINCT position) FROM paragraphs").fetchone()
    assert positions is not None and positions[0] == positions[1]


def test_same_uri_in_two_sources_is_two_articles(con: duckdb.DuckDBPyConnection) -> None:
    load_batch(
        con, Batch("r", cleaned=[cleaned("a.txt", STORY, "one"), cleaned("a.txt", STORY, "two")])
    )
    assert con.execute("SELECT count(DISTINCT article_id) FROM articles").fetchone() == (2,)


def test_errors_and_cursor_are_written_with_the_batch(con: duckdb.DuckDBPyConnection) -> None:
    error = IngestError("s", "bad.txt", "fetch", "FetchError", "cannot read bad.txt; fix it")
    batch = Batch(
        "run1",
        cleaned=[cleaned("a.txt", STORY)],
        errors=[error],
        cursors={"s": {"files": {"a.txt": 1}}},
    )
    counts = load_batch(con, batch)
    assert counts.failed == 1
    assert con.execute("SELECT uri, stage, detail FROM ingest_errors").fetchall() == [
        ("bad.txt", "fetch", "cannot read bad.txt; fix it")
    ]
    assert con.execute(
        "SELECT cursor::VARCHAR FROM source_state WHERE source = 's'"
    ).fetchone() == ('{"files": {"a.txt": 1}}',)


def test_a_failed_batch_leaves_no_half_written_rows(con: duckdb.DuckDBPyConnection) -> None:
    good = cleaned("a.txt", STORY)
    broken = Cleaned(good.document, replace(good.article, cleaner_version=None))  # type: ignore[arg-type]
    with pytest.raises(duckdb.Error):
        load_batch(con, Batch("run1", cleaned=[cleaned("b.txt", STORY + " More."), broken]))
    assert set(table_counts(con).values()) == {0}
