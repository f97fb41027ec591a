"""Lines a dump broke mid-sentence (hard wraps, a line per link or text node) joined again."""

from __future__ import annotations

from transform.scoring import ends_sentence

_GLUE_BEFORE = frozenset(",.;:)!?]»”’%")  # noqa: RUF001 (typographic punctuation on purpose)
_OPENS = frozenset(",(“‘«-–—/")  # noqa: RUF001 (typographic punctuation on purpose)


def rejoin_wrapped(lines: list[str]) -> list[str]:
    """Join each line that continues the one before it; blank lines always separate."""
    joined: list[str] = []
    previous = ""
    for line in lines:
        # The cheap tests on the new line's start come first; most lines fail them.
        if (
            line
            and previous
            and (line[0].islower() or line[0] in _GLUE_BEFORE or previous[-1] in _OPENS)
            and not ends_sentence(previous)
        ):
            glue = "" if line[0] in _GLUE_BEFORE else " "
            previous = joined[-1] = previous + glue + line
            continue
        joined.append(line)
        previous = line
    return joined


def continues(previous: str, line: str) -> bool:
    """`line` carries on `previous`: it starts in lower case or with closing punctuation,
    or `previous` stops on a comma or an opening bracket."""
    if ends_sentence(previous):
        return False
    first = line[0]
    return first.islower() or first in _GLUE_BEFORE or previous[-1] in _OPENS
