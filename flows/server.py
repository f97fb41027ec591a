"""A real local Prefect server for schedules (the temporary one never fires them)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

import httpx

from connectors.base import NewsmonError

_STARTUP_SECONDS = 120.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_command(port: int) -> list[str]:
    """`prefect server start` bound to loopback only."""
    return [
        sys.executable,
        "-m",
        "prefect",
        "server",
        "start",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]


@contextmanager
def prefect_api() -> Iterator[str]:
    """The API in PREFECT_API_URL, or a local server started here and stopped on exit."""
    existing = os.environ.get("PREFECT_API_URL")
    if existing:
        yield existing
        return
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    # A file, not a pipe: nobody reads the server's output, and a full pipe would block it.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(server_command(port), stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(url, process, log)
            os.environ["PREFECT_API_URL"] = url
            yield url
        finally:
            os.environ.pop("PREFECT_API_URL", None)
            _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    deadline = time.monotonic() + _STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            detail = log.read().decode(errors="replace")[-2000:]
            raise NewsmonError(f"the local Prefect server exited at start: {detail}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass  # not listening yet
        time.sleep(0.5)
    raise NewsmonError(
        f"the local Prefect server did not answer within {_STARTUP_SECONDS:.0f}s; start one with "
        "`newsmon server` and set PREFECT_API_URL, then retry"
    )
