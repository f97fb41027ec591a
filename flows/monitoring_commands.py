"""The monitoring commands of the CLI: `alerts`, `search` and `report` (added by `register`)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from connectors.base import ConfigError

if TYPE_CHECKING:
    import duckdb

out = Console()
_DURATION = re.compile(r"(\d+)\s*([mhdw])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}

ConfigOption = Annotated[
    Path, typer.Option("--config", "-c", help="Config file.", envvar="NEWSMON_CONFIG")
]


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


FormatOption = Annotated[OutputFormat, typer.Option("--format", help="Output format.")]


def register(app: typer.Typer) -> None:
    """Add `alerts`, `search` and `report` to the newsmon command line."""
    app.command()(alerts)
    app.command()(search)
    app.command()(report)


def parse_since(text: str, now: datetime) -> datetime:
    """`7d`, `12h`, `30m`, `2w` before `now`, or an ISO date/time (UTC unless it says)."""
    match = _DURATION.fullmatch(text.strip())
    if match:
        return now - timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ConfigError(
            f"--since {text!r} is neither a duration (30m, 12h, 7d, 2w) nor a date (2026-11-01)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def alerts(
    config: ConfigOption = Path("newsmon.toml"),
    since: Annotated[str, typer.Option(help="Matches made since: 30m, 12h, 7d or a date.")] = "1d",
    topic: Annotated[str | None, typer.Option(help="Only this topic.")] = None,
    output: FormatOption = OutputFormat.table,
) -> None:
    """Articles that newly matched a topic ([[topics]] in newsmon.toml), newest first."""
    from warehouse.digest import alerts as read_alerts

    now = datetime.now(UTC)
    with _reader(config) as con:
        found = read_alerts(con, parse_since(since, now), topic)
    if output is OutputFormat.json:
        for a in found:
            record = {**a.__dict__, "matched_at": a.matched_at.isoformat()}
            print(json.dumps(record | {"dated_at": a.dated_at.isoformat()}, ensure_ascii=False))
        return
    table = Table("matched", "topic", "terms", "source", "title")
    for a in found:
        table.add_row(
            f"{a.matched_at:%Y-%m-%d %H:%M}",
            Text(a.topic),
            Text(", ".join(a.matched_terms)),
            Text(a.source),
            Text(a.title or a.url or a.article_id),
        )
    out.print(table)
    out.print(f"[dim]{len(found)} matches since {parse_since(since, now):%Y-%m-%d %H:%M} UTC[/dim]")


def search(
    terms: Annotated[str, typer.Argument(help='Words to look for, e.g. "defense spending".')],
    config: ConfigOption = Path("newsmon.toml"),
    limit: Annotated[int, typer.Option(help="How many articles to show.", min=1)] = 10,
    output: FormatOption = OutputFormat.table,
) -> None:
    """Full-text search over all articles, ranked by BM25, with a snippet of each."""
    from transform.search import highlight
    from warehouse.search_index import search as run_search

    with _reader(config) as con:
        hits = run_search(con, terms, limit)
    if output is OutputFormat.json:
        for h in hits:
            record = {"article_id": h.article_id, "score": round(h.score, 4), "source": h.source}
            record |= {"title": h.title, "url": h.url, "dated_at": h.dated_at.isoformat()}
            print(json.dumps(record | {"snippet": h.snippet.text}, ensure_ascii=False))
        return
    for rank, h in enumerate(hits, 1):
        out.print(Text(f"{rank}. {h.title or h.url}", style="bold"), Text(f"({h.score:.2f})"))
        out.print(Text(f"   {h.source} {h.dated_at:%Y-%m-%d} {h.url or ''}", style="dim"))
        out.print(Text.from_markup(_marked(highlight(h.snippet, "\x00", "\x01"))))
    if not hits:
        out.print("[dim]no article matches[/dim]")


def report(
    config: ConfigOption = Path("newsmon.toml"),
    since: Annotated[str, typer.Option(help="Period: 30m, 12h, 7d or a date.")] = "7d",
    output: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path(
        "report.html"
    ),
) -> None:
    """Write the digest: one self-contained HTML page with charts and tables."""
    from flows.report import gather_report, render_report

    now = datetime.now(UTC)
    with _reader(config) as con:
        data = gather_report(con, parse_since(since, now), now)
    output.write_text(render_report(data), encoding="utf-8")
    out.print(f"wrote {output}")


def _marked(text: str) -> str:
    """Highlight markers to rich markup, with the article's own brackets escaped."""
    from rich.markup import escape

    return "   " + escape(text).replace("\x00", "[reverse]").replace("\x01", "[/reverse]")


@contextmanager
def _reader(config: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    from flows.config import load_config
    from warehouse.connect import READER_LOCK_WAIT_SECONDS, session

    loaded = load_config(config)
    with session(
        loaded.warehouse_path, read_only=True, lock_wait_seconds=READER_LOCK_WAIT_SECONDS
    ) as con:
        yield con
