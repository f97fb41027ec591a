"""Story clusters: each new article joins the cluster of its closest earlier copy, if any.

Candidates come from LSH bands of MinHash signatures (transform.shingles), so a load compares
an article with the few stored articles sharing a band, never with the whole warehouse.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from itertools import chain

import duckdb
import pyarrow as pa

from transform.shingles import THRESHOLD, band_keys, similarity, story_signature
from warehouse.bulk import batch_ids, delete_rows_of, insert_arrow

_MAX_SCORED = 20  # candidates compared signature to signature per article
_MAX_PER_BUCKET = 8  # stored articles read per shared band key
# Articles re-signed per load after migration 0005: ~2 ms each, so at most ~10 s a batch.
RESIGN_LIMIT = 5000


def cluster_articles(
    con: duckdb.DuckDBPyConnection,
    articles: Sequence[tuple[str, str, str | None]],
    now: datetime,
    threshold: float = THRESHOLD,
    signatures: Mapping[str, Sequence[int]] | None = None,
    bands: Mapping[str, Sequence[int]] | None = None,
    fresh: Collection[str] = (),
) -> None:
    """Sign and cluster (article_id, body, title) rows, oldest first; rewrites their rows.

    `signatures` and their `bands` hold those already computed (by the cleaning workers), by
    article id; `fresh` articles were never clustered, so there is nothing of theirs to delete.
    """
    ids = [article_id for article_id, _, _ in articles]
    stale = [article_id for article_id in ids if article_id not in fresh]
    delete_rows_of(con, ("story_signatures", "story_bands", "story_clusters"), stale)
    given = signatures or {}
    sigs = {
        a: list(given[a]) if a in given else story_signature(title, body)
        for a, body, title in articles
    }
    given_bands = bands or {}
    keys = {
        a: list(given_bands[a]) if a in given_bands else band_keys(sig) for a, sig in sigs.items()
    }
    resign_unsigned(con)  # stored articles the batch may copy must have their bands
    known = _stored_candidates(con, keys)
    clusters: list[tuple[str, str, float]] = []
    for article_id in ids:
        best = _closest(article_id, sigs[article_id], keys[article_id], known)
        cluster_id, score = best if best and best[1] >= threshold else (article_id, 1.0)
        clusters.append((article_id, cluster_id, score))
        for key in keys[article_id]:  # later articles of the batch may copy this one
            known.buckets[key].append(article_id)
        known.signatures[article_id] = sigs[article_id]
        known.cluster_of[article_id] = cluster_id
    _write(con, sigs, keys, clusters, now)


class _Candidates:
    """Stored articles sharing a band with the batch: their signatures and clusters."""

    def __init__(self) -> None:
        self.buckets: defaultdict[int, list[str]] = defaultdict(list)
        self.signatures: dict[str, list[int]] = {}
        self.cluster_of: dict[str, str] = {}


def _stored_candidates(con: duckdb.DuckDBPyConnection, keys: dict[str, list[int]]) -> _Candidates:
    found = _Candidates()
    wanted = sorted({key for article_keys in keys.values() for key in article_keys})
    if not wanted:
        return found
    con.register("batch_keys", pa.table({"band_key": pa.array(wanted, pa.int64())}))
    try:
        # A bucket of many copies says no more than its first few: reading every member made
        # a corpus full of copies quadratic. Each signature is then read once, not per bucket.
        hits = con.execute(
            "SELECT b.band_key, b.article_id FROM story_bands AS b "
            "JOIN batch_keys USING (band_key) "
            "QUALIFY row_number() OVER (PARTITION BY b.band_key ORDER BY b.article_id) <= ?",
            [_MAX_PER_BUCKET],
        ).fetchall()
        members = sorted({article_id for _, article_id in hits})
        con.register("batch_members", pa.table({"article_id": pa.array(members, pa.string())}))
        try:
            rows = con.execute(
                "SELECT article_id, s.minhash, c.cluster_id FROM batch_members "
                "JOIN story_signatures AS s USING (article_id) "
                "JOIN story_clusters AS c USING (article_id)"
            ).fetchall()
        finally:
            con.unregister("batch_members")
    finally:
        con.unregister("batch_keys")
    for article_id, minhash, cluster_id in rows:
        found.signatures[article_id] = unpack_signature(minhash)
        found.cluster_of[article_id] = cluster_id
    for key, article_id in hits:
        if article_id in found.signatures:
            found.buckets[key].append(article_id)
    return found


def pack_signature(sig: list[int]) -> bytes:
    """A signature as a BLOB: DuckDB returns lists slowly (one Python object per value)."""
    return array("Q", sig).tobytes()


def unpack_signature(blob: bytes) -> list[int]:
    """The signature stored by `pack_signature`."""
    return array("Q", blob).tolist()


def _closest(
    article_id: str, sig: list[int], keys: list[int], known: _Candidates
) -> tuple[str, float] | None:
    """(cluster id, similarity) of the most similar candidate, or None without candidates."""
    # Members counted by Counter over chained buckets (C loops): a generator expression per
    # member cost ~0.3 ms per article when buckets are full of copies.
    shared = Counter(chain.from_iterable(known.buckets.get(key, ()) for key in keys))
    shared.pop(article_id, None)
    # bands shared already rank candidates by similarity: score only the likeliest few
    likeliest = sorted(shared, key=lambda o: (-shared[o], o))[:_MAX_SCORED]
    scored = [(similarity(sig, known.signatures[o]), o) for o in likeliest]
    if not scored:
        return None
    score, other = max(scored)
    return known.cluster_of[other], score


def resign_unsigned(con: duckdb.DuckDBPyConnection, limit: int = RESIGN_LIMIT) -> int:
    """Sign up to `limit` clustered articles that have no signature; returns how many.

    Migration 0005 dropped the signatures of the previous shingle hash: re-signed from their
    stored text, those articles are candidates again for later copies; their clusters stay.
    """
    # Every load asks, long after the upgrade: ids alone first (no article text is read when,
    # as almost always, none is missing).
    missing = con.execute(
        "SELECT article_id FROM story_clusters ANTI JOIN story_signatures USING (article_id) "
        "ORDER BY article_id LIMIT ?",
        [limit],
    ).fetchall()
    if not missing:
        return 0
    with batch_ids(con, [article_id for (article_id,) in missing]):
        rows = con.execute(
            "SELECT article_id, title, body FROM articles "
            "WHERE article_id IN (SELECT article_id FROM batch_ids)"
        ).fetchall()
    sigs = {article_id: story_signature(title, body) for article_id, title, body in rows}
    _write_signatures(con, sigs, {article_id: band_keys(sig) for article_id, sig in sigs.items()})
    return len(sigs)


def _write(
    con: duckdb.DuckDBPyConnection,
    sigs: dict[str, list[int]],
    keys: dict[str, list[int]],
    clusters: list[tuple[str, str, float]],
    now: datetime,
) -> None:
    _write_signatures(con, sigs, keys)
    insert_arrow(
        con,
        "story_clusters",
        pa.table(
            {
                "article_id": [c[0] for c in clusters],
                "cluster_id": [c[1] for c in clusters],
                "similarity": [c[2] for c in clusters],
                "clustered_at": pa.array([now] * len(clusters), pa.timestamp("us", "UTC")),
            }
        ),
    )


def _write_signatures(
    con: duckdb.DuckDBPyConnection, sigs: dict[str, list[int]], keys: dict[str, list[int]]
) -> None:
    insert_arrow(
        con,
        "story_signatures",
        pa.table(
            {
                "article_id": list(sigs),
                "minhash": pa.array([pack_signature(s) for s in sigs.values()], pa.binary()),
            }
        ),
    )
    pairs = [(key, a) for a, article_keys in keys.items() for key in article_keys]
    insert_arrow(
        con,
        "story_bands",
        pa.table(
            {
                "band_key": pa.array([k for k, _ in pairs], pa.int64()),
                "article_id": [a for _, a in pairs],
            }
        ),
    )
