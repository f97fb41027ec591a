"""The polite client against a loopback server: robots, limits, deadlines, caps, retries."""

from __future__ import annotations

import gzip
import socket
import time
from typing import Any

import pytest
from werkzeug import Request, Response

from connectors.base import FetchError
from connectors.http import (
    BlockedAddress,
    BodyTooLarge,
    FetchTimeout,
    HttpOptions,
    HttpStatusError,
    PoliteClient,
    RobotsDisallowed,
    TooManyRedirects,
    charset_from_content_type,
    check_address,
    retry_after_seconds,
    user_agent,
)
from tests.connectors.conftest import FAST, Site, drip


def client(cursor: dict[str, Any] | None = None, **options: Any) -> PoliteClient:
    return PoliteClient(HttpOptions(**{**FAST, **options}), {} if cursor is None else cursor)


def test_user_agent_names_newsmon_and_the_contact_url(site: Site) -> None:
    site.page("/a", "ok", "text/plain")
    with client(contact="https://example.org/about-our-bot") as http:
        http.get(site.url("/a"))
    agent = site.requests("/a")[0].headers["User-Agent"]
    assert agent.startswith("newsmon/") and agent.endswith("(+https://example.org/about-our-bot)")
    assert user_agent("https://x.test").endswith("(+https://x.test)")


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.9",
        "169.254.169.254",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "fd00:ec2::254",
    ],
)
def test_loopback_private_link_local_and_metadata_addresses_are_refused(address: str) -> None:
    with pytest.raises(BlockedAddress, match="allow_private"):
        check_address("host.test", address, allow_private=False)
    check_address("host.test", address, allow_private=True)


def test_public_addresses_pass_the_address_check() -> None:
    check_address("example.org", "93.184.216.34", allow_private=False)
    check_address("example.org", "2606:2800:220:1:248:1893:25c8:1946", allow_private=False)


def test_loopback_is_refused_before_connecting_unless_allowed(site: Site) -> None:
    site.page("/a", "ok", "text/plain")
    with client(allow_private=False) as http, pytest.raises(BlockedAddress) as caught:
        http.get(site.url("/a"))
    assert caught.value.uri == site.url("/robots.txt") or caught.value.uri == site.url("/a")
    assert site.requests() == [] and site.requests("/robots.txt") == []


def test_only_http_and_https_urls_are_fetched() -> None:
    with client() as http, pytest.raises(BlockedAddress, match="only http and https"):
        http.get("file:///etc/passwd")


def test_robots_disallow_is_obeyed_and_robots_is_fetched_once_per_host(site: Site) -> None:
    site.robots = "User-agent: *\nDisallow: /private/\n"
    site.page("/private/x", "secret", "text/plain")
    site.page("/public", "ok", "text/plain")
    with client() as http:
        with pytest.raises(RobotsDisallowed):
            http.get(site.url("/private/x"))
        assert http.get(site.url("/public")).content == b"ok"
    assert len(site.requests("/robots.txt")) == 1
    assert [r.path for r in site.requests()] == ["/public"]


def test_robots_cache_in_the_cursor_spares_the_next_run_a_request(site: Site) -> None:
    site.page("/a", "ok", "text/plain")
    cursor: dict[str, Any] = {}
    for _ in range(2):
        with client(cursor) as http:
            http.get(site.url("/a"))
    assert len(site.requests("/robots.txt")) == 1


def test_robots_5xx_keeps_the_client_off_the_whole_host(site: Site) -> None:
    site.robots_status = 503
    site.page("/a", "ok", "text/plain")
    with client() as http, pytest.raises(RobotsDisallowed, match="HTTP 503"):
        http.get(site.url("/a"))
    assert site.requests() == []


def test_missing_robots_allows_everything(site: Site) -> None:
    site.robots = None
    site.page("/a", "ok", "text/plain")
    with client() as http:
        assert http.get(site.url("/a")).content == b"ok"


def test_crawl_delay_spaces_requests_to_the_host(site: Site) -> None:
    site.robots = "User-agent: *\nCrawl-delay: 0.4\n"
    site.page("/a", "ok", "text/plain")
    started = time.monotonic()
    with client() as http:
        for _ in range(3):
            http.get(site.url("/a"))
    assert time.monotonic() - started >= 0.8


def test_min_delay_spaces_requests_to_the_host(site: Site) -> None:
    site.page("/a", "ok", "text/plain")
    started = time.monotonic()
    with client(min_delay=0.3) as http:
        for _ in range(3):
            http.get(site.url("/a"))
    assert time.monotonic() - started >= 0.6


def test_5xx_is_retried_with_backoff_then_succeeds(site: Site) -> None:
    site.server.expect_oneshot_request("/flaky").respond_with_data("down", status=500)
    site.server.expect_oneshot_request("/flaky").respond_with_data("down", status=502)
    site.page("/flaky", "ok", "text/plain")
    with client() as http:
        assert http.get(site.url("/flaky")).content == b"ok"
    assert len(site.requests("/flaky")) == 3


def test_persistent_500_fails_after_the_retries(site: Site) -> None:
    site.page("/down", "down", "text/plain", status=500)
    with client(retries=2) as http, pytest.raises(HttpStatusError, match="HTTP 500"):
        http.get(site.url("/down"))
    assert len(site.requests("/down")) == 3


def test_404_is_not_retried(site: Site) -> None:
    site.page("/gone", "gone", "text/plain", status=404)
    with client() as http, pytest.raises(HttpStatusError, match="HTTP 404") as caught:
        http.get(site.url("/gone"))
    assert caught.value.status == 404 and len(site.requests("/gone")) == 1


def test_429_waits_for_retry_after(site: Site) -> None:
    site.server.expect_oneshot_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    site.page("/busy", "ok", "text/plain")
    started = time.monotonic()
    with client() as http:
        assert http.get(site.url("/busy")).content == b"ok"
    assert time.monotonic() - started >= 0.95


def test_retry_after_longer_than_max_wait_fails_at_once(site: Site) -> None:
    site.page("/busy", "later", "text/plain", status=429, headers={"Retry-After": "3600"})
    with client(max_wait=5) as http, pytest.raises(HttpStatusError, match="wait 3600"):
        http.get(site.url("/busy"))
    assert len(site.requests("/busy")) == 1


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 01 Jan 2020 00:00:00 GMT") == 0.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_connection_refused_is_retried_then_reported() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with client(retries=1) as http, pytest.raises(FetchError, match="connection failed"):
        http.get(f"http://127.0.0.1:{port}/a")


def test_slow_drip_trips_the_total_deadline(site: Site) -> None:
    site.handler("/drip", lambda _r: Response(drip(40, 0.1), content_type="text/html"))
    started = time.monotonic()
    with (
        client(deadline=1.0, read_timeout=5.0) as http,
        pytest.raises(FetchTimeout, match="deadline"),
    ):
        http.get(site.url("/drip"))
    assert time.monotonic() - started < 2.0


def test_oversized_body_is_refused_from_content_length(site: Site) -> None:
    site.page("/big", b"x" * 5000, "text/plain")
    with client(max_bytes=1000) as http, pytest.raises(BodyTooLarge):
        http.get(site.url("/big"))


def test_oversized_body_is_refused_while_streaming(site: Site) -> None:
    site.handler(
        "/stream", lambda _r: Response((b"y" * 1000 for _ in range(50)), content_type="text/plain")
    )
    with client(max_bytes=10_000) as http, pytest.raises(BodyTooLarge):
        http.get(site.url("/stream"))


def test_a_gzip_bomb_is_stopped_at_max_bytes_of_decoded_body(site: Site) -> None:
    bomb = gzip.compress(b"\0" * 20_000_000)
    site.page("/bomb", bomb, "text/html", headers={"Content-Encoding": "gzip"})
    with client(max_bytes=1_000_000) as http, pytest.raises(BodyTooLarge, match="max_bytes"):
        http.get(site.url("/bomb"))


def test_gzip_bodies_are_decoded(site: Site) -> None:
    site.page("/z", gzip.compress(b"hello"), "text/plain", headers={"Content-Encoding": "gzip"})
    with client() as http:
        assert http.get(site.url("/z")).content == b"hello"


def test_redirects_are_followed_and_each_hop_checked_against_robots(site: Site) -> None:
    site.robots = "User-agent: *\nDisallow: /blocked\n"
    site.page("/old", "", status=301, headers={"Location": "/new"})
    site.page("/new", "moved", "text/plain")
    site.page("/sneaky", "", status=302, headers={"Location": "/blocked"})
    with client() as http:
        fetched = http.get(site.url("/old"))
        assert (fetched.url, fetched.content) == (site.url("/new"), b"moved")
        with pytest.raises(RobotsDisallowed):
            http.get(site.url("/sneaky"))


def test_a_redirect_loop_stops(site: Site) -> None:
    site.page("/loop1", "", status=302, headers={"Location": "/loop2"})
    site.page("/loop2", "", status=302, headers={"Location": "/loop1"})
    with client() as http, pytest.raises(TooManyRedirects, match="loop"):
        http.get(site.url("/loop1"))


def test_more_than_five_redirects_stop(site: Site) -> None:
    for hop in range(7):
        site.page(f"/r{hop}", "", status=302, headers={"Location": f"/r{hop + 1}"})
    with client() as http, pytest.raises(TooManyRedirects, match="more than 5"):
        http.get(site.url("/r0"))
    assert len(site.requests()) == 6


def test_a_redirect_to_another_scheme_is_refused(site: Site) -> None:
    site.page("/out", "", status=302, headers={"Location": "file:///etc/passwd"})
    with client() as http, pytest.raises(BlockedAddress):
        http.get(site.url("/out"))


def test_conditional_get_sends_stored_validators_and_reports_304(site: Site) -> None:
    site.cached("/feed", "body", "text/plain", etag='"v1"')
    cursor: dict[str, Any] = {}
    with client(cursor) as http:
        assert http.get(site.url("/feed"), conditional=True).content == b"body"
        assert http.get(site.url("/feed"), conditional=True).not_modified
    second = site.requests("/feed")[1]
    assert second.headers["If-None-Match"] == '"v1"'
    assert second.headers["If-Modified-Since"] == "Wed, 01 May 2024 10:00:00 GMT"
    assert cursor["validators"][site.url("/feed")]["etag"] == '"v1"'


def test_header_charset_reaches_the_document_hints(site: Site) -> None:
    site.page("/sjis", "テスト".encode("shift_jis"), "text/html; charset=Shift_JIS")
    with client() as http:
        document = http.document("s", site.url("/sjis"), {"title": "t"})
    assert document.hints == {"title": "t", "charset": "cp932"}
    assert document.content == "テスト".encode("shift_jis")


def test_charset_labels_follow_browsers() -> None:
    assert charset_from_content_type("text/html; charset=ISO-8859-1") == "cp1252"
    assert charset_from_content_type('text/html; charset="euc-jp"') == "euc-jp"
    assert charset_from_content_type("text/html") is None


def test_handler_request_objects_are_werkzeug(site: Site) -> None:
    site.handler(
        "/echo", lambda r: Response(r.headers.get("Accept-Encoding", ""), content_type="text/plain")
    )
    with client() as http:
        assert http.get(site.url("/echo")).content == b"gzip"
    assert isinstance(site.requests("/echo")[0], Request)


def test_an_unresolvable_host_is_a_fetch_error() -> None:
    with client(retries=0) as http, pytest.raises(FetchError, match="cannot resolve"):
        http.get("http://news.example.test/a")
