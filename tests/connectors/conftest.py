"""A loopback web site for the web connectors, and a helper that runs the real ingest pipeline."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from flows.pipeline import RunSummary
from tests.conftest import ingest_once

# Sample paragraphs in scripts and accents that test decoding (web tests and the bad-input corpus).
JAPANESE = (
    "今日の東京は晴れです。気温は二十度まで上がる見込みです。",
    "明日は雨が降るでしょう。傘を持って出かけてください。",
)
LATIN = (
    "The café served crème brûlée — a “classic” dessert for everyone who came.",
    "Naïve visitors paid €5 for it, which was a bargain by any measure at all.",
)

# Options every test source gets: loopback allowed, no politeness waits, tiny backoff.
FAST: dict[str, Any] = {
    "allow_private": True,
    "contact": "https://example.org/newsmon-tests",
    "min_delay": 0.0,
    "backoff": 0.01,
    "retries": 2,
    "connect_timeout": 2.0,
    "read_timeout": 2.0,
    "deadline": 3.0,
}


class Site:
    """Routes on the shared loopback server; robots.txt is served from `self.robots`."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.robots: str | None = "User-agent: *\nAllow: /\n"
        self.robots_status = 200
        server.expect_request("/robots.txt").respond_with_handler(self._robots)

    def url(self, path: str) -> str:
        """The absolute loopback URL of `path`."""
        return self.server.url_for(path)

    def page(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Serve a fixed response at `path`."""
        self.server.expect_request(path).respond_with_data(
            body, status=status, content_type=content_type, headers=headers
        )

    def cached(self, path: str, body: bytes | str, content_type: str, etag: str) -> None:
        """Serve `path` with an ETag and Last-Modified, answering 304 when either still holds."""
        modified = "Wed, 01 May 2024 10:00:00 GMT"

        def handler(request: Request) -> Response:
            if request.headers.get("If-None-Match") == etag or (
                request.headers.get("If-Modified-Since") == modified
            ):
                return Response(status=304, headers={"ETag": etag})
            headers = {"ETag": etag, "Last-Modified": modified}
            return Response(body, content_type=content_type, headers=headers)

        self.server.expect_request(path).respond_with_handler(handler)

    def handler(self, path: str, func: Callable[[Request], Response]) -> None:
        """Serve `path` with an arbitrary werkzeug handler."""
        self.server.expect_request(path).respond_with_handler(func)

    def requests(self, path: str | None = None) -> list[Request]:
        """Requests received so far (robots.txt excluded unless asked for by path)."""
        return [
            r for r, _ in self.server.log if (r.path == path if path else r.path != "/robots.txt")
        ]

    def _robots(self, _request: Request) -> Response:
        if self.robots is None:
            return Response("not found", status=404)
        return Response(self.robots, status=self.robots_status, content_type="text/plain")


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Name lookups for anything but loopback fail, so no test can leave 127.0.0.1."""
    real = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        if str(host) not in _LOOPBACK:
            raise socket.gaierror(f"tests stay on loopback; refused to resolve {host!r}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


@pytest.fixture(scope="session")
def loopback_server() -> Iterator[HTTPServer]:
    """One threaded server on 127.0.0.1 (threads: a slow-drip response must not block others)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def site(loopback_server: HTTPServer) -> Iterator[Site]:
    """A fresh set of routes for one test."""
    loopback_server.clear()
    yield Site(loopback_server)
    loopback_server.clear()


def article_html(title: str, *paragraphs: str, head: str = "", date: str | None = None) -> str:
    """A small article page the cleaner keeps."""
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs) or (
        "<p>A paragraph long enough for the cleaner to keep as article text.</p>"
        "<p>And a second paragraph, so the article has a real body to store.</p>"
    )
    return (
        f"<!doctype html><html><head>{head}<title>{title}</title>{meta}</head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def write_config(tmp_path: Path, *sources: dict[str, Any]) -> Path:
    """A newsmon.toml in `tmp_path` with its warehouse beside it."""
    lines = ['[warehouse]\npath = "newsmon.duckdb"\nlock_wait_seconds = 5\n']
    for source in sources:
        lines.append("[[sources]]")
        lines.extend(f"{key} = {json.dumps(value)}" for key, value in {**FAST, **source}.items())
        lines.append("")
    path = tmp_path / "newsmon.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def ingest(config_path: Path) -> RunSummary:
    """One run of every configured source through the real pipeline (no Prefect)."""
    return ingest_once(config_path, flow="test")


def query(config_path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Rows of `sql` over the test warehouse, opened read-only."""
    con = duckdb.connect(str(config_path.parent / "newsmon.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def errors(config_path: Path) -> list[tuple[str, str, str, str]]:
    """(stage, error class, uri, detail) of every ingest_errors row."""
    return query(config_path, "SELECT stage, error, uri, detail FROM ingest_errors ORDER BY uri")


def titles(config_path: Path) -> list[str]:
    """Titles of the stored articles, sorted."""
    return sorted(r[0] for r in query(config_path, "SELECT title FROM articles"))


def drip(chunks: int, pause: float) -> Iterator[bytes]:
    """A body that arrives one byte at a time: httpx's read timeout never trips on it."""
    yield b"<html><body>"
    for _ in range(chunks):
        time.sleep(pause)
        yield b"x"
