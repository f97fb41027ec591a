"""Plain-text dumps of web pages -> title and kept paragraphs, every dropped line explained."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from transform.article import Article, Paragraph, ParagraphKind, RemovedBlock
from transform.boilerplate import classify_lines, is_comment_start, is_meta_line
from transform.memory import line_hash
from transform.normalize import normalize_line, normalize_newlines
from transform.scoring import (
    SENTENCE_END,
    best_region,
    count_words,
    grow_region,
    is_dense,
    prose_gain,
    prose_scores,
)
from transform.version import CLEANER_VERSION
from transform.wrapping import rejoin_wrapped

_LIST_MARKER = re.compile(r"^(?:[-*•·▪◦–]|\d{1,3}[.)])\s+")  # noqa: RUF001 (typographic punctuation on purpose)
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_CAPTION_SEPARATOR = re.compile(r"^\s*[|¦│]\s*")
_SENTENCE_BOUNDARY = re.compile(r"[.!?。！？][\"'”’)]*")  # noqa: RUF001 (typographic punctuation on purpose)
_HEADING_MAX_WORDS = 14
_TITLE_MAX_WORDS = 30
_TITLE_SEARCH_LINES = 6
# Prose needed before a comment-section marker for it to end the article (not a menu link).
_WORDS_BEFORE_COMMENTS = 40
_BOILERPLATE_SCORE = -8.0
# Lines that say nothing about where the body is: the title, a repeat of an earlier line.
_NEUTRAL = frozenset({None, "title"})
# Prose scores: a strict cost finds the body's core, a mild one grows it to its edges.
_CORE_COST = 8.0
_EDGE_COST = 3.0
_GIVE_UP = 5.0


@dataclass(slots=True)
class _Block:
    text: str
    kind: ParagraphKind | None = None
    reason: str | None = None
    first_copy: int = -1


def clean_text_document(
    text: str,
    hints: Mapping[str, Any] | None = None,
    known_boilerplate: frozenset[str] = frozenset(),
) -> Article:
    """Clean a plain-text (or Markdown) dump into an Article.

    `known_boilerplate` holds `memory.line_hash` values of lines this source repeats on every
    page (a per-source memory); such lines are removed as `source_boilerplate`.
    """
    hints = hints or {}
    text = normalize_line(normalize_newlines(text), keep_newlines=True)
    blocks = [_block(line) for line in rejoin_wrapped(text.split("\n")) if line]
    _mark_boilerplate(blocks, known_boilerplate)
    title = _take_title(blocks, hints.get("title"))
    blocks = _split_glued_captions(blocks)
    _mark_duplicates(blocks, title)
    title = _anchor_at_headline(blocks, title)
    language = hints.get("language")
    _classify_by_region(blocks, str(language) if language else None)
    return _to_article(blocks, title, bool(hints.get("title")))


def clean_text(text: str) -> str:
    """The body of a text dump; the entry point the extraction bench calls."""
    return clean_text_document(text).body


def _block(line: str) -> _Block:
    if line[0] == "#" and _MD_HEADING.match(line):
        return _Block(_MD_HEADING.sub("", line), kind="heading")
    return _Block(line)


def _mark_boilerplate(blocks: list[_Block], known: frozenset[str]) -> None:
    reasons = classify_lines([block.text for block in blocks])
    for block, reason in zip(blocks, reasons, strict=True):
        block.reason = reason
        if reason is None and known and line_hash(block.text) in known:
            block.reason = "source_boilerplate"


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


def _anchor_at_headline(blocks: list[_Block], title: str | None) -> str | None:
    """A page's `<title>` line comes first and its headline again above the story: what lies
    between is page chrome. The headline, free of the site's name, becomes the title."""
    if not title:
        return title
    limit = int(len(blocks) * 0.7)
    for i, block in enumerate(blocks[:limit]):
        text = block.text
        if (block.reason == "duplicate" and text.casefold() == title.casefold()) or (
            block.reason is None and len(text) >= 15 and count_words(text) >= 3 and text in title
        ):
            if not any(is_dense(b.text) for b in blocks[:i] if b.reason is None):
                for before in blocks[:i]:
                    before.reason = before.reason or "navigation"
            block.reason = "title"
            return text
    return title


def _split_glued_captions(blocks: list[_Block]) -> list[_Block]:
    """`Caption.Caption. |Body...`: a dump glued a photo caption twice before the text."""
    result: list[_Block] = []
    for block in blocks:
        text = block.text
        # Cheap test first: a doubled caption repeats its opening words later in the line.
        doubled = block.reason is None and len(text) >= 40 and text.find(text[:12], 12) != -1
        split = split_doubled_prefix(text) if doubled else None
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


def _mark_duplicates(blocks: list[_Block], title: str | None) -> None:
    """A line seen before in this document (or repeating the title) is not new content."""
    seen: dict[str, int] = {title.casefold(): -1} if title else {}
    for i, block in enumerate(blocks):
        key = block.text.casefold()
        if block.reason is None and block.kind != "caption" and key in seen:
            block.reason = "duplicate"
            block.first_copy = seen[key]
        seen.setdefault(key, i)


def _body_region(blocks: list[_Block], language: str | None) -> tuple[int, int]:
    """The densest run of prose lines (a strict core, grown by a milder score at its edges)."""
    gains: list[float | None] = []
    fixed: list[float | None] = []
    for block in blocks:
        if block.reason is None and block.kind != "caption":
            gains.append(prose_gain(block.text, language))
            fixed.append(None)
        else:
            # Known boilerplate weighs against the body around it; the title is neutral.
            gains.append(None)
            fixed.append(_BOILERPLATE_SCORE if block.reason not in _NEUTRAL else 0.0)
    region = best_region(prose_scores(gains, fixed, _CORE_COST))
    mild = prose_scores(gains, fixed, _EDGE_COST)
    region = best_region(mild) if region is None else grow_region(mild, region, _GIVE_UP)
    return region if region else (0, len(blocks) - 1)


def _cut_comments(blocks: list[_Block], first: int, last: int) -> int:
    """Readers' comments below a story read like prose too: the body ends where they start."""
    prose_words = 0
    for i in range(first, last + 1):
        block = blocks[i]
        if block.reason not in (None, "comment_prompt"):
            continue
        if prose_words >= _WORDS_BEFORE_COMMENTS and is_comment_start(block.text):
            for after in blocks[i : last + 1]:
                after.reason = after.reason or "comments"
            return i - 1
        if block.reason is None and is_dense(block.text):
            prose_words += count_words(block.text)
    return last


def _classify_by_region(blocks: list[_Block], language: str | None) -> None:
    """Prose is one dense region; short lines inside it are headings, outside it navigation."""
    first, last = _body_region(blocks, language)
    last = _cut_comments(blocks, first, last)
    for i in range(first, last + 1):
        # A teaser above the story often repeats its first paragraph: keep the body's copy.
        block = blocks[i]
        if block.reason == "duplicate" and (
            0 <= block.first_copy < first or not is_dense(block.text)
        ):
            block.reason = None
    open_blocks = [i for i, b in enumerate(blocks) if b.reason is None and b.kind != "caption"]
    for position, i in enumerate(open_blocks):
        block = blocks[i]
        if first <= i <= last:
            _classify_inside(block, _next_text(blocks, open_blocks, position))
        elif is_meta_line(block.text):
            block.reason = "byline"
        else:
            block.reason = "navigation" if i < first else "outside_body"
    _mark_comment_thread(blocks, last)


def _mark_comment_thread(blocks: list[_Block], last: int) -> None:
    """Below the body, everything from a comment-section marker on is readers' comments."""
    in_comments = False
    for block in blocks[last + 1 :]:
        if block.reason == "comment_prompt" or is_comment_start(block.text):
            in_comments = True
        if in_comments and block.reason in ("outside_body", "byline"):
            block.reason = "comments"


def _classify_inside(block: _Block, next_text: str) -> None:
    text = block.text
    if not any(char.isalnum() for char in text):
        block.reason = "short_fragment"  # a lone separator or bullet: `•`, `|`, `—`
    elif block.kind == "heading" or is_dense(text):
        block.kind = block.kind or _prose_kind(text)
    elif is_meta_line(text):
        block.reason = "byline"
    elif _LIST_MARKER.match(text):
        block.kind = "list"
    elif _is_heading(text, next_text):
        block.kind = "heading"
    else:
        # Inside the body, short lines are table cells, list items, short replies: kept.
        block.kind = "paragraph"


def _next_text(blocks: list[_Block], open_blocks: list[int], position: int) -> str:
    following = open_blocks[position + 1 : position + 2]
    return blocks[following[0]].text if following else ""


def _is_heading(text: str, next_text: str) -> bool:
    words = count_words(text)
    return (
        2 <= words <= _HEADING_MAX_WORDS
        and not SENTENCE_END.search(text)
        and (text[:1].isupper() or not text[:1].isascii())
        and is_dense(next_text)
    )


def _prose_kind(text: str) -> ParagraphKind:
    if _LIST_MARKER.match(text):
        return "list"
    if text[:1] in '“"«' and text[-1:] in '”"»' and text.count(text[0]) <= 2:
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
