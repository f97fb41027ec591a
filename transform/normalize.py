"""Text normalisation shared by both cleaners: Unicode form, spaces, invisible characters."""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def normalize_line(text: str) -> str:
    """NFC, no zero-width characters, runs of spaces folded to one, trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF; NUL bytes are dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
