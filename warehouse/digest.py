"""Read-side queries for monitoring: topic alerts and the figures the digest report shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb


@dataclass(frozen=True)
class Alert:
    """An article that matched a topic, newest first in `alerts`."""

    topic: str
    article_id: str
    matched_at: datetime
    matched_terms: list[str]
    source: str
    title: str | None
    url: str | None
    dated_at: datetime


def alerts(
    con: duckdb.DuckDBPyConnection, since: datetime, topic: str | None = None
) -> list[Alert]:
    """Topic matches first made at or after `since` (optionally of one topic), newest first."""
    rows = con.execute(
        "SELECT m.topic, m.article_id, m.matched_at, m.matched_terms, a.source, a.title, a.url, "
        "coalesce(a.published_at, a.first_seen_at) FROM topic_matches AS m "
        "JOIN articles AS a USING (article_id) "
        "WHERE m.matched_at >= $since AND ($topic IS NULL OR m.topic = $topic) "
        "ORDER BY m.matched_at DESC, m.topic, a.title",
        {"since": since, "topic": topic},
    ).fetchall()
    return [Alert(*row) for row in rows]


def _records(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    columns = [d[0] for d in cursor.description or []]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def articles_per_day(con: duckdb.DuckDBPyConnection, since: datetime) -> list[dict[str, Any]]:
    """(day, source, articles) from `since` on."""
    return _records(
        con,
        "SELECT CAST(coalesce(published_at, first_seen_at) AS DATE) AS day, source, "
        "count(*) AS articles FROM articles "
        "WHERE coalesce(published_at, first_seen_at) >= $since GROUP BY ALL ORDER BY day, source",
        {"since": since},
    )


def top_entities(
    con: duckdb.DuckDBPyConnection, since: datetime, limit: int = 15
) -> list[dict[str, Any]]:
    """The entities named in the most stories since `since`, with stories per day (trend)."""
    top = _records(
        con,
        "SELECT e.entity_id, e.name, e.kind, e.role, sum(m.count) AS mentions, "
        "count(DISTINCT coalesce(c.cluster_id, m.article_id)) AS stories "
        "FROM mentions AS m JOIN entities AS e USING (entity_id) "
        "JOIN articles AS a USING (article_id) LEFT JOIN story_clusters AS c USING (article_id) "
        "WHERE coalesce(a.published_at, a.first_seen_at) >= $since GROUP BY ALL "
        "ORDER BY stories DESC, mentions DESC, e.name LIMIT $limit",
        {"since": since, "limit": limit},
    )
    trend = _entity_trend(con, since, [t["entity_id"] for t in top])
    for item in top:
        item["trend"] = trend.get(item["entity_id"], {})
    return top


def _entity_trend(
    con: duckdb.DuckDBPyConnection, since: datetime, ids: list[str]
) -> dict[str, dict[date, int]]:
    rows = con.execute(
        "SELECT m.entity_id, CAST(coalesce(a.published_at, a.first_seen_at) AS DATE) AS day, "
        "count(DISTINCT coalesce(c.cluster_id, m.article_id)) FROM mentions AS m "
        "JOIN articles AS a USING (article_id) LEFT JOIN story_clusters AS c USING (article_id) "
        "WHERE m.entity_id IN (SELECT unnest($ids)) "
        "AND coalesce(a.published_at, a.first_seen_at) >= $since GROUP BY ALL",
        {"ids": ids, "since": since},
    ).fetchall()
    trend: dict[str, dict[date, int]] = {}
    for entity_id, day, stories in rows:
        trend.setdefault(entity_id, {})[day] = stories
    return trend


def topic_hits(con: duckdb.DuckDBPyConnection, since: datetime) -> list[dict[str, Any]]:
    """Per topic: articles and stories matched since `since`, and the latest headline."""
    return _records(
        con,
        "SELECT t.name AS topic, t.query, count(m.article_id) AS articles, "
        "count(DISTINCT coalesce(c.cluster_id, m.article_id)) AS stories, "
        "max(m.matched_at) AS last_matched_at, arg_max(a.title, m.matched_at) AS latest_title "
        "FROM topics AS t LEFT JOIN topic_matches AS m ON m.topic = t.name "
        "AND m.matched_at >= $since LEFT JOIN articles AS a USING (article_id) "
        "LEFT JOIN story_clusters AS c USING (article_id) GROUP BY ALL "
        "ORDER BY articles DESC, topic",
        {"since": since},
    )


def biggest_stories(
    con: duckdb.DuckDBPyConnection, since: datetime, limit: int = 10
) -> list[dict[str, Any]]:
    """The stories with the most copies across sources since `since`."""
    return _records(
        con,
        "SELECT cluster_id, title, articles, sources, source_names, first_seen_at, last_seen_at "
        "FROM stories WHERE last_seen_at >= $since "
        "ORDER BY articles DESC, sources DESC, last_seen_at DESC LIMIT $limit",
        {"since": since, "limit": limit},
    )


def source_health(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The `source_health` view: per source, last success, volume and errors."""
    return _records(con, "SELECT * FROM source_health", {})


def recent_errors(
    con: duckdb.DuckDBPyConnection, since: datetime, limit: int = 20
) -> list[dict[str, Any]]:
    """The latest ingest errors since `since`."""
    return _records(
        con,
        "SELECT occurred_at, source, stage, uri, error, detail FROM ingest_errors "
        "WHERE occurred_at >= $since ORDER BY occurred_at DESC LIMIT $limit",
        {"since": since, "limit": limit},
    )
