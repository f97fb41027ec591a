"""Fixtures of the bad-input corpus: a loopback site, a resolver that never leaves it, a canary."""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from connectors import http
from tests.connectors.conftest import loopback_server, site

__all__ = ["Canary", "canary", "loopback_server", "open_canary", "site"]

# Names the corpus resolves itself: a "DNS" answer that points at loopback (rebinding, SSRF),
# and an origin the redirect cases treat as public so that only the hop after it is judged.
FAKE_DNS = {"rebind.test": "127.0.0.1", "origin.test": "127.0.0.1"}
TRUSTED_ORIGIN = "origin.test"
CANARY_TEXT = "CANARY-7f3a-do-not-read"


def _is_numeric_host(host: str) -> bool:
    """Literal IPv4 (any inet_aton form: decimal, octal, hex, short) or IPv6."""
    try:
        socket.inet_aton(host)
        return True
    except OSError:
        pass
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return True


@pytest.fixture(autouse=True)
def _no_real_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only literal addresses, localhost and FAKE_DNS resolve: no test ever leaves 127.0.0.1."""
    real = socket.getaddrinfo

    def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name in FAKE_DNS:
            return real(FAKE_DNS[name], *args, **kwargs)
        if name == "localhost" or _is_numeric_host(name):
            return real(host, *args, **kwargs)
        raise socket.gaierror(f"tests stay on loopback; refused to resolve {name!r}")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


@pytest.fixture
def trusted_origin(monkeypatch: pytest.MonkeyPatch) -> str:
    """`origin.test` passes the address check (as a public host would); every other host is
    judged by the real check, so a redirect from it to loopback must be refused."""
    real = http.check_address

    def check(host: str, address: str, allow_private: bool) -> None:
        if host != TRUSTED_ORIGIN:
            real(host, address, allow_private)

    monkeypatch.setattr(http, "check_address", check)
    return TRUSTED_ORIGIN


@dataclass
class Canary:
    """A FIFO that trips when anything opens it for reading, from Python or from C (libxml2,
    expat): the opener blocks until our writer thread answers, so no open goes unseen."""

    path: Path
    opened: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        """The canary as a file: URL, for external entities and redirects."""
        return self.path.as_uri()

    def watch(self) -> None:
        """Poll for a reader; when one appears, count it and feed it the canary text."""
        while not self._stop.is_set():
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:  # ENXIO: no reader yet
                    raise
                time.sleep(0.005)
                continue
            self.opened += 1
            try:
                os.write(fd, CANARY_TEXT.encode())
            except BlockingIOError:
                pass
            finally:
                os.close(fd)

    def stop(self) -> None:
        """End the watcher thread."""
        self._stop.set()


@contextmanager
def open_canary(folder: Path) -> Iterator[Canary]:
    """A canary FIFO in `folder`/secret, watched until the block ends."""
    (folder / "secret").mkdir()
    trap = Canary(folder / "secret" / "canary.txt")
    os.mkfifo(trap.path)
    watcher = threading.Thread(target=trap.watch, daemon=True)
    watcher.start()
    try:
        yield trap
    finally:
        trap.stop()
        watcher.join(timeout=5)


@pytest.fixture
def canary(tmp_path: Path) -> Iterator[Canary]:
    """A local canary file nothing may read; the test fails if anything opened it."""
    with open_canary(tmp_path) as trap:
        yield trap
    assert trap.opened == 0, f"something opened the canary {trap.path}"
