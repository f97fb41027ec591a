"""Load a batch of cleaned documents in one transaction: new rows inserted, changed rows replaced.

DuckDB upserts are slow when rows already exist (shared/FACTS.md), so the batch is compared with
the warehouse by content hash first and only new or changed articles are written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, Protocol

import duckdb
import pyarrow as pa

from transform.article import Article, article_record
from transform.features import ArticleFeatures
from warehouse.bulk import insert_arrow
from warehouse.connect import rollback
from warehouse.memory import remember_lines


class RawLike(Protocol):
    """The fields of a fetched document the warehouse stores (connectors.base.RawDocument)."""

    @property
    def source(self) -> str: ...
    @property
    def uri(self) -> str: ...
    @property
    def content(self) -> bytes: ...
    @property
    def media_type(self) -> str: ...
    @property
    def fetched_at(self) -> datetime: ...
    @property
    def hints(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class Cleaned:
    """A fetched document and the article cleaned from it."""

    document: RawLike
    article: Article
    # line_hash -> text of the article's short lines, for the per-source boilerplate memory.
    lines: Mapping[str, str] = field(default_factory=dict)
    # Entities, story signature and search terms, worked out beside cleaning.
    features: ArticleFeatures | None = None
    # article_sha256(article), when the cleaning worker already worked it out.
    sha256: str | None = None

    @cached_property
    def content_digest(self) -> bytes:
        """SHA-256 of the document's bytes, hashed once: its row id and `content_sha256` both
        need it (three passes over a ~68 KB page took 0.19 ms here, a third of it needed)."""
        return hashlib.sha256(self.document.content).digest()

    @property
    def document_id(self) -> str:
        """The `documents` row id: one row per distinct version of a document's bytes."""
        return sha256_hex(self.document.source, self.document.uri, self.content_digest)


@dataclass(frozen=True)
class IngestError:
    """One failure to record in `ingest_errors`."""

    source: str
    uri: str | None
    stage: str
    error: str
    detail: str


@dataclass
class LoadCounts:
    """What one load did, by outcome."""

    documents: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0

    def add(self, other: LoadCounts) -> None:
        """Accumulate another batch's counts into this one."""
        for name in ("documents", "inserted", "updated", "unchanged", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Batch:
    """Everything one transaction writes: cleaned documents, failures and the source's cursor."""

    run_id: str
    cleaned: list[Cleaned] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    cursors: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Filled by load_batch: ids of the articles it inserted or rewrote, and of those new.
    written_ids: list[str] = field(default_factory=list)
    new_ids: frozenset[str] = frozenset()


def sha256_hex(*parts: str | bytes) -> str:
    """A stable hex digest of the parts, separated so ("ab", "c") != ("a", "bc")."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\x1f")
    return digest.hexdigest()


def article_id_for(source: str, canonical_uri: str) -> str:
    """The stable article key: the same source and canonical URI always give the same id."""
    return sha256_hex(source, canonical_uri)[:32]


def canonical_uri(item: Cleaned) -> str:
    """The article's identity: its canonical URL when the page names one, else its uri."""
    return item.article.canonical_url or item.article.url or item.document.uri


def article_sha256(article: Article) -> str:
    """Hash of everything cleaning produced, cleaner version included: the change detector."""
    record = article_record(article) | {"cleaner_version": article.cleaner_version}
    return sha256_hex(json.dumps(record, sort_keys=True, ensure_ascii=False))


def load_batch(con: duckdb.DuckDBPyConnection, batch: Batch) -> LoadCounts:
    """Write one batch atomically; a rerun of the same batch writes nothing new."""
    now = datetime.now(UTC)
    rows = _latest_per_article(batch.cleaned)
    counts = LoadCounts(failed=len(batch.errors))
    con.execute("BEGIN TRANSACTION")
    try:
        counts.documents = _insert_documents(con, batch.run_id, batch.cleaned)
        existing = _existing_hashes(con, list(rows))
        new = {k: v for k, v in rows.items() if k not in existing}
        changed = {k: v for k, v in rows.items() if k in existing and existing[k] != v[1]}
        counts.inserted, counts.updated = len(new), len(changed)
        counts.unchanged = len(rows) - len(new) - len(changed)
        batch.written_ids = [*new, *changed]
        batch.new_ids = frozenset(new)
        _write_articles(con, new, changed, now)
        # Only new articles feed the memory: a story's updated versions would count its
        # own sentences again and again.
        remember_lines(con, ((item.document.source, item.lines) for item, _ in new.values()), now)
        _insert_errors(con, batch.run_id, batch.errors, now)
        _save_cursors(con, batch.cursors, now)
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise
    return counts


def _latest_per_article(cleaned: Sequence[Cleaned]) -> dict[str, tuple[Cleaned, str]]:
    """article_id -> (item, article hash); a later copy in the batch wins."""
    rows: dict[str, tuple[Cleaned, str]] = {}
    for item in cleaned:
        key = article_id_for(item.document.source, canonical_uri(item))
        rows[key] = (item, item.sha256 or article_sha256(item.article))
    return rows


def _insert_documents(
    con: duckdb.DuckDBPyConnection, run_id: str, cleaned: Sequence[Cleaned]
) -> int:
    unique = {item.document_id: item for item in cleaned}
    documents = [item.document for item in unique.values()]
    table = pa.table(
        {
            "document_id": list(unique),
            "source": [d.source for d in documents],
            "uri": [d.uri for d in documents],
            "fetched_at": pa.array([d.fetched_at for d in documents], pa.timestamp("us", "UTC")),
            "media_type": [d.media_type for d in documents],
            "content": pa.array([d.content for d in documents], pa.binary()),
            "content_sha256": [item.content_digest.hex() for item in unique.values()],
            "hints": [json.dumps(dict(d.hints), default=str) for d in documents],
            "run_id": [run_id] * len(unique),
        }
    )
    con.register("batch_documents", table)
    try:
        inserted = con.execute(
            "INSERT INTO documents SELECT * FROM batch_documents "
            "WHERE document_id NOT IN (SELECT document_id FROM documents)"
        ).fetchone()
        return int(inserted[0]) if inserted else 0  # DuckDB answers an INSERT with its count
    finally:
        con.unregister("batch_documents")


def _existing_hashes(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    con.register("batch_ids", pa.table({"article_id": ids}))
    try:
        found = con.execute(
            "SELECT a.article_id, a.content_sha256 FROM articles a "
            "JOIN batch_ids b USING (article_id)"
        ).fetchall()
    finally:
        con.unregister("batch_ids")
    return {article_id: sha for article_id, sha in found}


def _write_articles(
    con: duckdb.DuckDBPyConnection,
    new: dict[str, tuple[Cleaned, str]],
    changed: dict[str, tuple[Cleaned, str]],
    now: datetime,
) -> None:
    if changed:
        # Replace changed articles whole; first_seen_at survives the rewrite.
        con.register("changed_ids", pa.table({"article_id": list(changed)}))
        first_seen = dict(
            con.execute(
                "SELECT article_id, first_seen_at FROM articles WHERE article_id IN "
                "(SELECT article_id FROM changed_ids)"
            ).fetchall()
        )
        for table in ("paragraphs", "removed_blocks", "articles"):
            con.execute(
                f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM changed_ids)"
            )
        con.unregister("changed_ids")
    else:
        first_seen = {}
    rows = new | changed
    if not rows:
        return
    insert_arrow(con, "articles", _articles_table(rows, first_seen, now))
    insert_arrow(con, "paragraphs", _paragraphs_table(rows))
    insert_arrow(con, "removed_blocks", _removed_table(rows))


def _articles_table(
    rows: dict[str, tuple[Cleaned, str]], first_seen: dict[str, datetime], now: datetime
) -> pa.Table:
    items = [(article_id, item, sha) for article_id, (item, sha) in rows.items()]
    ts = pa.timestamp("us", "UTC")
    return pa.table(
        {
            "article_id": [a for a, _, _ in items],
            "source": [i.document.source for _, i, _ in items],
            "url": [i.article.url or i.document.uri for _, i, _ in items],
            "canonical_url": [i.article.canonical_url for _, i, _ in items],
            "title": [i.article.title for _, i, _ in items],
            "byline": [i.article.byline for _, i, _ in items],
            "published_at": pa.array([i.article.published_at for _, i, _ in items], ts),
            "language": [i.article.language for _, i, _ in items],
            "body": [i.article.body for _, i, _ in items],
            "word_count": pa.array([i.article.word_count for _, i, _ in items], pa.int32()),
            "content_sha256": [sha for _, _, sha in items],
            "cleaner_version": [i.article.cleaner_version for _, i, _ in items],
            "extractor": [i.article.extractor for _, i, _ in items],
            "top_image": [i.article.top_image for _, i, _ in items],
            "provenance": [json.dumps(i.article.provenance) for _, i, _ in items],
            "document_id": [i.document_id for _, i, _ in items],
            "first_seen_at": pa.array([first_seen.get(a, now) for a, _, _ in items], ts),
            "updated_at": pa.array([now] * len(items), ts),
        }
    )


def _paragraphs_table(rows: dict[str, tuple[Cleaned, str]]) -> pa.Table:
    records = [
        (article_id, p.position, p.kind, p.text)
        for article_id, (item, _sha) in rows.items()
        for p in item.article.paragraphs
    ]
    return _blocks_table(records, "kind")


def _removed_table(rows: dict[str, tuple[Cleaned, str]]) -> pa.Table:
    records = [
        (article_id, r.position, r.reason, r.text)
        for article_id, (item, _sha) in rows.items()
        for r in item.article.removed
    ]
    return _blocks_table(records, "reason")


def _blocks_table(records: Sequence[tuple[str, int, str, str]], label: str) -> pa.Table:
    return pa.table(
        {
            "article_id": [r[0] for r in records],
            "position": pa.array([r[1] for r in records], pa.int32()),
            label: [r[2] for r in records],
            "text": [r[3] for r in records],
        }
    )


def record_errors(
    con: duckdb.DuckDBPyConnection, run_id: str, errors: Sequence[IngestError]
) -> None:
    """Write failures outside a batch (e.g. a monitoring refresh that failed after its load)."""
    _insert_errors(con, run_id, errors, datetime.now(UTC))


def _insert_errors(
    con: duckdb.DuckDBPyConnection, run_id: str, errors: Sequence[IngestError], now: datetime
) -> None:
    """Each failure once per run: a batch reloaded after a crash must not record it twice."""
    if not errors:
        return
    table = pa.table(
        {
            "source": [e.source for e in errors],
            "uri": pa.array([e.uri for e in errors], pa.string()),
            "stage": [e.stage for e in errors],
            "error": [e.error for e in errors],
            "detail": [e.detail for e in errors],
        }
    )
    con.register("batch_errors", table)
    try:
        con.execute(
            "INSERT INTO ingest_errors "
            "SELECT DISTINCT $run_id, b.source, b.uri, b.stage, b.error, b.detail, $now "
            "FROM batch_errors AS b WHERE NOT EXISTS (SELECT 1 FROM ingest_errors AS e "
            "WHERE e.run_id = $run_id AND e.source = b.source AND e.stage = b.stage "
            "AND e.uri IS NOT DISTINCT FROM b.uri AND e.error = b.error AND e.detail = b.detail)",
            {"run_id": run_id, "now": now},
        )
    finally:
        con.unregister("batch_errors")


def _save_cursors(
    con: duckdb.DuckDBPyConnection, cursors: Mapping[str, Mapping[str, Any]], now: datetime
) -> None:
    for source, cursor in cursors.items():
        con.execute("DELETE FROM source_state WHERE source = ?", [source])
        con.execute("INSERT INTO source_state VALUES (?, ?, ?)", [source, json.dumps(cursor), now])
