"""RSS 0.9x/1.0/2.0 and Atom feeds: one RawDocument per entry, its linked page fetched if asked."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser
from pydantic import Field

from connectors.base import (
    ContentError,
    DocumentError,
    FetchFailure,
    RawDocument,
    SourceError,
    SourceState,
)
from connectors.http import HttpOptions, PoliteClient

# Feed fields longer than this are cut before they reach the warehouse as hints.
_HINT_MAX_CHARS = 2_000
# feedparser's author/email parsing is quadratic: one 32 KB <author> cost 10 s (its issue #580),
# so person fields are cut to this many bytes before parsing.
_PERSON_MAX_BYTES = 512
# An internal DTD subset sits before the root element, so the prolog is enough to search.
_PROLOG_BYTES = 65_536
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_PERSON_FIELD = re.compile(
    rb"(<(?:author|name|email|managingEditor|webMaster|(?:dc|itunes):(?:creator|author|publisher"
    rb"|contributor))\b[^>]*>)([^<]{%d,})" % (_PERSON_MAX_BYTES + 1)
)


class FeedUnavailable(SourceError):
    """The feed itself could not be fetched or parsed; carries the feed URL."""


@dataclass(frozen=True)
class FeedEntry:
    """One feed entry: where it links, what the feed says about it, and its own content."""

    url: str
    stamp: str  # the entry's updated/published text: a change means fetch it again
    hints: Mapping[str, Any]
    content: str


class RssSource(HttpOptions):
    """Options of an `rss` source: the feed URL and whether to fetch each linked page."""

    name: str
    url: str = Field(pattern=r"^https?://")
    fetch_pages: bool = True

    def fetch(self, state: SourceState) -> Iterator[RawDocument | FetchFailure]:
        """Yield new or changed entries; an unchanged feed costs one conditional GET."""
        with PoliteClient(self, state.cursor) as client:
            try:
                feed = client.get(self.url, conditional=True)
                if feed.not_modified:
                    state.unchanged += len(state.cursor.get("entries", {}))
                    return
                entries = parse_feed(feed.content, feed_url=feed.url, headers=feed.headers)
            except DocumentError as exc:
                raise FeedUnavailable(f"source '{self.name}': feed {exc}", uri=self.url) from exc
            yield from self._entries(client, entries, state)

    def _entries(
        self, client: PoliteClient, entries: list[FeedEntry], state: SourceState
    ) -> Iterator[RawDocument | FetchFailure]:
        seen: dict[str, str] = state.cursor.get("entries", {})
        current: dict[str, str] = {}
        for entry in entries:
            if seen.get(entry.url) == entry.stamp:
                current[entry.url] = entry.stamp
                state.unchanged += 1
                continue
            item = self._document(client, entry)
            if isinstance(item, FetchFailure):
                client.validators.pop(self.url, None)  # refetch the feed: retry this entry
            else:
                current[entry.url] = entry.stamp
            yield item
        state.cursor["entries"] = current
        client.keep_validators([self.url])

    def _document(self, client: PoliteClient, entry: FeedEntry) -> RawDocument | FetchFailure:
        if not self.fetch_pages:
            return entry_document(self.name, entry)
        try:
            return client.document(self.name, entry.url, entry.hints)
        except DocumentError as exc:
            return FetchFailure(self.name, entry.url, exc)


def parse_feed(
    content: bytes, *, feed_url: str, headers: Mapping[str, str] | None = None
) -> list[FeedEntry]:
    """Pure: feed bytes to entries; raises ContentError when the bytes are not a feed."""
    # Entity declarations serve billion-laughs, quadratic blowup and external-entity reads
    # (issue 7); real feeds do not declare their own, so refuse them before any parser runs.
    if _ENTITY_DECLARATION.search(content[:_PROLOG_BYTES]):
        raise ContentError(
            f"{feed_url}: feed declares XML entities; refusing to parse", uri=feed_url
        )
    # Bytes, never str: feedparser would take a str for a URL or a path and open it.
    response_headers = {"content-location": feed_url}
    if headers and headers.get("content-type"):
        response_headers["content-type"] = headers["content-type"]
    parsed = feedparser.parse(_cut_person_fields(content), response_headers=response_headers)
    # An HTML error page parses as a valid empty feed with no version (shared/FACTS.md).
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception") or "no RSS or Atom root element"
        raise ContentError(f"{feed_url} is not an RSS or Atom feed ({problem})", uri=feed_url)
    if parsed.get("bozo") and not parsed.entries:  # a broken feed is not an empty one
        raise ContentError(
            f"{feed_url} is not well-formed XML and no entries could be read "
            f"({parsed.get('bozo_exception')}); check the feed URL",
            uri=feed_url,
        )
    language = parsed.feed.get("language")
    feed_title = parsed.feed.get("title")
    common = {"language": language, "feed_title": feed_title, "origin": "feed"}
    return [
        entry
        for index, raw in enumerate(parsed.entries)
        if (entry := _entry(raw, index, feed_url, common)) is not None
    ]


def _entry(raw: Any, index: int, feed_url: str, common: dict[str, Any]) -> FeedEntry | None:
    url = raw.get("link") or (raw.get("id") if str(raw.get("id", "")).startswith("http") else None)
    content = _entry_content(raw)
    if not url and not content:
        return None
    hints = {
        "title": raw.get("title"),
        "published": _entry_date(raw),
        "author": raw.get("author"),
        "summary": raw.get("summary"),
        **common,
    }
    stamp = str(_field(raw, "updated") or _field(raw, "published") or "")
    return FeedEntry(
        url=url or f"{feed_url}#entry-{index}",
        stamp=stamp,
        hints={k: _cut(v) for k, v in hints.items() if isinstance(v, str) and v.strip()},
        content=content,
    )


def _entry_date(raw: Any) -> str | None:
    """The entry's date as ISO 8601 UTC (feedparser normalises zones), else its raw text."""
    for key in ("published", "updated", "created"):
        parsed = _field(raw, f"{key}_parsed")
        if parsed:
            return datetime(*parsed[:6]).replace(tzinfo=UTC).isoformat()
        if _field(raw, key):
            return str(_field(raw, key))
    return None


def _field(raw: Any, key: str) -> Any:
    """A field as parsed; FeedParserDict.get maps `updated` to `published` with a warning."""
    return dict.get(raw, key)


def _entry_content(raw: Any) -> str:
    for item in raw.get("content") or []:
        if isinstance(item.get("value"), str) and item["value"].strip():
            return str(item["value"])
    return str(raw.get("summary") or "")


def _cut_person_fields(content: bytes) -> bytes:
    """Overlong author-like fields cut short (on a UTF-8 character boundary)."""

    def cut(match: re.Match[bytes]) -> bytes:
        text = match.group(2)[:_PERSON_MAX_BYTES]
        while text and 0x80 <= text[-1] <= 0xBF:  # drop a split multi-byte character
            text = text[:-1]
        return match.group(1) + (text[:-1] if text and text[-1] >= 0xC0 else text)

    return _PERSON_FIELD.sub(cut, bytes(content))


def _cut(value: str) -> str:
    return value if len(value) <= _HINT_MAX_CHARS else value[:_HINT_MAX_CHARS]


def entry_document(source: str, entry: FeedEntry) -> RawDocument | FetchFailure:
    """Pure: the feed's own text for an entry, when pages are not fetched."""
    if not entry.content.strip():
        error = ContentError(
            f"{entry.url}: the feed entry has no content or summary", uri=entry.url
        )
        return FetchFailure(source, entry.url, error)
    return RawDocument(
        source=source,
        uri=entry.url,
        content=entry.content.encode("utf-8"),
        media_type="text/html",
        hints={**entry.hints, "charset": "utf-8"},
    )
