"""The `reprocess` Prefect flow: stored documents re-cleaned with the current cleaner."""

from __future__ import annotations

from prefect import flow

from flows.config import load_config
from flows.pipeline import RunSummary, SourceResult
from flows.policies import recorded_run, warehouse_task
from flows.reprocessing import reprocess_articles


@warehouse_task("reprocess-articles")
def reprocess_task(config_path: str, run_id: str, everything: bool) -> SourceResult:
    """Re-clean and reload the articles that need it."""
    return reprocess_articles(load_config(config_path), run_id, everything=everything)


@flow(name="reprocess", persist_result=False)
def reprocess(config_path: str = "newsmon.toml", everything: bool = False) -> RunSummary:
    """Re-clean stored documents (no network): stale cleaner versions, or all with everything."""
    config = load_config(config_path)
    with recorded_run(config, "reprocess") as summary:
        summary.add(reprocess_task(str(config.path), summary.run_id, everything))
    return summary
