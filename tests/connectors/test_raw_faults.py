"""Faults an HTTP library's test server cannot make: resets, silence, a cut-off response."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.connectors.conftest import article_html, errors, ingest, titles, write_config

GOOD = article_html("Harbour reopens").encode()


class RawServer:
    """A TCP server on 127.0.0.1 that answers each path its own broken way."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = conn.recv(4096)
            if not chunk:
                return
            request += chunk
        path = request.split(b" ")[1].decode()
        if path == "/reset":  # RST: SO_LINGER with a zero timeout, then close
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
        elif path == "/silent":  # accepted, read, never answered
            self.held.append(conn)
        elif path == "/cut":  # a promised body that stops halfway
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n"
            )
            conn.sendall(GOOD[:200])
            conn.close()
        elif path == "/good":
            head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(GOOD)}\r\n"
            conn.sendall(head.encode() + b"Connection: close\r\n\r\n" + GOOD)
            conn.close()
        else:  # robots.txt and anything else: not found, so everything is allowed
            conn.sendall(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()  # accept() times out every 0.2 s and sees the stop
        for conn in self.held:
            conn.close()
        self.sock.close()


@pytest.fixture
def raw_server() -> Iterator[RawServer]:
    server = RawServer()
    yield server
    server.close()


def test_resets_silence_and_cut_bodies_are_errors_and_the_good_page_loads(
    raw_server: RawServer, tmp_path: Path
) -> None:
    paths = ("/reset", "/silent", "/cut", "/good")
    source = {
        "name": "raw",
        "kind": "web",
        "urls": [raw_server.url(p) for p in paths],
        "retries": 1,
        "read_timeout": 1.0,
        "deadline": 2.0,
    }
    config = write_config(tmp_path, source)
    summary = ingest(config)
    assert summary.status == "completed"
    assert titles(config) == ["Harbour reopens"]
    failed = {uri.rsplit("/", 1)[1]: (stage, detail) for stage, _, uri, detail in errors(config)}
    assert set(failed) == {"reset", "silent", "cut"}
    assert all(stage == "fetch" for stage, _ in failed.values())
    assert "time" in failed["silent"][1].lower()  # ended by the timeout or the deadline
