"""Re-cleaning stored documents with the current cleaner: plain functions, no network."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass

from connectors.base import RawDocument
from flows.batches import SourceResult, clean_batch, held_writer, write_outcomes
from flows.config import Config
from flows.parallel import worker_count
from transform.version import CLEANER_VERSION
from warehouse.documents import articles_to_reprocess, documents_of
from warehouse.load import Batch, Cleaned, IngestError
from warehouse.memory import known_boilerplate
from warehouse.writer import HeldWriter


def reprocess_articles(
    config: Config, run_id: str, *, everything: bool = False, batch_size: int | None = None
) -> SourceResult:
    """Re-clean articles whose cleaner version differs (or all); updates only what changed.

    As in ingest, the workers clean one batch while this process writes the one before.
    """
    size = batch_size or config.settings.run.batch_size
    result = SourceResult("(reprocess)")
    writer = held_writer(config)
    workers = worker_count(config.settings.run.workers)
    try:
        ids = articles_to_reprocess(writer.connection(), CLEANER_VERSION, everything=everything)
        previous: _Cleaning | None = None
        for start in range(0, len(ids), size):
            current = _start_cleaning(writer, ids[start : start + size], workers)
            if previous is not None:
                _write(config, run_id, writer, previous, result)
            previous = current
            writer.release_if_due()
        if previous is not None:
            _write(config, run_id, writer, previous, result)
    finally:
        writer.release()
    return result


@dataclass
class _Cleaning:
    """A batch of stored documents on its way through the cleaning workers."""

    documents: int
    outcomes: Iterator[Cleaned | IngestError]


def _start_cleaning(writer: HeldWriter, ids: list[str], workers: int) -> _Cleaning:
    """Read the articles' latest documents and hand them to the workers."""
    con = writer.connection()
    documents = [RawDocument(**asdict(document)) for document in documents_of(con, ids)]
    known = {s: known_boilerplate(con, s) for s in {d.source for d in documents}}
    return _Cleaning(len(documents), clean_batch(documents, known, workers))


def _write(
    config: Config, run_id: str, writer: HeldWriter, cleaning: _Cleaning, result: SourceResult
) -> None:
    """Wait for a batch's cleaning and rewrite what changed, then its monitoring rows."""
    batch = Batch(run_id)
    outcomes = list(cleaning.outcomes)
    counts, monitoring_error = write_outcomes(writer.connection(), config, batch, outcomes)
    result.counts.add(counts)
    if monitoring_error is not None:
        result.errors.append(monitoring_error)
    result.documents_seen += cleaning.documents
    result.errors.extend(batch.errors)
