"""The ingest steps as plain functions (no Prefect): fetch, clean, batch, load, record failures.

This module is the flow's failure boundary: whatever goes wrong with one document or one source
becomes an `ingest_errors` row and the run goes on; only a warehouse that cannot be written
stops a run.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from connectors.base import Connector, FetchFailure, RawDocument, SourceError, SourceState
from flows.batches import (
    STAGES,
    BatchLoader,
    SourceResult,
    clean_document,
    describe_error,
    error_for,
    write_session,
)
from flows.config import Config
from warehouse.load import IngestError, LoadCounts
from warehouse.runs import finish_run, read_cursor, save_sources, start_run
from warehouse.spool import iter_claimed, spool_folder

__all__ = [
    "STAGES",
    "RunSummary",
    "SourceResult",
    "begin_run",
    "clean_document",
    "end_run",
    "error_for",
    "ingest_source",
    "load_staged",
    "write_session",
]

# Called once per document handled, with the source name: drives progress bars.
ProgressHook = Callable[[str], None]
T = TypeVar("T")


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
    with BatchLoader(config, run_id, result) as loader:
        _fetch_in_batches(config, name, connector, state, loader, progress)
    result.counts.unchanged += state.unchanged
    result.documents_seen += state.unchanged
    return result


def _fetch_in_batches(
    config: Config,
    name: str,
    connector: Connector,
    state: SourceState,
    loader: BatchLoader,
    progress: ProgressHook | None,
) -> None:
    """Hand the loader a batch every `batch_size` documents (the first one smaller); the last
    one carries the cursor."""
    result = loader.result
    documents: list[RawDocument] = []
    errors: list[IngestError] = []
    # The first batch is a quarter of the size: loading starts while the workers clean the
    # second, instead of idling until a whole batch is clean (it matters on small runs).
    size = config.settings.run.batch_size
    limit = max(1, size // 4)
    for item in _timed(_fetch_guarded(name, connector, state), result.seconds):
        if isinstance(item, RawDocument):
            documents.append(item)
        else:
            errors.append(item if isinstance(item, IngestError) else _failure_error(item))
        result.documents_seen += not isinstance(item, IngestError)
        if progress is not None:
            progress(name)
        if len(documents) + len(errors) >= limit:
            loader.add(documents, errors, {})
            documents, errors, limit = [], [], size
    source_failed = any(e.stage == "source" for e in errors + result.errors)
    loader.add(documents, errors, {} if source_failed else {name: state.cursor})


def load_staged(config: Config, run_id: str) -> SourceResult | None:
    """Load what earlier runs fetched but could not load (locked file, crash); None if nothing."""
    folder = spool_folder(config.warehouse_path)
    result = SourceResult("(staged earlier)")
    with BatchLoader(config, run_id, result) as loader:
        for claimed in iter_claimed(folder):
            loader.add_staged(claimed)
    return result if result.counts != LoadCounts() or result.errors else None


def _fetch_guarded(
    name: str, connector: Connector, state: SourceState
) -> Iterator[RawDocument | FetchFailure | IngestError]:
    """The connector's documents; a source that fails midway ends as one `source` error."""
    try:
        yield from connector.fetch(state)
    except Exception as exc:  # noqa: BLE001 - the boundary: any source failure is recorded
        # A connector's source error may name the feed or sitemap URL that failed.
        uri = exc.uri if isinstance(exc, SourceError) else None
        yield IngestError(name, uri, "source", type(exc).__name__, describe_error(exc))


def _failure_error(failure: FetchFailure) -> IngestError:
    return error_for(failure.source, failure.uri, failure.error)


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
