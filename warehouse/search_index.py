"""The BM25 search index: postings per (term, article) kept current by every load, and search.

An index table of our own rather than DuckDB's `fts` extension: `PRAGMA create_fts_index`
rebuilds the whole index from scratch, so keeping it current would cost a full rebuild per
load batch, and the extension must match the DuckDB version exactly (see docs/queries.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import repeat

import duckdb
import pyarrow as pa

from transform.search import Snippet, document_terms, make_snippet, search_terms
from warehouse.bulk import delete_rows_of, insert_arrow

# Okapi BM25's usual constants: term-frequency saturation and length normalisation.
K1 = 1.2
B = 0.75

_BM25 = """
WITH q AS (SELECT DISTINCT unnest($terms::VARCHAR[]) AS term),
stats AS (SELECT count(*) AS n, avg(length) AS avgdl FROM search_documents),
df AS (
    SELECT p.term, count(*) AS df FROM search_postings AS p JOIN q USING (term) GROUP BY p.term
),
scored AS (
    SELECT
        p.article_id,
        sum(
            ln(1 + (stats.n - df.df + 0.5) / (df.df + 0.5))
            * p.tf * ($k1 + 1) / (p.tf + $k1 * (1 - $b + $b * d.length / stats.avgdl))
        ) AS score
    FROM search_postings AS p
    JOIN df USING (term)
    JOIN search_documents AS d USING (article_id)
    CROSS JOIN stats
    GROUP BY p.article_id
)
SELECT s.article_id, s.score, a.source, a.title, a.url,
       coalesce(a.published_at, a.first_seen_at) AS dated_at, a.body
FROM scored AS s JOIN articles AS a USING (article_id)
ORDER BY s.score DESC, dated_at DESC, s.article_id
LIMIT $limit
"""


@dataclass(frozen=True)
class SearchHit:
    """One ranked article with the passage that matched."""

    article_id: str
    score: float
    source: str
    title: str | None
    url: str | None
    dated_at: datetime
    snippet: Snippet


def index_articles(
    con: duckdb.DuckDBPyConnection,
    articles: Sequence[tuple[str, str | None, str]],
    terms: Mapping[str, Counter[str]] | None = None,
    fresh: Collection[str] = (),
) -> None:
    """(Re)index (article_id, title, body) rows, replacing what the index held for them.

    `terms` holds term counts already computed (by the cleaning workers), by article id;
    `fresh` articles were never indexed, so there is nothing of theirs to delete.
    """
    ids = [article_id for article_id, _, _ in articles]
    stale = [article_id for article_id in ids if article_id not in fresh]
    delete_rows_of(con, ("search_postings", "search_documents"), stale)
    # Columns grow by whole articles (list.extend in C): a tuple per posting, then a pass per
    # column, cost the loading process ~0.3 ms per article at ~300 terms each.
    posting_terms: list[str] = []
    posting_ids: list[str] = []
    posting_tfs: list[int] = []
    lengths: list[int] = []
    given = terms or {}
    for article_id, title, body in articles:
        counts = given[article_id] if article_id in given else document_terms(title, body)
        posting_terms.extend(counts.keys())
        posting_tfs.extend(counts.values())
        posting_ids.extend(repeat(article_id, len(counts)))
        lengths.append(sum(counts.values()))
    documents = pa.table({"article_id": ids, "length": pa.array(lengths, pa.int32())})
    insert_arrow(con, "search_documents", documents)
    insert_arrow(
        con,
        "search_postings",
        pa.table(
            {
                "term": posting_terms,
                "article_id": posting_ids,
                "tf": pa.array(posting_tfs, pa.int32()),
            }
        ),
    )


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int = 20) -> list[SearchHit]:
    """Articles ranked by BM25 for the query's words, best first, each with a snippet."""
    terms = search_terms(query)
    if not terms:
        return []
    rows = con.execute(_BM25, {"terms": terms, "k1": K1, "b": B, "limit": limit}).fetchall()
    return [
        SearchHit(article_id, score, source, title, url, dated_at, make_snippet(body, query))
        for article_id, score, source, title, url, dated_at, body in rows
    ]
