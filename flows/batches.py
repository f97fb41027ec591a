"""Batches from fetch to warehouse: staged, cleaned on every core, loaded, then monitored.

Cleaning one batch overlaps loading the one before it: the cleaning workers and the loading
main process then use both cores. While a source delivers batches quickly, the warehouse stays
open between them (warehouse/writer.py). A batch's spool file is deleted only once it is
loaded; if anything fails, every claimed file goes back to the spool for the next run.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

import transform
from connectors.base import DocumentError, RawDocument
from flows.config import Config
from flows.parallel import runs_in_parallel, submit_map, worker_count
from transform.article import Article
from transform.features import ArticleFeatures, article_features
from warehouse.connect import session
from warehouse.load import (
    Batch,
    Cleaned,
    IngestError,
    LoadCounts,
    RawLike,
    article_id_for,
    article_sha256,
    canonical_uri,
    load_batch,
    record_errors,
)
from warehouse.memory import known_boilerplate
from warehouse.monitoring import refresh_after_load, unmonitored_ids
from warehouse.spool import SpooledBatch, claim, read_batch, release, spool_folder, write_batch
from warehouse.writer import HeldWriter

# A fetch that took longer than this means the source is slow (the network): the file is let
# go between batches rather than held while the next one downloads.
SLOW_FETCH_SECONDS = 1.0

STAGES = ("fetch", "stage", "clean", "load")

# A run's last batch from this size on loads in two halves, the first while the workers still
# clean the second; otherwise both cores but one idle through the whole final load. A load has
# a fixed cost (~0.27 s here: ~30 statements and two commits) against ~2.5 ms per document, so
# halving pays only for a batch well past ~200 documents.
SPLIT_LAST_BATCH_FROM = 250


@dataclass
class SourceResult:
    """What ingesting one source did."""

    source: str
    documents_seen: int = 0
    counts: LoadCounts = field(default_factory=LoadCounts)
    errors: list[IngestError] = field(default_factory=list)
    # Seconds spent per stage (fetch, stage, clean, load): where a run's time goes.
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))


@dataclass
class _Pending:
    """A claimed batch whose documents are being cleaned."""

    claimed: Path
    staged: SpooledBatch
    outcomes: Iterator[Cleaned | IngestError]
    parallel: bool  # cleaned on the workers, not here as the outcomes are read


class BatchLoader:
    """Stages, cleans and loads one source's batches, one batch's cleaning ahead of its load."""

    def __init__(self, config: Config, run_id: str, result: SourceResult) -> None:
        self.config, self.run_id, self.result = config, run_id, result
        self._pending: _Pending | None = None
        self.writer = held_writer(config)
        self._returned_at = time.perf_counter()  # when control last went back to the fetch

    def __enter__(self) -> BatchLoader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                self.flush()
            elif self._pending is not None:
                release(self._pending.claimed)  # its documents stay staged for the next run
                self._pending = None
        finally:
            started = time.perf_counter()
            self.writer.release()  # closing checkpoints what the hold wrote: part of loading
            self.result.seconds["load"] += time.perf_counter() - started

    def add(
        self,
        documents: list[RawDocument],
        errors: list[IngestError],
        cursors: dict[str, dict[str, Any]],
    ) -> None:
        """Stage a fetched batch durably, start cleaning it, and load the batch before it."""
        if not (documents or errors or cursors):
            return
        started = time.perf_counter()
        fetch_seconds = started - self._returned_at
        folder = spool_folder(self.config.warehouse_path)
        claimed = claim(write_batch(folder, self.run_id, documents, errors, cursors))
        self.result.seconds["stage"] += time.perf_counter() - started
        if claimed is not None:
            # The batch is still in memory: no need to read back what was just written.
            self._start(claimed, SpooledBatch(self.run_id, documents, errors, cursors))
        released = time.perf_counter()
        self.writer.release_if_due(source_is_slow=fetch_seconds > SLOW_FETCH_SECONDS)
        self._returned_at = time.perf_counter()
        self.result.seconds["load"] += self._returned_at - released

    def add_staged(self, claimed: Path) -> None:
        """Queue a spool file an earlier run left behind."""
        self._start(claimed, read_batch(claimed))
        self.writer.release_if_due()  # a long recovery still lets others in every hold

    def flush(self) -> None:
        """Load the batch still being cleaned, if any."""
        pending, self._pending = self._pending, None
        if pending is not None:
            self._finish(pending, last=True)

    def _start(self, claimed: Path, staged: SpooledBatch) -> None:
        try:
            documents = [_as_raw(document) for document in staged.documents]
            known = _memory_of(self.writer, documents)
            workers = worker_count(self.config.settings.run.workers)
            outcomes = clean_batch(documents, known, workers)
        except BaseException:
            release(claimed)
            raise
        parallel = runs_in_parallel(len(documents), workers)
        previous, self._pending = self._pending, _Pending(claimed, staged, outcomes, parallel)
        if previous is not None:
            self._finish(previous)

    def _finish(self, pending: _Pending, *, last: bool = False) -> None:
        """Collect a batch's cleaning, load it, refresh monitoring, then drop its spool file.

        The fetch errors and cursors load with the batch's last part. If any part fails, the
        spool file goes back whole: a rerun finds the parts already loaded unchanged.
        """
        staged = pending.staged
        size = len(staged.documents)
        split = last and pending.parallel and size >= SPLIT_LAST_BATCH_FROM
        parts = [Batch(self.run_id)] if split else []
        parts.append(Batch(self.run_id, errors=list(staged.errors), cursors=staged.cursors))
        try:
            for batch in parts:
                # the first of two parts takes half the documents, the last whatever is left
                take = size // 2 if batch is not parts[-1] else None
                self._load(batch, islice(pending.outcomes, take))
        except BaseException:
            release(pending.claimed)
            self.writer.release()  # a failed write may leave the connection unusable
            raise
        pending.claimed.unlink()

    def _load(self, batch: Batch, outcomes: Iterator[Cleaned | IngestError]) -> None:
        """Wait for these outcomes of cleaning, then write them with the batch."""
        started = time.perf_counter()
        cleaned = list(outcomes)
        cleaned_at = time.perf_counter()
        counts, monitoring_error = write_outcomes(
            self.writer.connection(), self.config, batch, cleaned
        )
        self.result.counts.add(counts)
        self.result.seconds["clean"] += cleaned_at - started
        self.result.seconds["load"] += time.perf_counter() - cleaned_at
        self.result.errors.extend(batch.errors)
        if monitoring_error is not None:
            self.result.errors.append(monitoring_error)


@dataclass(frozen=True)
class _CleanedParts:
    """What a cleaning worker sends back: all of `Cleaned` but the document the parent holds.

    Sending the raw bytes back too doubled what crossed between processes (about 95 KB per
    document on the benchmark corpus), and unpickling it cost the loading process.
    """

    article: Article
    lines: Mapping[str, str]
    features: ArticleFeatures
    sha256: str

    def joined(self, document: RawDocument) -> Cleaned:
        return Cleaned(document, self.article, self.lines, self.features, self.sha256)


def write_outcomes(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    batch: Batch,
    outcomes: list[Cleaned | IngestError],
) -> tuple[LoadCounts, IngestError | None]:
    """Add cleaning's outcomes to the batch, load it, then refresh monitoring for what it wrote.

    Returns the load's counts and the monitoring failure, if any (the load stands either way).
    """
    for outcome in outcomes:
        if isinstance(outcome, Cleaned):
            batch.cleaned.append(outcome)
        else:
            batch.errors.append(outcome)
    counts = load_batch(con, batch)
    written, features = batch.written_ids, features_of(batch)
    error = refresh_monitoring(con, config, batch.run_id, written, features, batch.new_ids)
    return counts, error


def clean_document(
    document: RawDocument, known: Mapping[str, frozenset[str]] | None = None
) -> Cleaned | IngestError:
    """Clean one document; a failure of any kind becomes an error row, never a crash.

    `known` maps sources to their remembered boilerplate lines (`boilerplate_lines`).
    """
    parts = _clean_parts(document, known)
    return parts if isinstance(parts, IngestError) else parts.joined(document)


def clean_batch(
    documents: list[RawDocument], known: Mapping[str, frozenset[str]], workers: int
) -> Iterator[Cleaned | IngestError]:
    """Start cleaning `documents` on the workers; their outcomes come out in order."""
    running = submit_map(partial(_clean_parts, known=known), documents, workers)
    return (
        parts if isinstance(parts, IngestError) else parts.joined(document)
        for document, parts in zip(documents, running, strict=True)
    )


def _clean_parts(
    document: RawDocument, known: Mapping[str, frozenset[str]] | None = None
) -> _CleanedParts | IngestError:
    try:
        memory = (known or {}).get(document.source, frozenset())
        article = transform.clean(document, memory)
        features = article_features(article.title, article.body)
        lines = transform.block_line_hashes(article)
        return _CleanedParts(article, lines, features, article_sha256(article))
    except Exception as exc:  # noqa: BLE001 - the boundary: one bad document never stops a run
        return error_for(document.source, document.uri, exc, stage="clean")


def error_for(
    source: str, uri: str | None, exc: BaseException, stage: str | None = None
) -> IngestError:
    """The `ingest_errors` row for an exception; the stage defaults to the error's own."""
    if stage is None:
        stage = exc.stage if isinstance(exc, DocumentError) else "fetch"
    return IngestError(source, uri, stage, type(exc).__name__, describe_error(exc))


def describe_error(exc: BaseException) -> str:
    """An error's message; our own errors already say what to do, others get their type."""
    message = str(exc) or repr(exc)
    return message if isinstance(exc, DocumentError) else f"{type(exc).__name__}: {message}"


def refresh_monitoring(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    run_id: str,
    written_ids: list[str],
    features: Mapping[str, ArticleFeatures] | None = None,
    fresh: Collection[str] = (),
) -> IngestError | None:
    """Topics, entities, stories and the search index for what a batch wrote.

    The articles are already committed: a failure here is recorded (stage `monitor`) and the
    run goes on; the next load retries those articles (`unmonitored_ids`).
    """
    try:
        ids = [*written_ids, *unmonitored_ids(con)]
        now = datetime.now(UTC)
        topics = config.settings.topics
        refresh_after_load(con, topics, ids, now, features=features, fresh=fresh)
    except Exception as exc:  # noqa: BLE001 - the boundary: monitoring never loses a load
        error = IngestError(
            "(monitoring)",
            None,
            "monitor",
            type(exc).__name__,
            f"{type(exc).__name__}: {exc}; the articles are loaded, and the next run retries "
            "their topics, entities, stories and search index",
        )
        record_errors(con, run_id, [error])
        return error
    return None


def features_of(batch: Batch) -> dict[str, ArticleFeatures]:
    """The workers' monitoring features of a loaded batch, by article id."""
    return {
        article_id_for(c.document.source, canonical_uri(c)): c.features
        for c in batch.cleaned
        if c.features is not None
    }


def _memory_of(writer: HeldWriter, documents: list[RawDocument]) -> dict[str, frozenset[str]]:
    """The remembered boilerplate lines of each source in the batch."""
    sources = {d.source for d in documents}
    if not sources:
        return {}
    con = writer.connection()
    return {source: known_boilerplate(con, source) for source in sources}


def _as_raw(document: RawLike) -> RawDocument:
    if isinstance(document, RawDocument):
        return document
    return RawDocument(
        source=document.source,
        uri=document.uri,
        content=document.content,
        media_type=document.media_type,
        fetched_at=document.fetched_at,
        hints=document.hints,
    )


def held_writer(config: Config) -> HeldWriter:
    """A write connection for a run's batches, held as `[warehouse]` allows."""
    settings = config.settings.warehouse
    return HeldWriter(
        config.warehouse_path,
        lock_wait_seconds=settings.lock_wait_seconds,
        max_hold_seconds=settings.max_hold_seconds,
        memory_limit=settings.memory_limit,
    )


def write_session(config: Config) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    """A short write session: the file is locked only while a batch is written."""
    return session(
        config.warehouse_path, lock_wait_seconds=config.settings.warehouse.lock_wait_seconds
    )
