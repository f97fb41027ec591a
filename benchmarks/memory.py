"""Peak memory of one `newsmon run` over N documents, without the limit, rerun or reprocess.

`python benchmarks/memory.py 100000 [--bench ../shared/bench]`: the check that memory stays
flat in N (issue 8) at a size where the full `run.py` takes over an hour on two cores. The
result is printed and kept in `results/memory-N.json`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from corpus import write_corpus
from run import run_measured


def main() -> None:
    """Build the corpus, run the pipeline once under the memory sampler, print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("size", type=int)
    parser.add_argument("--bench", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix=f"newsmon-corpus-{args.size}-") as tmp:
        kinds = write_corpus(Path(tmp), args.size, bench=args.bench)
        print(f"corpus of {args.size}: {kinds}", file=sys.stderr, flush=True)
        result = run_measured(["pipeline", tmp, "--first-run-only"])
    line = json.dumps({"size": args.size, "corpus": kinds, "pipeline": result})
    print(line)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"memory-{args.size}.json").write_text(line + "\n")


if __name__ == "__main__":
    main()
