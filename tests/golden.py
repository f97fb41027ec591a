"""Golden-file comparison: expected JSON beside the input, rewritten with --update-golden."""

from __future__ import annotations

import json
from pathlib import Path


def assert_matches_golden(actual: object, golden: Path, *, update: bool) -> None:
    """Compare `actual` with the JSON in `golden`, or write it there when `update` is set."""
    rendered = json.dumps(actual, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if update or not golden.exists():
        golden.write_text(rendered, encoding="utf-8")
        if not update:
            raise AssertionError(f"{golden} did not exist; wrote it, review and commit it")
        return
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert json.loads(rendered) == expected, f"output differs from {golden}"
