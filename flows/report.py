"""The digest: one self-contained HTML page (inline CSS and SVG, no script, no CDN).

Article text is untrusted, so every value goes through `html.escape`, and the page's Content
Security Policy forbids scripts and remote loads should an escape ever be missed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape
from typing import Any

import duckdb

from warehouse import digest

PALETTE = ("#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5")
_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d1d1f;
padding:0 1rem}h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;
border-bottom:1px solid #ddd}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.25rem .5rem;vertical-align:top}
tr:nth-child(even){background:#f6f7f9}td.n{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#666}.legend span{margin-right:1rem}.sw{display:inline-block;width:.8rem;height:.8rem;
margin-right:.3rem;vertical-align:middle}.bad{color:#b00020}svg text{font:11px system-ui,sans-serif}
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@dataclass(frozen=True)
class ReportData:
    """Everything the digest shows, read from the warehouse in one go."""

    since: datetime
    now: datetime
    per_day: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    topics: list[dict[str, Any]]
    stories: list[dict[str, Any]]
    health: list[dict[str, Any]]
    errors: list[dict[str, Any]]


def gather_report(con: duckdb.DuckDBPyConnection, since: datetime, now: datetime) -> ReportData:
    """Read the digest's figures for the period from `since` to `now`."""
    return ReportData(
        since=since,
        now=now,
        per_day=digest.articles_per_day(con, since),
        entities=digest.top_entities(con, since),
        topics=digest.topic_hits(con, since),
        stories=digest.biggest_stories(con, since),
        health=digest.source_health(con),
        errors=digest.recent_errors(con, since),
    )


def render_report(data: ReportData) -> str:
    """The digest as one HTML document."""
    days = _days(data.since, data.now)
    sections = [
        _section("Articles per day and source", _per_day_chart(data.per_day, days)),
        _section("Top entities", _entities_table(data.entities, days)),
        _section("Topic hits", _topics_table(data.topics)),
        _section("Biggest stories", _stories_table(data.stories)),
        _section("Source health", _health_table(data.health)),
        _section("Errors", _errors_table(data.errors)),
    ]
    period = f"{data.since:%Y-%m-%d %H:%M} to {data.now:%Y-%m-%d %H:%M} UTC"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>newsmon digest</title><style>{_CSS}</style></head><body>"
        f'<h1>newsmon digest</h1><p class="muted">{escape(period)}</p>'
        + "".join(sections)
        + "</body></html>\n"
    )


def _days(since: datetime, now: datetime) -> list[date]:
    first, last = since.date(), now.date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)][-62:]


def _section(title: str, body: str) -> str:
    return f"<section><h2>{escape(title)}</h2>{body}</section>"


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    if not rows:
        return '<p class="muted">Nothing in this period.</p>'
    numeric = numeric or set()
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f"<td{' class=n' if i in numeric else ''}>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return escape(f"{value:%Y-%m-%d %H:%M}")
    if isinstance(value, list):
        return escape(", ".join(str(v) for v in value))
    return escape(str(value))


def _per_day_chart(rows: list[dict[str, Any]], days: list[date]) -> str:
    """A stacked bar per day, one colour per source."""
    sources = sorted({r["source"] for r in rows})
    counts: defaultdict[date, dict[str, int]] = defaultdict(dict)
    for r in rows:
        counts[r["day"]][r["source"]] = r["articles"]
    if not sources:
        return '<p class="muted">No articles in this period.</p>'
    width, height, left = 1000, 220, 40
    peak = max(sum(counts[d].values()) for d in days) or 1
    step = (width - left) / len(days)
    bars: list[str] = []
    for i, day in enumerate(days):
        y = float(height - 20)
        for s, source in enumerate(sources):
            n = counts[day].get(source, 0)
            h = (height - 40) * n / peak
            y -= h
            title = escape(f"{day} {source}: {n}")
            bars.append(
                f'<rect x="{left + i * step + 1:.1f}" y="{y:.1f}" width="{max(step - 2, 1):.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[s % len(PALETTE)]}"><title>{title}</title></rect>'
            )
        if len(days) <= 14 or i % max(len(days) // 10, 1) == 0:
            bars.append(
                f'<text x="{left + i * step + step / 2:.1f}" y="{height - 5}" '
                f'text-anchor="middle">{day:%m-%d}</text>'
            )
    axis = f'<text x="{left - 6}" y="24" text-anchor="end">{peak}</text>'
    legend = "".join(
        f'<span><i class="sw" style="background:{PALETTE[s % len(PALETTE)]}"></i>'
        f"{escape(source)}</span>"
        for s, source in enumerate(sources)
    )
    svg = (
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="articles per day and source">{axis}{"".join(bars)}</svg>'
    )
    return f'{svg}<p class="legend">{legend}</p>'


def _sparkline(trend: dict[date, int], days: list[date]) -> str:
    values = [trend.get(d, 0) for d in days]
    peak = max(values) or 1
    width, height = 120, 24
    step = width / max(len(values) - 1, 1)
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (height - 4) * v / peak:.1f}" for i, v in enumerate(values)
    )
    return (
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="stories per day"><polyline points="{points}" fill="none" '
        f'stroke="{PALETTE[0]}" stroke-width="1.5"/></svg>'
    )


def _entities_table(rows: list[dict[str, Any]], days: list[date]) -> str:
    return _table(
        ["entity", "kind", "role", "stories", "mentions", "trend"],
        [
            [
                _text(r["name"]),
                _text(r["kind"]),
                _text(r["role"]),
                _text(r["stories"]),
                _text(r["mentions"]),
                _sparkline(r["trend"], days),
            ]
            for r in rows
        ],
        {3, 4},
    )


def _topics_table(rows: list[dict[str, Any]]) -> str:
    peak = max((r["articles"] for r in rows), default=0) or 1
    return _table(
        ["topic", "query", "articles", "stories", "", "latest"],
        [
            [
                _text(r["topic"]),
                f"<code>{_text(r['query'])}</code>",
                _text(r["articles"]),
                _text(r["stories"]),
                _bar(r["articles"] / peak),
                _text(r["latest_title"]),
            ]
            for r in rows
        ],
        {2, 3},
    )


def _bar(share: float) -> str:
    return (
        f'<svg viewBox="0 0 100 10" width="100" height="10" role="img" aria-label="share">'
        f'<rect width="{100 * share:.1f}" height="10" fill="{PALETTE[1]}"/></svg>'
    )


def _stories_table(rows: list[dict[str, Any]]) -> str:
    return _table(
        ["story", "copies", "sources", "first seen", "last seen"],
        [
            [
                _text(r["title"]),
                _text(r["articles"]),
                _text(r["source_names"]),
                _text(r["first_seen_at"]),
                _text(r["last_seen_at"]),
            ]
            for r in rows
        ],
        {1},
    )


def _health_table(rows: list[dict[str, Any]]) -> str:
    return _table(
        ["source", "kind", "last success", "documents 7d", "errors 7d", "articles", "mean length"],
        [
            [
                _text(r["source"]),
                _text(r["kind"]),
                _text(r["last_success_at"]) or '<span class="bad">never</span>',
                _text(r["documents_7d"]),
                _text(r["errors_7d"]),
                _text(r["articles"]),
                _text(r["mean_body_length"]),
            ]
            for r in rows
        ],
        {3, 4, 5, 6},
    )


def _errors_table(rows: list[dict[str, Any]]) -> str:
    return _table(
        ["when", "source", "stage", "document", "error"],
        [
            [
                _text(r["occurred_at"]),
                _text(r["source"]),
                _text(r["stage"]),
                _text(r["uri"]),
                f'<span class="bad">{_text(r["error"])}</span>: {_text(r["detail"])}',
            ]
            for r in rows
        ],
    )
