"""Sitemaps, sitemap indexes and Google News sitemaps: the pages they list, new or changed only."""

from __future__ import annotations

import re
import zlib
from collections.abc import Generator, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from xml.etree import ElementTree

from pydantic import Field, field_validator

from connectors.base import (
    ContentError,
    DocumentError,
    FetchFailure,
    RawDocument,
    SourceError,
    SourceState,
)
from connectors.http import BodyTooLarge, HttpOptions, PoliteClient

Walk = Generator[RawDocument | FetchFailure, None, bool]  # yields documents, returns "all read"


class SitemapUnavailable(SourceError):
    """The source's own sitemap could not be fetched or parsed; carries its URL."""


@dataclass(frozen=True)
class SitemapEntry:
    """One <sitemap> or <url>: its location, lastmod and (Google News) hints."""

    loc: str
    lastmod: str | None = None
    hints: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap: an index of sitemaps or a set of page URLs."""

    kind: Literal["index", "urlset"]
    entries: list[SitemapEntry]


class SitemapSource(HttpOptions):
    """Options of a `sitemap` source: the sitemap URL, URL filters, depth and age limits."""

    name: str
    url: str = Field(pattern=r"^https?://")
    include: str | None = None
    exclude: str | None = None
    max_depth: int = Field(default=3, ge=0, le=10)
    max_age_days: float | None = Field(default=None, gt=0)

    @field_validator("include", "exclude")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        """A bad regular expression is a config error, reported before any fetch."""
        if pattern is not None:
            re.compile(pattern)
        return pattern

    def fetch(self, state: SourceState) -> Iterator[RawDocument | FetchFailure]:
        """Yield pages that are new or whose lastmod changed; unchanged sitemaps cost a 304."""
        with PoliteClient(self, state.cursor) as client:
            walk = _SitemapWalk(self, client, state)
            yield from walk.sitemap(self.url, None, depth=0)
            state.cursor["sitemaps"] = walk.new
            client.keep_validators(walk.new)

    def wanted(self, entry: SitemapEntry, now: datetime) -> bool:
        """Whether the URL passes the include/exclude filters and is not older than max_age_days."""
        if self.include and not re.search(self.include, entry.loc):
            return False
        if self.exclude and re.search(self.exclude, entry.loc):
            return False
        return not self.too_old(entry.lastmod, now)

    def too_old(self, lastmod: str | None, now: datetime) -> bool:
        """Whether a lastmod is older than max_age_days (no lastmod is never too old)."""
        when = parse_w3c_date(lastmod)
        limit = self.max_age_days
        return limit is not None and when is not None and when < now - timedelta(days=limit)


class _SitemapWalk:
    """One run over a sitemap tree: `new` becomes the cursor's per-sitemap page lastmods."""

    def __init__(self, source: SitemapSource, client: PoliteClient, state: SourceState) -> None:
        self.source, self.client, self.state = source, client, state
        self.old: dict[str, Any] = state.cursor.get("sitemaps", {})
        self.new: dict[str, Any] = {}
        self.now = datetime.now(UTC)

    def sitemap(self, url: str, lastmod: str | None, depth: int) -> Walk:
        """Read one sitemap (and what it lists); returns False if anything below failed."""
        if url in self.new:
            return True  # listed twice, or an index that lists itself
        if self._unchanged_in_index(url, lastmod):
            return self._carry(url)
        try:
            fetched = self.client.get(url, conditional=True)
            if fetched.not_modified:
                return self._carry(url)
            parsed = parse_sitemap(fetched.content, url=url, max_bytes=self.source.max_bytes)
        except DocumentError as exc:
            if depth == 0:
                raise SitemapUnavailable(f"source '{self.source.name}': {exc}", uri=url) from exc
            yield FetchFailure(self.source.name, url, exc)
            self._carry(url)
            self.new[url] = {**self.new[url], "complete": False}
            return False
        self.new[url] = {"lastmod": lastmod, "pages": {}}
        if parsed.kind == "index":
            ok = yield from self._index(url, parsed, depth)
        else:
            ok = yield from self._pages(url, parsed)
        self.new[url]["complete"] = ok
        if not ok:
            self.client.validators.pop(url, None)  # read it again next run to retry failures
        return ok

    def _unchanged_in_index(self, url: str, lastmod: str | None) -> bool:
        """The index says the child did not change, and its last read had no failures."""
        previous = self.old.get(url) or {}
        return bool(lastmod and previous.get("complete") and previous.get("lastmod") == lastmod)

    def _carry(self, url: str) -> bool:
        """Keep what the last run knew of an unchanged sitemap, and of every sitemap below it."""
        previous = self.old.get(url, {"lastmod": None, "pages": {}})
        self.new[url] = previous
        self.state.unchanged += len(previous.get("pages", {}))
        for child in previous.get("children", []):
            if child not in self.new:
                self._carry(child)
        return True

    def _index(self, url: str, index: Sitemap, depth: int) -> Walk:
        if depth >= self.source.max_depth:
            problem = f"{url}: sitemap index nested deeper than max_depth = {self.source.max_depth}"
            yield FetchFailure(self.source.name, url, ContentError(problem, uri=url))
            return False
        ok, children = True, self.new[url].setdefault("children", [])
        for child in index.entries:
            if not self.source.too_old(child.lastmod, self.now):
                children.append(child.loc)
                ok = (yield from self.sitemap(child.loc, child.lastmod, depth + 1)) and ok
        return ok

    def _pages(self, url: str, urlset: Sitemap) -> Walk:
        known: dict[str, str] = self.old.get(url, {}).get("pages", {})
        pages: dict[str, str] = self.new[url]["pages"]
        ok = True
        for entry in urlset.entries:
            stamp = entry.lastmod or ""
            if not self.source.wanted(entry, self.now):
                continue
            if known.get(entry.loc) == stamp:
                pages[entry.loc] = stamp
                self.state.unchanged += 1
                continue
            try:
                yield self.client.document(self.source.name, entry.loc, entry.hints)
            except DocumentError as exc:
                yield FetchFailure(self.source.name, entry.loc, exc)
                ok = False
                continue
            pages[entry.loc] = stamp
        return ok


# The sitemap protocol's cap per file: more means a broken or hostile sitemap (issue 7).
MAX_ENTRIES = 50_000
_NEWS_HINTS = {"title": "title", "publication_date": "published", "language": "language"}


def parse_sitemap(content: bytes, *, url: str, max_bytes: int = 50_000_000) -> Sitemap:
    """Pure: sitemap bytes (XML, gzip'd XML or plain text) to entries; ContentError if neither."""
    content = _gunzip(content, url, max_bytes) if content[:2] == b"\x1f\x8b" else content
    head = content.lstrip()[:1]
    if head and head != b"<":
        lines = content.decode("utf-8", errors="replace").splitlines()
        return Sitemap("urlset", [SitemapEntry(s.strip()) for s in lines if _is_http(s.strip())])
    if b"<!ENTITY" in content:  # sitemaps never need entities; refuse expansion tricks
        raise ContentError(f"{url}: sitemap declares XML entities; refusing to parse", uri=url)
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as exc:
        raise ContentError(f"{url} is not well-formed XML ({exc})", uri=url) from exc
    kind = _local(root.tag)
    if kind not in ("sitemapindex", "urlset"):
        raise ContentError(f"{url}: root <{kind}> is neither <urlset> nor <sitemapindex>", uri=url)
    child = "sitemap" if kind == "sitemapindex" else "url"
    entries = [_entry(node) for node in root if _local(node.tag) == child]
    if len(entries) > MAX_ENTRIES:
        raise ContentError(
            f"{url} lists {len(entries):,} entries, over the sitemap protocol's limit of "
            f"{MAX_ENTRIES:,}; ask the site to split it into an index",
            uri=url,
        )
    return Sitemap(
        "index" if kind == "sitemapindex" else "urlset",
        [e for e in entries if e is not None and _is_http(e.loc)],
    )


def _entry(node: ElementTree.Element) -> SitemapEntry | None:
    # <loc> and <lastmod> are direct children; <news:news> nests its fields, and
    # <image:image> nests a <loc> of its own that must not win.
    values = {_local(c.tag): c.text.strip() for c in node if c.text and c.text.strip()}
    for item in node.iter():
        name = _local(item.tag)
        if name in _NEWS_HINTS and name not in values and item.text and item.text.strip():
            values[name] = item.text.strip()
    if "loc" not in values:
        return None
    hints = {hint: values[key] for key, hint in _NEWS_HINTS.items() if key in values}
    if hints:
        hints["origin"] = "sitemap"
    return SitemapEntry(
        values["loc"], values.get("lastmod") or values.get("publication_date"), hints
    )


def parse_w3c_date(value: str | None) -> datetime | None:
    """A sitemap date (W3C datetime: `2024-05-01` or `2024-05-01T10:00:00Z`) in UTC, or None."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _gunzip(content: bytes, url: str, max_bytes: int) -> bytes:
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        data = inflater.decompress(content, max_bytes + 1)
    except zlib.error as exc:
        raise ContentError(f"{url}: corrupt gzip sitemap ({exc})", uri=url) from exc
    if len(data) > max_bytes:
        raise BodyTooLarge(f"{url}: unzipped sitemap is over max_bytes = {max_bytes:,}", uri=url)
    if not inflater.eof:  # zlib returns what it could and stays silent about the rest
        raise ContentError(f"{url}: corrupt gzip sitemap (truncated stream)", uri=url)
    return data


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _is_http(url: str) -> bool:
    return url.startswith(("http://", "https://"))
