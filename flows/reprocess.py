"""The `reprocess` Prefect flow: stored documents re-cleaned with the current cleaner."""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.config import load_config
from flows.ingest import flow_run_id, retry_if_locked
from flows.pipeline import RunSummary, SourceResult, begin_run, end_run
from flows.reprocessing import reprocess_articles


@task(
    name="reprocess-articles",
    cache_policy=NO_CACHE,
    persist_result=False,
    retries=2,
    retry_delay_seconds=[5, 20],
    retry_condition_fn=retry_if_locked,
)
def reprocess_task(config_path: str, run_id: str, everything: bool) -> SourceResult:
    """Re-clean and reload the articles that need it."""
    return reprocess_articles(load_config(config_path), run_id, everything=everything)


@flow(name="reprocess", persist_result=False)
def reprocess(config_path: str = "newsmon.toml", everything: bool = False) -> RunSummary:
    """Re-clean stored documents (no network): stale cleaner versions, or all with everything."""
    config = load_config(config_path)
    summary = RunSummary(begin_run(config, "reprocess", flow_run_id()))
    try:
        summary.add(reprocess_task(str(config.path), summary.run_id, everything))
    except BaseException as exc:
        summary.status = "failed"
        end_run(config, summary, message=f"{type(exc).__name__}: {exc}")
        raise
    summary.status = "completed"
    end_run(config, summary)
    return summary
