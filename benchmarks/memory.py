"""Peak memory of one `newsmon run` over N documents, without the limit, rerun or reprocess.

`python benchmarks/memory.py 100000 [--bench ../shared/bench]`: the check that memory stays
flat in N (issue 8) at a size where the full `run.py` takes over an hour on two cores.
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix=f"newsmon-corpus-{args.size}-") as tmp:
        kinds = write_corpus(Path(tmp), args.size, bench=args.bench)
        print(f"corpus of {args.size}: {kinds}", file=sys.stderr, flush=True)
        result = run_measured(["pipeline", tmp, "--first-run-only"])
    print(json.dumps({"size": args.size, "corpus": kinds, "pipeline": result}))


if __name__ == "__main__":
    main()
