"""How fast pure Python can find a text dump's body at all: the bare region finder against
the text cleaner, page by page in the same run (issue 3: text dumps at >= 1000 pages/s).

    .venv/bin/python benchmarks/text_floor.py [--bench ../shared/bench] [--dataset zyte]

The bare finder does only the core of the cleaner's scoring: split the dump into lines, count
each line's words and function words, score it, and take the densest run (Kadane). It has no
boilerplate patterns, no rejoining, no titles, captions, duplicates, comments or bylines, and
builds no Article, so its speed is a ceiling for any cleaner that scores lines in Python;
what the cleaner may spend on everything else is the budget left below 1 ms a page.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transform.scoring import best_region  # noqa: E402 (the checkout's own package)
from transform.stopwords import vocabulary  # noqa: E402
from transform.text import clean_text  # noqa: E402

_FUNCTION_WORDS = vocabulary(None)
_STOPS = frozenset(".!?:;")
_CORE_COST = 8.0


def bare_region(text: str) -> str:
    """The densest run of prose-like lines, scored as the cleaner scores them, and nothing else."""
    lines = [line for line in (raw.strip() for raw in text.split("\n")) if line]
    scores = []
    for line in lines:
        words = line.lower().split()
        if len(words) < 4:
            scores.append(-2.5)
            continue
        share = sum(map(_FUNCTION_WORDS.__contains__, words)) / len(words)
        sentence = 1.0 if line[-1] in _STOPS else 0.55
        scores.append(min(len(words), 80) * (0.35 + 1.6 * min(share, 0.5)) * sentence - _CORE_COST)
    first, last = best_region(scores) or (0, -1)  # the cleaner's own Kadane
    return "\n\n".join(lines[first : last + 1])


def timed(runs: list[tuple[str, Callable[[str], str]]], texts: list[str]) -> dict[str, float]:
    """Seconds each function spent over all texts, called page by page in rotating order."""
    spent = {name: 0.0 for name, _ in runs}
    for page, text in enumerate(texts):
        for name, function in runs[page % len(runs) :] + runs[: page % len(runs)]:
            start = time.perf_counter()
            function(text)
            spent[name] += time.perf_counter() - start
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--dataset", default="zyte")
    parser.add_argument("--dump", default="block", choices=("block", "bs4"))
    args = parser.parse_args()
    path = args.bench / "data" / args.dataset / f"plaintext-{args.dump}.json.gz"
    texts = list(json.loads(gzip.decompress(path.read_bytes())).values())
    runs = [("bare region finder", bare_region), ("newsmon clean_text", clean_text)]
    for _, function in runs:
        function(texts[0])  # warm-up: imports, regex compilation
    spent = timed(runs, texts)
    rate = {name: len(texts) / seconds for name, seconds in spent.items()}
    print(f"{len(texts)} {args.dataset} {args.dump} dumps, one core, interleaved page by page")
    for name, pages in rate.items():
        print(f"  {name:20s} {pages:7.0f} pages/s  {1000 / pages:6.2f} ms a page")
    bare, ours = rate["bare region finder"], rate["newsmon clean_text"]
    print(f"  clean_text / bare finder: {bare / ours:.1f}x slower")
    print(f"  left for all other cleaning at 1000 pages/s: {1 - 1000 / bare:.2f} ms a page")


if __name__ == "__main__":
    main()
