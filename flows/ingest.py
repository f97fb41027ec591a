"""The `ingest` Prefect flow: every selected source fetched, cleaned and loaded, one task each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.runtime import flow_run

from flows.config import load_config
from flows.pipeline import (
    RunSummary,
    SourceResult,
    begin_run,
    end_run,
    ingest_source,
    load_staged,
)
from flows.progress import current_progress
from warehouse.errors import WarehouseLocked


def retry_if_locked(task: Any, task_run: Any, state: State[Any]) -> bool:
    """Retry a task only when the warehouse was locked: other failures will not heal by waiting."""
    return isinstance(state.data, WarehouseLocked)


# NO_CACHE: inputs hold connectors and connections that cannot be hashed (shared/FACTS.md).
@task(
    name="ingest-source",
    cache_policy=NO_CACHE,
    persist_result=False,
    retries=2,
    retry_delay_seconds=[5, 20],
    retry_condition_fn=retry_if_locked,
)
def ingest_source_task(config_path: str, source: str, run_id: str) -> SourceResult:
    """Fetch, clean and load one source."""
    config = load_config(config_path)
    connector = config.connectors[source]
    return ingest_source(config, source, connector, run_id, progress=current_progress())


@task(
    name="load-staged",
    cache_policy=NO_CACHE,
    persist_result=False,
    retries=2,
    retry_delay_seconds=[5, 20],
    retry_condition_fn=retry_if_locked,
)
def load_staged_task(config_path: str, run_id: str) -> SourceResult | None:
    """Load batches earlier runs fetched but could not load."""
    return load_staged(load_config(config_path), run_id)


@flow(name="ingest", persist_result=False, validate_parameters=True)
def ingest(config_path: str = "newsmon.toml", sources: list[str] | None = None) -> RunSummary:
    """Ingest the configured sources (all enabled ones, or those named) into the warehouse."""
    config = load_config(Path(config_path))
    selected = config.select(sources)
    summary = RunSummary(begin_run(config, "ingest", flow_run_id()))
    try:
        staged = load_staged_task(str(config.path), summary.run_id)
        if staged is not None:
            summary.add(staged)
        for name in selected:
            summary.add(ingest_source_task(str(config.path), name, summary.run_id))
    except BaseException as exc:
        summary.status = "failed"
        end_run(config, summary, message=f"{type(exc).__name__}: {exc}")
        raise
    summary.status = "completed"
    end_run(config, summary)
    return summary


def flow_run_id() -> str | None:
    """The current Prefect flow run's id, recorded in `runs` to join with Prefect's UI."""
    run_id = flow_run.get_id()
    return str(run_id) if run_id else None
