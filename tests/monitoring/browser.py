"""Headless Chromium for tests: render a local page, collect console messages, screenshot."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

# Quiet, offline, throwaway: no sandbox (containers), no GPU, no calls home, a fresh profile.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--enable-logging=stderr",
    "--v=0",
)
# Chromium logs every console message (errors, CSP violations, failed loads) as CONSOLE.
_CONSOLE = re.compile(r":CONSOLE[:(]\d*\)?\]? (.*)")


def chromium() -> str | None:
    """The Chromium binary on PATH, if Debian's `chromium` package is installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def console_messages(page: Path) -> list[str]:
    """The console messages Chromium logs while loading `page` (an HTML file)."""
    stderr = _run(["--dump-dom", page.resolve().as_uri()])
    return [m.group(1) for line in stderr.splitlines() if (m := _CONSOLE.search(line))]


def screenshot(page: Path, png: Path, size: tuple[int, int] = (1200, 1800)) -> None:
    """Save a PNG of `page` as Chromium renders it."""
    _run([f"--screenshot={png.resolve()}", f"--window-size={size[0]},{size[1]}", page.as_uri()])


def _run(arguments: list[str]) -> str:
    binary = chromium()
    assert binary is not None, "chromium is not installed"
    with tempfile.TemporaryDirectory(prefix="newsmon-chromium-") as profile:
        done = subprocess.run(
            [binary, *FLAGS, f"--user-data-dir={profile}", *arguments],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    return done.stderr
