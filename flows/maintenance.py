"""The `maintain` Prefect flow: checkpoint the warehouse, optionally export it to Parquet."""

from __future__ import annotations

from pathlib import Path

from prefect import flow

from flows.config import load_config
from flows.pipeline import write_session
from flows.policies import warehouse_task
from warehouse.maintenance import checkpoint, export_parquet


@warehouse_task("checkpoint-and-export")
def checkpoint_and_export(config_path: str, export_dir: str | None) -> dict[str, str]:
    """CHECKPOINT, then COPY every table to Parquet when a folder is given."""
    config = load_config(config_path)
    with write_session(config) as con:
        checkpoint(con)
        if export_dir is None:
            return {}
        return {t: str(p) for t, p in export_parquet(con, Path(export_dir)).items()}


@flow(name="maintain", persist_result=False)
def maintain(config_path: str = "newsmon.toml", export_dir: str | None = None) -> dict[str, str]:
    """Warehouse upkeep; returns the exported files by table."""
    return checkpoint_and_export(str(load_config(config_path).path), export_dir)
