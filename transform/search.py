"""Search terms and snippets: what the BM25 index stores and how a hit is shown (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from transform.tokens import Token, tokenize, words

# English function words carry no ranking signal and would bloat the index.
_STOP = """
    a about after all also an and any are as at be been but by can could did do does for from
    had has have he her his i if in into is it its may more most no not of on one or our out
    she so than that the their them then there these they this to up was we were what when
    where which while who will with would you said says
"""
STOP_WORDS = frozenset(_STOP.split())
TITLE_WEIGHT = 3  # a word in the headline counts as this many in the body
SNIPPET_WORDS = 30


@dataclass(frozen=True)
class Snippet:
    """A window of the text around the query's words, with the matched ranges to highlight."""

    text: str
    highlights: tuple[tuple[int, int], ...]  # (start, end) offsets into `text`


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Harman's S-stemmer: plural and singular meet ("allies" -> "ally"), nothing bolder."""
    if len(word) > 4 and word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


def search_terms(text: str) -> list[str]:
    """The index terms of a text or query, in order: folded, stemmed, stop words dropped."""
    return _terms_of(words(text))


def _terms_of(folded: Sequence[str]) -> list[str]:
    return [stem(word) for word in folded if word not in STOP_WORDS]  # stem: cached


def document_terms(
    title: str | None, body: str, body_words: Sequence[str] | None = None
) -> Counter[str]:
    """Term frequencies of one article, headline words weighted up.

    `body_words`, when the caller already has `words(body)`, saves splitting the body again.
    """
    counts = Counter(_terms_of(words(body) if body_words is None else body_words))
    for term in search_terms(title or ""):
        counts[term] += TITLE_WEIGHT
    return counts


def make_snippet(text: str, query: str, size: int = SNIPPET_WORDS) -> Snippet:
    """The `size`-word window of `text` holding the most query words, with highlights."""
    wanted = set(search_terms(query))
    tokens = tokenize(text)
    if not tokens:
        return Snippet("", ())
    hits = {i: stem(t.text) for i, t in enumerate(tokens) if stem(t.text) in wanted}
    start = _best_window(hits, size, len(tokens))
    window = tokens[start : start + size]
    begin, end = window[0].start, window[-1].end
    marks = tuple((t.start - begin, t.end - begin) for t in window if stem(t.text) in wanted)
    return Snippet(_ellipsis(text, begin, end), _shift(marks, text, begin))


def _best_window(hits: dict[int, str], size: int, total: int) -> int:
    """Start of the window with the most distinct query words, then the most hits."""
    if not hits:
        return 0

    def score(start: int) -> tuple[int, int]:
        inside = [term for i, term in hits.items() if start <= i < start + size]
        return len(set(inside)), len(inside)

    best = max(sorted(hits), key=score)
    # start a little before the first hit so the words read in context
    return max(0, min(best - 3, total - size))


def _ellipsis(text: str, begin: int, end: int) -> str:
    prefix = "\u2026 " if begin > 0 else ""
    suffix = " \u2026" if end < len(text) else ""
    return prefix + " ".join(text[begin:end].split()) + suffix


def _shift(
    marks: tuple[tuple[int, int], ...], text: str, begin: int
) -> tuple[tuple[int, int], ...]:
    """Re-map highlight offsets after the ellipsis and whitespace folding of the window."""
    prefix = 2 if begin > 0 else 0
    shifted = []
    for start, end in marks:
        raw = text[begin : begin + start]
        folded = len(" ".join(raw.split())) + (1 if raw[-1:].isspace() else 0) if raw else 0
        shifted.append((prefix + folded, prefix + folded + end - start))
    return tuple(shifted)


def highlight(snippet: Snippet, before: str = "[", after: str = "]") -> str:
    """The snippet's text with each matched word wrapped in `before` and `after`."""
    out, last = [], 0
    for start, end in snippet.highlights:
        out += [snippet.text[last:start], before, snippet.text[start:end], after]
        last = end
    return "".join([*out, snippet.text[last:]])


__all__ = ["Snippet", "Token", "document_terms", "highlight", "make_snippet", "search_terms"]
