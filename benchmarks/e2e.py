"""One benchmark size in one process: the plain-loop limit, or the real pipeline; prints JSON.

`limit`:    read + clean every file in a plain single-process loop, then load the same rows
            with bulk Arrow inserts (5,000 rows per insert) into a fresh DuckDB file, each
            load checkpointed into the file (the pipeline's loads end the same way).
`pipeline`: the real `ingest` Prefect flow over the same folder into a fresh warehouse, then a
            rerun of the unchanged corpus, `reprocess --all`, and two common queries.
Peak RSS is this process's (and its cleaning workers') high-water mark.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_LOAD_CHUNK = 5000
_SUFFIXES = {".txt": "text/plain", ".html": "text/html"}


def peak_rss_mb() -> dict[str, float]:
    """High-water resident memory of this process and of its largest finished child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mb": round(own, 1), "peak_child_rss_mb": round(children, 1)}


def measure_limit(corpus: Path, workdir: Path) -> dict[str, Any]:
    """Read and clean in a plain loop, then bulk-load the rows: the pipeline's yardstick.

    The monitoring work the pipeline also does (features of each article, then the rows of
    topics, entities, stories and the search index) is timed on its own beside it, so the
    pipeline can be compared with the strict limit and with one that does the same work.
    """
    from datetime import UTC, datetime

    import transform
    from connectors.base import RawDocument
    from transform.features import article_features
    from warehouse.connect import connect
    from warehouse.load import Batch, Cleaned, article_id_for, canonical_uri, load_batch
    from warehouse.monitoring import refresh_after_load

    files = sorted(p for p in corpus.rglob("*") if p.suffix in _SUFFIXES)
    read = clean = load = features = monitor = 0.0
    con = connect(workdir / "limit.duckdb")
    for start in range(0, len(files), _LOAD_CHUNK):
        chunk: list[Cleaned] = []
        found = {}
        for path in files[start : start + _LOAD_CHUNK]:
            t0 = time.perf_counter()
            document = RawDocument("bench", path.name, path.read_bytes(), _SUFFIXES[path.suffix])
            t1 = time.perf_counter()
            item = Cleaned(document, transform.clean(document))
            chunk.append(item)
            t2 = time.perf_counter()
            article = item.article
            found[article_id_for("bench", canonical_uri(item))] = article_features(
                article.title, article.body
            )
            read, clean = read + t1 - t0, clean + t2 - t1
            features += time.perf_counter() - t2
        t3 = time.perf_counter()
        batch = Batch("limit", cleaned=chunk)
        load_batch(con, batch)
        # Loaded means in the database file, as the pipeline's closing checkpoint leaves it.
        con.execute("CHECKPOINT")
        t4 = time.perf_counter()
        load += t4 - t3
        refresh_after_load(
            con, [], batch.written_ids, datetime.now(UTC), features=found, fresh=batch.new_ids
        )
        monitor += time.perf_counter() - t4
    t5 = time.perf_counter()
    con.close()  # checkpoints the monitoring rows
    monitor += time.perf_counter() - t5
    return {
        "documents": len(files),
        "read_s": read,
        "clean_s": clean,
        "load_s": load,
        "limit_s": read + clean + load,
        "features_s": features,
        "monitor_s": monitor,
        "limit_with_monitoring_s": read + clean + load + features + monitor,
        **peak_rss_mb(),
    }


def measure_pipeline(
    corpus: Path, workdir: Path, workers: int, first_run_only: bool = False
) -> dict[str, Any]:
    """The real flow over the corpus, a rerun, reprocess --all and two queries, each timed.

    `first_run_only` stops after the first run (the memory check at 100k, where the rest would
    take an hour on two cores).
    """
    from flows.environment import prepare_prefect_environment

    prepare_prefect_environment(workdir)
    config = workdir / "newsmon.toml"
    config.write_text(
        f'[warehouse]\npath = "newsmon.duckdb"\n[run]\nbatch_size = 500\nworkers = {workers}\n'
        f'[[sources]]\nname = "bench"\nkind = "folder"\npath = "{corpus}"\n'
    )
    t0 = time.perf_counter()
    from prefect import flow

    from flows.ingest import ingest
    from flows.reprocess import reprocess
    from warehouse.query import run_query

    imported = time.perf_counter()
    flow(name="warm-up")(lambda: None)()  # the temporary API server starts on the first flow
    started = time.perf_counter()
    first = ingest(config_path=str(config))
    ingested = time.perf_counter()
    if first_run_only:
        return {
            "documents": first.documents_seen,
            "inserted": first.counts.inserted,
            "failed": first.counts.failed,
            "prefect_start_s": started - imported,
            "e2e_s": ingested - started,
            "stages_s": first.seconds,
            **peak_rss_mb(),
        }
    rerun = ingest(config_path=str(config))
    rerun_done = time.perf_counter()
    again = reprocess(config_path=str(config), everything=True)
    reprocessed = time.perf_counter()
    db = workdir / "newsmon.duckdb"
    per_day = _timed_query(run_query, db, "SELECT * FROM articles_per_day")
    search = _timed_query(
        run_query, db, "SELECT count(*) FROM articles WHERE body ILIKE '%security%'"
    )
    return {
        "documents": first.documents_seen,
        "inserted": first.counts.inserted,
        "failed": first.counts.failed,
        "import_prefect_s": imported - t0,
        "prefect_start_s": started - imported,
        "e2e_s": ingested - started,
        "stages_s": first.seconds,
        "rerun_s": rerun_done - ingested,
        "rerun_inserted": rerun.counts.inserted,
        "reprocess_s": reprocessed - rerun_done,
        "reprocess_updated": again.counts.updated,
        "query_per_day_s": per_day,
        "query_search_s": search,
        "workers": workers,
        **peak_rss_mb(),
    }


def _timed_query(run_query: Any, db: Path, sql: str) -> float:
    started = time.perf_counter()
    run_query(db, sql)
    return time.perf_counter() - started


def main() -> None:
    """`python benchmarks/e2e.py limit|pipeline CORPUS [--workers N]`: prints one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=("limit", "pipeline"))
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--first-run-only", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsmon-bench-") as tmp:
        workdir = Path(tmp)
        if args.mode == "limit":
            result = measure_limit(args.corpus, workdir)
        else:
            result = measure_pipeline(args.corpus, workdir, args.workers, args.first_run_only)
    result["cpus"] = os.cpu_count()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
