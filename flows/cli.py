"""The `newsmon` command line: run the flow, clean files, query the warehouse, list sources."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from connectors.base import ConfigError, NewsmonError
from flows import monitoring_commands, render
from warehouse.errors import WarehouseError

if TYPE_CHECKING:
    from flows.config import Config
    from flows.pipeline import RunSummary

app = typer.Typer(
    help="newsmon: news monitoring ETL. Sources -> clean articles -> DuckDB.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
monitoring_commands.register(app)  # alerts, search, report
out = Console()
err = Console(stderr=True, soft_wrap=True)

ConfigOption = Annotated[
    Path, typer.Option("--config", "-c", help="Config file.", envvar="NEWSMON_CONFIG")
]


class RunFormat(StrEnum):
    table = "table"
    json = "json"


class CleanFormat(StrEnum):
    text = "text"
    json = "json"


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


SummaryFormatOption = Annotated[RunFormat, typer.Option("--format", help="Summary format.")]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")]


def main() -> None:
    """Console entry point: known errors become one red line and an exit code, not a traceback."""
    try:
        app()
    except ConfigError as exc:
        err.print(f"[red]config error:[/red] {exc}", highlight=False)
        sys.exit(2)
    except (NewsmonError, WarehouseError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(1)


@app.command()
def run(
    config: ConfigOption = Path("newsmon.toml"),
    source: Annotated[
        list[str] | None, typer.Option("--source", "-s", help="Only this source (repeatable).")
    ] = None,
    output: SummaryFormatOption = RunFormat.table,
    verbose: VerboseOption = False,
) -> None:
    """Run the ingest flow over the configured sources and print what it did."""
    loaded = _prepare(config, verbose)
    loaded.select(source)  # an unknown --source fails here, not after Prefect's start
    from flows.ingest import ingest

    with render.document_progress(err, enabled=output is RunFormat.table):
        summary = ingest(config_path=str(loaded.path), sources=source)
    _print_run(summary, output)


@app.command()
def clean(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (text or HTML).")],
    output: Annotated[CleanFormat, typer.Option("--format", help="Output format.")] = (
        CleanFormat.text
    ),
    explain: Annotated[
        bool, typer.Option("--explain", help="Show kept and removed blocks side by side.")
    ] = False,
) -> None:
    """Clean files without touching the warehouse: see what newsmon keeps and drops."""
    from flows.cleaning import clean_paths

    failed = 0
    for path, result in clean_paths(paths):
        if isinstance(result, Exception):
            failed += 1
            err.print(f"[red]{path}:[/red] {result}", highlight=False)
        elif output is CleanFormat.json:
            print(
                json.dumps({"path": str(path), **render.clean_record(result)}, ensure_ascii=False)
            )
        else:
            render.print_article(out, path, result, explain=explain)
    if failed:
        raise typer.Exit(1)


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run (read-only).")],
    config: ConfigOption = Path("newsmon.toml"),
    output: Annotated[QueryFormat, typer.Option("--format", help="Output format.")] = (
        QueryFormat.table
    ),
) -> None:
    """Run read-only SQL on the warehouse (tables: articles, paragraphs, runs, ...)."""
    from flows.config import load_config
    from warehouse.connect import READER_LOCK_WAIT_SECONDS
    from warehouse.query import run_query

    loaded = load_config(config)
    result = run_query(loaded.warehouse_path, sql, lock_wait_seconds=READER_LOCK_WAIT_SECONDS)
    render.print_query(out, result, output.value)


@app.command()
def sources(
    config: ConfigOption = Path("newsmon.toml"),
    output: Annotated[RunFormat, typer.Option("--format", help="Output format.")] = RunFormat.table,
) -> None:
    """List the configured sources and the connector kinds installed."""
    from connectors.registry import installed_kinds
    from flows.config import load_config

    loaded = load_config(config)
    kinds = installed_kinds()
    if output is RunFormat.json:
        out.print_json(json.dumps(render.sources_record(loaded, kinds)))
    else:
        render.print_sources(out, loaded, kinds)


@app.command()
def reprocess(
    config: ConfigOption = Path("newsmon.toml"),
    everything: Annotated[
        bool, typer.Option("--all", help="Re-clean every article, not only stale ones.")
    ] = False,
    output: SummaryFormatOption = RunFormat.table,
    verbose: VerboseOption = False,
) -> None:
    """Re-clean stored documents with the current cleaner (no network)."""
    loaded = _prepare(config, verbose)
    from flows.reprocess import reprocess as reprocess_flow

    summary = reprocess_flow(config_path=str(loaded.path), everything=everything)
    _print_run(summary, output)


@app.command()
def maintain(
    config: ConfigOption = Path("newsmon.toml"),
    export: Annotated[
        Path | None, typer.Option("--export", help="Also write every table to DIR/<table>.parquet.")
    ] = None,
    verbose: VerboseOption = False,
) -> None:
    """Checkpoint the warehouse; optionally export its tables to Parquet."""
    loaded = _prepare(config, verbose)
    from flows.maintenance import maintain as maintain_flow

    written = maintain_flow(
        config_path=str(loaded.path), export_dir=str(export.resolve()) if export else None
    )
    out.print("checkpointed " + str(loaded.warehouse_path), highlight=False)
    for table, path in written.items():
        out.print(f"exported {table} -> {path}", highlight=False)


@app.command()
def serve(
    config: ConfigOption = Path("newsmon.toml"),
    stop_after: Annotated[
        float | None, typer.Option("--stop-after", help="Stop after this many seconds.")
    ] = None,
) -> None:
    """Serve the sources' schedules (cron or interval) until stopped with Ctrl-C.

    Uses the Prefect server in PREFECT_API_URL, or starts a local one and stops it on exit.
    """
    loaded = _prepare(config, verbose=True)
    from flows.schedules import scheduled_ingests
    from flows.serving import serve_schedules

    plans = scheduled_ingests(loaded)
    if not plans:
        raise ConfigError(
            f"no enabled source in {loaded.path} sets `schedule` (cron) or `interval` (seconds); "
            "add e.g. interval = 900 to a [[sources]] table"
        )
    for plan in plans:
        when = f"every {plan.interval}s" if plan.interval else f"cron {plan.cron}"
        err.print(f"{plan.name}: {when}: {', '.join(plan.sources)}", highlight=False)
    serve_schedules(loaded, plans, stop_after=stop_after)


@app.command()
def server() -> None:
    """Run a local Prefect server on 127.0.0.1 in the foreground (for serve and workers)."""
    from flows.environment import prepare_prefect_environment
    from flows.server import server_command

    prepare_prefect_environment(Path.cwd())
    command = server_command(4200)
    err.print(
        "Prefect server on http://127.0.0.1:4200; elsewhere set PREFECT_API_URL=http://127.0.0.1:4200/api"
    )
    os.execv(command[0], command)


@app.command()
def doctor(
    config: ConfigOption = Path("newsmon.toml"),
    output: SummaryFormatOption = RunFormat.table,
) -> None:
    """Check the config, the warehouse file and the spool, and say what to do."""
    from flows.doctor import doctor_command

    raise typer.Exit(doctor_command(config, "json" if output is RunFormat.json else "text"))


def _prepare(config: Path, verbose: bool) -> Config:
    """Load the config (failing fast, before Prefect's slow start) and set Prefect's environment."""
    from flows.config import load_config
    from flows.environment import prepare_prefect_environment, use_running_local_server

    loaded = load_config(config)
    prepare_prefect_environment(loaded.path.parent, verbose=verbose)
    if use_running_local_server():
        err.print(f"[dim]using the Prefect server at {os.environ['PREFECT_API_URL']}[/dim]")
    return loaded


def _print_run(summary: RunSummary, output: RunFormat) -> None:
    if output is RunFormat.json:
        out.print_json(json.dumps(render.summary_record(summary)))
    else:
        render.print_summary(out, summary)
