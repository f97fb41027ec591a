"""Re-cleaning stored documents with the current cleaner: plain functions, no network."""

from __future__ import annotations

from dataclasses import asdict

from connectors.base import RawDocument
from flows.batches import (
    SourceResult,
    clean_batch,
    features_of,
    held_writer,
    refresh_monitoring,
)
from flows.config import Config
from flows.parallel import worker_count
from transform.version import CLEANER_VERSION
from warehouse.documents import articles_to_reprocess, documents_of
from warehouse.load import Batch, Cleaned, load_batch
from warehouse.memory import known_boilerplate
from warehouse.writer import HeldWriter


def reprocess_articles(
    config: Config, run_id: str, *, everything: bool = False, batch_size: int | None = None
) -> SourceResult:
    """Re-clean articles whose cleaner version differs (or all); updates only what changed."""
    size = batch_size or config.settings.run.batch_size
    result = SourceResult("(reprocess)")
    writer = held_writer(config)
    try:
        ids = articles_to_reprocess(writer.connection(), CLEANER_VERSION, everything=everything)
        for start in range(0, len(ids), size):
            _reprocess_batch(config, run_id, writer, ids[start : start + size], result)
            writer.release_if_due()
    finally:
        writer.release()
    return result


def _reprocess_batch(
    config: Config, run_id: str, writer: HeldWriter, ids: list[str], result: SourceResult
) -> None:
    """Re-clean and rewrite one batch of stored articles."""
    stored = documents_of(writer.connection(), ids)
    documents = [RawDocument(**asdict(document)) for document in stored]
    con = writer.connection()
    known = {s: known_boilerplate(con, s) for s in {d.source for d in documents}}
    # The file is let go while the workers clean: nothing is written meanwhile.
    writer.release_if_due()
    batch = Batch(run_id)
    workers = worker_count(config.settings.run.workers)
    for outcome in clean_batch(documents, known, workers)():
        if isinstance(outcome, Cleaned):
            batch.cleaned.append(outcome)
        else:
            batch.errors.append(outcome)
    con = writer.connection()
    result.counts.add(load_batch(con, batch))
    monitoring_error = refresh_monitoring(
        con, config, run_id, batch.written_ids, features_of(batch), batch.new_ids
    )
    if monitoring_error is not None:
        result.errors.append(monitoring_error)
    result.documents_seen += len(stored)
    result.errors.extend(batch.errors)
