"""Text normalisation shared by both cleaners: Unicode form, spaces, invisible characters."""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Only what must change: a lone space is left alone, which makes a whole page fast to scan.
_ODD_SPACES = re.compile(
    r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
)
_ODD_SPACE_CHARS = (
    "\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
_EDGE_SPACES = re.compile(r"^ | $", re.MULTILINE)


def normalize_line(text: str, *, keep_newlines: bool = False) -> str:
    """NFC, no zero-width characters, runs of spaces folded to one, trimmed.

    With `keep_newlines`, every line of a whole document is normalised in one pass.
    """
    if not text.isascii():
        # The quick check is far cheaper than normalising text that is already NFC.
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        # One `in` scan per character is several times faster than a regex scan.
        if any(char in text for char in _INVISIBLE_CHARS):
            text = _INVISIBLE.sub("", text)
    if keep_newlines:
        # A page-wide regex scan is slow; most dumps need no change, which `in` finds fast.
        odd_chars = "\t" if text.isascii() else _ODD_SPACE_CHARS
        if any(char in text for char in odd_chars) or "  " in text:
            text = _ODD_SPACES.sub(" ", text)
        return (
            _EDGE_SPACES.sub("", text).strip() if " \n" in text or "\n " in text else text.strip()
        )
    return _SPACES.sub(" ", text).strip()


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF; NUL bytes are dropped."""
    # A one-character `in` is a fast scan; most pages need neither replacement.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "") if "\x00" in text else text
