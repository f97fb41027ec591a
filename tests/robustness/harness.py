"""Run the plain ingest pipeline (no Prefect) the way the flow does, for the corpus and faults."""

from __future__ import annotations

from pathlib import Path

from flows.config import load_config
from flows.pipeline import RunSummary, begin_run, end_run, ingest_source, load_staged


def run_pipeline(config_path: Path, *, flow: str = "robustness") -> RunSummary:
    """Load what earlier runs staged, then ingest every enabled source; one `runs` row."""
    config = load_config(config_path)
    summary = RunSummary(begin_run(config, flow, None))
    staged = load_staged(config, summary.run_id)
    if staged is not None:
        summary.add(staged)
    for name, connector in config.connectors.items():
        summary.add(ingest_source(config, name, connector, summary.run_id))
    summary.status = "completed"
    end_run(config, summary)
    return summary
