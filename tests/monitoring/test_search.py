"""Search: BM25 ranking with snippets, kept current when articles change."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

from transform.search import highlight, make_snippet, search_terms, stem
from warehouse.search_index import index_articles, search


def _index(con: duckdb.DuckDBPyConnection, docs: dict[str, tuple[str, str]]) -> None:
    now = datetime.now(UTC)
    for article_id, (title, body) in docs.items():
        con.execute(
            "INSERT INTO articles (article_id, source, title, body, word_count, content_sha256, "
            "cleaner_version, extractor, document_id, first_seen_at, updated_at) "
            "VALUES (?, 'test', ?, ?, 0, '', '', '', '', ?, ?)",
            [article_id, title, body, now, now],
        )
    index_articles(con, [(a, t, b) for a, (t, b) in docs.items()])


def test_seed_search_ranks_the_article_about_the_words_first(
    seeded: duckdb.DuckDBPyConnection,
) -> None:
    hits = search(seeded, "Colby Funakoshi")
    assert [h.title for h in hits] == [
        "Top U.S. and Japan officials discuss reinforcing military alliance"
    ]
    assert "[Colby]" in highlight(hits[0].snippet)


def test_rare_words_and_headlines_weigh_more(seeded: duckdb.DuckDBPyConnection) -> None:
    _index(
        seeded,
        {
            "a": ("Weather report", "Rain in Tokyo. Tokyo is wet. Japan " * 3),
            "b": ("Tokyo marathon", "The marathon was run in the city."),
            "c": ("Budget", "Nothing about the capital here at all, only numbers."),
        },
    )
    ranked = [h.article_id for h in search(seeded, "tokyo marathon")]
    assert ranked[0] == "b" and "c" not in ranked


def test_the_index_follows_a_rewritten_article() -> None:
    con = duckdb.connect()
    from warehouse.connect import apply_migrations

    apply_migrations(con)
    _index(con, {"x": ("Old", "submarine cables cut")})
    index_articles(con, [("x", "New", "satellite launch delayed")])
    assert search(con, "submarine") == []
    assert [h.article_id for h in search(con, "satellite")] == ["x"]
    assert con.execute("SELECT count(*) FROM search_documents").fetchone() == (1,)


def test_queries_of_stop_words_only_find_nothing(seeded: duckdb.DuckDBPyConnection) -> None:
    assert search(seeded, "the of and") == []


def test_terms_fold_case_accents_and_plurals() -> None:
    assert search_terms("The Allies' Élysée cities") == ["ally", "elysee", "city"]
    assert stem("news") == "new" and stem("bus") == "bus"


def test_snippets_centre_on_the_query_words() -> None:
    text = " ".join(f"w{i}" for i in range(100)) + " alpha beta " + "tail " * 50
    snippet = make_snippet(text, "beta alpha")
    assert highlight(snippet).count("[") == 2 and snippet.text.startswith("\u2026")
