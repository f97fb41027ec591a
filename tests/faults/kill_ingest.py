"""One ingest run (plain pipeline, no Prefect) in its own process, for the kill -9 trials.

Usage: ``python -m tests.faults.kill_ingest CONFIG``; prints ``ready`` once imported.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.robustness.harness import run_pipeline


def main() -> None:
    """Announce readiness (imports done), then run every source once."""
    config = Path(sys.argv[1])
    print("ready", flush=True)
    summary = run_pipeline(config, flow="kill-trial")
    print(f"done {summary.counts.inserted}", flush=True)


if __name__ == "__main__":
    main()
