"""MinHash signatures over word shingles, for grouping copies of one story across sources.

One-permutation MinHash (Li, Owen & Zhang 2012) with rotation densification (Shrivastava &
Li 2014): one 64-bit hash per shingle fills all slots, so a signature costs one pass in pure
Python instead of one hash per slot. The hash is XXH3-64: one C call per shingle returning an
int, where blake2b took four (1.95 -> 0.52 ms per benchmark article). Signatures of the two
hashes never match: migration 0005 dropped the blake2b ones and `warehouse.stories` re-signs
those articles from their stored text.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence

from xxhash import xxh3_64_intdigest

from transform.tokens import words

SHINGLE_WORDS = 4  # 4-word shingles: long enough that two stories on one subject share few
SLOTS = 128  # signature length: the Jaccard estimate's standard error is about 0.04
# LSH: 64 bands of 2 rows. A pair meets in some band with probability 1 - (1 - s^2)^64:
# 0.998 at the threshold's s = 0.3, 0.47 at s = 0.1, so copies are found and few others read.
BANDS = 64
ROWS = SLOTS // BANDS
# Two articles are one story from this estimated Jaccard similarity of their shingles up.
# Measured on tests/monitoring/data/near_duplicates.json (see tests/monitoring/test_stories.py):
# copies (agency dateline, trimmed, edited, updated with a paragraph) score 0.33-0.96, different
# stories (several on one subject, sharing outlet boilerplate) 0.0-0.07 (0.37-1.0 and 0.0-0.11
# with the blake2b hash: the estimates' noise): at 0.3, precision 1.0 and recall 1.0 on 30
# articles (435 pairs); 0.4 loses a trimmed copy, and 0.1 is too near what unrelated stories
# score (it merged two under blake2b).
THRESHOLD = 0.3
_MASK = (1 << 64) - 1
_SLOT_BITS = SLOTS.bit_length() - 1
_SLOT_RANGE = 1 << (64 - _SLOT_BITS)  # every slot's own values lie below this


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of `size`-word shingles of a text's folded words (the whole text if shorter)."""
    return shingles_of(words(text), size)


def shingles_of(tokens: Sequence[str], size: int = SHINGLE_WORDS) -> set[str]:
    """`shingles` of text already split into folded words."""
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    # zip over shifted copies builds the windows in C rather than slicing once per window
    return set(map(" ".join, zip(*(tokens[i:] for i in range(size)), strict=False)))


def minhash(features: set[str]) -> list[int]:
    """A SLOTS-long MinHash signature of a set of strings (all zeros for an empty set)."""
    if not features:
        return [0] * SLOTS
    slots: list[int | None] = [None] * SLOTS
    shift, low = 64 - _SLOT_BITS, _MASK >> _SLOT_BITS
    for value in map(xxh3_64_intdigest, map(str.encode, features)):
        slot, rest = value >> shift, value & low
        current = slots[slot]
        if current is None or rest < current:
            slots[slot] = rest
    return _densify(slots)


def _densify(slots: list[int | None]) -> list[int]:
    """Fill an empty slot from the next filled one to its right, offset by the distance."""
    filled: list[int] = []
    for i in range(SLOTS):
        for step in range(SLOTS):
            value = slots[(i + step) % SLOTS]
            if value is not None:
                # The offset keeps borrowed values apart from the slot's own range; values
                # are below 2**57 and step below SLOTS, so the sum stays within 64 bits.
                filled.append(value + step * _SLOT_RANGE)
                break
    return filled


def signature(text: str) -> list[int]:
    """The MinHash signature of a text's shingles."""
    return minhash(shingles(text))


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the two shingle sets behind two signatures."""
    if not a or not b or not any(a) or not any(b):
        return 0.0
    if len(a) != len(b):
        raise ValueError("signatures of different lengths")
    equal: int = sum(map(operator.eq, a, b))  # slot by slot, without a Python-level loop
    return equal / len(a)


def band_keys(sig: Sequence[int]) -> list[int]:
    """One LSH bucket key per band: articles sharing any key are candidate copies."""
    keys = []
    for band in range(BANDS):
        chunk = ",".join(str(v) for v in sig[band * ROWS : (band + 1) * ROWS])
        # 63 bits so the key fits a signed BIGINT column
        keys.append(_hash64(f"{band}:{chunk}") >> 1)
    return keys


def _hash64(text: str) -> int:
    return xxh3_64_intdigest(text.encode("utf-8"))


def story_signature(
    title: str | None, body: str, body_words: Sequence[str] | None = None
) -> list[int]:
    """The signature a story is clustered by: the body, or with the headline if it is short.

    `body_words`, when the caller already has `words(body)`, saves splitting the body again.
    """
    if len(body.split()) > 8:
        return minhash(shingles_of(words(body) if body_words is None else body_words))
    return signature(f"{title}\n{body}")
