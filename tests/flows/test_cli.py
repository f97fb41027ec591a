"""The `newsmon` command line as a user types it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import SEEDS, write_config

runner = CliRunner()


def newsmon(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it (exit codes and stderr included)."""
    command = [sys.executable, "-c", "from flows.cli import main; main()", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


@pytest.fixture
def loaded_config(seed_folder: Path, prefect_api: None) -> Path:
    config = seed_folder.parent / "newsmon.toml"
    result = runner.invoke(app, ["run", "--config", str(config)])
    assert result.exit_code == 0, result.output
    return config


def test_run_prints_a_summary_with_counts(loaded_config: Path) -> None:
    result = runner.invoke(app, ["run", "--config", str(loaded_config), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["status"] == "completed"
    assert (summary["documents_seen"], summary["inserted"], summary["unchanged"]) == (2, 0, 2)


def test_query_formats(loaded_config: Path) -> None:
    sql = "select title from articles order by title"
    table = runner.invoke(app, ["query", sql, "--config", str(loaded_config)])
    as_csv = runner.invoke(app, ["query", sql, "--config", str(loaded_config), "--format", "csv"])
    as_json = runner.invoke(app, ["query", sql, "--config", str(loaded_config), "--format", "json"])
    assert "Top U.S. and Japan officials" in table.stdout and "2 rows" in table.stdout
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["title"] and rows[2][0].startswith("Top U.S. and Japan")
    lines = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert lines[0]["title"].startswith("Rubio Signals")


def test_query_refuses_writes(loaded_config: Path) -> None:
    result = newsmon("query", "delete from articles", "--config", str(loaded_config))
    assert result.returncode == 1
    assert "read-only" in result.stderr
    after = runner.invoke(
        app,
        [
            "query",
            "select count(*) as n from articles",
            "--config",
            str(loaded_config),
            "--format",
            "json",
        ],
    )
    assert json.loads(after.stdout) == {"n": 2}


def test_clean_json_has_the_documented_fields() -> None:
    result = runner.invoke(app, ["clean", str(SEEDS), "--format", "json"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 2
    for record in records:
        assert {"path", "title", "body", "paragraphs", "removed"} <= set(record)
        assert record["body"] == "\n\n".join(
            p["text"] for p in record["paragraphs"] if p["kind"] != "caption"
        )
    assert {"reason": "comment_prompt", "text": "Leave a Reply"} in records[1]["removed"]


def test_clean_explain_shows_removed_blocks_with_reasons(tmp_path: Path) -> None:
    result = runner.invoke(app, ["clean", str(next(SEEDS.glob("004_*"))), "--explain"])
    assert result.exit_code == 0
    assert "breadcrumb" in result.stdout and "duplicate_caption" in result.stdout


def test_clean_reports_a_binary_file_and_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = runner.invoke(app, ["clean", str(tmp_path / "x.txt")])
    assert result.exit_code == 1
    assert "looks binary" in result.output


def test_sources_lists_configured_sources_and_installed_kinds(tmp_path: Path) -> None:
    config = write_config(tmp_path, '[[sources]]\nname = "mine"\nkind = "folder"\npath = "."\n')
    result = runner.invoke(app, ["sources", "--config", str(config), "--format", "json"])
    data = json.loads(result.stdout)
    assert [s["name"] for s in data["sources"]] == ["mine"]
    assert {"folder", "rss", "sitemap", "web"} <= {k["kind"] for k in data["kinds"]}
    assert all(k["from"].startswith("newsmon") for k in data["kinds"] if k["kind"] == "folder")


def test_bad_config_exits_2_with_the_fix_and_no_traceback(tmp_path: Path) -> None:
    config = write_config(tmp_path, '[[sources]]\nname = "x"\nkind = "rs"\n')
    result = newsmon("run", "--config", str(config))
    assert result.returncode == 2
    assert "unknown connector kind 'rs'" in result.stderr and "Traceback" not in result.stderr


def test_query_before_any_run_says_to_run_first(tmp_path: Path) -> None:
    config = write_config(tmp_path, "")
    result = newsmon("query", "select 1", "--config", str(config))
    assert result.returncode == 1 and "newsmon run" in result.stderr
