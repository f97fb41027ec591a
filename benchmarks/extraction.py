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


def score_one(
    harness: ModuleType, fn: Callable[..., str], wants_url: bool, pages: dict[str, Any]
) -> dict[str, float]:
    """Run `fn` over {id: (input, truth, url)}, return F1/P/R and pages per second."""
    pairs: list[tuple[str, str]] = []
    seconds = 0.0
    errors = 0
    first = next(iter(pages.values()))
    harness.run_one(fn, wants_url, first[0], first[2], 0)  # warm-up: lazy imports
    for page_input, truth, url in pages.values():
        out, dt, err = harness.run_one(fn, wants_url, page_input, url, 30.0)
        pairs.append((truth, out))
        seconds += dt
        errors += err is not None
    scores = harness.zyte_scores(pairs, n_bootstrap=0)
    return {
        "f1": scores["f1"],
        "precision": scores["precision"],
        "recall": scores["recall"],
        "pages_per_s": len(pairs) / seconds if seconds else float("inf"),
        "errors": errors,
    }


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
    print(f"{'task':<11} {'dataset':<12} {'extractor':<20} {'F1':>6} {'P':>6} {'R':>6} {'p/s':>8}")
    for task in args.tasks.split(","):
        table = HTML_EXTRACTORS if task == "html" else TEXT_EXTRACTORS
        names = [n for n in table if n == "newsmon" or not args.ours_only]
        for dataset in args.datasets.split(","):
            pages = load_pages(harness, dataset, task, args.limit, args.half)
            for name in names:
                fn, wants_url = resolve(harness, bench, table[name])
                row = score_one(harness, fn, wants_url, pages)
                print(
                    f"{task:<11} {dataset:<12} {name:<20} {row['f1']:6.3f} {row['precision']:6.3f} "
                    f"{row['recall']:6.3f} {row['pages_per_s']:8.1f}"
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
