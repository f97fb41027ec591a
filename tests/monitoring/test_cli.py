"""The monitoring commands on a seeded warehouse: alerts, search and report."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from connectors.base import ConfigError
from flows.monitoring_commands import parse_since, register
from tests.conftest import write_config

app = typer.Typer()


@app.callback()
def _root() -> None:
    """A stand-in for newsmon's app until flows/cli.py calls register(app)."""


register(app)
runner = CliRunner()


@pytest.fixture
def config(seeded_warehouse: Path, tmp_path: Path) -> Path:
    shutil.copy(seeded_warehouse, tmp_path / "newsmon.duckdb")
    return write_config(tmp_path, "")


def test_alerts_as_json(config: Path) -> None:
    result = runner.invoke(app, ["alerts", "-c", str(config), "--format", "json"])
    assert result.exit_code == 0, result.output
    topics = sorted(json.loads(line)["topic"] for line in result.output.splitlines())
    assert topics == ["japan-defense", "japan-defense", "not-europe"]


def test_search_prints_ranked_snippets(config: Path) -> None:
    result = runner.invoke(app, ["search", "Takaichi", "-c", str(config)])
    assert result.exit_code == 0, result.output
    assert (
        result.output.startswith("1. Top U.S. and Japan officials") and "Takaichi" in result.output
    )


def test_report_writes_one_html_file(config: Path) -> None:
    out = config.parent / "digest.html"
    result = runner.invoke(app, ["report", "-c", str(config), "--since", "2d", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_since_takes_durations_and_dates() -> None:
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    assert parse_since("7d", now) == now - timedelta(days=7)
    assert parse_since("30m", now) == now - timedelta(minutes=30)
    assert parse_since("2026-11-01", now) == datetime(2026, 11, 1, tzinfo=UTC)
    with pytest.raises(ConfigError, match="neither a duration"):
        parse_since("last week", now)
