"""The growth curve as a small self-contained SVG: time and peak memory against corpus size."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

_W, _H, _PAD = 320, 220, 46
_COLOURS = ("#1f77b4", "#d62728", "#2ca02c")


def write_growth_svg(results: Sequence[dict[str, Any]], path: Path) -> None:
    """Two panels side by side: seconds (pipeline vs limit) and peak MB, both against N."""
    sizes = [float(r["size"]) for r in results]
    time_series = {
        "pipeline run": [r["pipeline"]["e2e_s"] for r in results],
        "plain-loop limit": [r["limit"]["limit_s"] for r in results],
    }
    memory_series = {
        "pipeline peak": [r["pipeline"]["peak_tree_rss_mb"] for r in results],
        "limit peak": [r["limit"]["peak_tree_rss_mb"] for r in results],
    }
    panels = [
        _panel(0, "seconds", sizes, time_series),
        _panel(_W, "peak memory, MB", sizes, memory_series),
    ]
    path.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * _W}" height="{_H}" '
        f'font-family="sans-serif" font-size="11">'
        f'<rect width="100%" height="100%" fill="white"/>{"".join(panels)}</svg>\n',
        encoding="utf-8",
    )


def _panel(x0: int, title: str, sizes: list[float], series: dict[str, list[float]]) -> str:
    top = max(max(v) for v in series.values()) * 1.1 or 1.0
    lo, hi = math.log10(min(sizes)), math.log10(max(sizes))
    span = (hi - lo) or 1.0

    def point(n: float, v: float) -> tuple[float, float]:
        x = x0 + _PAD + (math.log10(n) - lo) / span * (_W - 2 * _PAD)
        return x, _H - _PAD - v / top * (_H - 2 * _PAD)

    parts = [
        f'<text x="{x0 + _W / 2}" y="16" text-anchor="middle">{escape(title)} vs documents</text>',
        _line(x0 + _PAD, _H - _PAD, x0 + _W - _PAD, _H - _PAD),
        _line(x0 + _PAD, _PAD, x0 + _PAD, _H - _PAD),
        f'<text x="{x0 + _PAD - 4}" y="{_PAD + 4}" text-anchor="end">{top:.0f}</text>',
        f'<text x="{x0 + _PAD - 4}" y="{_H - _PAD}" text-anchor="end">0</text>',
    ]
    for n in sizes:
        x, _ = point(n, 0)
        parts.append(f'<text x="{x}" y="{_H - _PAD + 14}" text-anchor="middle">{int(n):,}</text>')
    for i, (name, values) in enumerate(series.items()):
        colour = _COLOURS[i % len(_COLOURS)]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in map(point, sizes, values))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>'
        )
        parts.append(
            f'<text x="{x0 + _PAD + 6}" y="{_PAD + 4 + 13 * i}" fill="{colour}">'
            f"{escape(name)}</text>"
        )
    return "".join(parts)


def _line(x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="black"/>'
