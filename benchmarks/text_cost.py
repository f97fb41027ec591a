"""The text cleaner's CPU cost counted in instructions under valgrind: an A/B that timing noise
on a shared machine (+-30 % between runs) cannot blur.

    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
        .venv/bin/python benchmarks/text_cost.py [--setup-only]

The cleaning's share is the `I refs` of a full run less those of a `--setup-only` run (imports
and reading the dumps). Run both from each checkout being compared.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--setup-only", action="store_true", help="read the dumps, clean none")
    parser.add_argument("--every", type=int, default=3, help="clean every Nth dump (speed)")
    args = parser.parse_args()
    sys.path.insert(0, str(Path.cwd()))  # the checkout being measured, not necessarily ROOT
    from transform.text import clean_text

    texts: list[str] = []
    for dataset in ("zyte", "readability"):
        path = args.bench / "data" / dataset / "plaintext-block.json.gz"
        dumps: dict[str, str] = json.loads(gzip.decompress(path.read_bytes()))
        texts += list(dumps.values())[:: args.every]
    if not args.setup_only:
        for text in texts:
            clean_text(text)
    print(f"{len(texts)} dumps {'read' if args.setup_only else 'cleaned'}", file=sys.stderr)


if __name__ == "__main__":
    main()
