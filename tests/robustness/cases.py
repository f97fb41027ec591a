"""The bad-input corpus as data: each case names a channel, how to make its input, and the outcome.

Inputs are generated at test time (nothing large is committed). Channels:

- ``folder``: a file beside ``good.txt`` in a folder source;
- ``web``: a page at ``/bad`` of a web source that also lists ``/good``;
- ``feed``: the feed of an rss source (``/feed``); ``entry``: a bad entry beside a good one;
- ``sitemap``: the sitemap of a sitemap source (``/sitemap.xml``), listing ``/good`` too;
- ``url``: a URL in a web source that may not reach private addresses;
- ``redirect``: a page on a "public" origin that redirects to the URL under test.

Every run also has a folder source with ``good.txt``, so a failing source still has a neighbour.
"""

from __future__ import annotations

import gzip
import json
import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from werkzeug import Request, Response

from tests.connectors.conftest import JAPANESE, LATIN, Site, article_html, drip

Channel = Literal["folder", "web", "feed", "entry", "sitemap", "url", "redirect"]
GOOD_TITLE = "Good neighbour"
GOOD_TEXT = (
    "This paragraph is long enough for the cleaner to keep it as the body of the article.",
    "A second paragraph gives the article a little more text to store in the warehouse.",
)
SPARSE = object()  # a builder returns this when it made the file itself


@dataclass(frozen=True)
class Expect:
    """What must happen to the bad input.

    ``error``: exactly ``errors`` ingest_errors rows, the first matching stage, class and reason.
    ``article``: it loads as an article whose body matches ``reason``, with no error row.
    ``ignored``: no error row and no article from it (e.g. an empty JSONL file).
    """

    kind: Literal["error", "article", "ignored"]
    stage: str | None = None
    error: str = ""
    reason: str = ""
    title: str | None = None
    errors: int = 1


def error(stage: str, error_class: str, reason: str, errors: int = 1) -> Expect:
    """One (or `errors`) ingest_errors rows; `error_class` and `reason` are regexes."""
    return Expect("error", stage, error_class, reason, errors=errors)


def article(body: str = "", title: str | None = None) -> Expect:
    """The input loads as an article whose body matches `body` (a regex)."""
    return Expect("article", reason=body, title=title, errors=0)


IGNORED = Expect("ignored", errors=0)
NO_TEXT = error("clean", "ContentError", "no article text")
BINARY = error("clean", "ContentError", "binary")


@dataclass
class Env:
    """What a builder may use: the local folder, the loopback site and the canary's URL."""

    folder: Path
    site: Site | None  # None where only files are built (the folder batch)
    canary_url: str

    @property
    def web(self) -> Site:
        """The loopback site (network channels only)."""
        assert self.site is not None, "this case needs the loopback site"
        return self.site

    @property
    def port(self) -> int:
        """The loopback site's port."""
        return int(self.web.server.port)


Builder = Callable[[Env], Any]


@dataclass(frozen=True)
class Case:
    """One crafted input, the channel it arrives through, and the expected outcome."""

    id: str
    channel: Channel
    build: Builder
    expect: Expect
    name: str = ""  # folder channel: the file name
    xfail: str | None = None  # a known gap, with the patch that closes it
    slow: bool = False  # costs seconds: runs in `make stress`, not `make test`


CASES: list[Case] = []


def case(
    id: str,
    channel: Channel,
    build: Builder,
    expect: Expect,
    *,
    name: str = "",
    xfail: str | None = None,
    slow: bool = False,
) -> None:
    """Add a case to the corpus."""
    CASES.append(Case(id, channel, build, expect, name, xfail, slow))


def const(value: object) -> Builder:
    """A builder that ignores the environment."""
    return lambda _env: value


def text_article(title: str, *paragraphs: str) -> str:
    """A text-file article: a title line, a blank line, paragraphs."""
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


# --- binary formats --------------------------------------------------------------------------


def png() -> bytes:
    """A 1x1 PNG."""
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


def pdf() -> bytes:
    """A small PDF whose first kilobyte holds no NUL byte (most real ones look like this)."""
    stream = b"BT /F1 12 Tf 72 712 Td (Quarterly report: revenue grew in every region) Tj ET"
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        + b"3 0 obj\n<< /Length %d >>\nstream\n" % len(stream)
        + stream
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


BINARIES = {
    "png": png(),
    "gzip": gzip.compress(b"compressed text " * 100, mtime=0),
    "zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(20) + b"a.txt" + os.urandom(64),
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01" + os.urandom(200),
    "elf": b"\x7fELF\x02\x01\x01\x00" + bytes(56),
    "sqlite": b"SQLite format 3\x00" + os.urandom(200),
    "wasm": b"\x00asm\x01\x00\x00\x00",
    "random": bytes(range(256)) * 8,
}


# --- the folder channel ------------------------------------------------------------------------

for kind, content in BINARIES.items():
    case(f"folder-{kind}-as-txt", "folder", const(content), BINARY, name=f"{kind}.txt")
case("folder-png-as-html", "folder", const(png()), BINARY, name="png.html")
case("folder-png-as-md", "folder", const(png()), BINARY, name="png.md")
case("folder-pdf-as-txt", "folder", const(pdf()), BINARY, name="report.txt")
case("folder-pdf-as-html", "folder", const(pdf()), BINARY, name="report.html")
case("folder-empty", "folder", const(b""), NO_TEXT, name="empty.txt")
case("folder-empty-html", "folder", const(b""), NO_TEXT, name="empty.html")
case("folder-whitespace", "folder", const(b" \n\t\r\n  \n" * 100), NO_TEXT, name="blank.txt")
case("folder-bom-only", "folder", const(b"\xef\xbb\xbf"), NO_TEXT, name="bom.txt")
case("folder-nul-first", "folder", const(b"\x00" + b"text " * 50), BINARY, name="nul.txt")


def _nul_late(_env: Env) -> bytes:
    head = text_article("Late NUL", *GOOD_TEXT).encode()
    return head + b"x" * 2000 + b" tail paragraph with a \x00 byte in it, long enough to keep.\n"


case("folder-nul-after-first-kb", "folder", _nul_late, article("body"), name="late-nul.txt")
case(
    "folder-control-characters",
    "folder",
    const(text_article("Bell\x07 and \x1b[2J escape", *GOOD_TEXT).encode()),
    article("long enough"),
    name="control.txt",
)


def _sparse(size: int) -> Builder:
    def build(env: Env) -> object:
        with (env.folder / "huge.txt").open("wb") as file:
            file.truncate(size)  # a sparse file: 50 MB on paper, no disk used
        return SPARSE

    return build


case(
    "folder-50mb-file",
    "folder",
    _sparse(50_000_000),
    error("parse", "ContentError", r"over source 'local' max_bytes"),
    name="huge.txt",
)
case(
    "folder-1mb-single-line",
    "folder",
    const(b"Single line story with words " * 35_000),
    article("Single line story"),
    name="oneline.txt",
)
case(
    "folder-10mb-single-line",
    "folder",
    const(b"Single line story with words " * 350_000),
    article("Single line story"),
    name="oneline.txt",
    slow=True,
)
case(
    "folder-19mb-without-spaces",
    "folder",
    const(b"a" * 19_000_000),
    article("^a+$"),
    name="nospace.txt",
    slow=True,
)


def _fifo(env: Env) -> object:
    os.mkfifo(env.folder / "pipe.txt")
    return SPARSE


def _symlink(target: str, name: str) -> Builder:
    def build(env: Env) -> object:
        (env.folder / name).symlink_to(target)
        return SPARSE

    return build


def _loop(env: Env) -> object:
    (env.folder / "loop-a.txt").symlink_to(env.folder / "loop-b.txt")
    (env.folder / "loop-b.txt").symlink_to(env.folder / "loop-a.txt")
    return SPARSE


NOT_REGULAR = error("fetch", "FetchError", "not a regular file")
case("folder-fifo", "folder", _fifo, NOT_REGULAR, name="pipe.txt")
case("folder-dev-zero", "folder", _symlink("/dev/zero", "zero.txt"), NOT_REGULAR, name="zero.txt")
case("folder-dev-null", "folder", _symlink("/dev/null", "null.txt"), NOT_REGULAR, name="null.txt")
case(
    "folder-symlink-loop",
    "folder",
    _loop,
    error("fetch", "FetchError", "cannot read", errors=2),
    name="loop-a.txt",
)


def _odd_name(env: Env) -> object:
    name = os.fsdecode(b"caf\xe9-latin1-name.txt")  # not UTF-8: cannot be stored as is
    (env.folder / name).write_text(text_article("Odd name", *GOOD_TEXT))
    return SPARSE


case(
    "folder-undecodable-file-name",
    "folder",
    _odd_name,
    article("long enough", title="Odd name"),
    name="caf\\xe9-latin1-name.txt",
)
case(
    "folder-sql-in-file-name",
    "folder",
    const(text_article("Quoted name", *GOOD_TEXT).encode()),
    article("long enough", title="Quoted name"),
    name="o'brien'); DROP TABLE articles; --.txt",
)

# Encodings that are legitimately decodable must load with the right characters.
_JA = text_article("新聞の記事", *JAPANESE)
_LATIN = text_article("Café crème", *LATIN)
_JA_HTML = article_html("新聞の記事", *JAPANESE)
ENCODED: list[tuple[str, str, bytes, str, str | None]] = [
    ("shift-jis-text", "sjis.txt", _JA.encode("shift_jis"), "傘を持って", None),
    ("euc-jp-text", "eucjp.txt", _JA.encode("euc-jp"), "傘を持って", None),
    (
        "shift-jis-html",
        "sjis.html",
        article_html("新聞", *JAPANESE, head='<meta charset="shift_jis">').encode("shift_jis"),
        "傘を持って",
        None,
    ),
    (
        "euc-jp-html",
        "eucjp.html",
        article_html(
            "新聞",
            *JAPANESE,
            head='<meta http-equiv="Content-Type" content="text/html; charset=EUC-JP">',
        ).encode("euc-jp"),
        "傘を持って",
        None,
    ),
    ("utf-8-bom", "bom8.txt", b"\xef\xbb\xbf" + _JA.encode(), "傘を持って", None),
    ("utf-16-le-bom", "le.txt", b"\xff\xfe" + _JA.encode("utf-16-le"), "傘を持って", None),
    ("utf-16-be-bom", "be.txt", b"\xfe\xff" + _JA.encode("utf-16-be"), "傘を持って", None),
    ("utf-16-html-bom", "u16.html", _JA_HTML.encode("utf-16"), "傘を持って", None),
    ("utf-32-bom", "u32.txt", _JA.encode("utf-32"), "傘を持って", None),
    ("utf-16-le-no-bom", "le-nobom.txt", _LATIN.encode("utf-16-le"), "crème", None),
    ("utf-16-be-no-bom", "be-nobom.txt", _LATIN.encode("utf-16-be"), "crème", None),
    ("cp1252-unlabelled", "cp1252.txt", _LATIN.encode("cp1252"), "crème brûlée", None),
    (
        "cp1252-labelled-utf8",
        "mislabelled.html",
        article_html("Café", *LATIN, head='<meta charset="utf-8">').encode("cp1252"),
        "crème brûlée",
        None,
    ),
    (
        "mojibake-double-utf8",
        "mojibake.txt",
        _LATIN.encode().decode("latin-1").encode(),
        "NaÃ¯ve",
        None,
    ),
    (
        "invalid-utf8-bytes",
        "invalid.txt",
        text_article("Stray bytes", *GOOD_TEXT).encode().replace(b"long", b"l\x80\xffng"),
        "second paragraph",
        None,
    ),
    (
        "truncated-utf8",
        "cut.txt",
        # The download stops inside the é: a long last paragraph, so the cleaner keeps it.
        text_article(
            "Cut story",
            *GOOD_TEXT,
            "The last paragraph of this story was cut off by the download inside a café",
        ).encode()[:-2],
        "inside a caf\ufffd$",
        None,
    ),
    (
        "meta-charset-unknown",
        "bogus.html",
        article_html("Bogus label", *GOOD_TEXT, head='<meta charset="x-no-such-charset">').encode(),
        "second paragraph",
        None,
    ),
    (
        "meta-charset-utf16-on-ascii",
        "utf16-label.html",
        article_html("Lying label", *GOOD_TEXT, head='<meta charset="utf-16">').encode(),
        "second paragraph",
        None,
    ),
]
for _id, _name, _content, _body, _gap in ENCODED:
    case(f"folder-{_id}", "folder", const(_content), article(_body), name=_name, xfail=_gap)


def _html(body: str, head: str = "") -> bytes:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>".encode()


_PARAS = "".join(f"<p>{p}</p>" for p in GOOD_TEXT)
DEEP = 100_000
HTML_CASES: list[tuple[str, bytes, Expect]] = [
    ("deep-divs", _html("<div>" * DEEP + _PARAS + "</div>" * DEEP), NO_TEXT),
    ("deep-divs-text-first", _html(_PARAS + "<div>" * DEEP + "x" + "</div>" * DEEP), article()),
    ("deep-unclosed-b", _html(_PARAS + "<b>" * DEEP + "bold"), article("second paragraph")),
    ("deep-tables", _html("<table><tr><td>" * 20_000 + _PARAS), NO_TEXT),
    ("deep-lists", _html(_PARAS + "<ul><li>" * DEEP), article("second paragraph")),
    ("giant-attribute", _html(f'<p title="{"x" * 10_000_000}">{GOOD_TEXT[0]}</p>'), article()),
    (  # 10^5 attributes cost minutes (libxml2 is quadratic in them): see test_costs.py
        "many-attributes",
        _html("<p " + " ".join(f"a{i}=v" for i in range(5_000)) + f">{GOOD_TEXT[0]}</p>"),
        article("long enough"),
    ),
    ("script-only", _html("<script>" + "var a = 1;" * 10_000 + "</script>"), NO_TEXT),
    ("style-only", _html("<style>" + "p { color: red }" * 10_000 + "</style>"), NO_TEXT),
    ("comments-only", _html("<!-- " + "comment " * 10_000 + "-->"), NO_TEXT),
    (
        "frameset",
        b"<html><frameset><frame src='a.html'><frame src='b.html'></frameset></html>",
        NO_TEXT,
    ),
    ("iframe-srcdoc", _html(f"<iframe srcdoc='{_PARAS}'></iframe>"), NO_TEXT),
    (
        "no-body",
        b"<html><head><title>Only a title</title></head></html>",
        article(title="Only a title"),
    ),
    ("truncated-mid-tag", _html(_PARAS)[:-40] + b"<p cla", article("second paragraph")),
    ("unbalanced-garbage", b"</p></div><<<>>>" + _PARAS.encode() + b"<div<p>>", article()),
    (
        "numeric-entities",
        _html(f"<p>NUL &#0; surrogate &#xD800; beyond &#x110000; {GOOD_TEXT[0]}</p>"),
        article("long enough"),
    ),
    ("entity-flood", _html("<p>" + "&amp;" * 1_000_000 + "</p>" + _PARAS), article("second")),
    ("huge-title", _html(_PARAS, head=f"<title>{'T' * 1_000_000}</title>"), article("second")),
    (
        "markup-in-title",
        _html(
            _PARAS,
            head="<title>[bold red]Rich markup[/] &lt;script&gt;alert(1)&lt;/script&gt;</title>",
        ),
        article("second paragraph", title=r"\[bold red\]Rich markup\[/\] <script>"),
    ),
    (
        "script-in-article",
        _html(
            f"<article><script>document.cookie</script>{_PARAS}"
            "<img src=x onerror=alert(1)></article>"
        ),
        article("^(?!.*document.cookie)(?!.*onerror).*second paragraph"),
    ),
    (
        "cdata-and-pi",
        b"<?xml-stylesheet href='x'?><html><body><![CDATA[x]]>"
        + _PARAS.encode()
        + b"</body></html>",
        article(),
    ),
]
for _id, _content, _expect in HTML_CASES:
    case(f"folder-html-{_id}", "folder", const(_content), _expect, name=f"{_id}.html")


def _html_entity_canary(env: Env) -> bytes:
    entity = f'<!DOCTYPE html [<!ENTITY x SYSTEM "{env.canary_url}">]>'
    return f"{entity}<html><body><p>&x;</p>{_PARAS}</body></html>".encode()


case(
    "folder-html-external-entity-canary",
    "folder",
    _html_entity_canary,
    article("second paragraph"),
    name="xxe.html",
)


JSON_CASES: list[tuple[str, str, bytes, Expect]] = [
    ("not-json", "a.json", b"{this is not json", error("parse", "ContentError", "not valid JSON")),
    ("number", "n.json", b"42", error("parse", "ContentError", "must be a JSON object, got int")),
    ("null", "null.json", b"null", error("parse", "ContentError", "got NoneType")),
    ("empty-file", "e.json", b"", error("parse", "ContentError", "not valid JSON")),
    (
        "body-number",
        "b.json",
        b'{"body": 5}',
        error("parse", "ContentError", "no `body` or `html`"),
    ),
    ("body-list", "bl.json", b'{"body": ["a"]}', error("parse", "ContentError", "no `body`")),
    (
        "title-wrong-type",
        "t.json",
        json.dumps({"title": [1, 2], "published": 7, "body": "\n\n".join(GOOD_TEXT)}).encode(),
        article("second paragraph"),
    ),
    (
        "mixed-list",
        "m.json",
        json.dumps([{"body": GOOD_TEXT[0]}, 5, "s", None]).encode(),
        error("parse", "ContentError", "must be a JSON object", errors=3),
    ),
    (
        "deep-nesting",
        "d.json",
        b"[" * 100_000 + b"]" * 100_000,
        error("parse", "ContentError", "nested too deeply"),
    ),
    (
        "huge-integer",
        "i.json",
        b'{"body": ' + b"9" * 5000 + b"}",
        error("parse", "ContentError", "4300 digits"),
    ),
    (
        "invalid-utf8",
        "u.json",
        b'{"body": "caf\xe9 \xff"}',
        error("parse", "ContentError", "not valid JSON"),
    ),
    (
        "utf16-json",
        "u16.json",
        json.dumps({"title": "UTF-16 record", "body": GOOD_TEXT[0]}).encode("utf-16"),
        article("long enough"),
    ),
    (
        "nan-and-infinity",
        "nan.json",
        b'{"title": NaN, "published": Infinity, "body": "' + GOOD_TEXT[0].encode() + b'"}',
        article("long enough"),
    ),
    (
        "html-script-only",
        "h.json",
        json.dumps({"html": "<script>alert(1)</script>"}).encode(),
        NO_TEXT,
    ),
    (
        "lone-surrogate",
        "s.json",
        b'{"title": "Sur\\ud800rogate", "body": "' + GOOD_TEXT[0].encode() + b' \\udfff"}',
        article("long enough"),
    ),
    (
        "jsonl-broken-line",
        "b.jsonl",
        b'{"body": "' + GOOD_TEXT[0].encode() + b'"}\n{oops\n',
        error("parse", "ContentError", "broken JSON line"),
    ),
    ("jsonl-array-line", "a.jsonl", b"[1, 2]\n", error("parse", "ContentError", "got list")),
    (
        "jsonl-deep-line",
        "d.jsonl",
        b"[" * 100_000 + b"\n",
        error("parse", "ContentError", "broken JSON line"),
    ),
    ("jsonl-blank-only", "blank.jsonl", b"\n\n   \n", IGNORED),
    (
        "jsonl-crlf",
        "crlf.jsonl",
        b'{"title": "CRLF", "body": "' + GOOD_TEXT[0].encode() + b'"}\r\n',
        article("long enough", title="CRLF"),
    ),
    (
        "jsonl-nul-in-body",
        "nul.jsonl",
        b'{"body": "NUL \\u0000 ' + GOOD_TEXT[0].encode() + b'"}\n',
        BINARY,
    ),
    ("jsonl-binary", "bin.jsonl", png() + b"\n", error("parse", "ContentError", "looks binary")),
]
for _id, _name, _content, _expect in JSON_CASES:
    case(f"folder-json-{_id}", "folder", const(_content), _expect, name=_name)


# --- the web channel (a page at /bad) -----------------------------------------------------------


def page(
    body: bytes | str, content_type: str = "text/html", status: int = 200, **headers: str
) -> Builder:
    """Serve `body` at /bad."""

    def build(env: Env) -> None:
        env.web.page("/bad", body, content_type, status, headers or None)

    return build


def handler(func: Callable[[Request], Response]) -> Builder:
    """Serve /bad with a werkzeug handler."""

    def build(env: Env) -> None:
        env.web.handler("/bad", func)

    return build


def redirect_to(location: str) -> Builder:
    """/bad redirects to `location` (formatted with port and canary)."""

    def build(env: Env) -> None:
        target = location.format(port=env.port, canary=env.canary_url)
        env.web.page("/bad", "", status=302, headers={"Location": target})

    return build


BROTLI_BOMB = bytes.fromhex(  # brotli.compress(b"\0" * 50_000_000): 80 bytes, 50 MB inflated
    "cbffff3ff82700e2b14020f7fe8fffff7ff04f00c4611180eefd1fffffffe09f0088c30200ddfb3ffeffffc1"
    "3f0110870500baf77ffcffff837f02200e0b0074effff20f5e0fff04401c1600e8a0eb01"
)
GZIP_BOMB = gzip.compress(b"\0" * 30_000_000, compresslevel=9)
BAD_PAGE = "/bad"
WEB_CASES: list[tuple[str, Builder, Expect]] = [
    ("404", page("gone", "text/plain", 404), error("fetch", "HttpStatusError", "HTTP 404")),
    ("500-storm", page("down", "text/plain", 500), error("fetch", "HttpStatusError", "HTTP 500")),
    (
        "503-retry-after-an-hour",
        page("later", "text/plain", 503, **{"Retry-After": "3600"}),
        error("fetch", "HttpStatusError", "over max_wait"),
    ),
    ("redirect-self-loop", redirect_to("/bad"), error("fetch", "TooManyRedirects", "loop")),
    ("redirect-no-location", page("", "text/html", 302), NO_TEXT),
    (
        "redirect-to-file-canary",
        redirect_to("{canary}"),
        error("fetch", "BlockedAddress", "only http"),
    ),
    (
        "redirect-to-data",
        redirect_to("data:text/html,<p>hi</p>"),
        error("fetch", "BlockedAddress", "only http"),
    ),
    (
        "redirect-to-gopher",
        redirect_to("gopher://127.0.0.1:{port}/_x"),
        error("fetch", "BlockedAddress", "only http"),
    ),
    (
        "redirect-to-javascript",
        redirect_to("javascript:alert(1)"),
        error("fetch", "BlockedAddress", "only http"),
    ),
    (
        "png-as-image",
        page(png(), "image/png"),
        error("parse", "ContentError", "served as image/png"),
    ),
    (
        "pdf",
        page(pdf(), "application/pdf"),
        error("parse", "ContentError", "served as application/pdf"),
    ),
    ("png-as-html", page(png(), "text/html"), BINARY),
    (
        "gzip-without-encoding",
        page(BINARIES["gzip"], "application/gzip"),
        error("parse", "ContentError", "served as application/gzip"),
    ),
    (
        "gzip-bomb",
        page(GZIP_BOMB, "text/html", **{"Content-Encoding": "gzip"}),
        error("fetch", "BodyTooLarge", "max_bytes"),
    ),
    (
        "brotli-bomb",
        page(BROTLI_BOMB, "text/html", **{"Content-Encoding": "br"}),
        error("fetch", "FetchError", "unsupported Content-Encoding 'br'"),
    ),
    (
        "corrupt-gzip",
        page(
            b"\x1f\x8b\x08\x00garbage-not-deflate" * 4, "text/html", **{"Content-Encoding": "gzip"}
        ),
        error("fetch", "FetchError", "corrupt compressed body"),
    ),
    (
        "raw-deflate",
        page(zlib.compress(_PARAS.encode())[2:-4], "text/html", **{"Content-Encoding": "deflate"}),
        error("fetch", "FetchError", "corrupt compressed body"),
    ),
    (
        "oversized",
        page(b"<p>" + b"x" * 3_000_000, "text/html"),
        error("fetch", "BodyTooLarge", "max_bytes"),
    ),
    (
        "endless-stream",
        handler(
            lambda _r: Response(
                (b"<p>more</p>" * 1000 for _ in iter(int, 1)), content_type="text/html"
            )
        ),
        error("fetch", "BodyTooLarge", "max_bytes"),
    ),
    (
        "slow-drip",
        handler(lambda _r: Response(drip(60, 0.05), content_type="text/html")),
        error("fetch", "FetchTimeout", "total deadline"),
    ),
    ("empty-200", page(b"", "text/html"), NO_TEXT),
    ("204", page(b"", "text/html", 204), NO_TEXT),
    (
        "shift-jis-header",
        page(_JA_HTML.encode("shift_jis"), "text/html; charset=Shift_JIS"),
        article("傘を持って"),
    ),
    ("utf-16-bom", page(_JA_HTML.encode("utf-16"), "text/html"), article("傘を持って")),
    (
        "bogus-charset",
        page(article_html("x", *GOOD_TEXT), "text/html; charset=x-bogus"),
        article("second"),
    ),
    ("deep-nesting", page(_html("<div>" * DEEP + _PARAS + "</div>" * DEEP), "text/html"), NO_TEXT),
    ("script-only", page(_html("<script>alert(1)</script>"), "text/html"), NO_TEXT),
]
for _id, _build_web, _expect in WEB_CASES:
    case(f"web-{_id}", "web", _build_web, _expect)


# --- feeds -------------------------------------------------------------------------------------


def rss(items: str, head: str = "", title: str = "Feed") -> bytes:
    """An RSS 2.0 document."""
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{head}<rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://x.test/</link>{items}</channel></rss>"
    ).encode()


def item(link: str, title: str = "Entry", extra: str = "") -> str:
    """One RSS item."""
    return f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>{extra}</item>"


def feed(make: Callable[[Env], bytes], content_type: str = "application/rss+xml") -> Builder:
    """Serve the feed at /feed; /good is served by the test."""

    def build(env: Env) -> None:
        env.web.page("/feed", make(env), content_type)

    return build


def _good_item(env: Env) -> str:
    return item(env.web.url("/good"), GOOD_TITLE)


LAUGHS = "".join(
    f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "lol") * 10}">' for i in range(1, 10)
)
NOT_A_FEED = error("source", "FeedUnavailable", "not an RSS or Atom feed")
ENTITIES = error("source", "FeedUnavailable", "declares XML entities")
FEED_CASES: list[tuple[str, Builder, Expect]] = [
    (
        "html-error-page",
        feed(const(b"<html><body><h1>502 Bad Gateway</h1></body></html>"), "text/html"),
        NOT_A_FEED,
    ),
    ("empty", feed(const(b"")), NOT_A_FEED),
    (
        "json",
        feed(const(b'{"version": "https://jsonfeed.org/version/1"}'), "application/json"),
        NOT_A_FEED,
    ),
    ("png", feed(const(png()), "image/png"), NOT_A_FEED),
    (
        "truncated-xml",
        feed(lambda env: rss(_good_item(env))[:60]),
        error("source", "FeedUnavailable", "not well-formed|not an RSS"),
    ),
    (
        "mismatched-tags-after-a-good-entry",
        feed(lambda env: rss(_good_item(env))[:-17] + b"<item><title>x</item></rss>"),
        IGNORED,
    ),
    (
        "billion-laughs",
        feed(lambda env: rss(_good_item(env), f"<!DOCTYPE rss [{LAUGHS}]>", "&lol9;")),
        ENTITIES,
    ),
    (
        "quadratic-blowup",
        feed(
            lambda env: rss(
                _good_item(env), f'<!DOCTYPE rss [<!ENTITY a "{"a" * 50_000}">]>', "&a;" * 50_000
            )
        ),
        ENTITIES,
    ),
    (
        "external-entity-canary",
        feed(
            lambda env: rss(
                _good_item(env), f'<!DOCTYPE rss [<!ENTITY x SYSTEM "{env.canary_url}">]>', "&x;"
            )
        ),
        ENTITIES,
    ),
    (
        "parameter-entity-canary",
        feed(
            lambda env: rss(
                _good_item(env), f'<!DOCTYPE rss [<!ENTITY % x SYSTEM "{env.canary_url}"> %x;]>'
            )
        ),
        ENTITIES,
    ),
    (
        "404",
        lambda env: env.web.page("/feed", "gone", "text/plain", 404),
        error("source", "FeedUnavailable", "HTTP 404"),
    ),
    (
        "gzip-bomb",
        lambda env: env.web.page(
            "/feed", GZIP_BOMB, "application/rss+xml", headers={"Content-Encoding": "gzip"}
        ),
        error("source", "FeedUnavailable", "max_bytes"),
    ),
    (
        "redirect-loop",
        lambda env: env.web.page("/feed", "", status=302, headers={"Location": "/feed"}),
        error("source", "FeedUnavailable", "loop"),
    ),
]
FEED_CASES.append(
    (
        "external-dtd-canary",
        feed(
            lambda env: rss(
                _good_item(env) + item(env.web.url("/second"), "Second"),
                f'<!DOCTYPE rss SYSTEM "{env.canary_url}">',
            )
        ),
        article("second paragraph", title="Second story"),
    )
)
for _id, _build_feed, _expect in FEED_CASES:
    case(f"feed-{_id}", "feed", _build_feed, _expect)

# Entry cases: the feed is fine and lists /good; the second entry is the bad input.
ENTRY_CASES: list[tuple[str, Callable[[Env], str], Expect]] = [
    (
        "link-file-canary",
        lambda env: item(env.canary_url),
        error("fetch", "BlockedAddress", "only http"),
    ),
    (
        "link-javascript",
        lambda _env: item("javascript:alert(1)"),
        error("fetch", "BlockedAddress", "only http"),
    ),
    (
        "link-404",
        lambda env: item(env.web.url("/missing")),
        error("fetch", "HttpStatusError", "HTTP 404"),
    ),
    (
        "author-32kb",
        lambda env: item(env.web.url("/second"), "Second", f"<author>{'a' * 32_000}</author>"),
        article("second paragraph", title="Second story"),
    ),
    (
        "atom-style-author-32kb",
        lambda env: item(
            env.web.url("/second"), "Second", f"<dc:creator>{'b ' * 16_000}</dc:creator>"
        ),
        article("second paragraph", title="Second story"),
    ),
    (
        "title-1mb",
        lambda env: item(env.web.url("/second"), "T" * 1_000_000),
        article("second paragraph", title="Second story"),
    ),
]
for _id, _build_item, _expect in ENTRY_CASES:
    case(f"entry-{_id}", "entry", _build_item, _expect)


# --- sitemaps ----------------------------------------------------------------------------------

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(*locs: str) -> bytes:
    """A urlset of `locs`."""
    return (
        f"<urlset {NS}>" + "".join(f"<url><loc>{loc}</loc></url>" for loc in locs) + "</urlset>"
    ).encode()


def index(*locs: str) -> bytes:
    """A sitemap index of `locs`."""
    body = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return f"<sitemapindex {NS}>{body}</sitemapindex>".encode()


@cache
def million_urls_gzip() -> bytes:
    """A gzip'd sitemap of 10^6 URLs: ~40 MB inflated from ~1.5 MB on the wire."""
    body = b"".join(b"<url><loc>http://x.test/%d</loc></url>" % i for i in range(1_000_000))
    return gzip.compress(f"<urlset {NS}>".encode() + body + b"</urlset>", compresslevel=1)


def _nesting(env: Env) -> None:
    env.web.page("/sitemap.xml", index(env.web.url("/pages.xml"), env.web.url("/idx/1")))
    env.web.page("/pages.xml", urlset(env.web.url("/good")))

    def deeper(request: Request) -> Response:
        level = int(request.path.rsplit("/", 1)[1])
        return Response(index(env.web.url(f"/idx/{level + 1}")), content_type="application/xml")

    for level in range(1, 12):
        env.web.handler(f"/idx/{level}", deeper)


def sitemap(make: Callable[[Env], bytes], content_type: str = "application/xml") -> Builder:
    """Serve the sitemap at /sitemap.xml."""
    return lambda env: env.web.page("/sitemap.xml", make(env), content_type)


SITEMAP_CASES: list[tuple[str, Builder, Expect]] = [
    (
        "million-urls-gzip",
        sitemap(lambda _env: million_urls_gzip(), "application/gzip"),
        error("source", "SitemapUnavailable", "over max_bytes"),
    ),
    (
        "over-50000-urls",
        sitemap(
            lambda env: urlset(env.web.url("/good"), *(f"http://x.test/{i}" for i in range(50_001)))
        ),
        error("source", "SitemapUnavailable", "50,000"),
    ),
    ("infinite-nesting", _nesting, error("parse", "ContentError", "deeper than max_depth")),
    (
        "index-lists-itself",
        lambda env: (
            env.web.page(
                "/sitemap.xml", index(env.web.url("/sitemap.xml"), env.web.url("/pages.xml"))
            )
            or env.web.page("/pages.xml", urlset(env.web.url("/good")))
        ),
        IGNORED,
    ),
    (
        "entities",
        sitemap(
            lambda env: (
                f'<!DOCTYPE urlset [<!ENTITY x SYSTEM "{env.canary_url}">]>'.encode()
                + urlset("&x;")
            )
        ),
        error("source", "SitemapUnavailable", "declares XML entities"),
    ),
    (
        "html-page",
        sitemap(const(b"<html><body>Not found</body></html>"), "text/html"),
        error("source", "SitemapUnavailable", "neither"),
    ),
    (
        "corrupt-gzip",
        sitemap(const(b"\x1f\x8b\x08\x00broken"), "application/gzip"),
        error("source", "SitemapUnavailable", "corrupt gzip"),
    ),
    (
        "loc-file-canary",
        sitemap(lambda env: urlset(env.web.url("/good"), env.canary_url)),
        IGNORED,
    ),
    (
        "loc-404",
        sitemap(lambda env: urlset(env.web.url("/good"), env.web.url("/missing"))),
        error("fetch", "HttpStatusError", "404"),
    ),
]
for _id, _build_sitemap, _expect in SITEMAP_CASES:
    case(f"sitemap-{_id}", "sitemap", _build_sitemap, _expect)


# --- SSRF: URLs a source may not reach (allow_private = false) ---------------------------------

REFUSED = "loopback/private|only http and https|not a valid URL|no host"
SSRF_URLS = [
    "{canary}",
    "file:///etc/passwd",
    "data:text/html,<p>hello</p>",
    "gopher://127.0.0.1:{port}/_GET%20/secret",
    "ftp://127.0.0.1/secret",
    "javascript:alert(1)",
    "http://127.0.0.1:{port}/secret",
    "http://localhost:{port}/secret",
    "http://[::1]:{port}/secret",
    "http://[::ffff:127.0.0.1]:{port}/secret",
    "http://[0:0:0:0:0:ffff:7f00:1]:{port}/secret",
    "http://2130706433:{port}/secret",
    "http://0177.0.0.1:{port}/secret",
    "http://0x7f000001:{port}/secret",
    "http://0x7f.1:{port}/secret",
    "http://127.1:{port}/secret",
    "http://0:{port}/secret",
    "http://0.0.0.0:{port}/secret",
    "http://10.0.0.1/secret",
    "http://172.16.0.1/secret",
    "http://192.168.1.1/secret",
    "http://100.64.0.1/secret",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://[fe80::1]/secret",
    "http://224.0.0.1/secret",
    "http://user:pass@127.0.0.1:{port}/secret",
    "http://example.org@127.0.0.1:{port}/secret",
    "http://rebind.test:{port}/secret",
    "https://127.0.0.1:{port}/secret",
]
for _url in SSRF_URLS:
    case(
        f"url-{_url[:48]}", "url", const(_url), error("fetch", "BlockedAddress|FetchError", REFUSED)
    )

REDIRECT_TARGETS = [
    "http://127.0.0.1:{port}/secret",
    "http://localhost:{port}/secret",
    "http://2130706433:{port}/secret",
    "http://0x7f.1:{port}/secret",
    "http://[::ffff:127.0.0.1]:{port}/secret",
    "http://rebind.test:{port}/secret",
    "http://user:pass@127.0.0.1:{port}/secret",
    "http://169.254.169.254/latest/meta-data/",
    "{canary}",
    "gopher://127.0.0.1:{port}/_x",
]
for _url in REDIRECT_TARGETS:
    case(
        f"redirect-{_url[:48]}",
        "redirect",
        const(_url),
        error("fetch", "BlockedAddress|FetchError", REFUSED),
    )
