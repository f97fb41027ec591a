"""HTML pages -> the same Article as text dumps: main content blocks, page chrome explained away."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from lxml.etree import _Element

from transform.article import Article, Paragraph, RemovedBlock
from transform.blocks import DomBlock, iter_blocks
from transform.boilerplate import classify_lines, is_meta_line, opens_as_byline
from transform.dom import best_container, parse_html, prune, strip_giant_tags, with_siblings
from transform.fallback import FALLBACK_BELOW_WORDS, finds_more, readability_blocks
from transform.metadata import Metadata, extract_html_metadata
from transform.scoring import count_words, is_dense
from transform.stopwords import guess_language
from transform.version import CLEANER_VERSION

# A block mostly made of links, and short, is a menu or a list of other articles.
_LINK_HEAVY = 0.5
_LINK_LIST_MAX_WORDS = 40
# A list item with a sentence of its own beside its link is content: a digest's items
# (`<li><a>Linked headline</a>. Its summary sentence.</li>`; Business Insider's "10 things in
# tech": recall 0.76 -> 1.00), not a menu or a list of other stories.
_OWN_WORDS = 6
_LINK_ONLY = 0.9  # zyte +0.0003, readability -0.0001, newspaper4k's Thai page P 0.67 -> 0.72
_WORD = re.compile(r"\w+")  # the words `_echoes` compares


def clean_html_document(
    html: str, hints: Mapping[str, Any] | None = None, url: str | None = None
) -> Article:
    """Clean an HTML page into an Article with metadata and explained removals."""
    html = strip_giant_tags(html)  # before any parser, ours or the fallback's, sees the page
    root = parse_html(html)
    if root is None:
        return _article(Metadata(), [], [], "html-dom")
    metadata = extract_html_metadata(root, hints or {}, url)
    chrome = prune(root)
    body = root.find("body")
    body = body if body is not None else root
    blocks = iter_blocks(body, _content_elements(root, body))
    headline = metadata.title
    if metadata.provenance.get("title") == "html-title" and not _echoes(headline, root):
        headline = None  # an `<h1>` unlike the page's `<title>` is a heading of the story
    kept, removed = _classify_blocks(blocks, headline)
    extractor = "html-dom"
    if (second := _second_opinion(html, metadata.title, kept)) is not None:
        # The DOM path's blocks stay in `removed` so nothing of the page goes unexplained.
        chrome += [("outside_body", p.text) for p in kept]
        chrome += [(r.reason, r.text) for r in removed]
        blocks, (kept, removed), extractor = [], second, "html-readability"
    position = len(blocks) or len(kept) + len(removed)
    removed += [RemovedBlock(position + i, reason, text) for i, (reason, text) in enumerate(chrome)]
    article = _article(metadata, kept, removed, extractor)
    if metadata.language is None and (language := guess_language(article.body)) is not None:
        metadata.offer("language", language, "text")
        article = _article(metadata, kept, removed, extractor)
    return article


def _echoes(headline: str | None, root: _Element) -> bool:
    """Whether the page's `<title>` says what `headline` says (readability.js's test: 75 % of
    the headline's words, by length, are in the title)."""
    titles = root.xpath("//title/text()")
    if not headline or not titles:
        return True
    title_words = set(_WORD.findall(str(titles[0]).lower()))
    words = _WORD.findall(headline.lower())
    missing = " ".join(word for word in dict.fromkeys(words) if word not in title_words)
    return len(missing) <= 0.25 * len(" ".join(words))


def _second_opinion(
    html: str, title: str | None, kept: list[Paragraph]
) -> tuple[list[Paragraph], list[RemovedBlock]] | None:
    """readability-lxml's article when ours is (nearly) empty and it finds clearly more."""
    words = sum(count_words(p.text) for p in kept)
    if words >= FALLBACK_BELOW_WORDS:
        return None
    other = _classify_blocks(readability_blocks(html), title)
    return other if finds_more(words, sum(count_words(p.text) for p in other[0])) else None


def extract_text(html: str, url: str | None = None) -> str:
    """The body of an HTML page; the entry point the extraction bench calls."""
    return clean_html_document(html, url=url).body


def _content_elements(root: _Element, body: _Element) -> list[_Element]:
    best, scores = best_container(root)
    return [body] if best is None else with_siblings(best, scores)


def _classify_blocks(
    blocks: list[DomBlock], title: str | None
) -> tuple[list[Paragraph], list[RemovedBlock]]:
    """Keep article blocks; drop known boilerplate, link lists, bylines and the headline."""
    kept: list[Paragraph] = []
    removed: list[RemovedBlock] = []
    folded_title = title.casefold() if title else None
    reasons = classify_lines([b.text for b in blocks])
    seen_inside = False
    for position, (block, reason) in enumerate(zip(blocks, reasons, strict=True)):
        seen_inside = seen_inside or block.inside
        if not block.inside:
            # Outside the article's container: chrome, or other stories around it.
            reason = reason or ("outside_body" if seen_inside else "navigation")
        if block.kind == "heading" and block.text.casefold() == folded_title:
            continue  # the page's own headline is the title, not body text
        reason = reason or _block_reason(block)
        if reason is not None:
            removed.append(RemovedBlock(position, reason, block.text))
        else:
            kept.append(Paragraph(position, block.kind, block.text))
    return kept, removed


def _block_reason(block: DomBlock) -> str | None:
    if _link_heavy(block):
        return "navigation"
    # A sentence that names a date (`Revenues totaled $63 billion through June 30, 2019.`) is
    # prose, as in the text cleaner, which keeps dense lines before it looks for bylines; one
    # that opens as a byline or credit does (`Photo by Ann Lee.`) is not.
    text = block.text
    if (
        block.kind != "heading"
        and is_meta_line(text)
        and (not is_dense(text) or opens_as_byline(text))
    ):
        return "byline"
    return None


def _link_heavy(block: DomBlock) -> bool:
    """A short run of links that is not a paragraph (a menu, a list of other stories), or a
    `<div>` that is nothing but a link (a tag or topic link); a `<p>` of one link is story."""
    words = count_words(block.text)
    return (
        block.link_density > _LINK_HEAVY and words * (1 - block.link_density) < _OWN_WORDS
        if block.kind != "paragraph"
        else block.link_density > _LINK_ONLY and block.tag != "p" and not block.cell
    ) and words <= _LINK_LIST_MAX_WORDS


def _article(
    metadata: Metadata, kept: list[Paragraph], removed: list[RemovedBlock], extractor: str
) -> Article:
    return Article(
        title=metadata.title,
        paragraphs=tuple(kept),
        removed=tuple(removed),
        cleaner_version=CLEANER_VERSION,
        extractor=extractor,
        url=metadata.url,
        canonical_url=metadata.canonical_url,
        byline=metadata.byline,
        published_at=metadata.published_at,
        language=metadata.language,
        top_image=metadata.top_image,
        provenance=dict(metadata.provenance),
        modified_at=metadata.modified_at,
    )
