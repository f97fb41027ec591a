"""Story clusters: the threshold measured on a labelled set, and clustering through the index."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from transform.shingles import THRESHOLD, signature, similarity
from warehouse.connect import apply_migrations, migration_files
from warehouse.stories import cluster_articles

LABELLED = Path(__file__).parent / "data" / "near_duplicates.json"
_NOW = datetime(2026, 11, 22, tzinfo=UTC)


def _articles() -> list[dict[str, str]]:
    articles: list[dict[str, str]] = json.loads(LABELLED.read_text(encoding="utf-8"))["articles"]
    return articles


def _precision_recall(
    same: dict[tuple[str, str], bool], predicted: set[tuple[str, str]]
) -> tuple[float, float]:
    true_pairs = {pair for pair, is_same in same.items() if is_same}
    hits = len(true_pairs & predicted)
    precision = hits / len(predicted) if predicted else 1.0
    return precision, hits / len(true_pairs)


def _labels() -> dict[tuple[str, str], bool]:
    return {
        (a["id"], b["id"]): a["story"] == b["story"]
        for a, b in itertools.combinations(_articles(), 2)
    }


def test_the_threshold_separates_copies_from_other_stories() -> None:
    sigs = {a["id"]: signature(a["text"]) for a in _articles()}
    predicted = {(a, b) for a, b in _labels() if similarity(sigs[a], sigs[b]) >= THRESHOLD}
    precision, recall = _precision_recall(_labels(), predicted)
    assert (precision, recall) == (1.0, 1.0)


def test_clustering_through_the_bands_groups_each_story_once() -> None:
    con = duckdb.connect()
    apply_migrations(con)
    articles = _articles()
    cluster_articles(con, [(a["id"], a["text"], None) for a in articles], datetime.now(UTC))
    cluster_of = dict(con.execute("SELECT article_id, cluster_id FROM story_clusters").fetchall())
    predicted = {(a, b) for a, b in _labels() if cluster_of[a] == cluster_of[b]}
    assert _precision_recall(_labels(), predicted) == (1.0, 1.0)
    assert len(set(cluster_of.values())) == len({a["story"] for a in articles})


def test_a_rewritten_article_is_reclustered_not_duplicated() -> None:
    con = duckdb.connect()
    apply_migrations(con)
    first, copy = _articles()[0], _articles()[1]
    now = datetime.now(UTC)
    cluster_articles(con, [(first["id"], first["text"], None)], now)
    cluster_articles(con, [(copy["id"], copy["text"], None)], now)
    cluster_articles(con, [(copy["id"], copy["text"] + " A late correction.", None)], now)
    rows = con.execute("SELECT article_id, cluster_id FROM story_clusters ORDER BY 1").fetchall()
    assert sorted(rows) == sorted([(first["id"], first["id"]), (copy["id"], first["id"])])
    assert con.execute("SELECT count(*) FROM story_signatures").fetchone() == (2,)


def test_the_two_seeds_are_different_stories(seeded: duckdb.DuckDBPyConnection) -> None:
    assert seeded.execute("SELECT count(*) FROM stories").fetchone() == (2,)


def test_signatures_of_very_short_texts_fit_64_bits() -> None:
    # One shingle fills one slot; the other slots borrow it with an offset that must not
    # overflow the 64-bit storage (a one-line record once crashed the load here).
    from transform.shingles import signature
    from warehouse.stories import pack_signature, unpack_signature

    for text in ("A fine record body.", "word", "one two three four five"):
        packed = pack_signature(signature(text))
        assert unpack_signature(packed) == signature(text)


def test_articles_unsigned_by_the_hash_change_are_signed_again_for_their_copies(
    seeded: duckdb.DuckDBPyConnection,
) -> None:
    # Migration 0005 drops the blake2b-era signatures and bands; clusters stay.
    (sql,) = [sql for number, _name, sql in migration_files() if number == 5]
    seeded.execute(sql)
    clusters_before = seeded.execute("SELECT article_id, cluster_id FROM story_clusters").fetchall()
    original, title, body = seeded.execute(
        "SELECT article_id, title, body FROM articles ORDER BY article_id LIMIT 1"
    ).fetchone() or ("", "", "")

    # The next load: a lightly edited copy of a stored article, from another source.
    cluster_articles(seeded, [("copy", body + " Updated with a late paragraph.", title)], _NOW)

    cluster_of = dict(
        seeded.execute("SELECT article_id, cluster_id FROM story_clusters").fetchall()
    )
    assert cluster_of["copy"] == cluster_of[original]
    assert set(clusters_before) <= set(cluster_of.items())
    signed = seeded.execute("SELECT count(*) FROM story_signatures").fetchone()
    assert signed == (len(clusters_before) + 1,)
