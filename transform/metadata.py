"""Article metadata (title, byline, dates, language, canonical URL, image), each with provenance."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bs4 import BeautifulSoup, Tag
from dateutil import parser as date_parser

from transform.normalize import normalize_line

_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$|-)")


@dataclass
class Metadata:
    """Metadata found for one document; `provenance[field]` names where each value came from."""

    title: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    byline: str | None = None
    published_at: datetime | None = None
    language: str | None = None
    top_image: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)

    def offer(self, name: str, value: object, origin: str) -> None:
        """Set `name` from `origin` unless an earlier, more trusted origin already did."""
        if getattr(self, name) is not None or value in (None, ""):
            return
        setattr(self, name, value)
        self.provenance[name] = origin


def parse_date(value: object) -> datetime | None:
    """A timestamp in UTC from ISO 8601, RFC 2822 or common human formats; None if unparsable."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and value.strip():
        try:
            parsed = date_parser.parse(value.strip())
        except (ValueError, OverflowError):
            return None
    else:
        return None
    # A date with no zone is taken as UTC: guessing a local zone would be worse.
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def metadata_from_hints(hints: Mapping[str, Any], url: str | None = None) -> Metadata:
    """Metadata a source handed over (a JSON record's fields, a feed entry)."""
    meta = Metadata()
    apply_hints(meta, hints, url)
    return meta


def apply_hints(meta: Metadata, hints: Mapping[str, Any], url: str | None) -> None:
    """Fill what is still missing from the source's hints, the least specific origin."""
    origin = str(hints.get("origin", "hint"))
    meta.offer("title", _clean(hints.get("title")), origin)
    meta.offer("url", hints.get("url") or url, origin if hints.get("url") else "uri")
    meta.offer("byline", _clean(hints.get("author")), origin)
    meta.offer("published_at", parse_date(hints.get("published")), origin)
    meta.offer("language", hints.get("language"), origin)
    if meta.published_at is None and meta.url:
        meta.offer("published_at", date_from_url(meta.url), "url")


def date_from_url(url: str) -> datetime | None:
    """`/2025/07/11/` style dates in article URLs."""
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        return datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC)
    except ValueError:
        return None


def extract_html_metadata(
    soup: BeautifulSoup, hints: Mapping[str, Any], url: str | None
) -> Metadata:
    """JSON-LD first, then OpenGraph and meta tags, then the document, then the source's hints."""
    meta = Metadata()
    for item in _json_ld_articles(soup):
        meta.offer("title", _clean(item.get("headline")), "json-ld")
        meta.offer("published_at", parse_date(item.get("datePublished")), "json-ld")
        meta.offer("byline", _author_name(item.get("author")), "json-ld")
        meta.offer("canonical_url", item.get("url") or None, "json-ld")
    meta.offer("title", _meta(soup, "og:title", "twitter:title"), "opengraph")
    meta.offer("published_at", parse_date(_meta(soup, "article:published_time")), "opengraph")
    meta.offer("published_at", parse_date(_meta(soup, "pubdate", "date", "dc.date")), "meta")
    meta.offer("byline", _meta(soup, "author", "article:author"), "meta")
    meta.offer("top_image", _meta(soup, "og:image", "twitter:image"), "opengraph")
    meta.offer("canonical_url", _link(soup, "canonical") or _meta(soup, "og:url"), "link")
    meta.offer("language", _html_lang(soup), "html-lang")
    time_tag = soup.find("time", attrs={"datetime": True})
    if isinstance(time_tag, Tag):
        meta.offer("published_at", parse_date(time_tag.get("datetime")), "time-tag")
    meta.offer("title", _document_title(soup), "html-title")
    apply_hints(meta, hints, url)
    return meta


def _clean(value: object) -> str | None:
    return normalize_line(value) or None if isinstance(value, str) else None


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find(
            "meta", attrs={"name": name}
        )
        if isinstance(tag, Tag) and isinstance(tag.get("content"), str):
            value = normalize_line(str(tag["content"]))
            if value:
                return value
    return None


def _link(soup: BeautifulSoup, rel: str) -> str | None:
    tag = soup.find("link", rel=rel, href=True)
    return str(tag["href"]) if isinstance(tag, Tag) else None


def _html_lang(soup: BeautifulSoup) -> str | None:
    html = soup.find("html")
    lang = html.get("lang") if isinstance(html, Tag) else None
    return str(lang).split("-")[0].lower() if lang else None


def _document_title(soup: BeautifulSoup) -> str | None:
    h1 = soup.find("h1")
    if isinstance(h1, Tag) and normalize_line(h1.get_text(" ")):
        return normalize_line(h1.get_text(" "))
    return _clean(soup.title.string) if soup.title and soup.title.string else None


def _json_ld_articles(soup: BeautifulSoup) -> Iterator[Mapping[str, Any]]:
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except (json.JSONDecodeError, TypeError):
            continue  # a page's broken JSON-LD is common and never fatal
        yield from _article_nodes(data)


def _article_nodes(data: object) -> Iterator[Mapping[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _article_nodes(item)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _article_nodes(data["@graph"])
        kind = data.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and k.endswith("Article") for k in kinds):
            yield data


def _author_name(author: object) -> str | None:
    if isinstance(author, list):
        names = [name for name in (_author_name(a) for a in author) if name]
        return ", ".join(names) or None
    if isinstance(author, dict):
        return _clean(author.get("name"))
    return _clean(author)
