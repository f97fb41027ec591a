"""How the CLI shows results: rich tables for people, JSON and CSV for scripts."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from connectors.registry import ConnectorKind
from flows.config import Config
from flows.pipeline import RunSummary
from flows.progress import set_progress
from transform.article import Article, article_record
from warehouse.query import QueryResult

_MAX_ERRORS_SHOWN = 10


@contextmanager
def document_progress(console: Console, *, enabled: bool) -> Iterator[None]:
    """A live per-source document counter on stderr while a run works (terminals only)."""
    if not (enabled and console.is_terminal):
        yield
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} documents"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        tasks: dict[str, Any] = {}

        def tick(source: str) -> None:
            if source not in tasks:
                tasks[source] = progress.add_task(source, total=None)
            progress.advance(tasks[source])

        set_progress(tick)
        try:
            yield
        finally:
            set_progress(None)


def summary_record(summary: RunSummary) -> dict[str, Any]:
    """The run summary as JSON-ready data."""
    return {
        "run_id": summary.run_id,
        "status": summary.status,
        "documents_seen": summary.documents_seen,
        **{k: v for k, v in asdict(summary.counts).items() if k != "documents"},
        "sources": [
            {
                "source": r.source,
                "documents_seen": r.documents_seen,
                **{k: v for k, v in asdict(r.counts).items() if k != "documents"},
                "errors": [asdict(e) for e in r.errors],
            }
            for r in summary.sources
        ],
    }


def print_summary(console: Console, summary: RunSummary) -> None:
    """The per-source table, totals and the first errors with their fixes."""
    table = Table(title=f"run {summary.run_id[:12]} {summary.status}", title_justify="left")
    for column in ("source", "seen", "inserted", "updated", "unchanged", "failed"):
        table.add_column(column, justify="left" if column == "source" else "right")
    for r in summary.sources:
        c = r.counts
        table.add_row(
            r.source, *map(str, (r.documents_seen, c.inserted, c.updated, c.unchanged, c.failed))
        )
    t = summary.counts
    table.add_row(
        "[bold]total[/bold]",
        *(
            f"[bold]{v}[/bold]"
            for v in (summary.documents_seen, t.inserted, t.updated, t.unchanged, t.failed)
        ),
    )
    console.print(table)
    errors = [e for r in summary.sources for e in r.errors]
    for e in errors[:_MAX_ERRORS_SHOWN]:
        console.print(
            f"[red]x[/red] {e.source} {e.uri or ''} [{e.stage}] {e.detail}", highlight=False
        )
    if errors:
        more = (
            f" ({len(errors) - _MAX_ERRORS_SHOWN} more)" if len(errors) > _MAX_ERRORS_SHOWN else ""
        )
        every = 'newsmon query "select * from last_run_errors"'
        console.print(f"{len(errors)} failed{more}; all of them: {every}")


def clean_record(article: Article) -> dict[str, Any]:
    """One `newsmon clean --format json` line."""
    return article_record(article)


def print_article(console: Console, path: str, article: Article, *, explain: bool) -> None:
    """An article for reading, or with --explain every block with its fate."""
    console.rule(f"{path}", align="left")
    console.print(Text(article.title or "(no title)", style="bold"))
    if not explain:
        console.print(Text(_printable(article.body, keep_newlines=True)))
        return
    table = Table(show_lines=False)
    for column in ("#", "kept", "removed", "why"):
        table.add_column(column, overflow="fold")
    blocks: list[tuple[int, str, str, str]] = [
        (p.position, p.text, "", p.kind) for p in article.paragraphs
    ]
    blocks += [(r.position, "", r.text, r.reason) for r in article.removed]
    for position, kept, removed, why in sorted(blocks):
        table.add_row(str(position), Text(_printable(kept)), Text(_printable(removed), "dim"), why)
    console.print(table)


def print_query(console: Console, result: QueryResult, output: str) -> None:
    """Rows as a table, CSV or JSON lines."""
    if output == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        writer.writerows([[_plain(v) for v in row] for row in result.rows])
    elif output == "json":
        for row in result.rows:
            print(
                json.dumps(
                    dict(zip(result.columns, map(_plain, row), strict=True)), ensure_ascii=False
                )
            )
    else:
        table = Table()
        for column in result.columns:
            table.add_column(Text(column))
        for row in result.rows:
            # Stored text is untrusted: Text() keeps `[bold]` literal, and control characters
            # (terminal escapes) are shown, not obeyed.
            table.add_row(*(Text(_printable(v)) for v in row))
        console.print(table)
        console.print(f"[dim]{len(result.rows)} rows[/dim]")


_CONTROLS = {code: f"\\x{code:02x}" for code in [*range(32), 127] if chr(code) not in "\n\t"}


def _printable(value: object, *, keep_newlines: bool = False) -> str:
    """A value as text with terminal control characters made visible (`\\x1b`)."""
    text = "" if value is None else str(value)
    if not keep_newlines:
        text = text.replace("\n", " ")
    return text.translate(_CONTROLS)


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, list | dict | str | int | float | bool) or value is None:
        return value
    return str(value)


def sources_record(config: Config, kinds: Mapping[str, ConnectorKind]) -> dict[str, Any]:
    """Configured sources and installed kinds as JSON-ready data."""
    return {
        "sources": [
            {"name": s.name, "kind": s.kind, "enabled": s.enabled, "options": s.options()}
            for s in config.settings.sources
        ],
        "kinds": [
            {"kind": k.name, "from": k.origin, "target": k.entry_point.value}
            for k in kinds.values()
        ],
    }


def print_sources(console: Console, config: Config, kinds: Mapping[str, ConnectorKind]) -> None:
    """Two tables: the sources in the config, the connector kinds installed."""
    table = Table(
        "name",
        "kind",
        "enabled",
        "schedule",
        "options",
        title=f"sources in {config.path}",
        title_justify="left",
    )
    for s in config.settings.sources:
        options = {k: v for k, v in s.options().items() if k != "name"}
        when = s.schedule or (f"every {s.interval}s" if s.interval else "")
        table.add_row(
            s.name, s.kind, "yes" if s.enabled else "no", when, json.dumps(options, default=str)
        )
    console.print(table)
    kinds_table = Table(
        "kind", "from", "implemented by", title="connector kinds installed", title_justify="left"
    )
    for kind in sorted(kinds.values(), key=lambda k: k.name):
        kinds_table.add_row(kind.name, kind.origin, kind.entry_point.value)
    console.print(kinds_table)
