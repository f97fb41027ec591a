"""Plain-text dumps of web pages -> title and kept paragraphs, every dropped line explained."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from transform.article import Article, Paragraph, ParagraphKind, RemovedBlock, count_words
from transform.boilerplate import classify_boilerplate
from transform.normalize import normalize_line, normalize_newlines
from transform.version import CLEANER_VERSION

_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»」』)\]]*$")
_LIST_MARKER = re.compile(r"^(?:[-*•·▪◦–]|\d{1,3}[.)])\s+")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_CAPTION_SEPARATOR = re.compile(r"^\s*[|¦│]\s*")
# A line this long, or with this many words and a sentence end, is article prose.
_DENSE_WORDS = 15
_SENTENCE_WORDS = 6
_HEADING_MAX_WORDS = 14
_TITLE_MAX_WORDS = 30
_TITLE_SEARCH_LINES = 6


@dataclass
class _Block:
    text: str
    kind: ParagraphKind | None = None
    reason: str | None = None


def clean_text_document(text: str, hints: Mapping[str, Any] | None = None) -> Article:
    """Clean a plain-text (or Markdown) dump into an Article."""
    hints = hints or {}
    lines = [normalize_line(line) for line in normalize_newlines(text).split("\n")]
    blocks = [_Block(_MD_HEADING.sub("", line), kind=_markdown_kind(line)) for line in lines if line]
    _mark_boilerplate(blocks)
    title = _take_title(blocks, hints.get("title"))
    blocks = _split_glued_captions(blocks)
    _mark_duplicates(blocks, title)
    _classify_by_region(blocks)
    return _to_article(blocks, title, bool(hints.get("title")))


def clean_text(text: str) -> str:
    """The body of a text dump; the entry point the extraction bench calls."""
    return clean_text_document(text).body


def _markdown_kind(line: str) -> ParagraphKind | None:
    return "heading" if _MD_HEADING.match(line) else None


def _mark_boilerplate(blocks: list[_Block]) -> None:
    for block in blocks:
        block.reason = classify_boilerplate(block.text)


def _is_title_like(text: str) -> bool:
    words = count_words(text)
    return 2 <= words <= _TITLE_MAX_WORDS and not text.endswith((".", ":", ","))


def _take_title(blocks: list[_Block], hint_title: object) -> str | None:
    """The hinted title, else the first title-like line near the top; its line leaves the body."""
    wanted = normalize_line(str(hint_title)) if hint_title else None
    candidates = [b for b in blocks[: _TITLE_SEARCH_LINES * 2] if b.reason is None]
    for block in candidates[:_TITLE_SEARCH_LINES]:
        if (wanted and block.text == wanted) or (not wanted and _is_title_like(block.text)):
            block.reason = "title"
            return block.text
    return wanted


def _split_glued_captions(blocks: list[_Block]) -> list[_Block]:
    """`Caption.Caption. |Body...`: a dump glued a photo caption twice before the text."""
    result: list[_Block] = []
    for block in blocks:
        split = split_doubled_prefix(block.text) if block.reason is None else None
        if split is None:
            result.append(block)
            continue
        caption, rest = split
        result.append(_Block(caption, kind="caption"))
        result.append(_Block(caption, reason="duplicate_caption"))
        if rest:
            result.append(_Block(rest))
    return result


def split_doubled_prefix(text: str, min_length: int = 20) -> tuple[str, str] | None:
    """If `text` starts with the same sentence(s) twice, return (that prefix, the rest)."""
    for match in _SENTENCE_BOUNDARY.finditer(text):
        end = match.end()
        if 2 * end > len(text) + 1:
            break
        if end < min_length:
            continue
        prefix = text[:end].strip()
        rest = text[end:].lstrip()
        if rest.startswith(prefix):
            tail = _CAPTION_SEPARATOR.sub("", rest[len(prefix) :]).strip()
            return prefix, tail
    return None


_SENTENCE_BOUNDARY = re.compile(r"[.!?。！？][\"'”’)]*")


def _mark_duplicates(blocks: list[_Block], title: str | None) -> None:
    """A line seen before in this document (or repeating the title) is not new content."""
    seen: set[str] = {title.casefold()} if title else set()
    for block in blocks:
        key = block.text.casefold()
        if block.reason is None and block.kind != "caption" and key in seen:
            block.reason = "duplicate"
        seen.add(key)


def _is_dense(text: str) -> bool:
    words = count_words(text)
    sentence = bool(_SENTENCE_END.search(text))
    return words >= _DENSE_WORDS or (sentence and words >= _SENTENCE_WORDS)


def _classify_by_region(blocks: list[_Block]) -> None:
    """Prose is one dense region; short lines inside it are headings, outside it navigation."""
    open_blocks = [i for i, b in enumerate(blocks) if b.reason is None and b.kind != "caption"]
    dense = [i for i in open_blocks if _is_dense(blocks[i].text)]
    if not dense:
        for i in open_blocks:
            blocks[i].kind = blocks[i].kind or "paragraph"
        return
    first, last = dense[0], dense[-1]
    for position, i in enumerate(open_blocks):
        block = blocks[i]
        if i < first or i > last:
            block.reason = "navigation"
        elif block.kind == "heading" or _is_dense(block.text):
            block.kind = block.kind or _prose_kind(block.text)
        elif _LIST_MARKER.match(block.text):
            block.kind = "list"
        elif _is_heading(block.text, _next_text(blocks, open_blocks, position)):
            block.kind = "heading"
        elif _SENTENCE_END.search(block.text):
            block.kind = "paragraph"
        else:
            block.reason = "short_fragment"


def _next_text(blocks: list[_Block], open_blocks: list[int], position: int) -> str:
    following = open_blocks[position + 1 : position + 2]
    return blocks[following[0]].text if following else ""


def _is_heading(text: str, next_text: str) -> bool:
    words = count_words(text)
    return (
        2 <= words <= _HEADING_MAX_WORDS
        and not _SENTENCE_END.search(text)
        and (text[:1].isupper() or not text[:1].isascii())
        and _is_dense(next_text)
    )


def _prose_kind(text: str) -> ParagraphKind:
    if _LIST_MARKER.match(text):
        return "list"
    if text[:1] in "“\"«" and text[-1:] in "”\"»" and text.count(text[0]) <= 2:
        return "quote"
    return "paragraph"


def _to_article(blocks: list[_Block], title: str | None, title_from_hint: bool) -> Article:
    kept: list[Paragraph] = []
    removed: list[RemovedBlock] = []
    for position, block in enumerate(blocks):
        if block.reason == "title":
            continue
        if block.reason is not None:
            removed.append(RemovedBlock(position, block.reason, block.text))
        else:
            kept.append(Paragraph(position, block.kind or "paragraph", block.text))
    return Article(
        title=title,
        paragraphs=tuple(kept),
        removed=tuple(removed),
        cleaner_version=CLEANER_VERSION,
        extractor="text",
        provenance={"title": "hint" if title_from_hint else "text"} if title else {},
    )
