"""`reprocess` re-cleans stored documents with no network; `maintain` checkpoints and exports."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from flows.cli import app
from flows.config import load_config
from flows.pipeline import begin_run
from flows.reprocessing import reprocess_articles
from tests.conftest import ingest_once
from transform.version import CLEANER_VERSION

PAGE = (
    "<html><head><title>Harbour reopens</title></head><body><nav>Home | World | Sport</nav>"
    "<article><h1>Harbour reopens</h1><p>The harbour reopened on Monday after the storm, "
    "the port authority said in a statement to reporters.</p><p>Ferries will run on the "
    "normal timetable from Tuesday morning, the operator added.</p></article></body></html>"
)


def test_reprocess_after_a_cleaner_change_updates_articles_without_fetching(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/news/harbour").respond_with_data(PAGE, content_type="text/html")
    config_path = tmp_path / "newsmon.toml"
    config_path.write_text(
        '[warehouse]\npath = "newsmon.duckdb"\n[[sources]]\nname = "port"\nkind = "web"\n'
        f'urls = ["{httpserver.url_for("/news/harbour")}"]\nallow_private = true\nmin_delay = 0\n'
    )
    ingest_once(config_path)
    requests_before = len(httpserver.log)
    db = tmp_path / "newsmon.duckdb"
    with duckdb.connect(str(db)) as con:  # what an older cleaner had left behind
        con.execute(
            "UPDATE articles SET cleaner_version = '2000.1.1', body = 'stale', "
            "content_sha256 = 'old'"
        )
    config = load_config(config_path)
    result = reprocess_articles(config, begin_run(config, "reprocess", None))
    assert (result.counts.updated, result.counts.inserted, result.counts.failed) == (1, 0, 0)
    assert len(httpserver.log) == requests_before  # not one request
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT cleaner_version, body FROM articles").fetchone()
        documents = con.execute("SELECT count(*) FROM documents").fetchone()
    assert row is not None and row[0] == CLEANER_VERSION
    assert row[1].startswith("The harbour reopened on Monday") and "Home | World" not in row[1]
    assert documents == (1,)


def test_reprocess_skips_current_articles_unless_asked_for_all(seed_folder: Path) -> None:
    config = load_config(seed_folder.parent / "newsmon.toml")
    ingest_once(config.path)
    stale_only = reprocess_articles(config, begin_run(config, "reprocess", None))
    everything = reprocess_articles(config, begin_run(config, "reprocess", None), everything=True)
    assert stale_only.documents_seen == 0
    assert (everything.documents_seen, everything.counts.unchanged) == (2, 2)


def test_reprocess_in_many_batches_rewrites_each_article_once(seed_folder: Path) -> None:
    config = load_config(seed_folder.parent / "newsmon.toml")
    ingest_once(config.path)
    with duckdb.connect(str(config.warehouse_path)) as con:
        con.execute("UPDATE articles SET cleaner_version = '2000.1.1', content_sha256 = 'old'")
    # one article per batch: the second is cleaned while the first is written
    result = reprocess_articles(config, begin_run(config, "reprocess", None), batch_size=1)
    assert (result.documents_seen, result.counts.updated, result.counts.failed) == (2, 2, 0)
    with duckdb.connect(str(config.warehouse_path), read_only=True) as con:
        counts = con.execute(
            "SELECT (SELECT count(*) FROM articles WHERE cleaner_version = ?), "
            "(SELECT count(*) FROM search_documents), (SELECT count(*) FROM story_clusters)",
            [CLEANER_VERSION],
        ).fetchone()
    assert counts == (2, 2, 2)


@pytest.mark.usefixtures("prefect_api")
def test_reprocess_and_maintain_commands(seed_folder: Path, tmp_path: Path) -> None:
    config = str(seed_folder.parent / "newsmon.toml")
    runner = CliRunner()
    assert runner.invoke(app, ["run", "-c", config]).exit_code == 0
    result = runner.invoke(app, ["reprocess", "-c", config, "--all", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["unchanged"] == 2
    export = tmp_path / "export"
    result = runner.invoke(app, ["maintain", "-c", config, "--export", str(export)])
    assert result.exit_code == 0, result.output
    with duckdb.connect() as con:
        titles = con.execute(
            "SELECT count(*) FROM read_parquet(?)", [str(export / "articles.parquet")]
        ).fetchone()
        flows = con.execute(
            "SELECT list(DISTINCT flow ORDER BY flow) FROM read_parquet(?)",
            [str(export / "runs.parquet")],
        ).fetchone()
    assert titles == (2,)
    assert flows == (["ingest", "reprocess"],)
