"""The `rss` connector: feed formats, pages fetched and cleaned, hints, reruns and failures."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from werkzeug import Request, Response

from connectors.base import ContentError, RawDocument
from connectors.rss import entry_document, parse_feed
from tests.connectors.conftest import (
    Site,
    article_html,
    errors,
    ingest,
    query,
    titles,
    write_config,
)

RSS2 = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example News</title><language>en</language>
<item><title>First</title><link>{base}/a</link><author>ann@example.org (Ann)</author>
<pubDate>Tue, 30 Apr 2024 08:00:00 +0200</pubDate><description>First summary</description></item>
<item><title>Second</title><link>{base}/b</link>
<pubDate>Wed, 01 May 2024 09:00:00 GMT</pubDate></item>
<item><title>Third</title><link>{base}/c</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<entry><title>Atom one</title><link href="/atom/1"/><id>urn:1</id>
<updated>2024-05-02T10:00:00Z</updated><author><name>Ann</name></author>
<content type="html">&lt;p&gt;Atom body text that is long enough to keep as an article.
&lt;/p&gt;</content>
</entry></feed>"""

RSS1 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://x.test/"><title>RDF</title><link>http://x.test/</link></channel>
<item rdf:about="http://x.test/r1"><title>RDF one</title><link>http://x.test/r1</link>
<dc:date>2024-05-03T00:00:00Z</dc:date><dc:creator>Bo</dc:creator></item></rdf:RDF>"""

RSS091 = """<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>
<item><title>Old one</title><link>http://x.test/o1</link><description>Hi</description></item>
</channel></rss>"""

PARAGRAPHS = (
    "This paragraph is long enough for the cleaner to keep it as the body of the article.",
    "A second paragraph gives the article a little more text to store in the warehouse.",
)


def feed_source(site: Site, **options: object) -> dict[str, object]:
    return {"name": "news", "kind": "rss", "url": site.url("/feed.xml"), **options}


def serve_feed_site(site: Site, third: bool = False) -> None:
    site.cached("/feed.xml", RSS2.format(base=site.url("")[:-1]), "application/rss+xml", '"f1"')
    site.page("/a", article_html("First page", *PARAGRAPHS))
    site.page(
        "/b",
        article_html(
            "二番目の記事",
            "今日の東京は晴れです。気温は二十度まで上がる見込みです。明日は雨が降るでしょう。",
        ).encode("shift_jis"),
        "text/html; charset=Shift_JIS",
    )
    if third:
        site.page("/c", article_html("Third page", *PARAGRAPHS))
    else:
        site.page("/c", "not here", "text/plain", status=404)


def test_parses_rss2_entries_with_hints() -> None:
    entries = parse_feed(RSS2.format(base="http://x.test").encode(), feed_url="http://x.test/f")
    assert [e.url for e in entries] == ["http://x.test/a", "http://x.test/b", "http://x.test/c"]
    first = entries[0].hints
    assert first["title"] == "First" and first["summary"] == "First summary"
    assert first["published"] == "2024-04-30T06:00:00+00:00"  # normalised to UTC
    assert first["author"] and first["language"] == "en" and first["feed_title"] == "Example News"
    assert first["origin"] == "feed"


@pytest.mark.parametrize(
    ("feed", "url", "title"),
    [
        (ATOM, "http://x.test/atom/1", "Atom one"),
        (RSS1, "http://x.test/r1", "RDF one"),
        (RSS091, "http://x.test/o1", "Old one"),
    ],
)
def test_parses_atom_rss1_and_rss091(feed: str, url: str, title: str) -> None:
    entries = parse_feed(feed.encode(), feed_url="http://x.test/feed")
    assert [(e.url, e.hints["title"]) for e in entries] == [(url, title)]


def test_an_html_page_is_not_a_feed() -> None:
    with pytest.raises(ContentError, match="not an RSS or Atom feed"):
        parse_feed(b"<html><body><h1>502 Bad Gateway</h1></body></html>", feed_url="http://x/f")


def test_entry_document_uses_the_feeds_own_content() -> None:
    (entry,) = parse_feed(ATOM.encode(), feed_url="http://x.test/feed")
    document = entry_document("news", entry)
    assert isinstance(document, RawDocument)
    assert b"Atom body text" in document.content and document.hints["charset"] == "utf-8"


def test_entry_pages_land_in_articles_and_a_404_in_ingest_errors(
    site: Site, tmp_path: Path
) -> None:
    serve_feed_site(site)
    config = write_config(tmp_path, feed_source(site))
    summary = ingest(config)
    assert titles(config) == ["First page", "二番目の記事"]
    ((stage, error, uri, detail),) = errors(config)
    assert (stage, error, uri) == ("fetch", "HttpStatusError", site.url("/c"))
    assert "HTTP 404" in detail
    assert summary.counts.inserted == 2


def test_feed_hints_fill_what_the_page_lacks(site: Site, tmp_path: Path) -> None:
    serve_feed_site(site)
    config = write_config(tmp_path, feed_source(site))
    ingest(config)
    rows = dict(query(config, "SELECT url, published_at FROM articles"))
    assert rows[site.url("/a")].isoformat().startswith("2024-04-30T06:00:00")
    assert rows[site.url("/b")].isoformat().startswith("2024-05-01T09:00:00")


def test_page_date_wins_over_the_feed_date(site: Site, tmp_path: Path) -> None:
    base = site.url("")[:-1]
    site.page("/feed.xml", RSS2.format(base=base), "application/rss+xml")
    site.page("/a", article_html("Dated", *PARAGRAPHS, date="2023-12-24T12:00:00Z"))
    site.page("/b", article_html("B", *PARAGRAPHS))
    site.page("/c", article_html("C", *PARAGRAPHS))
    config = write_config(tmp_path, feed_source(site))
    ingest(config)
    (published,) = query(config, "SELECT published_at FROM articles WHERE title = 'Dated'")[0]
    assert published.isoformat().startswith("2023-12-24T12:00:00")


def test_rerun_of_an_unchanged_feed_inserts_nothing_with_one_304(
    site: Site, tmp_path: Path
) -> None:
    serve_feed_site(site, third=True)  # no failures: the feed is "done"
    config = write_config(tmp_path, feed_source(site))
    ingest(config)
    site.server.clear_log()
    summary = ingest(config)
    assert summary.counts.inserted == 0 and summary.counts.updated == 0
    assert summary.counts.unchanged == 3
    (feed_request,) = site.requests()
    assert feed_request.headers["If-None-Match"] == '"f1"'
    assert site.requests("/robots.txt") == []  # robots.txt cached in the cursor for a day
    assert query(config, "SELECT count(*) FROM documents") == [(3,)]


def test_a_failed_entry_is_retried_on_the_next_run(site: Site, tmp_path: Path) -> None:
    up = {"c": False}

    def third(_request: Request) -> Response:
        if not up["c"]:
            return Response("down", status=404)
        return Response(article_html("Third page", *PARAGRAPHS), content_type="text/html")

    site.cached("/feed.xml", RSS2.format(base=site.url("")[:-1]), "application/rss+xml", '"f1"')
    site.page("/a", article_html("First page", *PARAGRAPHS))
    site.page("/b", article_html("Second page", *PARAGRAPHS))
    site.handler("/c", third)
    config = write_config(tmp_path, feed_source(site))
    ingest(config)
    up["c"] = True
    site.server.clear_log()
    summary = ingest(config)
    assert summary.counts.inserted == 1 and "Third page" in titles(config)
    assert [r.path for r in site.requests()] == ["/feed.xml", "/c"]  # seen entries are skipped


def test_fetch_pages_false_stores_the_feed_text(site: Site, tmp_path: Path) -> None:
    site.page("/atom.xml", ATOM, "application/atom+xml")
    config = write_config(
        tmp_path,
        {"name": "atom", "kind": "rss", "url": site.url("/atom.xml"), "fetch_pages": False},
    )
    ingest(config)
    rows = query(config, "SELECT url, title, byline FROM articles")
    assert rows == [(site.url("/atom/1"), "Atom one", "Ann")]
    assert site.requests("/atom/1") == []


def test_a_malformed_feed_is_a_source_error_and_the_run_goes_on(site: Site, tmp_path: Path) -> None:
    site.page("/feed.xml", "<html><body>Oops, an error page</body></html>")
    site.page("/ok.xml", ATOM, "application/atom+xml")
    config = write_config(
        tmp_path,
        feed_source(site),
        {"name": "ok", "kind": "rss", "url": site.url("/ok.xml"), "fetch_pages": False},
    )
    ingest(config)
    ((stage, error, _uri, detail),) = errors(config)
    assert (stage, error) == ("source", "FeedUnavailable")
    assert site.url("/feed.xml") in detail and "not an RSS or Atom feed" in detail
    assert titles(config) == ["Atom one"]


def test_a_feed_on_a_private_address_is_refused_without_allow_private(
    site: Site, tmp_path: Path
) -> None:
    site.page("/feed.xml", ATOM, "application/atom+xml")
    config = write_config(tmp_path, feed_source(site, allow_private=False))
    ingest(config)
    ((stage, error, _uri, detail),) = errors(config)
    assert (stage, error) == ("source", "FeedUnavailable") and "allow_private" in detail
    assert site.requests() == []


def test_a_huge_author_field_is_cut_before_feedparser_chokes_on_it() -> None:
    author = "é" + "a" * 40_000
    feed = RSS091.replace("<description>", f"<author>{author}</author><description>")
    started = time.monotonic()
    (entry,) = parse_feed(feed.encode(), feed_url="http://x.test/feed")
    assert time.monotonic() - started < 1.0
    assert entry.hints["author"].startswith("éaaa") and len(entry.hints["author"]) < 600
