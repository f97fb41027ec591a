"""The ingest steps as plain functions (no Prefect): fetch, clean, batch, load, record failures.

This module is the flow's failure boundary: whatever goes wrong with one document or one source
becomes an `ingest_errors` row and the run goes on; only a warehouse that cannot be written
stops a run.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import duckdb

import transform
from connectors.base import Connector, DocumentError, FetchFailure, RawDocument, SourceState
from flows.config import Config
from flows.parallel import map_in_pool, worker_count
from warehouse.connect import session
from warehouse.load import (
    Batch,
    Cleaned,
    IngestError,
    LoadCounts,
    RawLike,
    load_batch,
    record_errors,
)
from warehouse.memory import known_boilerplate
from warehouse.monitoring import refresh_after_load, unmonitored_ids
from warehouse.runs import finish_run, read_cursor, save_sources, start_run
from warehouse.spool import (
    SpooledBatch,
    claim,
    iter_claimed,
    read_batch,
    release,
    spool_folder,
    write_batch,
)

# Called once per document handled, with the source name: drives progress bars.
ProgressHook = Callable[[str], None]
STAGES = ("fetch", "stage", "clean", "load")
T = TypeVar("T")


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
class RunSummary:
    """What a whole run did: the numbers `newsmon run` prints and `runs` stores."""

    run_id: str
    status: str = "running"
    documents_seen: int = 0
    counts: LoadCounts = field(default_factory=LoadCounts)
    sources: list[SourceResult] = field(default_factory=list)

    @property
    def seconds(self) -> dict[str, float]:
        """Seconds per stage over all sources."""
        return {s: sum(r.seconds[s] for r in self.sources) for s in STAGES}

    def add(self, result: SourceResult) -> None:
        """Fold one source's result into the run's totals."""
        self.sources.append(result)
        self.documents_seen += result.documents_seen
        self.counts.add(result.counts)


def begin_run(config: Config, flow: str, flow_run_id: str | None) -> str:
    """Record the configured sources and a new `running` row; returns the run id."""
    run_id = uuid.uuid4().hex
    entries = [(s.name, s.kind, s.options()) for s in config.settings.sources]
    with write_session(config) as con:
        save_sources(con, entries)
        start_run(con, run_id, flow, flow_run_id)
    return run_id


def end_run(config: Config, summary: RunSummary, message: str | None = None) -> None:
    """Write the run's final counts and status."""
    with write_session(config) as con:
        finish_run(
            con,
            summary.run_id,
            summary.counts,
            documents_seen=summary.documents_seen,
            status=summary.status,
            message=message,
        )


def ingest_source(
    config: Config,
    name: str,
    connector: Connector,
    run_id: str,
    progress: ProgressHook | None = None,
) -> SourceResult:
    """Fetch one source in batches, each staged in the spool, then cleaned and loaded.

    The cursor travels with the last batch, and only when the whole source was read.
    """
    result = SourceResult(name)
    with write_session(config) as con:
        state = SourceState(cursor=read_cursor(con, name))
    documents: list[RawDocument] = []
    errors: list[IngestError] = []
    for item in _timed(_fetch_guarded(name, connector, state), result.seconds):
        if isinstance(item, RawDocument):
            documents.append(item)
        else:
            errors.append(item if isinstance(item, IngestError) else _failure_error(item))
        result.documents_seen += not isinstance(item, IngestError)
        if progress is not None:
            progress(name)
        if len(documents) + len(errors) >= config.settings.run.batch_size:
            _stage_and_load(config, run_id, documents, errors, {}, result)
            documents, errors = [], []
    source_failed = any(e.stage == "source" for e in errors + result.errors)
    cursors = {} if source_failed else {name: state.cursor}
    _stage_and_load(config, run_id, documents, errors, cursors, result)
    result.counts.unchanged += state.unchanged
    result.documents_seen += state.unchanged
    return result


def load_staged(config: Config, run_id: str) -> SourceResult | None:
    """Load what earlier runs fetched but could not load (locked file, crash); None if nothing."""
    folder = spool_folder(config.warehouse_path)
    result = SourceResult("(staged earlier)")
    for claimed in iter_claimed(folder):
        _load_claimed(config, run_id, claimed, result)
    return result if result.counts != LoadCounts() or result.errors else None


def _fetch_guarded(
    name: str, connector: Connector, state: SourceState
) -> Iterator[RawDocument | FetchFailure | IngestError]:
    """The connector's documents; a source that fails midway ends as one `source` error."""
    try:
        yield from connector.fetch(state)
    except Exception as exc:  # noqa: BLE001 - the boundary: any source failure is recorded
        # A connector's source error may name the feed or sitemap URL that failed.
        uri = getattr(exc, "uri", None)
        yield IngestError(name, uri, "source", type(exc).__name__, _describe(exc))


def _failure_error(failure: FetchFailure) -> IngestError:
    return error_for(failure.source, failure.uri, failure.error)


def _stage_and_load(
    config: Config,
    run_id: str,
    documents: list[RawDocument],
    errors: list[IngestError],
    cursors: dict[str, dict[str, Any]],
    result: SourceResult,
) -> None:
    if not (documents or errors or cursors):
        return
    started = time.perf_counter()
    folder = spool_folder(config.warehouse_path)
    claimed = claim(write_batch(folder, run_id, documents, errors, cursors))
    result.seconds["stage"] += time.perf_counter() - started
    if claimed is not None:
        # The batch is still in memory: no need to read back what was just written.
        in_memory = SpooledBatch(run_id, documents, errors, cursors)
        _load_claimed(config, run_id, claimed, result, in_memory)


def _load_claimed(
    config: Config,
    run_id: str,
    claimed: Path,
    result: SourceResult,
    staged: SpooledBatch | None = None,
) -> None:
    """Clean and load one claimed spool file; on failure it goes back to the spool."""
    try:
        started = time.perf_counter()
        staged = staged or read_batch(claimed)
        batch = Batch(run_id, errors=list(staged.errors), cursors=staged.cursors)
        documents = [_as_raw(document) for document in staged.documents]
        workers = worker_count(config.settings.run.workers)
        clean = partial(clean_document, known=_memory_of(config, documents))
        for outcome in map_in_pool(clean, documents, workers):
            if isinstance(outcome, Cleaned):
                batch.cleaned.append(outcome)
            else:
                batch.errors.append(outcome)
        cleaned_at = time.perf_counter()
        with write_session(config) as con:
            result.counts.add(load_batch(con, batch))
            monitoring_error = refresh_monitoring(con, config, run_id, batch.written_ids)
        result.seconds["clean"] += cleaned_at - started
        result.seconds["load"] += time.perf_counter() - cleaned_at
    except BaseException:
        release(claimed)
        raise
    claimed.unlink()
    result.errors.extend(batch.errors)
    if monitoring_error is not None:
        result.errors.append(monitoring_error)


def refresh_monitoring(
    con: duckdb.DuckDBPyConnection, config: Config, run_id: str, written_ids: list[str]
) -> IngestError | None:
    """Topics, entities, stories and the search index for what a batch wrote.

    The articles are already committed: a failure here is recorded (stage `monitor`) and the
    run goes on; the next load retries those articles (`unmonitored_ids`).
    """
    try:
        ids = [*written_ids, *unmonitored_ids(con)]
        refresh_after_load(con, config.settings.topics, ids, datetime.now(UTC))
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


def _memory_of(config: Config, documents: list[RawDocument]) -> dict[str, frozenset[str]]:
    """The remembered boilerplate lines of each source in the batch."""
    sources = {d.source for d in documents}
    if not sources:
        return {}
    with write_session(config) as con:
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


def _timed(items: Iterator[T], seconds: dict[str, float]) -> Iterator[T]:
    """Yield from `items`, adding the time spent producing them to `seconds["fetch"]`."""
    while True:
        started = time.perf_counter()
        try:
            item = next(items)
        except StopIteration:
            seconds["fetch"] += time.perf_counter() - started
            return
        seconds["fetch"] += time.perf_counter() - started
        yield item


def clean_document(
    document: RawDocument, known: Mapping[str, frozenset[str]] | None = None
) -> Cleaned | IngestError:
    """Clean one document; a failure of any kind becomes an error row, never a crash.

    `known` maps sources to their remembered boilerplate lines (`boilerplate_lines`).
    """
    try:
        memory = (known or {}).get(document.source, frozenset())
        article = transform.clean(document, memory)
        return Cleaned(document, article, transform.block_line_hashes(article))
    except Exception as exc:  # noqa: BLE001 - the boundary: one bad document never stops a run
        return error_for(document.source, document.uri, exc, stage="clean")


def error_for(
    source: str, uri: str | None, exc: BaseException, stage: str | None = None
) -> IngestError:
    """The `ingest_errors` row for an exception; the stage defaults to the error's own."""
    if stage is None:
        stage = exc.stage if isinstance(exc, DocumentError) else "fetch"
    return IngestError(source, uri, stage, type(exc).__name__, _describe(exc))


def _describe(exc: BaseException) -> str:
    message = str(exc) or repr(exc)
    return message if isinstance(exc, DocumentError) else f"{type(exc).__name__}: {message}"


def write_session(config: Config) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    """A short write session: the file is locked only while a batch is written."""
    return session(
        config.warehouse_path, lock_wait_seconds=config.settings.warehouse.lock_wait_seconds
    )
