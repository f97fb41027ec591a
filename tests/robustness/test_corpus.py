"""Every crafted input goes through the real pipeline beside a good document and is contained.

For each case: the run completes, the good documents load, the bad input is exactly the
expected ingest_errors rows with a clear reason (or, when it is legitimately decodable, an
article with the right text), the canary file is never opened, and nothing was fetched from
an address the source may not reach.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.connectors.conftest import FAST, Site, article_html
from tests.robustness.cases import (
    CASES,
    GOOD_TEXT,
    GOOD_TITLE,
    SPARSE,
    Case,
    Env,
    item,
    rss,
    sitemap,
    urlset,
)
from tests.robustness.conftest import CANARY_TEXT, TRUSTED_ORIGIN, Canary, open_canary
from tests.robustness.harness import run_pipeline

# Options of each network channel's source: loopback allowed (except where the address is
# the point), small caps so the cap cases stay fast.
CHANNEL_OPTIONS: dict[str, dict[str, Any]] = {
    "web": {"max_bytes": 2_000_000, "deadline": 1.5},
    "feed": {"max_bytes": 2_000_000, "deadline": 3.0},
    "entry": {"max_bytes": 2_000_000},
    "sitemap": {"max_bytes": 10_000_000, "deadline": 10.0},
    "url": {"allow_private": False, "retries": 0},
    "redirect": {"allow_private": False, "retries": 0},
}


def params(*, batched: bool) -> list[Any]:
    """The corpus as pytest params; known gaps are strict xfails naming their fix.

    Folder cases run together in one pipeline run (`batched`, fast: every file beside the
    others and good.txt) and again each alone in a run of its own, in the slow set.
    """
    params = []
    for c in CASES:
        if batched and (c.channel != "folder" or c.slow):
            continue
        alone_is_slow = c.slow or (c.channel == "folder" and not batched)
        marks = [pytest.mark.xfail(strict=True, reason=c.xfail)] if c.xfail else []
        slow = [pytest.mark.slow] if alone_is_slow else []
        params.append(pytest.param(c, id=c.id, marks=[*marks, *slow]))
    return params


@dataclass
class FolderBatch:
    """One run over every quick folder case, each in a subfolder named after it."""

    completed: bool
    rows: dict[str, list[dict[str, Any]]]
    canary_opened: int


@pytest.fixture(scope="module")
def folder_batch(tmp_path_factory: pytest.TempPathFactory) -> FolderBatch:
    """Build every quick folder case beside good.txt and ingest them all in one run."""
    root = tmp_path_factory.mktemp("folder-corpus")
    with open_canary(root) as canary:
        articles = root / "articles"
        articles.mkdir()
        write_good(articles)
        for case in (c for c in CASES if c.channel == "folder" and not c.slow):
            env = Env(articles / case.id, None, canary.url)
            env.folder.mkdir()
            prepare(case, env)
        config = write_config(root, None)
        summary = run_pipeline(config)
        rows = warehouse_rows(config)
    return FolderBatch(summary.status == "completed", rows, canary.opened)


@pytest.mark.parametrize("case", params(batched=True))
def test_bad_file_is_contained_beside_all_the_others(case: Case, folder_batch: FolderBatch) -> None:
    rows = folder_batch.rows
    assert folder_batch.completed and folder_batch.canary_opened == 0
    assert any(a["url"] == "good.txt" and a["title"] == GOOD_TITLE for a in rows["articles"])
    mine = {
        "errors": [e for e in rows["errors"] if e["uri"].startswith(f"{case.id}/")],
        "articles": [a for a in rows["articles"] if a["url"].startswith(f"{case.id}/")],
    }
    check_outcome(case, f"{case.id}/{case.name}", mine)
    assert_canary_unread(rows)


@pytest.mark.parametrize("case", params(batched=False))
def test_bad_input_is_contained(
    case: Case, site: Site, canary: Canary, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if case.channel == "redirect":
        request.getfixturevalue("trusted_origin")
    env = Env(tmp_path / "articles", site, canary.url)
    env.folder.mkdir()
    write_good(env.folder)
    site.page("/good", article_html(GOOD_TITLE, *GOOD_TEXT))
    site.page("/second", article_html("Second story", *GOOD_TEXT))
    site.page("/missing", "gone", "text/plain", 404)
    source, bad_uri = prepare(case, env)
    config = write_config(tmp_path, source)

    summary = run_pipeline(config)

    assert summary.status == "completed"
    rows = warehouse_rows(config)
    goods = {a["url"] for a in rows["articles"] if a["title"] == GOOD_TITLE}
    assert "good.txt" in goods, "the good document beside the bad one did not load"
    if case.channel not in ("folder", "url") and not any(
        e["stage"] == "source" for e in rows["errors"]
    ):
        assert len(goods) >= 2, f"the {case.channel} source's good page did not load"
    check_outcome(case, bad_uri, rows)
    assert_canary_unread(rows)
    assert site.requests("/secret") == [], "a refused address was fetched"


def write_good(folder: Path) -> None:
    """The good document every run has beside the bad input."""
    (folder / "good.txt").write_text(f"{GOOD_TITLE}\n\n" + "\n\n".join(GOOD_TEXT) + "\n")


def prepare(case: Case, env: Env) -> tuple[dict[str, Any] | None, str | None]:
    """Build the case's input; returns its source (None: the folder) and its uri if known."""
    made = case.build(env)
    if case.channel == "folder":
        if made is not SPARSE:
            (env.folder / case.name).write_bytes(made)
        return None, case.name
    url = env.web.url
    if case.channel == "web":
        return _source(case, "web", urls=[url("/good"), url("/bad")]), url("/bad")
    if case.channel == "feed":
        return _source(case, "rss", url=url("/feed")), None
    if case.channel == "entry":
        env.web.page("/feed", rss(item(url("/good"), GOOD_TITLE) + made), "application/rss+xml")
        return _source(case, "rss", url=url("/feed")), None
    if case.channel == "sitemap":
        return _source(case, "sitemap", url=url("/sitemap.xml")), None
    target = str(made).format(port=env.port, canary=env.canary_url)
    if case.channel == "url":
        return _source(case, "web", urls=[target]), target
    origin = f"http://{TRUSTED_ORIGIN}:{env.port}"
    env.web.page("/bad", "", status=302, headers={"Location": target})
    return _source(case, "web", urls=[f"{origin}/good", f"{origin}/bad"]), None


def _source(case: Case, kind: str, **options: Any) -> dict[str, Any]:
    return {"name": "net", "kind": kind, **FAST, **CHANNEL_OPTIONS[case.channel], **options}


def write_config(folder: Path, source: dict[str, Any] | None) -> Path:
    """A config with the local folder source, plus the case's network source if any."""
    sources = [{"name": "local", "kind": "folder", "path": "articles"}]
    lines = ['[warehouse]\npath = "newsmon.duckdb"\nlock_wait_seconds = 5\n']
    for entry in [*sources, *([source] if source else [])]:
        lines.append("[[sources]]")
        lines.extend(f"{key} = {json.dumps(value)}" for key, value in entry.items())
    path = folder / "newsmon.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def warehouse_rows(config: Path) -> dict[str, list[dict[str, Any]]]:
    """Articles, errors and raw document contents of the run."""
    con = duckdb.connect(str(config.parent / "newsmon.duckdb"), read_only=True)
    try:
        return {
            "articles": _dicts(con, "SELECT url, title, body, byline FROM articles"),
            "errors": _dicts(con, "SELECT source, uri, stage, error, detail FROM ingest_errors"),
            "documents": _dicts(con, "SELECT uri, content, hints FROM documents"),
        }
    finally:
        con.close()


def _dicts(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def check_outcome(case: Case, bad_uri: str | None, rows: dict[str, list[dict[str, Any]]]) -> None:
    """The bad input became exactly the expected rows, or the expected article."""
    expect, errors = case.expect, rows["errors"]
    assert len(errors) == expect.errors, f"expected {expect.errors} error rows, got {errors}"
    for row in errors:
        assert row["stage"] == expect.stage, row
        assert re.search(expect.error, row["error"]), row
        assert re.search(expect.reason, row["detail"]), row
        assert row["uri"], f"an error row without a uri says nothing: {row}"
    others = [a for a in rows["articles"] if a["title"] != GOOD_TITLE]
    if expect.kind != "article":
        assert all(a["url"] != bad_uri for a in others), f"the bad input loaded: {others}"
        return
    found = [a for a in others if _same(a["url"], bad_uri) or (bad_uri is None and a["title"])]
    assert found, f"no article from the bad input; articles: {[a['url'] for a in others]}"
    body, title = found[0]["body"], found[0]["title"]
    assert re.search(expect.reason, body, re.S), body[:300]
    if expect.title is not None:
        assert title is not None and re.search(expect.title, title), title


def _same(url: str, bad_uri: str | None) -> bool:
    """The article came from the bad input (a JSON file's records are `name#N`)."""
    return bad_uri is not None and (url == bad_uri or url.startswith(bad_uri + "#"))


def assert_canary_unread(rows: dict[str, list[dict[str, Any]]]) -> None:
    """The canary's text is nowhere in what was stored."""
    stored = [bytes(d["content"]) + str(d["hints"]).encode() for d in rows["documents"]]
    stored += [json.dumps(a, default=str).encode() for a in rows["articles"]]
    assert not any(CANARY_TEXT.encode() in blob for blob in stored)


def test_the_corpus_has_at_least_a_hundred_cases() -> None:
    assert len(CASES) >= 100
    assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"


def test_the_sitemap_helpers_build_what_they_say() -> None:
    assert b"<loc>http://x.test/a</loc>" in urlset("http://x.test/a")
    assert callable(sitemap(lambda _env: b""))
