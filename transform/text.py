"""Plain-text dumps of web pages -> title and kept paragraphs, every dropped line explained."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from typing import Any

from transform.article import Article, Paragraph, ParagraphKind, RemovedBlock
from transform.boilerplate import (
    classify_lines,
    is_comment_start,
    is_meta_line,
    is_picture_credit,
    no_comments,
)
from transform.memory import line_hash
from transform.normalize import normalize_line, normalize_newlines
from transform.scoring import (
    SENTENCE_END,
    best_region,
    count_words,
    grow_region,
    may_hold_unspaced,
    prose_gain,
    prose_gains,
    prose_scores,
    sentence_ends,
    word_counts,
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
_CAPTION_MAX_WORDS = 40
# A caption above a picture credit is short; a longer line there is the story's own paragraph
# next to an uncaptioned picture (held-out ONE Esports page: 40 words lost recall 0.97 -> 0.84).
_CREDITED_CAPTION_MAX_WORDS = 20
# Prose needed before a comment-section marker for it to end the article (not a menu link).
_WORDS_BEFORE_COMMENTS = 40
_BOILERPLATE_SCORE = -8.0
# Lines that say nothing about where the body is: the title, a repeat of an earlier line.
_NEUTRAL = frozenset({None, "title"})
# Prose scores: a strict cost finds the body's core, a mild one grows it to its edges.
_CORE_COST = 8.0
_EDGE_COST = 3.0
_GIVE_UP = 5.0
_REPEATED_PARAGRAPH_WORDS = 40
# A dense repeat of one of the dump's first lines (the page's title and description area) is
# the story's lead, echoed at the top: where the body is sought it scores as prose.
_LEAD_ECHO_LINES = 5
# A long line cut off mid-sentence (`... may soon...`, `[…]`, `… more`) is another story's
# excerpt in a teaser list, or a caption's opening: 8 such lines in the dev truths, 84 outside
# them. It weighs against the body around it like boilerplate, and stays if inside the body.
_EXCERPT_ENDS = ("...", "…", "]", "more", "More", "MORE")
_EXCERPT_MIN_WORDS = 15
_EXCERPT = re.compile(
    r"(?:[\w,](?:\.\.\.|…)|\[(?:\.\.\.|…)\]|(?:\.\.\.|…) ?(?:read )?more)$", re.IGNORECASE
)
# `Paragraph._make` without its Python frame: a tuple of the right class, built in C.
_new_paragraph = partial(tuple.__new__, Paragraph)
_new_removed = partial(tuple.__new__, RemovedBlock)


class _Page:
    """A dump's blocks as parallel lists, one entry per line: per-line work runs in list
    comprehensions, not through an object per line (issue 3: >= 1000 pages/s)."""

    __slots__ = ("ends", "first_copy", "kinds", "reasons", "texts", "words")

    def __init__(self, lines: list[str]) -> None:
        self.texts = [line for line in lines if line]
        self.kinds: list[ParagraphKind | None] = [None] * len(self.texts)
        self.reasons: list[str | None] = [None] * len(self.texts)
        self.first_copy: dict[int, int] = {}  # duplicate -> index of its first copy (-1: title)
        self.words: list[int] = []
        self.ends: list[bool] = []
        for i in [i for i, text in enumerate(self.texts) if text[0] == "#"]:
            if _MD_HEADING.match(self.texts[i]):
                self.texts[i] = _MD_HEADING.sub("", self.texts[i])
                self.kinds[i] = "heading"

    def measure(self, cjk: bool) -> None:
        """Word counts and sentence ends, once the lines are final."""
        self.words = word_counts(self.texts, cjk)
        self.ends = sentence_ends(self.texts)

    def dense(self, i: int) -> bool:
        """`scoring.is_dense` of line `i`, from its measures."""
        words = self.words[i]
        return words >= 15 or (words >= 6 and self.ends[i])

    def open_lines(self) -> list[int]:
        """Lines not yet explained and not captions: the candidates for the body."""
        rows = zip(self.reasons, self.kinds, strict=True)
        return [i for i, (reason, kind) in enumerate(rows) if reason is None and kind != "caption"]


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
    page = _Page(rejoin_wrapped(text.split("\n")))
    _mark_boilerplate(page, known_boilerplate)
    title = _take_title(page, hints.get("title"))
    _split_glued_captions(page)
    _mark_duplicates(page, title)
    cjk = may_hold_unspaced(text)
    page.measure(cjk)
    title = _anchor_at_headline(page, title)
    language = hints.get("language")
    _classify_by_region(page, str(language) if language else None, cjk)
    _keep_prose_title_of_an_empty_body(page)
    return _to_article(page, title, bool(hints.get("title")))


def clean_text(text: str) -> str:
    """The body of a text dump; the entry point the extraction bench calls."""
    return clean_text_document(text).body


def _mark_boilerplate(page: _Page, known: frozenset[str]) -> None:
    page.reasons = classify_lines(page.texts)
    if known:
        for i, text in enumerate(page.texts):
            if page.reasons[i] is None and line_hash(text) in known:
                page.reasons[i] = "source_boilerplate"


def _is_title_like(text: str) -> bool:
    words = count_words(text)
    return 2 <= words <= _TITLE_MAX_WORDS and not text.endswith((".", ":", ","))


def _take_title(page: _Page, hint_title: object) -> str | None:
    """The hinted title, else the first title-like line near the top; its line leaves the body."""
    wanted = normalize_line(str(hint_title)) if hint_title else None
    top = range(min(len(page.texts), _TITLE_SEARCH_LINES * 2))
    candidates = [i for i in top if page.reasons[i] is None]
    for i in candidates[:_TITLE_SEARCH_LINES]:
        text = page.texts[i]
        if (wanted and text == wanted) or (not wanted and _is_title_like(text)):
            page.reasons[i] = "title"
            return text
    return wanted


def _keep_prose_title_of_an_empty_body(page: _Page) -> None:
    """A dump whose only prose was read as its title (one line, no headline above it) keeps
    that line as its body too: an empty body loses the text."""
    if None in page.reasons:
        return
    for i, reason in enumerate(page.reasons):
        if reason == "title" and page.dense(i):
            page.reasons[i] = None


def _anchor_at_headline(page: _Page, title: str | None) -> str | None:
    """A page's `<title>` line comes first and its headline again above the story: what lies
    between is page chrome. The headline, free of the site's name, becomes the title."""
    if not title:
        return title
    folded = title.casefold()
    reasons, texts = page.reasons, page.texts
    for i in range(int(len(texts) * 0.7)):
        text, reason = texts[i], reasons[i]
        if (reason == "duplicate" and text.casefold() == folded) or (
            # Long enough not to be a site name's word; CJK packs a word in two characters.
            reason is None
            and (len(text) >= 15 or page.words[i] >= 5)
            and text in title
            and page.words[i] >= 3
        ):
            if not any(page.dense(j) for j in range(i) if reasons[j] is None):
                for j in range(i):
                    reasons[j] = reasons[j] or "navigation"
            reasons[i] = "title"
            return text
    return title


def _split_glued_captions(page: _Page) -> None:
    """`Caption.Caption. |Body...`: a dump glued a photo caption twice before the text."""
    texts = page.texts
    # Cheap test first: a doubled caption repeats its opening words later in the line.
    doubled = [
        i
        for i, (text, reason) in enumerate(zip(texts, page.reasons, strict=True))
        if reason is None and len(text) >= 40 and text.find(text[:12], 12) != -1
    ]
    splits = {i: split for i in doubled if (split := split_doubled_prefix(texts[i])) is not None}
    if not splits:
        return
    rows: list[tuple[str, ParagraphKind | None, str | None]] = []
    for i, row in enumerate(zip(texts, page.kinds, page.reasons, strict=True)):
        if i not in splits:
            rows.append(row)
            continue
        caption, rest = splits[i]
        rows += [(caption, "caption", None), (caption, None, "duplicate_caption")]
        if rest:
            rows.append((rest, None, None))
    page.texts = [row[0] for row in rows]
    page.kinds = [row[1] for row in rows]
    page.reasons = [row[2] for row in rows]


def split_doubled_prefix(text: str, min_length: int = 20) -> tuple[str, str] | None:
    """If `text` starts with the same sentence(s) twice, return (that prefix, the rest)."""
    for match in _SENTENCE_BOUNDARY.finditer(text):
        end = match.end()
        if 2 * end > len(text) + 1:
            break
        if end < min_length:
            continue
        prefix = text[:end].strip()
        if prefix.count(" ") >= _CAPTION_MAX_WORDS:
            break  # a caption is short: a long passage said twice is the text's own
        rest = text[end:].lstrip()
        if rest.startswith(prefix):
            tail = _CAPTION_SEPARATOR.sub("", rest[len(prefix) :]).strip()
            return prefix, tail
    return None


def _mark_duplicates(page: _Page, title: str | None) -> None:
    """A line seen before in this document (or repeating the title) is not new content."""
    keys = [text.casefold() for text in page.texts]
    # Each key's first index: filled backwards, so the earliest index is written last.
    first = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))
    if title:
        first[title.casefold()] = -1
    for i in [i for i, key in enumerate(keys) if first[key] != i]:
        # A repeated `]` or `});` (a code listing, a separator) is no chrome said twice: as a
        # duplicate it weighed as boilerplate and cut stories at their code (ars-1, bs4 dump:
        # recall 0.53 -> 0.98; givewell, zyte bs4: 0 -> 0.91 F1).
        if page.reasons[i] is None and page.kinds[i] != "caption" and _has_word(keys[i]):
            page.reasons[i] = "duplicate"
            page.first_copy[i] = first[keys[i]]


def _has_word(text: str) -> bool:
    """Whether `text` holds a letter or digit (the first character is the usual answer)."""
    return text[:1].isalnum() or any(char.isalnum() for char in text)


def _body_region(page: _Page, language: str | None, cjk: bool) -> tuple[int, int]:
    """The densest run of prose lines (a strict core, grown by a milder score at its edges)."""
    scored = page.open_lines()
    gains: list[float | None] = [None] * len(page.texts)
    found = prose_gains(
        [page.texts[i] for i in scored],
        [page.words[i] for i in scored],
        [page.ends[i] for i in scored],
        language,
        cjk,
    )
    for i, gain in zip(scored, found, strict=True):
        gains[i] = gain
    # Known boilerplate weighs against the body around it; the title is neutral.
    fixed: list[float | None] = [
        0.0 if reason in _NEUTRAL else _BOILERPLATE_SCORE for reason in page.reasons
    ]
    for i in scored:
        fixed[i] = None
    excerpts = [i for i in scored if page.texts[i].endswith(_EXCERPT_ENDS)]
    for i in excerpts:
        if page.words[i] >= _EXCERPT_MIN_WORDS and _EXCERPT.search(page.texts[i]):
            fixed[i] = _BOILERPLATE_SCORE
    for i, copy in page.first_copy.items():
        if 0 <= copy < _LEAD_ECHO_LINES and page.dense(i):
            fixed[i], gains[i] = None, prose_gain(page.texts[i], language)
    region = best_region(prose_scores(gains, fixed, _CORE_COST))
    mild = prose_scores(gains, fixed, _EDGE_COST)
    region = best_region(mild) if region is None else grow_region(mild, region, _GIVE_UP)
    return region if region else (0, len(page.texts) - 1)


def _cut_comments(page: _Page, first: int, last: int) -> int:
    """Readers' comments below a story read like prose too: the body ends where they start."""
    prose_words = 0
    reasons = page.reasons
    for i in range(first, last + 1):
        reason = reasons[i]
        if reason is not None and reason != "comment_prompt":
            continue
        if prose_words >= _WORDS_BEFORE_COMMENTS and is_comment_start(page.texts[i]):
            for j in range(i, last + 1):
                reasons[j] = reasons[j] or "comments"
            return i - 1
        if reason is None and page.dense(i):
            prose_words += page.words[i]
    return last


def _classify_by_region(page: _Page, language: str | None, cjk: bool) -> None:
    """Prose is one dense region; short lines inside it are headings, outside it navigation."""
    first, last = _body_region(page, language, cjk)
    last = _cut_comments(page, first, last)
    reasons = page.reasons
    for i in range(first, last + 1):
        # A teaser above the story often repeats its first paragraph: keep the body's copy.
        # A whole paragraph said twice inside the story is the story's (a pull quote, the
        # usual repeat, is shorter).
        copy = page.first_copy.get(i, -1)
        if reasons[i] == "duplicate" and (
            0 <= copy < first
            or not page.dense(i)
            or (copy >= first and page.words[i] >= _REPEATED_PARAGRAPH_WORDS)
        ):
            reasons[i] = None
    open_blocks = page.open_lines()
    for position, i in enumerate(open_blocks):
        if first <= i <= last:
            following = open_blocks[position + 1 : position + 2]
            _classify_inside(page, i, following[0] if following else None)
        elif is_meta_line(page.texts[i]):
            reasons[i] = "byline"
        else:
            reasons[i] = "navigation" if i < first else "outside_body"
    _mark_comment_thread(page, last)
    _mark_credited_captions(page)


def _mark_credited_captions(page: _Page) -> None:
    """A short line right above a picture credit (`Photo: AP`) is that picture's caption."""
    reasons, kinds = page.reasons, page.kinds
    for i in [i for i, reason in enumerate(reasons) if reason == "byline" and i]:
        above = i - 1
        if (
            reasons[above] is None
            and kinds[above] in (None, "paragraph")
            and page.words[above] < _CREDITED_CAPTION_MAX_WORDS
            and is_picture_credit(page.texts[i])
        ):
            kinds[above] = "caption"


def _mark_comment_thread(page: _Page, last: int) -> None:
    """Below the body, everything from a comment-section marker on is readers' comments."""
    reasons, texts = page.reasons, page.texts
    below = range(last + 1, len(texts))
    start = next(
        (
            i
            for i in below
            if (reasons[i] == "comment_prompt" and not no_comments(texts[i]))
            or is_comment_start(texts[i])
        ),
        None,
    )
    if start is None:
        return
    for i in range(start, len(texts)):
        if reasons[i] in ("outside_body", "byline"):
            reasons[i] = "comments"


def _classify_inside(page: _Page, i: int, next_open: int | None) -> None:
    text = page.texts[i]
    if not _has_word(text):
        page.reasons[i] = "short_fragment"  # a lone separator or bullet: `•`, `|`, `—`
    elif page.kinds[i] == "heading" or page.dense(i):
        page.kinds[i] = page.kinds[i] or _prose_kind(text)
    elif is_meta_line(text):
        page.reasons[i] = "byline"
    elif _LIST_MARKER.match(text):
        page.kinds[i] = "list"
    elif _is_heading(page, i, next_open):
        page.kinds[i] = "heading"
    else:
        # Inside the body, short lines are table cells, list items, short replies: kept.
        page.kinds[i] = "paragraph"


def _is_heading(page: _Page, i: int, next_open: int | None) -> bool:
    text = page.texts[i]
    return (
        2 <= page.words[i] <= _HEADING_MAX_WORDS
        and not SENTENCE_END.search(text)
        and (text[:1].isupper() or not text[:1].isascii())
        and next_open is not None
        and page.dense(next_open)
    )


def _prose_kind(text: str) -> ParagraphKind:
    if _LIST_MARKER.match(text):
        return "list"
    if text[:1] in '“"«' and text[-1:] in '”"»' and text.count(text[0]) <= 2:
        return "quote"
    return "paragraph"


def _to_article(page: _Page, title: str | None, title_from_hint: bool) -> Article:
    rows = zip(page.texts, page.kinds, page.reasons, strict=True)
    kept: list[tuple[int, str, str]] = []
    removed: list[tuple[int, str, str]] = []
    for i, (text, kind, reason) in enumerate(rows):
        if reason is None:
            kept.append((i, kind or "paragraph", text))
        elif reason != "title":
            removed.append((i, reason, text))
    return Article(
        title=title,
        paragraphs=tuple(map(_new_paragraph, kept)),
        removed=tuple(map(_new_removed, removed)),
        cleaner_version=CLEANER_VERSION,
        extractor="text",
        provenance={"title": "hint" if title_from_hint else "text"} if title else {},
    )
