"""How much a block reads like article prose, and the densest run of blocks: the article body."""

from __future__ import annotations

import re
from collections.abc import Sequence

from transform.article import UNSPACED, unspaced_words
from transform.stopwords import function_word_share, stopword_ratio, vocabulary

# Full stops of other scripts too: Devanagari and Bengali `।`, Burmese `။`, Arabic and Urdu
# `؟` and `۔`, Armenian `։`, Ethiopic `።`.  # noqa: RUF003 (other scripts' stops on purpose)
SENTENCE_END = re.compile(r"[.!?。！？…:;।॥။؟۔։።][\"'”’»」』)\]]*$")  # noqa: RUF001 (typographic punctuation on purpose)
# A sentence boundary inside a line: `word. Next`, or a Japanese full stop.
# The stop comes first, its word character behind it: a search then skips to the stops instead
# of testing every letter as the start of a match (2.3x faster on the bench's lines).
_INNER_SENTENCE_LATIN = r"[.!?](?<=\w[.!?])\s+[\"“‘«¿¡]?[A-ZÀ-ÞА-Я]|[。।။።]"  # noqa: RUF001
# Blogs in Chinese often part their clauses by a space, not a comma or a full stop. The space
# comes first, as the stops do, so that a search skips to the spaces.
_CLAUSE_CHARS = "[\u3040-\u30fa\u30fc-\u30ff\u4e00-\u9fff]{5}"
_INNER_SENTENCE = re.compile(f"{_INNER_SENTENCE_LATIN}| (?={_CLAUSE_CHARS})(?<={_CLAUSE_CHARS} )")
# The same for text with no character of a script written without spaces (`may_hold_unspaced`).
_INNER_SENTENCE_SPACED = re.compile(_INNER_SENTENCE_LATIN)
# Constants tuned by hand on the dev benchmark (issue 3); see benchmarks/README.md.
_CLOSERS = "\"'”’»」』)]"  # noqa: RUF001 (typographic punctuation on purpose)
_UNSPACED_LEADS = (0xE0, 0xE1, *range(0xE3, 0xEA))
_STOPS = frozenset(".!?。！？…:;।॥။؟۔։።")  # noqa: RUF001 (typographic punctuation on purpose)
_SHORT_PENALTY = -2.5
_MAX_WORDS = 80


def prose_gain(text: str, language: str | None = None, link_density: float = 0.0) -> float | None:
    """How much `text` reads like prose (long, punctuated, full of function words), before a
    cost is taken off; None for a short fragment (menu item, label, number)."""
    words = count_words(text)
    ends = ends_sentence(text)
    if words < 4 and not ends:
        return None
    sentence = ends or _INNER_SENTENCE.search(text) is not None
    stop = stopword_ratio(text, language)
    weight = (0.35 + 1.6 * min(stop, 0.5)) * (1.0 if sentence else 0.55)
    weight *= max(0.0, 1.0 - 1.5 * link_density)
    return min(words, _MAX_WORDS) * weight


def prose_gains(
    texts: Sequence[str],
    words: Sequence[int],
    ends: Sequence[bool],
    language: str | None = None,
    cjk: bool = True,
) -> list[float | None]:
    """`prose_gain` of many lines at once, given their `word_counts` and `sentence_ends`;
    `cjk=False` (see `may_hold_unspaced`) skips the per-line test for Japanese text."""
    words_of = vocabulary(language)
    inner = _INNER_SENTENCE if cjk else _INNER_SENTENCE_SPACED
    gains: list[float | None] = []
    for text, count, ends_here in zip(texts, words, ends, strict=True):
        if count < 4 and not ends_here:
            gains.append(None)
            continue
        sentence = ends_here or inner.search(text) is not None
        stop = stopword_ratio(text, language) if cjk else function_word_share(text, words_of)
        # As `prose_gain` with no links: its link factor is exactly 1.0.
        weight = (0.35 + 1.6 * min(stop, 0.5)) * (1.0 if sentence else 0.55)
        gains.append(min(count, _MAX_WORDS) * weight)
    return gains


def prose_scores(
    gains: Sequence[float | None], fixed: Sequence[float | None], cost: float
) -> list[float]:
    """Per block: its `fixed` score if set, else its gain less `cost` (short fragments: a
    small penalty), so the same gains serve a strict and a mild pass."""
    return [
        f if f is not None else (_SHORT_PENALTY if g is None else g - cost)
        for g, f in zip(gains, fixed, strict=True)
    ]


def prose_score(text: str, language: str | None = None, cost: float = 5.0) -> float:
    """Positive for prose, negative for chrome; `cost` is what a line must outweigh."""
    gain = prose_gain(text, language)
    return _SHORT_PENALTY if gain is None else gain - cost


def best_region(scores: Sequence[float]) -> tuple[int, int] | None:
    """Indices [start, end] of the run with the largest score sum (Kadane); None if all < 0."""
    best_sum, best = 0.0, None
    run_sum, run_start = 0.0, 0
    for i, score in enumerate(scores):
        if run_sum <= 0:
            run_sum, run_start = 0.0, i
        run_sum += score
        if run_sum > best_sum:
            best_sum, best = run_sum, (run_start, i)
    return best


def grow_region(scores: Sequence[float], core: tuple[int, int], give_up: float) -> tuple[int, int]:
    """Widen `core` on each side by the run that adds most (if any), crossing dips > -give_up."""
    first, last = core
    return _best_reach(scores, first - 1, -1, give_up, first), _best_reach(
        scores, last + 1, len(scores), give_up, last
    )


def _best_reach(scores: Sequence[float], start: int, stop: int, give_up: float, edge: int) -> int:
    step = 1 if stop > start else -1
    total, best, reach = 0.0, 0.0, edge
    for i in range(start, stop, step):
        total += scores[i]
        if total > best:
            best, reach = total, i
        elif total < best - give_up:
            break
    return reach


def is_dense(text: str) -> bool:
    """A line that on its own reads like a sentence of prose."""
    words = count_words(text)
    return words >= 15 or (words >= 6 and ends_sentence(text))


def count_words(text: str) -> int:
    """`article.count_words`, fast: whitespace words plus CJK characters / 2, Thai / 4."""
    words = text.count(" ") + 1 if text else 0
    if text.isascii() or UNSPACED.search(text) is None:
        return words
    return words + unspaced_words(text)


def may_hold_unspaced(text: str) -> bool:
    """False if `text` surely has no character of a script written without spaces
    (`article.UNSPACED`: Thai to Khmer, U+0E00-U+17FF; kana and CJK, U+3040-U+9FFF), so that
    per-line tests for them can be skipped: one byte scan of its UTF-8 form for their lead
    bytes is far cheaper than a regex scan of every line. (0xE2, general punctuation such as
    `—` and `“`, is not among them.)"""
    if text.isascii():
        return False
    data = text.encode("utf-8", "surrogatepass")
    return any(lead in data for lead in _UNSPACED_LEADS)


def word_counts(texts: Sequence[str], cjk: bool = True) -> list[int]:
    """`count_words` of every line; `cjk=False` (see `may_hold_unspaced`) skips the CJK test."""
    if cjk:
        return [count_words(text) for text in texts]
    return [text.count(" ") + 1 if text else 0 for text in texts]


def sentence_ends(texts: Sequence[str]) -> list[bool]:
    """`ends_sentence` of every line."""
    return [text.rstrip(_CLOSERS)[-1:] in _STOPS for text in texts]


def ends_sentence(text: str) -> bool:
    """`SENTENCE_END` without a regex scan of the whole line."""
    return text.rstrip(_CLOSERS)[-1:] in _STOPS if text else False
