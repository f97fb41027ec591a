"""The `sitemap` connector: indexes, Google News sitemaps, filters, depth, lastmod and reruns."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from werkzeug import Request, Response

from connectors.base import ContentError
from connectors.sitemap import parse_sitemap, parse_w3c_date
from tests.connectors.conftest import (
    Site,
    article_html,
    errors,
    ingest,
    query,
    titles,
    write_config,
)

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
IMAGE_NS = 'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'
RECENT = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
PARAGRAPHS = (
    "This paragraph is long enough for the cleaner to keep it as the body of the article.",
    "A second paragraph gives the article a little more text to store in the warehouse.",
)


def index(*children: tuple[str, str]) -> str:
    items = "".join(
        f"<sitemap><loc>{loc}</loc><lastmod>{mod}</lastmod></sitemap>" for loc, mod in children
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex {NS}>{items}</sitemapindex>'


def urlset(*urls: tuple[str, str | None]) -> str:
    items = "".join(
        f"<url><loc>{loc}</loc>{f'<lastmod>{mod}</lastmod>' if mod else ''}</url>"
        for loc, mod in urls
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset {NS}>{items}</urlset>'


def news_sitemap(*items: tuple[str, str, str]) -> str:
    body = "".join(
        f"<url><loc>{loc}</loc><news:news><news:publication><news:name>Ex</news:name>"
        f"<news:language>ja</news:language></news:publication>"
        f"<news:publication_date>{date}</news:publication_date><news:title>{title}</news:title>"
        f"</news:news></url>"
        for loc, date, title in items
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset {NS} {NEWS_NS}>{body}</urlset>'


def test_parses_a_urlset_with_lastmod_and_ignores_image_locs() -> None:
    xml = (
        f"<urlset {NS} {IMAGE_NS}><url><image:image><image:loc>http://x.test/i.jpg</image:loc>"
        "</image:image><loc>http://x.test/a</loc><lastmod>2024-05-01</lastmod></url>"
        "<url><loc>mailto:someone@x.test</loc></url></urlset>"
    )
    parsed = parse_sitemap(xml.encode(), url="http://x.test/s.xml")
    assert parsed.kind == "urlset"
    assert [(e.loc, e.lastmod) for e in parsed.entries] == [("http://x.test/a", "2024-05-01")]


def test_parses_a_google_news_sitemap_into_hints() -> None:
    xml = news_sitemap(("http://x.test/n1", "2024-05-01T10:00:00+09:00", "見出し"))
    (entry,) = parse_sitemap(xml.encode(), url="http://x.test/news.xml").entries
    assert entry.lastmod == "2024-05-01T10:00:00+09:00"
    assert dict(entry.hints) == {
        "title": "見出し",
        "published": "2024-05-01T10:00:00+09:00",
        "language": "ja",
        "origin": "sitemap",
    }


def test_parses_an_index_a_gzip_sitemap_and_a_text_sitemap() -> None:
    parsed = parse_sitemap(index(("http://x.test/s1.xml", "2024-01-01")).encode(), url="i")
    assert parsed.kind == "index" and parsed.entries[0].loc == "http://x.test/s1.xml"
    zipped = gzip.compress(urlset(("http://x.test/z", None)).encode())
    assert parse_sitemap(zipped, url="z.xml.gz").entries[0].loc == "http://x.test/z"
    text = b"http://x.test/t1\n\nhttp://x.test/t2\nnot a url\n"
    assert [e.loc for e in parse_sitemap(text, url="s.txt").entries] == [
        "http://x.test/t1",
        "http://x.test/t2",
    ]


@pytest.mark.parametrize(
    "content",
    [
        b"<urlset><url><loc>http://x.test/a</loc></url>",
        b"<html><body>not a sitemap</body></html>",
        b'<!DOCTYPE x [<!ENTITY a "aaaa">]><urlset>&a;</urlset>',
    ],
)
def test_malformed_or_foreign_xml_is_a_content_error(content: bytes) -> None:
    with pytest.raises(ContentError):
        parse_sitemap(content, url="http://x.test/bad.xml")


def test_w3c_dates_parse_to_utc() -> None:
    assert parse_w3c_date("2024-05-01") == datetime(2024, 5, 1, tzinfo=UTC)
    assert parse_w3c_date("2024-05-01T10:00:00+02:00") == datetime(2024, 5, 1, 8, tzinfo=UTC)
    assert parse_w3c_date("yesterday") is None


def serve_tree(site: Site) -> None:
    """An index -> news sitemap (two encodings) + an old sitemap + a nested index."""
    site.cached(
        "/sitemap_index.xml",
        index(
            (site.url("/news.xml"), RECENT),
            (site.url("/old.xml"), "2015-01-01"),
            (site.url("/nested.xml"), RECENT),
        ),
        "application/xml",
        '"i1"',
    )
    site.cached(
        "/news.xml",
        news_sitemap(
            (site.url("/euc"), RECENT, "天気"),
            (site.url("/latin"), RECENT, "Café"),
        ),
        "application/xml",
        '"n1"',
    )
    site.page("/old.xml", urlset((site.url("/ancient"), "2015-01-01")), "application/xml")
    site.cached("/nested.xml", index((site.url("/deep.xml"), RECENT)), "application/xml", '"x1"')
    site.cached("/deep.xml", urlset((site.url("/deep-page"), RECENT)), "application/xml", '"d1"')
    euc = article_html(
        "東京の天気",
        "今日の東京は晴れです。気温は二十度まで上がる見込みです。",
        "明日は雨が降るでしょう。傘を持って出かけてください。",
        head='<meta charset="euc-jp">',
    )
    site.page("/euc", euc.encode("euc-jp"), "text/html")
    latin = article_html(
        "Café “crème”",
        "The café served crème brûlée — a “classic” dessert for everyone who came.",
        "Naïve visitors paid €5 for it, which was a bargain by any measure at all.",
    )
    site.page("/latin", latin.encode("cp1252"), "text/html")  # no charset anywhere
    site.page("/deep-page", article_html("Deep page", *PARAGRAPHS))
    site.page("/ancient", article_html("Ancient page", *PARAGRAPHS))


def sitemap_source(site: Site, **options: object) -> dict[str, object]:
    return {"name": "maps", "kind": "sitemap", "url": site.url("/sitemap_index.xml"), **options}


def test_index_news_sitemap_and_nested_index_land_in_articles(site: Site, tmp_path: Path) -> None:
    serve_tree(site)
    config = write_config(tmp_path, sitemap_source(site, max_age_days=365))
    ingest(config)
    assert titles(config) == ["Café “crème”", "Deep page", "東京の天気"]
    assert errors(config) == []
    assert site.requests("/old.xml") == [] and site.requests("/ancient") == []
    (language,) = query(config, "SELECT language FROM articles WHERE title = '東京の天気'")[0]
    assert language == "ja"


def test_sitemap_rerun_against_an_unchanged_server_costs_one_304(
    site: Site, tmp_path: Path
) -> None:
    serve_tree(site)
    config = write_config(tmp_path, sitemap_source(site, max_age_days=365))
    ingest(config)
    site.server.clear_log()
    summary = ingest(config)
    assert summary.counts.inserted == 0 and summary.counts.unchanged == 3
    (only,) = site.requests()
    assert only.path == "/sitemap_index.xml" and only.headers["If-None-Match"] == '"i1"'


def test_only_new_or_changed_lastmods_are_fetched(site: Site, tmp_path: Path) -> None:
    version = {"n": 1}

    def listing(request: Request) -> Response:
        tag = f'"v{version["n"]}"'
        if request.headers.get("If-None-Match") == tag:
            return Response(status=304)
        urls = [(site.url("/p1"), "2024-05-01"), (site.url("/p2"), f"2024-05-0{version['n']}")]
        urls += [(site.url("/p3"), "2024-05-03")] if version["n"] > 1 else []
        return Response(urlset(*urls), content_type="application/xml", headers={"ETag": tag})

    site.handler("/sitemap_index.xml", listing)
    for name in ("p1", "p2", "p3"):
        site.page(f"/{name}", article_html(f"Page {name}", *PARAGRAPHS))
    config = write_config(tmp_path, sitemap_source(site))
    ingest(config)
    version["n"] = 2
    site.server.clear_log()
    summary = ingest(config)
    assert [r.path for r in site.requests()] == ["/sitemap_index.xml", "/p2", "/p3"]
    assert summary.counts.inserted == 1 and summary.counts.unchanged == 2


def test_include_and_exclude_filter_urls(site: Site, tmp_path: Path) -> None:
    site.page(
        "/sitemap_index.xml",
        urlset(
            (site.url("/news/1"), None),
            (site.url("/news/2-live"), None),
            (site.url("/about"), None),
        ),
        "application/xml",
    )
    site.page("/news/1", article_html("News one", *PARAGRAPHS))
    config = write_config(tmp_path, sitemap_source(site, include="/news/", exclude="-live$"))
    ingest(config)
    assert titles(config) == ["News one"]
    assert [r.path for r in site.requests()] == ["/sitemap_index.xml", "/news/1"]


def test_nesting_deeper_than_max_depth_is_an_error_row(site: Site, tmp_path: Path) -> None:
    serve_tree(site)
    config = write_config(tmp_path, sitemap_source(site, max_depth=1, max_age_days=365))
    ingest(config)
    ((stage, error, uri, detail),) = errors(config)
    assert (stage, error, uri) == ("parse", "ContentError", site.url("/nested.xml"))
    assert "max_depth" in detail
    assert "Deep page" not in titles(config) and len(titles(config)) == 2


def test_failed_child_sitemap_and_pages_are_rows_and_the_rest_loads(
    site: Site, tmp_path: Path
) -> None:
    site.page(
        "/sitemap_index.xml",
        index((site.url("/broken.xml"), RECENT), (site.url("/good.xml"), RECENT)),
        "application/xml",
    )
    site.page("/broken.xml", "oops", "text/plain", status=500)
    site.page(
        "/good.xml",
        urlset((site.url("/ok"), None), (site.url("/missing"), None), (site.url("/huge"), None)),
        "application/xml",
    )
    site.page("/ok", article_html("Fine page", *PARAGRAPHS))
    site.page("/missing", "no", "text/plain", status=404)
    site.page("/huge", b"<html>" + b"x" * 200_000, "text/html")
    config = write_config(tmp_path, sitemap_source(site, max_bytes=100_000))
    ingest(config)
    assert titles(config) == ["Fine page"]
    assert [(s, e, u) for s, e, u, _ in errors(config)] == [
        ("fetch", "HttpStatusError", site.url("/broken.xml")),
        ("fetch", "BodyTooLarge", site.url("/huge")),
        ("fetch", "HttpStatusError", site.url("/missing")),
    ]


def test_an_unreadable_root_sitemap_is_a_source_error(site: Site, tmp_path: Path) -> None:
    site.page("/sitemap_index.xml", "gone", "text/plain", status=404)
    config = write_config(tmp_path, sitemap_source(site))
    ingest(config)
    ((stage, error, _uri, detail),) = errors(config)
    assert (stage, error) == ("source", "SitemapUnavailable") and "HTTP 404" in detail


def test_an_unchanged_child_in_the_index_is_skipped_without_a_request(
    site: Site, tmp_path: Path
) -> None:
    version = {"n": 1}

    def listing(_request: Request) -> Response:  # no validators: the index's lastmod decides
        children = [
            (site.url("/a.xml"), "2024-05-01"),
            (site.url("/b.xml"), f"2024-05-0{version['n']}"),
        ]
        return Response(index(*children), content_type="application/xml")

    site.handler("/sitemap_index.xml", listing)
    site.page("/a.xml", urlset((site.url("/pa"), None)), "application/xml")
    site.page("/b.xml", urlset((site.url("/pb"), None)), "application/xml")
    site.page("/pa", article_html("Page a", *PARAGRAPHS))
    site.page("/pb", article_html("Page b", *PARAGRAPHS))
    config = write_config(tmp_path, sitemap_source(site))
    ingest(config)
    version["n"] = 2
    site.server.clear_log()
    summary = ingest(config)
    assert [r.path for r in site.requests()] == ["/sitemap_index.xml", "/b.xml"]
    assert summary.counts.unchanged == 2 and summary.counts.inserted == 0
