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


def decode_bytes(content: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `content`; returns (text, encoding used). Never raises on bad bytes."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :].decode(encoding, errors="replace"), encoding
    for candidate in (declared, _meta_charset(content)):
        text = _try_decode(content, candidate)
        if text is not None:
            return text, str(candidate)
    text = _try_decode(content, "utf-8")
    if text is not None:
        return text, "utf-8"
    best = from_bytes(content[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    return content.decode(encoding, errors="replace"), encoding


def _meta_charset(content: bytes) -> str | None:
    match = _META_CHARSET.search(content[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def _try_decode(content: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return content.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None
