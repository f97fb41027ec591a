"""What cleaning produces: an Article of kept paragraphs, removed blocks and sourced metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Literal, NamedTuple

# Scripts written without spaces between words: kana and CJK ideographs (a word is about two
# characters), Thai, Lao, Burmese and Khmer (about four code points, vowel and tone marks
# included). `UNSPACED` finds either kind in one scan.
UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u9fff]")
_CJK_CHAR = re.compile("[\u3040-\u9fff]")

ParagraphKind = Literal["heading", "paragraph", "caption", "quote", "list"]

# Kinds that make up the article's prose; captions describe pictures and stay out of `body`.
BODY_KINDS: frozenset[str] = frozenset({"heading", "paragraph", "quote", "list"})


class Paragraph(NamedTuple):
    """A kept block; `position` orders kept and removed blocks in one document sequence."""

    # Named tuples, not dataclasses: a page has hundreds of blocks, and a tuple is built
    # (`_make`) and pickled (workers -> loader) several times faster (issue 3: >= 1000 pages/s).
    position: int
    kind: ParagraphKind
    text: str


class RemovedBlock(NamedTuple):
    """A dropped block and the reason code that explains why (breadcrumb, share, cookie...)."""

    position: int
    reason: str
    text: str


@dataclass(frozen=True)
class Article:
    """A cleaned article; `provenance` says where each metadata field came from."""

    title: str | None
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[RemovedBlock, ...]
    cleaner_version: str
    extractor: str
    url: str | None = None
    canonical_url: str | None = None
    byline: str | None = None
    published_at: datetime | None = None
    language: str | None = None
    top_image: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    modified_at: datetime | None = None

    @cached_property  # joined once: loads, hashes and counts all read it (frozen is fine)
    def body(self) -> str:
        """The article's prose: body paragraphs joined by blank lines."""
        return "\n\n".join(p.text for p in self.paragraphs if p.kind in BODY_KINDS)

    @cached_property
    def word_count(self) -> int:
        """Words in `body`, counted on whitespace (CJK text counts characters / 2, Thai / 4)."""
        return count_words(self.body)


def count_words(text: str) -> int:
    """Whitespace words, plus an estimate for scripts written without spaces (Japanese,
    Chinese, Thai...)."""
    words = len(text.split())
    if text.isascii():
        return words  # the common case: no character-by-character scan
    return words + unspaced_words(text)


def unspaced_words(text: str) -> int:
    """Words written without spaces in `text`, estimated from its characters."""
    unspaced = len(UNSPACED.findall(text))
    if not unspaced:
        return 0
    cjk = len(_CJK_CHAR.findall(text))
    return cjk // 2 + (unspaced - cjk) // 4


def article_record(article: Article) -> dict[str, object]:
    """The JSON shape `newsmon clean --format json` prints and golden files pin."""
    return {
        "title": article.title,
        "body": article.body,
        "paragraphs": [{"kind": p.kind, "text": p.text} for p in article.paragraphs],
        "removed": [{"reason": r.reason, "text": r.text} for r in article.removed],
        "byline": article.byline,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "language": article.language,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "extractor": article.extractor,
        "provenance": article.provenance,
    }
