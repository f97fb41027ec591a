"""Score newsmon's cleaners beside reference extractors on ../shared/bench-format data, one run."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Ours first; references are `extractors.py` functions of the bench (needs their packages).
HTML_EXTRACTORS = {
    "newsmon": "transform.html:extract_text",
    "trafilatura": "extractors:trafilatura_default",
    "readability-lxml": "extractors:readability_lxml",
}
TEXT_EXTRACTORS = {
    "newsmon": "transform.text:clean_text",
    "long-lines-10": "extractors:long_lines",
    "trafilatura-wrapped": "extractors:trafilatura_wrapped",
    "justext-wrapped": "extractors:justext_wrapped",
}


def load_module(path: Path, name: str) -> ModuleType:
    """Import a bench module by file path, so nothing of the bench is copied into this repo."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {path}; pass the bench folder with --bench")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def resolve(harness: ModuleType, bench: Path, spec: str) -> tuple[Callable[..., str], bool]:
    """`module:function` from this repo, or `extractors:function` from the bench folder."""
    if spec.startswith("extractors:"):
        spec = f"{bench / 'extractors.py'}:{spec.partition(':')[2]}"
    result: tuple[Callable[..., str], bool] = harness.load_callable(spec)
    return result


def score_interleaved(
    harness: ModuleType,
    extractors: dict[str, tuple[Callable[..., str], bool]],
    pages: dict[str, Any],
) -> dict[str, dict[str, float]]:
    """Run every extractor on each page in turn, return {name: F1/P/R, pages/s, errors}.

    Page by page, with the order rotating, so that a shared machine's speed changes (+-30 %
    over a minute) fall on all extractors alike and the speed ratios of one run hold."""
    names = list(extractors)
    pairs: dict[str, list[tuple[str, str]]] = {name: [] for name in names}
    seconds = dict.fromkeys(names, 0.0)
    errors = dict.fromkeys(names, 0)
    first = next(iter(pages.values()))
    for fn, wants_url in extractors.values():
        harness.run_one(fn, wants_url, first[0], first[2], 0)  # warm-up: lazy imports
    for index, (page_input, truth, url) in enumerate(pages.values()):
        for name in names[index % len(names) :] + names[: index % len(names)]:
            fn, wants_url = extractors[name]
            out, dt, err = harness.run_one(fn, wants_url, page_input, url, 30.0)
            pairs[name].append((truth, out))
            seconds[name] += dt
            errors[name] += err is not None
    rows = {}
    for name in names:
        scores = harness.zyte_scores(pairs[name], n_bootstrap=0)
        rows[name] = {
            "f1": scores["f1"],
            "precision": scores["precision"],
            "recall": scores["recall"],
            "pages_per_s": len(pages) / seconds[name] if seconds[name] else float("inf"),
            "errors": errors[name],
        }
    return rows


def load_pages(
    harness: ModuleType, dataset: str, task: str, limit: int | None, half: str = "all"
) -> dict[str, Any]:
    """{page_id: (input, truth, url)} for one data set and task (`html`, `text/block`, ...)."""
    _kind, truth = harness.load_dataset(dataset)
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    # Tune on one half, check on the other: a gain that holds on both is not overfitting.
    ids = {"all": ids, "even": ids[0::2], "odd": ids[1::2]}[half]
    if task == "html":
        inputs = {pid: harness.read_html(dataset, pid) for pid in ids}
    else:
        inputs = harness.load_dumps(dataset, truth, task.partition("/")[2])
    return {pid: (inputs[pid], truth[pid]["articleBody"], truth[pid].get("url")) for pid in ids}


def run(args: argparse.Namespace) -> None:
    """Print one row per task, data set and extractor."""
    bench = Path(args.bench).resolve()
    harness = load_module(bench / "harness.py", "bench_harness")
    # The data beside the given folder's harness, even when that harness is a link to the
    # shared one (benchmarks/heldout.py builds such folders).
    setattr(harness, "DATA", bench / "data")  # noqa: B010 (a module loaded at run time)
    print(
        f"{'task':<11} {'dataset':<12} {'extractor':<20} {'F1':>6} {'P':>6} {'R':>6} {'p/s':>8}"
        "  newsmon speed / its"
    )
    for task in args.tasks.split(","):
        table = HTML_EXTRACTORS if task == "html" else TEXT_EXTRACTORS
        names = [n for n in table if n == "newsmon" or not args.ours_only]
        for dataset in args.datasets.split(","):
            pages = load_pages(harness, dataset, task, args.limit, args.half)
            extractors = {name: resolve(harness, bench, table[name]) for name in names}
            rows = score_interleaved(harness, extractors, pages)
            ours = rows["newsmon"]["pages_per_s"]
            for name, row in rows.items():
                ratio = f"{ours / row['pages_per_s']:8.2f}x" if name != "newsmon" else ""
                print(
                    f"{task:<11} {dataset:<12} {name:<20} {row['f1']:6.3f} {row['precision']:6.3f} "
                    f"{row['recall']:6.3f} {row['pages_per_s']:8.1f}  {ratio}"
                    + (f"  errors {row['errors']}" if row["errors"] else ""),
                    flush=True,
                )


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line and run the comparison."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("--datasets", "-d", default="zyte,readability")
    parser.add_argument("--tasks", default="text/block,text/bs4,html")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--half", choices=("all", "even", "odd"), default="all")
    parser.add_argument("--ours-only", action="store_true", help="skip the reference extractors")
    run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
