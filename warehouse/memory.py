"""The per-source boilerplate memory (`boilerplate_lines`): lines a source repeats everywhere."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from itertools import repeat

import duckdb
import pyarrow as pa

# A line is the source's furniture once it appeared in this many articles, and in this share
# of all its articles: a menu shows on every page, a phrase of prose almost never three times.
MIN_SEEN = 3
MIN_SHARE = 0.3
# Enough for any site's furniture; bounds what every cleaning worker is sent.
MAX_REMEMBERED = 5000


def remember_lines(
    con: duckdb.DuckDBPyConnection,
    source_lines: Iterable[tuple[str, Mapping[str, str]]],
    now: datetime,
) -> None:
    """Count each (source, line) once per new article; inside the caller's transaction."""
    counts: Counter[tuple[str, str]] = Counter()
    texts: dict[tuple[str, str], str] = {}
    # Whole articles at a time (Counter and dict updates loop in C, ~100 lines an article);
    # taken in reverse, so each key keeps the text of its first article.
    for source, lines in reversed(list(source_lines)):
        keys = list(zip(repeat(source), lines))
        counts.update(keys)
        texts.update(zip(keys, lines.values(), strict=True))
    if not counts:
        return
    table = pa.table(
        {
            "source": [s for s, _ in counts],
            "line_hash": [h for _, h in counts],
            "text": [texts[key] for key in counts],
            "seen": pa.array(list(counts.values()), pa.int32()),
        }
    )
    con.register("batch_lines", table)
    try:
        con.execute(
            "INSERT INTO boilerplate_lines "
            "SELECT source, line_hash, text, seen, $now, $now FROM batch_lines "
            "ON CONFLICT (source, line_hash) DO UPDATE SET "
            "seen = boilerplate_lines.seen + excluded.seen, last_seen_at = excluded.last_seen_at",
            {"now": now},
        )
    finally:
        con.unregister("batch_lines")


def known_boilerplate(con: duckdb.DuckDBPyConnection, source: str) -> frozenset[str]:
    """Hashes of the lines `source` repeats in most of its articles."""
    rows = con.execute(
        "SELECT line_hash FROM boilerplate_lines WHERE source = $source AND seen >= $min_seen "
        "AND seen >= $share * (SELECT count(*) FROM articles WHERE source = $source) "
        "ORDER BY seen DESC LIMIT $limit",
        {"source": source, "min_seen": MIN_SEEN, "share": MIN_SHARE, "limit": MAX_REMEMBERED},
    ).fetchall()
    return frozenset(digest for (digest,) in rows)
