"""Per-source boilerplate memory: hashes of lines that recur across one source's documents."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from transform.normalize import normalize_line

_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=65_536)  # a source's furniture (menus, share bars) recurs on every page
def line_hash(line: str) -> str:
    """A short, stable hash of a line, blind to case, spacing and numbers (dates, counts)."""
    key = _DIGITS.sub("0", normalize_line(line).casefold())
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def recurring_line_hashes(
    documents: Iterable[str], *, min_documents: int = 3, min_share: float = 0.5
) -> frozenset[str]:
    """Hashes of lines seen in at least `min_documents` and `min_share` of the documents."""
    seen: Counter[str] = Counter()
    total = 0
    for document in documents:
        total += 1
        seen.update({line_hash(line) for line in document.splitlines() if line.strip()})
    needed = max(min_documents, int(min_share * total + 0.999))
    return frozenset(digest for digest, count in seen.items() if count >= needed)
