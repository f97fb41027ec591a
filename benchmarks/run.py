"""`make bench`: the pipeline against its plain-loop limit at several sizes, with ratios and a plot.

Every figure comes from this one run on this machine: each size gets a fresh corpus, then the
limit and the pipeline each run in a process of their own, whose whole process tree (cleaning
workers and Prefect's server included) is sampled for peak memory. Sizes under 10,000 run
three times each (alternating) and report their median runs: a few seconds of work is where
this machine's noise would decide a ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from corpus import write_corpus
from plot import write_growth_svg

HERE = Path(__file__).resolve().parent
# Sizes below this are measured `--small-repeats` times and reported by their median run.
SMALL_SIZE = 10_000


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc, in MB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return total / 2**20


def run_measured(args: list[str]) -> dict[str, Any]:
    """Run `e2e.py` with `args`, sampling its process tree's memory; returns its JSON + peak."""
    process = subprocess.Popen(
        [sys.executable, str(HERE / "e2e.py"), *args], stdout=subprocess.PIPE, text=True
    )
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_mb(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"e2e.py {' '.join(args)} failed with exit code {process.returncode}")
    return json.loads(out.strip().splitlines()[-1]) | {"peak_tree_rss_mb": round(peak, 1)}


def bench_size(size: int, bench: Path | None, workers: int, repeats: int = 1) -> dict[str, Any]:
    """Corpus, limit and pipeline for one size; with repeats, each size's median run of each.

    Limit and pipeline runs alternate, so a slow spell of the machine hits both alike.
    """
    limits, pipelines = [], []
    with tempfile.TemporaryDirectory(prefix=f"newsmon-corpus-{size}-") as tmp:
        corpus = Path(tmp)
        kinds = write_corpus(corpus, size, bench=bench)
        for _ in range(repeats):
            limits.append(run_measured(["limit", str(corpus)]))
            pipelines.append(run_measured(["pipeline", str(corpus), "--workers", str(workers)]))
    return {
        "size": size,
        "corpus": kinds,
        "limit": _median_run(limits, "limit_s"),
        "pipeline": _median_run(pipelines, "e2e_s"),
        "runs": {
            "limit_s": [run["limit_s"] for run in limits],
            "e2e_s": [run["e2e_s"] for run in pipelines],
        },
    }


def _median_run(runs: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """The run whose `key` is the median (the lower middle one of an even count)."""
    ordered = sorted(runs, key=lambda run: run[key])
    return ordered[(len(ordered) - 1) // 2]


def repeats_for(size: int, small_repeats: int) -> int:
    """Small sizes run a few seconds, where this machine's noise (+-15 %) decides a ratio."""
    return small_repeats if size < SMALL_SIZE else 1


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    """The figures the goals are stated in, as ratios against the limit of the same run."""
    limit, pipe = result["limit"], result["pipeline"]
    n = pipe["documents"]
    return {
        "size": result["size"],
        "limit_docs_per_s": n / limit["limit_s"],
        "e2e_docs_per_s": n / pipe["e2e_s"],
        "e2e_vs_limit": limit["limit_s"] / pipe["e2e_s"],
        "e2e_vs_limit_with_monitoring": limit["limit_with_monitoring_s"] / pipe["e2e_s"],
        "e2e_with_start_vs_limit": limit["limit_s"] / (pipe["e2e_s"] + pipe["prefect_start_s"]),
        "rerun_vs_first": pipe["rerun_s"] / pipe["e2e_s"],
        "reprocess_s": pipe["reprocess_s"],
        "peak_mb": pipe["peak_tree_rss_mb"],
        "limit_peak_mb": limit["peak_tree_rss_mb"],
    }


def print_report(results: list[dict[str, Any]]) -> None:
    """A table of ratios, then each size's stage split."""
    print(
        f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    columns = ("docs", "limit/s", "e2e/s", "e2e/limit", "vs +mon", "+start", "rerun/first")
    widths = (7, 8, 8, 9, 8, 7, 11)
    header = " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True))
    print(header, f"{'reprocess':>9}", f"{'peak MB':>8}")
    for row in map(summarise, results):
        print(
            f"{row['size']:>7} {row['limit_docs_per_s']:>8.0f} {row['e2e_docs_per_s']:>8.0f} "
            f"{row['e2e_vs_limit']:>9.2f} {row['e2e_vs_limit_with_monitoring']:>8.2f} "
            f"{row['e2e_with_start_vs_limit']:>7.2f} {row['rerun_vs_first']:>11.3f} "
            f"{row['reprocess_s']:>8.1f}s {row['peak_mb']:>8.0f}"
        )
    for result in results:
        limit, pipe = result["limit"], result["pipeline"]
        stages = ", ".join(f"{k} {v:.2f}s" for k, v in pipe["stages_s"].items())
        print(
            f"\n{result['size']} docs ({result['corpus']}):\n"
            f"  limit: read {limit['read_s']:.2f}s + clean {limit['clean_s']:.2f}s + load "
            f"{limit['load_s']:.2f}s = {limit['limit_s']:.2f}s; the same monitoring work as "
            f"the pipeline: features {limit['features_s']:.2f}s + rows "
            f"{limit['monitor_s']:.2f}s = {limit['limit_with_monitoring_s']:.2f}s in all\n"
            f"  pipeline: import prefect {pipe['import_prefect_s']:.1f}s, Prefect start "
            f"{pipe['prefect_start_s']:.1f}s, run {pipe['e2e_s']:.2f}s ({stages}; Prefect and the "
            f"rest {pipe['e2e_s'] - sum(pipe['stages_s'].values()):.2f}s)\n"
            f"  rerun {pipe['rerun_s']:.2f}s, reprocess --all {pipe['reprocess_s']:.2f}s, "
            f"queries: per day {pipe['query_per_day_s']:.3f}s, "
            f"ILIKE search {pipe['query_search_s']:.3f}s"
        )
        runs = result.get("runs", {})
        if len(runs.get("e2e_s", [])) > 1:
            listed = {key: ", ".join(f"{v:.2f}" for v in values) for key, values in runs.items()}
            print(f"  median of runs: limit {listed['limit_s']} s; pipeline {listed['e2e_s']} s")


def main() -> None:
    """`python benchmarks/run.py [--sizes 1000,10000] [--bench ../shared/bench]`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--bench", type=Path, default=None, help="../shared/bench, for variety")
    parser.add_argument("--workers", type=int, default=0, help="cleaning processes (0 = cores)")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument(
        "--small-repeats",
        type=int,
        default=3,
        help=f"runs of each size below {SMALL_SIZE:,} (the median one is reported)",
    )
    args = parser.parse_args()
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"benchmarking {size} documents...", file=sys.stderr, flush=True)
        repeats = repeats_for(size, args.small_repeats)
        results.append(bench_size(size, args.bench, args.workers, repeats))
    print_report(results)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    write_growth_svg(results, args.out / "growth.svg")
    print(f"\nwrote {args.out / 'latest.json'} and {args.out / 'growth.svg'}")


if __name__ == "__main__":
    main()
