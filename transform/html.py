"""HTML pages -> the same Article as text dumps: main content blocks, page chrome explained away."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bs4 import BeautifulSoup, Tag

from transform.article import Article, Paragraph, ParagraphKind, RemovedBlock
from transform.boilerplate import classify_boilerplate
from transform.metadata import extract_html_metadata
from transform.normalize import normalize_line
from transform.version import CLEANER_VERSION

_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "form", "button")
# Page chrome by element, with the reason its text is dropped.
_CHROME = {"nav": "navigation", "footer": "footer", "aside": "related", "header": "navigation"}
_BLOCK_KINDS: dict[str, ParagraphKind] = {
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
    "h6": "heading", "p": "paragraph", "li": "list", "blockquote": "quote",
    "figcaption": "caption", "pre": "paragraph",
}  # fmt: skip


def clean_html_document(
    html: str, hints: Mapping[str, Any] | None = None, url: str | None = None
) -> Article:
    """Clean an HTML page into an Article with metadata and explained removals."""
    soup = BeautifulSoup(html, "lxml")
    metadata = extract_html_metadata(soup, hints or {}, url)
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    root = _main_container(soup)
    kept: list[Paragraph] = []
    removed: list[RemovedBlock] = []
    title = metadata.title
    for position, (element, kind) in enumerate(_blocks(root)):
        text = normalize_line(element.get_text(" "))
        if not text:
            continue
        reason = _chrome_reason(element, root) or classify_boilerplate(text)
        if kind == "heading" and title and text.casefold() == title.casefold():
            continue  # the page's own headline is the title, not body text
        if reason:
            removed.append(RemovedBlock(position, reason, text))
        else:
            kept.append(Paragraph(position, kind, text))
    return Article(
        title=title,
        paragraphs=tuple(kept),
        removed=tuple(removed),
        cleaner_version=CLEANER_VERSION,
        extractor="html-dom",
        url=metadata.url,
        canonical_url=metadata.canonical_url,
        byline=metadata.byline,
        published_at=metadata.published_at,
        language=metadata.language,
        top_image=metadata.top_image,
        provenance=metadata.provenance,
    )


def extract_text(html: str, url: str | None = None) -> str:
    """The body of an HTML page; the entry point the extraction bench calls."""
    return clean_html_document(html, url=url).body


def _main_container(soup: BeautifulSoup) -> Tag:
    """`<article>` or `<main>` when the page marks its content, else the body."""
    for name in ("article", "main"):
        found = soup.find(name)
        if isinstance(found, Tag) and len(found.get_text(strip=True)) > 200:
            return found
    body = soup.body
    return body if body is not None else soup


def _blocks(root: Tag) -> list[tuple[Tag, ParagraphKind]]:
    """Block elements in document order, innermost first so a text is taken once."""
    found = []
    for element in root.find_all(list(_BLOCK_KINDS)):
        if element.find_parent(list(_BLOCK_KINDS)) is not None:
            continue
        found.append((element, _BLOCK_KINDS[element.name]))
    return found


def _chrome_reason(element: Tag, root: Tag) -> str | None:
    for parent in element.parents:
        if parent is root:
            return None
        reason = _CHROME.get(parent.name or "")
        if reason:
            return reason
    return None
