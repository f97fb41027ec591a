"""Property tests: the cleaner and the feed parser take any bytes and fail only in the documented
way, within a bounded time. `make test` runs a short search; `make stress` a long one."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import transform
from connectors.base import ContentError, RawDocument
from connectors.rss import parse_feed

QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LONG = settings(
    max_examples=int(os.environ.get("NEWSMON_FUZZ_EXAMPLES", "3000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
MEDIA = st.sampled_from(["text/html", "text/plain", "text/markdown", "application/octet-stream"])
TAGS = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<script>", "<h1>", "<br>", "<a href=x>"])
HTMLISH = st.lists(st.one_of(TAGS, st.text(max_size=40)), max_size=60).map("".join)
FEEDISH = st.lists(
    st.one_of(
        st.sampled_from(
            [
                '<rss version="2.0">',
                "<channel>",
                "<item>",
                "</item>",
                "<title>",
                "</title>",
                "<link>http://x.test/a</link>",
                "<author>",
                "</author>",
                "<![CDATA[",
                "]]>",
                '<feed xmlns="http://www.w3.org/2005/Atom">',
                "<entry>",
                "</entry>",
                "&amp;",
                "&#0;",
            ]
        ),
        st.text(max_size=30),
    ),
    max_size=50,
).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))


def check_clean(content: bytes, media_type: str) -> None:
    """clean() returns an Article or raises ContentError; nothing else escapes."""
    try:
        article = transform.clean(RawDocument("s", "u", content, media_type))
    except ContentError:
        return
    assert isinstance(article.body, str)
    assert all(isinstance(p.text, str) for p in article.paragraphs)


def check_feed(content: bytes) -> None:
    """parse_feed returns entries or raises ContentError."""
    try:
        entries = parse_feed(content, feed_url="http://x.test/feed")
    except ContentError:
        return
    assert all(entry.url for entry in entries)


@QUICK
@given(st.binary(max_size=2000), MEDIA)
def test_the_cleaner_takes_any_bytes(content: bytes, media_type: str) -> None:
    check_clean(content, media_type)


@QUICK
@given(HTMLISH)
def test_the_cleaner_takes_any_tag_soup(html: str) -> None:
    check_clean(html.encode("utf-8", "surrogatepass"), "text/html")


@QUICK
@given(st.one_of(st.binary(max_size=2000), FEEDISH))
def test_the_feed_parser_takes_any_bytes(content: bytes) -> None:
    check_feed(content)


@pytest.mark.slow
@LONG
@given(st.one_of(st.binary(max_size=20_000), HTMLISH.map(str.encode)), MEDIA)
def test_the_cleaner_takes_any_bytes_long(content: bytes, media_type: str) -> None:
    check_clean(content, media_type)


@pytest.mark.slow
@LONG
@given(st.one_of(st.binary(max_size=20_000), FEEDISH))
def test_the_feed_parser_takes_any_bytes_long(content: bytes) -> None:
    check_feed(content)
