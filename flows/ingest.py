"""The `ingest` Prefect flow: every selected source fetched, cleaned and loaded, one task each."""

from __future__ import annotations

from pathlib import Path

from prefect import flow

from flows.config import load_config
from flows.pipeline import RunSummary, SourceResult, ingest_source, load_staged
from flows.policies import recorded_run, warehouse_task
from flows.progress import current_progress


@warehouse_task("ingest-source")
def ingest_source_task(config_path: str, source: str, run_id: str) -> SourceResult:
    """Fetch, clean and load one source."""
    config = load_config(config_path)
    connector = config.connectors[source]
    return ingest_source(config, source, connector, run_id, progress=current_progress())


@warehouse_task("load-staged")
def load_staged_task(config_path: str, run_id: str) -> SourceResult | None:
    """Load batches earlier runs fetched but could not load."""
    return load_staged(load_config(config_path), run_id)


@flow(name="ingest", persist_result=False, validate_parameters=True)
def ingest(config_path: str = "newsmon.toml", sources: list[str] | None = None) -> RunSummary:
    """Ingest the configured sources (all enabled ones, or those named) into the warehouse."""
    config = load_config(Path(config_path))
    selected = config.select(sources)
    with recorded_run(config, "ingest") as summary:
        staged = load_staged_task(str(config.path), summary.run_id)
        if staged is not None:
            summary.add(staged)
        for name in selected:
            summary.add(ingest_source_task(str(config.path), name, summary.run_id))
    return summary
