"""Lines a dump broke mid-sentence (hard wraps, a line per link or text node) joined again."""

from __future__ import annotations

from transform.scoring import ends_sentence
from transform.stopwords import STOPWORDS

_GLUE_BEFORE = frozenset(",.;:)!?]»”’%")
_OPENS = frozenset(",(“‘«-–—/")
_ALL_STOPWORDS = frozenset().union(*STOPWORDS.values())


def rejoin_wrapped(lines: list[str]) -> list[str]:
    """Join each line that continues the one before it; blank lines always separate."""
    joined: list[str] = []
    previous = ""
    for line in lines:
        if previous and line and continues(previous, line):
            glue = "" if line[0] in _GLUE_BEFORE else " "
            previous = joined[-1] = previous + glue + line
            continue
        joined.append(line)
        previous = line
    return joined


def continues(previous: str, line: str) -> bool:
    """`line` carries on `previous`: it starts in lower case or with closing punctuation,
    or `previous` stops on a comma, an opening bracket or a function word."""
    if ends_sentence(previous):
        return False
    first = line[0]
    if first.islower() or first in _GLUE_BEFORE:
        return True
    if previous[-1] in _OPENS:
        return True
    last_word = previous.rsplit(" ", 1)[-1].lower()
    return last_word in _ALL_STOPWORDS and len(last_word) > 1
