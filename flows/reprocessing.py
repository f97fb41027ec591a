"""Re-cleaning stored documents with the current cleaner: plain functions, no network."""

from __future__ import annotations

from dataclasses import asdict
from functools import partial

from connectors.base import RawDocument
from flows.batches import (
    SourceResult,
    clean_document,
    features_of,
    refresh_monitoring,
    write_session,
)
from flows.config import Config
from flows.parallel import map_in_pool, worker_count
from transform.version import CLEANER_VERSION
from warehouse.documents import articles_to_reprocess, documents_of
from warehouse.load import Batch, Cleaned, load_batch
from warehouse.memory import known_boilerplate


def reprocess_articles(
    config: Config, run_id: str, *, everything: bool = False, batch_size: int | None = None
) -> SourceResult:
    """Re-clean articles whose cleaner version differs (or all); updates only what changed."""
    size = batch_size or config.settings.run.batch_size
    result = SourceResult("(reprocess)")
    with write_session(config) as con:
        ids = articles_to_reprocess(con, CLEANER_VERSION, everything=everything)
    for start in range(0, len(ids), size):
        with write_session(config) as con:
            stored = documents_of(con, ids[start : start + size])
        batch = Batch(run_id)
        documents = [RawDocument(**asdict(document)) for document in stored]
        workers = worker_count(config.settings.run.workers)
        with write_session(config) as con:
            known = {s: known_boilerplate(con, s) for s in {d.source for d in documents}}
        for outcome in map_in_pool(partial(clean_document, known=known), documents, workers):
            if isinstance(outcome, Cleaned):
                batch.cleaned.append(outcome)
            else:
                batch.errors.append(outcome)
        with write_session(config) as con:
            result.counts.add(load_batch(con, batch))
            monitoring_error = refresh_monitoring(
                con, config, run_id, batch.written_ids, features_of(batch)
            )
        if monitoring_error is not None:
            result.errors.append(monitoring_error)
        result.documents_seen += len(stored)
        result.errors.extend(batch.errors)
    return result
