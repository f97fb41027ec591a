"""A benchmark corpus: N article files built from seeds/ and, if given, ../shared/bench pages.

Variety: plain-text dumps and HTML pages in the given share, each copy made unique by a
dateline sentence so the pipeline cannot skip it, spread over folders of 1,000 files, with a
share of exact duplicates under other names (the same wire story filed twice).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_PER_FOLDER = 1000


@dataclass(frozen=True)
class Base:
    """One source page the corpus copies from."""

    suffix: str
    text: str


def load_bases(bench: Path | None) -> tuple[list[Base], list[Base]]:
    """(text bases, html bases): the seeds, plus the bench's block dumps and HTML pages."""
    texts = [
        Base(".txt", p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))
    ]
    pages: list[Base] = []
    if bench is not None:
        for data in sorted((bench / "data").iterdir()):
            dumps = json.loads(gzip.decompress((data / "plaintext-block.json.gz").read_bytes()))
            texts += [Base(".txt", text) for _, text in sorted(dumps.items())]
            for page in sorted((data / "html").glob("*.html.gz")):
                html = gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace")
                pages.append(Base(".html", html))
    return texts, pages


def make_unique(base: Base, number: int) -> str:
    """The base with one dateline sentence of its own, so every copy is a new document."""
    line = f"Wire copy {number}: filed by the benchmark desk on day {number % 365}."
    if base.suffix == ".html":
        return base.text.replace("<body", f"<!-- {line} --><body", 1) + f"\n<!-- {number} -->"
    return f"{base.text.rstrip()}\n\n{line}\n"


def write_corpus(
    folder: Path,
    count: int,
    *,
    bench: Path | None = None,
    html_share: float = 0.3,
    duplicate_share: float = 0.03,
    seed: int = 7,
) -> dict[str, int]:
    """Write `count` documents under `folder`; returns how many of each kind were written."""
    texts, pages = load_bases(bench)
    rng = random.Random(seed)
    written = {"text": 0, "html": 0, "duplicates": 0}
    previous: tuple[str, str] | None = None
    for number in range(count):
        target = folder / f"part-{number // _PER_FOLDER:04d}"
        if number % _PER_FOLDER == 0:
            target.mkdir(parents=True, exist_ok=True)
        if previous is not None and rng.random() < duplicate_share:
            suffix, content = previous
            written["duplicates"] += 1
        else:
            use_html = bool(pages) and rng.random() < html_share
            base = rng.choice(pages if use_html else texts)
            suffix, content = base.suffix, make_unique(base, number)
            written["html" if use_html else "text"] += 1
        (target / f"doc-{number:07d}{suffix}").write_text(content, encoding="utf-8")
        previous = (suffix, content)
    return written


def main() -> None:
    """`python benchmarks/corpus.py N FOLDER [--bench ../shared/bench]`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--bench", type=Path, default=None)
    parser.add_argument("--html-share", type=float, default=0.3)
    args = parser.parse_args()
    print(
        json.dumps(
            write_corpus(args.folder, args.count, bench=args.bench, html_share=args.html_share)
        )
    )


if __name__ == "__main__":
    main()
