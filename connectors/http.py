"""The one polite HTTP client of the web connectors: robots, rate limits, deadlines, caps, retries.

Errors it raises, all per document (``FetchError`` from connectors/base.py)::

    FetchError
    ├── HttpStatusError      the server answered 4xx/5xx (5xx and 429 after retries)
    ├── FetchTimeout         connect/read timeout or the total deadline passed
    ├── BodyTooLarge         the decoded body went over `max_bytes`
    ├── BlockedAddress       not http(s), or a loopback/private/link-local/multicast address
    ├── RobotsDisallowed     robots.txt forbids the URL (or could not be read: RFC 9309)
    └── TooManyRedirects     more than 5 hops, or a redirect loop
"""

from __future__ import annotations

import contextvars
import email.utils
import ipaddress
import random
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import httpcore
import httpx
from protego import Protego
from pydantic import BaseModel, ConfigDict, Field

from connectors.base import ContentError, FetchError, RawDocument

ROBOTS_TOKEN = "newsmon"
ROBOTS_MAX_BYTES = 500_000  # RFC 9309: parse at least 500 KiB, ignore the rest
ROBOTS_TTL = timedelta(hours=24)  # RFC 9309: do not use a cached robots.txt longer than a day
REDIRECTS = frozenset({301, 302, 303, 307, 308})
_LOCATION = "x-newsmon-location"  # where _stash_location keeps a response's Location
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("deadline", default=None)


class HttpStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, message: str, *, uri: str, status: int) -> None:
        super().__init__(message, uri=uri)
        self.status = status


class FetchTimeout(FetchError):
    """Connect or read timeout, or the request's total deadline passed."""


class BodyTooLarge(FetchError):
    """The decoded body is bigger than the source's `max_bytes`."""


class BlockedAddress(FetchError):
    """The URL is not http(s) or resolves to an address the source may not reach."""


class RobotsDisallowed(FetchError):
    """robots.txt does not allow newsmon to fetch this URL."""


class TooManyRedirects(FetchError):
    """The redirect chain is longer than `max_redirects`."""


class HttpOptions(BaseModel):
    """Politeness options every web source kind shares (flat keys of its [[sources]] table)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    contact: str | None = None  # a URL or mailto: for site owners; goes into the User-Agent
    allow_private: bool = False
    connect_timeout: float = Field(default=10.0, gt=0)
    read_timeout: float = Field(default=30.0, gt=0)
    deadline: float = Field(default=60.0, gt=0)
    max_bytes: int = Field(default=10_000_000, gt=0)
    min_delay: float = Field(default=1.0, ge=0)
    max_wait: float = Field(default=120.0, ge=0)
    retries: int = Field(default=3, ge=0)
    backoff: float = Field(default=1.0, ge=0)
    max_redirects: int = Field(default=5, ge=0, le=5)


@dataclass(frozen=True)
class Fetched:
    """A response read in full (or a 304): final URL, status, decoded body and its type."""

    url: str
    status: int
    content: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional request."""
        return self.status == 304

    @property
    def media_type(self) -> str:
        """The Content-Type without parameters (application/octet-stream when missing)."""
        value = self.headers.get("content-type", "")
        return value.split(";")[0].strip().lower() or "application/octet-stream"

    @property
    def charset(self) -> str | None:
        """The header's charset, with the WHATWG aliases applied (latin-1 means cp1252)."""
        return charset_from_content_type(self.headers.get("content-type", ""))

    def document(self, source: str, hints: Mapping[str, Any] | None = None) -> RawDocument:
        """The body as raw bytes; the header charset goes to hints for transform's decoder.

        Raises ContentError when the server says the body is an image, a PDF, an archive...
        """
        if self.media_type.startswith(_BINARY_PREFIXES) or self.media_type in _BINARY_TYPES:
            raise ContentError(
                f"{self.url} is served as {self.media_type}, not a page; remove it from the "
                "source or filter it out (include/exclude)",
                uri=self.url,
            )
        extra = {"charset": self.charset} if self.charset else {}
        return RawDocument(
            source=source,
            uri=self.url,
            content=self.content,
            media_type=self.media_type,
            hints={**(hints or {}), **extra},
        )


# Media types that are never an article (issue 7); octet-stream is not among them, because
# misconfigured servers send HTML as that and transform sniffs it.
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/", "model/")
_BINARY_TYPES = frozenset(
    {
        "application/pdf",
        "application/zip",
        "application/gzip",
        "application/x-gzip",
        "application/x-tar",
        "application/x-7z-compressed",
        "application/x-rar-compressed",
        "application/vnd.rar",
        "application/wasm",
        "application/x-executable",
        "application/vnd.ms-excel",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)

# WHATWG encoding labels: browsers decode these as the supersets, and so must we.
_CHARSET_ALIASES = dict.fromkeys(("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"), "cp1252")
_CHARSET_ALIASES |= dict.fromkeys(("shift_jis", "shift-jis", "sjis", "x-sjis"), "cp932")


def charset_from_content_type(value: str) -> str | None:
    """The charset parameter of a Content-Type; browsers read latin-1 as cp1252, SJIS as cp932."""
    for param in value.split(";")[1:]:
        key, _, raw = param.partition("=")
        if key.strip().lower() == "charset" and raw.strip(" \"'"):
            label = raw.strip(" \"'").lower()
            return _CHARSET_ALIASES.get(label, label)
    return None


def user_agent(contact: str | None) -> str:
    """`newsmon/<version> (+<contact>)`: who we are and where site owners can reach us."""
    try:
        release = version("newsmon")
    except PackageNotFoundError:
        release = "dev"
    return f"newsmon/{release} (+{contact})" if contact else f"newsmon/{release}"


def check_address(host: str, address: str, allow_private: bool) -> None:
    """Refuse loopback, private, link-local (cloud metadata), reserved and multicast addresses."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    # is_global is True for multicast (224/4, ff00::/8): refuse those too (issue 7).
    if not allow_private and (not ip.is_global or ip.is_multicast):
        raise BlockedAddress(
            f"{host} resolves to {ip}, a loopback/private/link-local address; "
            "set allow_private = true on the source if it really is on your network",
            uri=host,
        )


class _GuardedStream(httpcore.NetworkStream):
    """A socket whose every read and write also respects the request's total deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _GuardedStream(self._inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


def _bounded(timeout: float | None, error: type[Exception]) -> float | None:
    """`timeout` shortened to what is left of the deadline (httpx's read timeout is per read)."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("total deadline passed")
    return left if timeout is None else min(timeout, left)


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves once, checks every address, then connects to the checked one (no DNS rebinding)."""

    def __init__(self, allow_private: bool) -> None:
        self._allow_private = allow_private
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        for address in addresses:
            check_address(host, address, self._allow_private)
        error: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:  # the checked addresses only, in resolver order
            bounded = _bounded(timeout, httpcore.ConnectTimeout)
            try:
                stream = self._inner.connect_tcp(
                    address, port, bounded, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
                continue
            return _GuardedStream(stream)
        raise error

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@cache
def _ssl_context() -> ssl.SSLContext:
    """One verifying context per process: loading the CA bundle costs ~0.1 s per client."""
    return httpx.create_ssl_context(trust_env=False)


def guarded_transport(allow_private: bool) -> httpx.HTTPTransport:
    """An httpx transport that never connects to a refused address and honours the deadline."""
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx 0.28 takes no network backend, so swap the pool for one built with ours.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=_ssl_context(),
        max_connections=4,
        network_backend=_GuardedBackend(allow_private),
    )
    return transport


@dataclass
class _HostSlot:
    """One host's turn: a lock (concurrency 1) and the earliest time of its next request."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0


_SLOTS: dict[str, _HostSlot] = {}
_SLOTS_LOCK = threading.Lock()


@contextmanager
def host_turn(host: str, delay: float) -> Iterator[_HostSlot]:
    """Wait for `host`'s turn (shared by all sources in this process), then hold it."""
    with _SLOTS_LOCK:
        slot = _SLOTS.setdefault(host, _HostSlot())
    with slot.lock:
        wait = slot.next_at - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            yield slot
        finally:
            slot.next_at = max(slot.next_at, time.monotonic() + delay)


class _Inflater:
    """Content-Encoding decoding with the size cap applied while inflating (zip bombs)."""

    def __init__(self, encoding: str, cap: int, uri: str) -> None:
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._z: Any = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            self._z = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header
        else:
            raise FetchError(f"{uri}: unsupported Content-Encoding {encoding!r}", uri=uri)
        self._cap, self._uri, self.size = cap, uri, 0

    def feed(self, chunk: bytes) -> bytes:
        """Decode one raw chunk; raise BodyTooLarge as soon as the cap is passed."""
        try:
            data = (
                chunk if self._z is None else self._z.decompress(chunk, self._cap - self.size + 1)
            )
        except zlib.error as exc:
            raise FetchError(
                f"{self._uri}: corrupt compressed body ({exc})", uri=self._uri
            ) from exc
        self.size += len(data)
        if self.size > self._cap:
            raise BodyTooLarge(
                f"{self._uri}: body is over max_bytes = {self._cap:,}; raise max_bytes on the "
                "source if the page is genuine",
                uri=self._uri,
            )
        return data


# Why a host is off limits this run: the error to raise for each of its URLs, and the reason.
_Refusal = tuple[type[FetchError], str]


class PoliteClient:
    """GETs for one source run; validators and robots.txt are cached in the source's cursor."""

    def __init__(
        self,
        options: HttpOptions,
        cursor: dict[str, Any],
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.options = options
        self.validators: dict[str, dict[str, str]] = cursor.setdefault("validators", {})
        self._robots_cache: dict[str, dict[str, Any]] = cursor.setdefault("robots", {})
        self._robots: dict[str, Protego | _Refusal] = {}
        timeout = httpx.Timeout(options.read_timeout, connect=options.connect_timeout)
        self._http = httpx.Client(
            transport=transport or guarded_transport(options.allow_private),
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": user_agent(options.contact), "Accept-Encoding": "gzip"},
            event_hooks={"response": [_stash_location]},
        )

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def get(self, url: str, *, conditional: bool = False) -> Fetched:
        """GET `url` politely; with `conditional`, a 304 when the stored validators still hold."""
        fetched = self._follow(url, conditional=conditional, robots=True)
        if conditional and fetched.status == 200:
            self.remember(url, fetched)
        return fetched

    def document(self, source: str, url: str, hints: Mapping[str, Any]) -> RawDocument:
        """GET a page and wrap its raw bytes as a RawDocument."""
        return self.get(url).document(source, hints)

    def remember(self, url: str, fetched: Fetched) -> None:
        """Keep `fetched`'s ETag/Last-Modified for the next conditional GET of `url`."""
        kept = {k: fetched.headers[k] for k in ("etag", "last-modified") if k in fetched.headers}
        if kept:
            self.validators[url] = kept

    def keep_validators(self, urls: Iterable[str]) -> None:
        """Forget the validators of every URL not in `urls`, so the cursor does not grow forever."""
        wanted = set(urls)
        for url in [u for u in self.validators if u not in wanted]:
            del self.validators[url]

    def _follow(
        self, url: str, *, conditional: bool, robots: bool, cap: int | None = None
    ) -> Fetched:
        current, seen = url, {url}
        for _hop in range(self.options.max_redirects + 1):
            _check_url(current)
            if robots:
                self._check_robots(current)
            headers = self._conditional_headers(url) if conditional else {}
            fetched = self._with_retries(current, headers, cap or self.options.max_bytes)
            location = fetched.headers.get(_LOCATION)
            if fetched.status not in REDIRECTS or not location:
                return _raise_for_status(fetched)
            current = _join(current, location, url)
            if current in seen:
                raise TooManyRedirects(f"{url}: redirect loop through {current}", uri=url)
            seen.add(current)
        raise TooManyRedirects(
            f"{url}: more than {self.options.max_redirects} redirects; use the final URL",
            uri=url,
        )

    def _conditional_headers(self, url: str) -> dict[str, str]:
        stored = self.validators.get(url, {})
        pairs = (("etag", "If-None-Match"), ("last-modified", "If-Modified-Since"))
        return {header: stored[key] for key, header in pairs if key in stored}

    def _with_retries(self, url: str, headers: dict[str, str], cap: int) -> Fetched:
        host = httpx.URL(url).netloc.decode("ascii")
        for attempt in range(self.options.retries + 1):
            last = attempt == self.options.retries
            with host_turn(host, self._delay(url)) as slot:
                try:
                    fetched = self._send(url, headers, cap)
                except (httpx.NetworkError, httpx.ConnectTimeout, httpx.RemoteProtocolError) as exc:
                    if last:
                        raise FetchError(f"{url}: connection failed ({exc})", uri=url) from exc
                    slot.next_at = time.monotonic() + self._backoff(attempt)
                    continue
                except httpx.HTTPError as exc:  # the rest of httpx's tree: not worth a retry
                    raise FetchError(f"{url}: request failed ({exc})", uri=url) from exc
                if last or (fetched.status != 429 and fetched.status < 500):
                    return fetched
                slot.next_at = time.monotonic() + self._retry_wait(fetched, attempt)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _send(self, url: str, headers: dict[str, str], cap: int) -> Fetched:
        token = _DEADLINE.set(time.monotonic() + self.options.deadline)
        try:
            with self._http.stream("GET", url, headers=headers) as response:
                return Fetched(
                    str(response.url),
                    response.status_code,
                    self._read_capped(response, url, cap),
                    response.headers,
                )
        except httpx.TimeoutException as exc:
            if isinstance(exc, httpx.ConnectTimeout) and not _deadline_passed():
                raise
            what = "total deadline" if _deadline_passed() else "read timeout"
            limit = self.options.deadline if _deadline_passed() else self.options.read_timeout
            raise FetchTimeout(f"{url}: {what} of {limit:g} s passed", uri=url) from exc
        except BlockedAddress as exc:
            raise BlockedAddress(str(exc), uri=url) from None
        finally:
            _DEADLINE.reset(token)

    def _read_capped(self, response: httpx.Response, url: str, cap: int) -> bytes:
        encoding = response.headers.get("content-encoding", "")
        declared = response.headers.get("content-length", "")
        if not encoding and declared.isdigit() and int(declared) > cap:
            raise BodyTooLarge(
                f"{url}: Content-Length {declared} is over max_bytes {cap:,}", uri=url
            )
        inflater = _Inflater(encoding, cap, url)
        return b"".join(inflater.feed(chunk) for chunk in response.iter_raw())

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with full jitter, never longer than max_wait."""
        wait = self.options.backoff * 2.0**attempt * random.uniform(0.5, 1.5)
        return min(self.options.max_wait, wait)

    def _retry_wait(self, fetched: Fetched, attempt: int) -> float:
        wait = retry_after_seconds(fetched.headers.get("retry-after"))
        if wait is None:
            return self._backoff(attempt)
        if wait > self.options.max_wait:
            raise HttpStatusError(
                f"{fetched.url}: HTTP {fetched.status}, server asks to wait {wait:g} s "
                f"(over max_wait = {self.options.max_wait:g}); try again later",
                uri=fetched.url,
                status=fetched.status,
            )
        return wait

    def _delay(self, url: str) -> float:
        robots = self._robots.get(_origin(url))
        crawl_delay = robots.crawl_delay(ROBOTS_TOKEN) if isinstance(robots, Protego) else None
        return min(self.options.max_wait, max(self.options.min_delay, float(crawl_delay or 0)))

    def _check_robots(self, url: str) -> None:
        origin = _origin(url)
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        robots = self._robots[origin]
        if isinstance(robots, tuple):
            error, reason = robots
            raise error(f"{url}: nothing on {origin} may be fetched: {reason}", uri=url)
        if not robots.can_fetch(url, ROBOTS_TOKEN):
            raise RobotsDisallowed(f"{url}: disallowed by {origin}/robots.txt", uri=url)

    def _load_robots(self, origin: str) -> Protego | _Refusal:
        """The host's rules (4xx: none), or why the host is off limits (RFC 9309 "unreachable")."""
        cached = self._robots_cache.get(origin)
        if cached and datetime.fromisoformat(cached["fetched_at"]) > datetime.now(UTC) - ROBOTS_TTL:
            return Protego.parse(cached["body"])
        url = f"{origin}/robots.txt"
        try:
            fetched = self._follow(url, conditional=False, robots=False, cap=ROBOTS_MAX_BYTES)
            body = fetched.content.decode("utf-8", errors="replace")
        except BlockedAddress:
            raise
        except HttpStatusError as exc:
            if exc.status >= 500 or exc.status == 429:
                return RobotsDisallowed, f"robots.txt answered HTTP {exc.status}; try again later"
            body = ""  # 4xx: no robots.txt, everything is allowed
        except FetchError as exc:  # the host is unreachable: a fetch error, not a robots rule
            return FetchError, f"robots.txt could not be read ({exc}); try again later"
        self._robots_cache[origin] = {"fetched_at": datetime.now(UTC).isoformat(), "body": body}
        return Protego.parse(body)


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds from now: delta-seconds or an HTTP date; None if absent or bad."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _deadline_passed() -> bool:
    deadline = _DEADLINE.get()
    return deadline is not None and time.monotonic() >= deadline - 0.05


def _origin(url: str) -> str:
    parsed = httpx.URL(url)
    return f"{parsed.scheme}://{parsed.netloc.decode('ascii')}"


def _check_url(url: str) -> None:
    scheme = url.split(":", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise BlockedAddress(f"{url}: only http and https URLs can be fetched", uri=url)
    try:
        host = httpx.URL(url).host
    except httpx.InvalidURL as exc:
        raise FetchError(
            f"{url} is not a valid URL ({exc}); fix it at the source", uri=url
        ) from exc
    if not host:
        raise FetchError(f"{url} has no host name; fix it at the source", uri=url)


def _stash_location(response: httpx.Response) -> None:
    """Move Location where httpx does not look: even when not following, httpx builds the next
    request from it and raises on one it cannot use (data:, javascript:, a broken IPv6 literal),
    losing the response; `_follow` judges every hop itself (issue 7)."""
    if "location" in response.headers:
        response.headers[_LOCATION] = response.headers.pop("location")


def _join(current: str, location: str, url: str) -> str:
    """The redirect target; a Location httpx cannot parse is this URL's error, not the run's."""
    try:
        return str(httpx.URL(current).join(location))
    except httpx.InvalidURL as exc:
        raise FetchError(
            f"{url}: redirect to {location[:200]!r}, which is not a valid URL ({exc})", uri=url
        ) from exc


def _raise_for_status(fetched: Fetched) -> Fetched:
    if fetched.status < 400:
        return fetched
    raise HttpStatusError(
        f"{fetched.url}: HTTP {fetched.status}; check the URL or try again later",
        uri=fetched.url,
        status=fetched.status,
    )
