"""Monitoring after each load: entities, topic matches, story clusters and the search index.

`refresh_after_load` runs inside the load's connection, in one transaction of its own, over
the articles the load inserted or rewrote; `rematch_topics` reruns topics whose query changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Protocol

import duckdb
import pyarrow as pa

from transform.entities import Entity, EntityExtractor, extract_entities
from transform.features import ArticleFeatures, monitored_text
from transform.tokens import words
from transform.topics import evaluate, parse_query
from warehouse.bulk import batch_ids, delete_rows_of, insert_arrow
from warehouse.connect import rollback
from warehouse.search_index import index_articles
from warehouse.stories import cluster_articles

_REMATCH_CHUNK = 2000  # articles read at a time when a topic is matched against everything


class TopicLike(Protocol):
    """A configured topic (flows.config.TopicSettings): a name and its query."""

    @property
    def name(self) -> str: ...
    @property
    def query(self) -> str: ...


@dataclass(frozen=True)
class StoredArticle:
    """The parts of an article the monitoring steps read."""

    article_id: str
    title: str | None
    body: str
    dated_at: datetime

    @property
    def text(self) -> str:
        """Headline and body as one text: what entities and topics are found in."""
        return monitored_text(self.title, self.body)


def refresh_after_load(
    con: duckdb.DuckDBPyConnection,
    topics: Sequence[TopicLike],
    article_ids: Sequence[str],
    now: datetime,
    extractor: EntityExtractor = extract_entities,
    features: Mapping[str, ArticleFeatures] | None = None,
    fresh: Collection[str] = (),
) -> None:
    """Bring every monitoring table up to date for the articles just written (one transaction).

    `features` are what the cleaning workers already derived, by article id; articles without
    them are worked out here. `fresh` names articles the load inserted for the first time:
    they have no monitoring rows to replace.
    """
    features = features or {}
    with _transaction(con):
        rematched = _sync_topics(con, topics, now)
        articles = read_articles(con, list(dict.fromkeys(article_ids)))
        if not articles:
            return
        stale = [a.article_id for a in articles if a.article_id not in fresh]
        _write_entities(con, articles, now, extractor, features, stale)
        unchanged_topics = [t for t in topics if t.name not in rematched]
        _write_matches(con, unchanged_topics, articles, now, stale)
        terms = {i: f.terms for i, f in features.items()}
        rows = [(a.article_id, a.title, a.body) for a in articles]
        index_articles(con, rows, terms, fresh=fresh)
        signatures = {i: f.signature for i, f in features.items()}
        bands = {i: f.bands for i, f in features.items() if f.bands}
        stories = [(a.article_id, a.body, a.title) for a in articles]
        cluster_articles(con, stories, now, signatures=signatures, bands=bands, fresh=fresh)


def rematch_topics(
    con: duckdb.DuckDBPyConnection, topics: Sequence[TopicLike], now: datetime
) -> list[str]:
    """Rematch stored articles for topics added or changed since last time; drop removed ones."""
    with _transaction(con):
        return _sync_topics(con, topics, now)


def read_articles(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> list[StoredArticle]:
    """The named articles, oldest first (so a story's first copy founds its cluster)."""
    if not ids:
        return []
    with batch_ids(con, ids):
        rows = con.execute(
            "SELECT article_id, title, body, coalesce(published_at, first_seen_at) AS dated_at "
            "FROM articles WHERE article_id IN (SELECT article_id FROM batch_ids) "
            "ORDER BY dated_at, article_id"
        ).fetchall()
    return [StoredArticle(*row) for row in rows]


def unmonitored_ids(con: duckdb.DuckDBPyConnection, limit: int = 5000) -> list[str]:
    """Articles no refresh has seen: loaded before migration 0003, or whose refresh failed."""
    rows = con.execute(
        "SELECT article_id FROM articles ANTI JOIN search_documents USING (article_id) "
        "ORDER BY article_id LIMIT ?",
        [limit],
    ).fetchall()
    return [article_id for (article_id,) in rows]


@lru_cache(maxsize=100_000)  # the same people and places recur in article after article
def entity_id_of(kind: str, name: str) -> str:
    """The stable key of an entity: a hash of its kind and canonical name."""
    return hashlib.sha256(f"{kind}\x1f{name}".encode()).hexdigest()


def query_sha256(query: str) -> str:
    """The fingerprint of a topic's query that tells a changed topic from an unchanged one."""
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise


def _sync_topics(
    con: duckdb.DuckDBPyConnection, topics: Sequence[TopicLike], now: datetime
) -> list[str]:
    stored = dict(con.execute("SELECT name, query_sha256 FROM topics").fetchall())
    wanted = {t.name: t for t in topics}
    for name in set(stored) - set(wanted):
        con.execute("DELETE FROM topic_matches WHERE topic = ?", [name])
        con.execute("DELETE FROM topics WHERE name = ?", [name])
    changed = [t for t in topics if stored.get(t.name) != query_sha256(t.query)]
    for topic in changed:
        parse_query(topic.query)  # a broken query fails before anything is rewritten
        _rematch_all(con, topic, now)
        con.execute("DELETE FROM topics WHERE name = ?", [topic.name])
        con.execute(
            "INSERT INTO topics VALUES (?, ?, ?, ?)",
            [topic.name, topic.query, query_sha256(topic.query), now],
        )
    return [t.name for t in changed]


def _rematch_all(con: duckdb.DuckDBPyConnection, topic: TopicLike, now: datetime) -> None:
    """Match one topic against every stored article, keeping earlier matches' times."""
    earlier = dict(
        con.execute(
            "SELECT article_id, matched_at FROM topic_matches WHERE topic = ?", [topic.name]
        ).fetchall()
    )
    con.execute("DELETE FROM topic_matches WHERE topic = ?", [topic.name])
    ids = [i for (i,) in con.execute("SELECT article_id FROM articles ORDER BY 1").fetchall()]
    for start in range(0, len(ids), _REMATCH_CHUNK):
        articles = read_articles(con, ids[start : start + _REMATCH_CHUNK])
        rows = _match_rows([topic], articles)
        _insert_matches(con, rows, {(topic.name, a): t for a, t in earlier.items()}, now)


def _write_matches(
    con: duckdb.DuckDBPyConnection,
    topics: Sequence[TopicLike],
    articles: Sequence[StoredArticle],
    now: datetime,
    stale: Sequence[str],
) -> None:
    """Rematch rewritten articles; a match that held before keeps its first matched_at.

    Only `stale` articles (matched by an earlier load) can have matches to replace.
    """
    if not topics:
        return  # nothing to match: skip tokenizing every article
    earlier_rows = []
    if stale:
        params = {"names": [t.name for t in topics]}
        where = "article_id IN (SELECT article_id FROM batch_ids) AND list_contains($names, topic)"
        with batch_ids(con, stale):
            earlier_rows = con.execute(
                f"SELECT topic, article_id, matched_at FROM topic_matches WHERE {where}", params
            ).fetchall()
            con.execute(f"DELETE FROM topic_matches WHERE {where}", params)
    earlier = {(topic, article): at for topic, article, at in earlier_rows}
    _insert_matches(con, _match_rows(topics, articles), earlier, now)


def _match_rows(
    topics: Sequence[TopicLike], articles: Sequence[StoredArticle]
) -> list[tuple[str, str, list[str]]]:
    parsed = [(t.name, parse_query(t.query)) for t in topics]
    rows = []
    for article in articles:
        tokens = words(article.text)
        for name, node in parsed:
            result = evaluate(node, tokens)
            if result.matched:
                rows.append((name, article.article_id, sorted(result.terms)))
    return rows


def _insert_matches(
    con: duckdb.DuckDBPyConnection,
    rows: list[tuple[str, str, list[str]]],
    earlier: dict[tuple[str, str], datetime],
    now: datetime,
) -> None:
    if not rows:
        return
    table = pa.table(
        {
            "topic": [r[0] for r in rows],
            "article_id": [r[1] for r in rows],
            "matched_terms": pa.array([r[2] for r in rows], pa.list_(pa.string())),
            "matched_at": pa.array(
                [earlier.get((r[0], r[1]), now) for r in rows], pa.timestamp("us", "UTC")
            ),
        }
    )
    insert_arrow(con, "topic_matches", table)


def _write_entities(
    con: duckdb.DuckDBPyConnection,
    articles: Sequence[StoredArticle],
    now: datetime,
    extractor: EntityExtractor,
    features: Mapping[str, ArticleFeatures],
    stale: Sequence[str],
) -> None:
    mentions: list[tuple[str, str, Entity]] = []
    entities: dict[str, tuple[str, str, str | None]] = {}
    for article in articles:
        known = features.get(article.article_id)
        found = known.entities if known is not None else extractor(article.text)
        for entity in found:
            entity_id = entity_id_of(entity.kind, entity.name)
            entities[entity_id] = (entity.name, entity.kind, entity.role)
            mentions.append((article.article_id, entity_id, entity))
    delete_rows_of(con, ("mentions",), stale)
    _upsert_entities(con, entities, now)
    insert_arrow(con, "mentions", _mentions_table(mentions))


def _upsert_entities(
    con: duckdb.DuckDBPyConnection,
    entities: dict[str, tuple[str, str, str | None]],
    now: datetime,
) -> None:
    if not entities:
        return
    table = pa.table(
        {
            "entity_id": list(entities),
            "name": [v[0] for v in entities.values()],
            "kind": [v[1] for v in entities.values()],
            "role": pa.array([v[2] for v in entities.values()], pa.string()),
        }
    )
    con.register("batch_entities", table)
    try:
        # DuckDB upserts are slow where rows exist (shared/FACTS.md): insert the new ones,
        # and update only entities whose role this batch changes.
        con.execute(
            "INSERT INTO entities SELECT b.entity_id, b.name, b.kind, b.role, $now, $now "
            "FROM batch_entities b ANTI JOIN entities e USING (entity_id)",
            {"now": now},
        )
        con.execute(
            "UPDATE entities SET role = b.role, updated_at = $now FROM batch_entities b "
            "WHERE entities.entity_id = b.entity_id AND b.role IS NOT NULL "
            "AND entities.role IS DISTINCT FROM b.role",
            {"now": now},
        )
    finally:
        con.unregister("batch_entities")


def _mentions_table(items: list[tuple[str, str, Entity]]) -> pa.Table:
    return pa.table(
        {
            "article_id": [a for a, _, _ in items],
            "entity_id": [e for _, e, _ in items],
            "count": pa.array([m.count for _, _, m in items], pa.int32()),
            "first_position": pa.array([m.first_position for _, _, m in items], pa.int32()),
            "role": pa.array([m.role for _, _, m in items], pa.string()),
            "aliases": pa.array([list(m.aliases) for _, _, m in items], pa.list_(pa.string())),
        }
    )
