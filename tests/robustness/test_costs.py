"""Bounded cost: inputs that once cost minutes of CPU must clean within a CPU-time cap.

Each runs in a subprocess with RLIMIT_CPU, so a regression is killed at the cap instead of
hanging the suite, and the bound is CPU time, which a loaded CI machine does not inflate.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CPU_SECONDS = 15  # each input cleans in about 1 s once linear; minutes before the fixes
CLEAN = """
import resource, sys
resource.setrlimit(resource.RLIMIT_CPU, ({cap}, {cap}))
from connectors.base import RawDocument, ContentError
import transform
content = {make}
try:
    transform.clean(RawDocument("s", "u", content, {media!r}))
except ContentError:
    pass
print("done")
"""
COSTLY = {
    # transform/wrapping.py rejoin_wrapped grew one string per joined line: quadratic.
    "160k-short-lines": ('b"a line of words here\\n" * 160_000', "text/plain"),
    # libxml2 checks each attribute against the others: 10^5 attributes cost minutes.
    "100k-attributes": (
        '(b"<html><body><p " + b" ".join(b"a%d=v" % i for i in range(100_000)) '
        '+ b">Some paragraph text long enough to keep.</p></body></html>")',
        "text/html",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", COSTLY)
def test_costly_input_cleans_within_the_cpu_cap(name: str) -> None:
    make, media = COSTLY[name]
    code = CLEAN.format(cap=CPU_SECONDS, make=make, media=media)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and "done" in done.stdout, f"over {CPU_SECONDS} s of CPU"
