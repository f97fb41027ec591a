"""Bytes to text: BOMs, declared charsets, then detection, so no page decodes as mojibake."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# File signatures of formats that are never articles, though some carry no NUL byte early on
# (a PDF's first kilobyte is often plain ASCII).
_MAGIC = {
    b"%PDF-": "PDF",
    b"PK\x03\x04": "ZIP/Office",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"\xff\xd8\xff": "JPEG",
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\x1f\x8b": "gzip",
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
    b"Rar!\x1a\x07": "RAR",
    b"7z\xbc\xaf\x27\x1c": "7z",
    b"OggS": "Ogg",
    b"ID3": "MP3",
    b"RIFF": "RIFF (audio/video)",
    b"\x7fELF": "ELF executable",
    b"wOFF": "WOFF font",
}
# Single-byte Latin guesses of the detector; windows-1252 is what such pages nearly always are.
_LATIN_GUESSES = frozenset({"cp1250", "cp1252", "latin_1", "iso8859_2", "iso8859_15", "mac_roman"})


def binary_kind(content: bytes) -> str | None:
    """The format's name if `content` is a known binary format or has NUL bytes; else None."""
    for magic, kind in _MAGIC.items():
        if content.startswith(magic):
            return kind
    head = content[:1024]
    if b"\x00" in head and _utf16_order(content) is None and not _has_bom(content):
        return "binary (NUL bytes)"
    return None


def decode_bytes(content: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `content`; returns (text, encoding used). Never raises on bad bytes."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :].decode(encoding, errors="replace"), encoding
    if (order := _utf16_order(content)) is not None:
        return content.decode(order, errors="replace"), order
    for candidate in (declared, _meta_charset(content)):
        text = _try_decode(content, candidate)
        if text is not None:
            return text, str(candidate)
    text = _try_decode(content, "utf-8")
    if text is not None:
        return text, "utf-8"
    if _is_truncated_utf8(content):
        return content.decode("utf-8", errors="replace"), "utf-8"
    return _detected(content)


def _detected(content: bytes) -> tuple[str, str]:
    best = from_bytes(content[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding in _LATIN_GUESSES:
        encoding = "cp1252"
    return content.decode(encoding, errors="replace"), encoding


def _has_bom(content: bytes) -> bool:
    return any(content.startswith(bom) for bom, _ in _BOMS)


def _utf16_order(content: bytes) -> str | None:
    """UTF-16 without a BOM: Latin text then has a NUL in every other byte."""
    head = content[:512]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _is_truncated_utf8(content: bytes) -> bool:
    """Valid UTF-8 but for a character cut off at the very end (a truncated download)."""
    for cut in (1, 2, 3):
        try:
            content[:-cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


def _meta_charset(content: bytes) -> str | None:
    match = _META_CHARSET.search(content[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def _try_decode(content: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    if (
        encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32"))
        and b"\x00" not in (content[:1024])
    ):
        return None  # a UTF-16 label on bytes with no NUL: the label lies, the bytes are ASCII
    try:
        return content.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None
