"""Stored documents read back for re-cleaning, without any network."""

from __future__ import annotations

import json

import duckdb

from warehouse.spool import StagedDocument


def articles_to_reprocess(
    con: duckdb.DuckDBPyConnection, cleaner_version: str, *, everything: bool = False
) -> list[str]:
    """Ids of articles cleaned by another cleaner version (or all of them), in a stable order."""
    where = "" if everything else "WHERE cleaner_version <> ?"
    params = [] if everything else [cleaner_version]
    rows = con.execute(f"SELECT article_id FROM articles {where} ORDER BY article_id", params)
    return [article_id for (article_id,) in rows.fetchall()]


def documents_of(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> list[StagedDocument]:
    """The stored document each article was last cleaned from."""
    rows = con.execute(
        "SELECT d.source, d.uri, d.content, d.media_type, d.fetched_at, d.hints "
        "FROM articles a JOIN documents d USING (document_id) "
        "WHERE a.article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY a.article_id",
        [article_ids],
    ).fetchall()
    return [
        StagedDocument(
            source, uri, bytes(content), media_type, fetched_at, json.loads(hints or "{}")
        )
        for source, uri, content, media_type, fetched_at, hints in rows
    ]
