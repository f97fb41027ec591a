"""The `web` connector: page lists, encodings, per-page failures and conditional reruns."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from werkzeug import Response

from connectors.base import ConfigError
from connectors.registry import build_connector
from connectors.web import WebSource
from tests.connectors.conftest import (
    JAPANESE,
    LATIN,
    Site,
    article_html,
    drip,
    errors,
    ingest,
    query,
    titles,
    write_config,
)

PARAGRAPHS = (
    "This paragraph is long enough for the cleaner to keep it as the body of the article.",
    "A second paragraph gives the article a little more text to store in the warehouse.",
)


def web_source(site: Site, *paths: str, **options: object) -> dict[str, object]:
    return {"name": "pages", "kind": "web", "urls": [site.url(p) for p in paths], **options}


def test_pages_in_several_encodings_decode_correctly(site: Site, tmp_path: Path) -> None:
    site.page(
        "/sjis",
        article_html("新聞の記事", *JAPANESE).encode("shift_jis"),
        "text/html; charset=Shift_JIS",
    )
    eucjp = article_html(
        "東京の天気",
        *JAPANESE,
        head='<meta http-equiv="Content-Type" content="text/html; charset=EUC-JP">',
    )
    site.page("/eucjp", eucjp.encode("euc-jp"), "text/html")
    site.page(
        "/cp1252",
        article_html("Café “crème”", *LATIN).encode("cp1252"),
        "text/html; charset=iso-8859-1",
    )
    site.page("/sniffed", article_html("Naïve “quotes”", *LATIN).encode("cp1252"), "text/html")
    site.page("/utf8", article_html("Plain", *PARAGRAPHS))
    config = write_config(
        tmp_path, web_source(site, "/sjis", "/eucjp", "/cp1252", "/sniffed", "/utf8")
    )
    ingest(config)
    assert errors(config) == []
    assert titles(config) == ["Café “crème”", "Naïve “quotes”", "Plain", "新聞の記事", "東京の天気"]
    bodies = dict(query(config, "SELECT title, body FROM articles"))
    assert "傘を持って" in bodies["新聞の記事"] and "傘を持って" in bodies["東京の天気"]
    assert "crème brûlée — a “classic”" in bodies["Café “crème”"]
    assert "€5" in bodies["Naïve “quotes”"]


def test_each_failure_is_an_ingest_error_row_and_the_run_goes_on(
    site: Site, tmp_path: Path
) -> None:
    site.robots = "User-agent: *\nDisallow: /private\n"
    site.page("/good", article_html("Good page", *PARAGRAPHS))
    site.page("/missing", "no", "text/plain", status=404)
    site.page("/private", article_html("Private", *PARAGRAPHS))
    site.page("/huge", b"<html>" + b"x" * 300_000, "text/html")
    site.page("/loop", "", status=302, headers={"Location": "/loop"})
    site.page("/down", "down", "text/plain", status=503)
    site.handler("/drip", lambda _r: Response(drip(30, 0.1), content_type="text/html"))
    paths = ["/good", "/missing", "/private", "/huge", "/loop", "/down", "/drip"]
    source = web_source(site, *paths, max_bytes=100_000, deadline=1.0)
    source["urls"] = [*source["urls"], "ftp://127.0.0.1/file"]  # type: ignore[list-item]
    config = write_config(tmp_path, source)
    started = time.monotonic()
    summary = ingest(config)
    assert time.monotonic() - started < 10
    assert titles(config) == ["Good page"]
    found = {uri: (stage, error) for stage, error, uri, _ in errors(config)}
    assert found == {
        site.url("/missing"): ("fetch", "HttpStatusError"),
        site.url("/private"): ("fetch", "RobotsDisallowed"),
        site.url("/huge"): ("fetch", "BodyTooLarge"),
        site.url("/loop"): ("fetch", "TooManyRedirects"),
        site.url("/down"): ("fetch", "HttpStatusError"),
        site.url("/drip"): ("fetch", "FetchTimeout"),
        "ftp://127.0.0.1/file": ("fetch", "BlockedAddress"),
    }
    assert summary.counts.failed == 7 and summary.counts.inserted == 1
    assert len(site.requests("/down")) == 3  # retried twice (retries = 2 in tests)
    assert site.requests("/private") == []


def test_429_and_500_are_retried_until_the_page_loads(site: Site, tmp_path: Path) -> None:
    site.server.expect_oneshot_request("/busy").respond_with_data(
        "wait", status=429, headers={"Retry-After": "1"}
    )
    site.page("/busy", article_html("Busy page", *PARAGRAPHS))
    site.server.expect_oneshot_request("/flaky").respond_with_data("err", status=500)
    site.page("/flaky", article_html("Flaky page", *PARAGRAPHS))
    config = write_config(tmp_path, web_source(site, "/busy", "/flaky"))
    ingest(config)
    assert titles(config) == ["Busy page", "Flaky page"] and errors(config) == []
    assert len(site.requests("/busy")) == 2 and len(site.requests("/flaky")) == 2


def test_rerun_against_an_unchanged_server_makes_only_conditional_requests(
    site: Site, tmp_path: Path
) -> None:
    for name in ("one", "two"):
        site.cached(f"/{name}", article_html(f"Page {name}", *PARAGRAPHS), "text/html", f'"{name}"')
    config = write_config(tmp_path, web_source(site, "/one", "/two"))
    assert ingest(config).counts.inserted == 2
    site.server.clear_log()
    summary = ingest(config)
    assert summary.counts.inserted == 0 and summary.counts.unchanged == 2
    assert [r.headers.get("If-None-Match") for r in site.requests()] == ['"one"', '"two"']
    assert site.requests("/robots.txt") == []
    (state,) = query(config, "SELECT cursor FROM source_state WHERE source = 'pages'")[0]
    assert '"etag"' in state and '"robots"' in state


def test_urls_file_is_read_relative_to_the_config(site: Site, tmp_path: Path) -> None:
    site.page("/a", article_html("From file", *PARAGRAPHS))
    (tmp_path / "pages.txt").write_text(f"# watched pages\n{site.url('/a')}\n\n")
    config = write_config(tmp_path, {"name": "pages", "kind": "web", "urls_file": "pages.txt"})
    ingest(config)
    assert titles(config) == ["From file"]


def test_a_missing_urls_file_is_a_source_error(site: Site, tmp_path: Path) -> None:
    config = write_config(tmp_path, {"name": "pages", "kind": "web", "urls_file": "nope.txt"})
    ingest(config)
    ((stage, error, _uri, detail),) = errors(config)
    assert (stage, error) == ("source", "SourceError") and "urls_file" in detail


def test_a_web_source_needs_urls() -> None:
    with pytest.raises(ConfigError, match="urls"):
        build_connector("web", {"name": "empty"})


def test_unknown_options_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="max_bytez"):
        build_connector("web", {"name": "w", "urls": ["https://x.test/"], "max_bytez": 5})


def test_all_three_kinds_are_registered() -> None:
    source = build_connector("web", {"name": "w", "urls": ["https://x.test/a"]})
    assert isinstance(source, WebSource)
    for kind in ("rss", "sitemap"):
        assert build_connector(kind, {"name": kind, "url": "https://x.test/f"}).name == kind


def test_a_malformed_url_is_one_error_row(site: Site, tmp_path: Path) -> None:
    site.page("/ok", article_html("Fine", *PARAGRAPHS))
    source = web_source(site, "/ok")
    source["urls"] = ["http://a.test:abc/x", "http:///x", *source["urls"]]  # type: ignore[list-item]
    config = write_config(tmp_path, source)
    ingest(config)
    assert titles(config) == ["Fine"]
    assert {(stage, error, uri) for stage, error, uri, _ in errors(config)} == {
        ("fetch", "FetchError", "http://a.test:abc/x"),
        ("fetch", "FetchError", "http:///x"),
    }
