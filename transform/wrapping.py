"""Lines a dump broke mid-sentence (hard wraps, a line per link or text node) joined again."""

from __future__ import annotations

from transform.scoring import ends_sentence

# Closing punctuation that continues the line before, full-width (CJK) forms included.
_GLUE_BEFORE = frozenset(",.;:)!?]»”’%）」』】、。，．！？：；")  # noqa: RUF001 (typographic punctuation on purpose)
# An opening bracket joins the next line without a space: `ボルノ（` + `Borno` + `）州`.  # noqa: RUF003
_BRACKETS = frozenset("(“‘«（「『【")  # noqa: RUF001 (typographic punctuation on purpose)
_OPENS = _BRACKETS | frozenset(",-–—/")  # noqa: RUF001 (typographic punctuation on purpose)


def rejoin_wrapped(lines: list[str]) -> list[str]:
    """Join each line that continues the one before it; blank lines always separate."""
    # Parts are joined once per paragraph: growing one string line by line was quadratic on
    # long runs of wrapped lines (issue 7: 160k short lines took minutes).
    joined: list[list[str]] = []
    last = ""  # the last line taken; a joined paragraph ends exactly as it does
    for line in lines:
        # The cheap tests on the new line's start come first; most lines fail them.
        if (
            line
            and last
            and (line[0].islower() or line[0] in _GLUE_BEFORE or last[-1] in _OPENS)
            and not ends_sentence(last)
        ):
            glued = line[0] in _GLUE_BEFORE or last[-1] in _BRACKETS
            joined[-1].append(line if glued else " " + line)
        else:
            joined.append([line])
        last = line
    return ["".join(parts) for parts in joined]


def continues(previous: str, line: str) -> bool:
    """`line` carries on `previous`: it starts in lower case or with closing punctuation,
    or `previous` stops on a comma or an opening bracket."""
    if ends_sentence(previous):
        return False
    first = line[0]
    return first.islower() or first in _GLUE_BEFORE or previous[-1] in _OPENS
