"""Word tokens with their character offsets: the one tokenizer topics, search and shingles share."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Words are runs of letters and digits; an apostrophe inside a word keeps it whole ("don't"),
# and a possessive "'s" is dropped so "Japan's" matches "Japan".
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
_POSSESSIVE = ("'s", "\u2019s", "'S", "\u2019S")


class Token(NamedTuple):
    """One word: its folded form and where it sits in the text."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """Case- and accent-insensitive form of a word ("Élysée" -> "elysee")."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokenize(text: str) -> list[Token]:
    """The folded words of `text`, in order, with their offsets into `text`."""
    return [Token(_folded(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def words(text: str) -> list[str]:
    """Just the folded words of `text` (tokenize without the offsets, faster)."""
    return [_folded(word) for word in _WORD.findall(text)]


@lru_cache(maxsize=100_000)
def _folded(word: str) -> str:
    if word.endswith(_POSSESSIVE):
        word = word[:-2]
    return fold(word).replace("\u2019", "'")
