"""The digest: every section present, untrusted text escaped, renders in Chromium cleanly."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from flows.report import gather_report, render_report
from tests.monitoring.browser import chromium, console_messages, screenshot

DOCS = Path(__file__).parents[2] / "docs"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
needs_chromium = pytest.mark.skipif(
    chromium() is None, reason="chromium not installed: apt-get install -y chromium"
)


def _report(con: duckdb.DuckDBPyConnection) -> str:
    now = datetime.now(UTC)
    return render_report(gather_report(con, now - timedelta(days=7), now))


def test_the_digest_has_every_section(seeded: duckdb.DuckDBPyConnection) -> None:
    page = _report(seeded)
    for heading in (
        "Articles per day and source",
        "Top entities",
        "Topic hits",
        "Biggest stories",
        "Source health",
        "Errors",
    ):
        assert f"<h2>{heading}</h2>" in page
    assert "Marco Rubio" in page and "japan-defense" in page and "<svg" in page
    assert "http://" not in page and "https://" not in page  # nothing loaded from elsewhere


def test_article_text_is_escaped(seeded: duckdb.DuckDBPyConnection) -> None:
    seeded.execute("UPDATE articles SET title = ?", [HOSTILE])
    page = _report(seeded)
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page


@needs_chromium
def test_the_digest_renders_in_chromium_without_console_errors(
    seeded: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    page.write_text(_report(seeded), encoding="utf-8")
    assert console_messages(page) == []
    hostile = tmp_path / "hostile.html"
    seeded.execute("UPDATE articles SET title = title || ?", [HOSTILE])
    hostile.write_text(_report(seeded), encoding="utf-8")
    assert console_messages(hostile) == []  # escaped: no script runs, no image loads
    png = tmp_path / "report.png"
    screenshot(page, png)
    assert png.stat().st_size > 10_000
    if os.environ.get("NEWSMON_SCREENSHOT") or not (DOCS / "report.png").exists():
        shutil.copy(png, DOCS / "report.png")  # the README's picture of the digest


@needs_chromium
def test_the_console_check_catches_errors(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>console.error('boom'); nope();</script>")
    messages = console_messages(page)
    assert any("boom" in m for m in messages) and any("nope" in m for m in messages)
