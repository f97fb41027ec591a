"""Every reason code the cleaner can write is explained in the README's table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from transform.boilerplate import REASONS

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("reason", REASONS)
def test_reason_has_a_readme_row(reason: str) -> None:
    assert re.search(rf"^\| `{reason}` \|", README, re.MULTILINE), (
        f"README lacks a row for {reason}"
    )
