"""Lines a dump broke mid-sentence (hard wraps, a line per link or text node) joined again."""

from __future__ import annotations

from transform.scoring import ends_sentence

# Closing punctuation that continues the line before, full-width (CJK) forms included.
_GLUE_BEFORE = frozenset(",.;:)!?]»”’%）」』】、。，．！？：；")  # noqa: RUF001 (typographic punctuation on purpose)
# An opening bracket joins the next line without a space: `ボルノ（` + `Borno` + `）州`.  # noqa: RUF003
_BRACKETS = frozenset("(“‘«（「『【")  # noqa: RUF001 (typographic punctuation on purpose)
_OPENS = _BRACKETS | frozenset(",-–—/")  # noqa: RUF001 (typographic punctuation on purpose)
# Words that never end a sentence (articles, prepositions, conjunctions, auxiliaries): a line
# ending in one was broken before a link or other inline element, `In mathematics, a` +
# `Hermitian matrix` (readability set, dumped a line per text node: wikipedia recall
# 0.19 -> 0.22, daringfireball 0.50 -> 0.83; block dumps unchanged).
_DANGLING_WORDS = """
    a an the of to in on at by for with from into onto over under about after before between
    through during against among via than and or but nor as that which whose its their his her
    our your my is are was were be been being has have had
"""
_DANGLING = frozenset(_DANGLING_WORDS.split())


def rejoin_wrapped(lines: list[str]) -> list[str]:
    """Join each line that continues the one before it; blank lines always separate."""
    # Parts are joined once per paragraph: growing one string line by line was quadratic on
    # long runs of wrapped lines (issue 7: 160k short lines took minutes).
    joined: list[list[str]] = []
    last = ""  # the last line taken; a joined paragraph ends exactly as it does
    # Only a dump that parts its blocks by blank lines breaks lines inside a block. Where
    # every line is a block, `... on` ends a label (`Posted by Ann on`) and joins nothing.
    dangling = _DANGLING if "" in lines else frozenset()
    for at, line in enumerate(lines):
        # The cheap tests on the new line's start come first; most lines fail them.
        if (
            line
            and last
            and (
                line[0].islower()
                or line[0] in _GLUE_BEFORE
                or last[-1] in _OPENS
                or (
                    dangling
                    and last[last.rfind(" ") + 1 :] in dangling
                    # The inline element is followed by the rest of its sentence: a label
                    # (`Posted by Ann on` + `November 19, 2019` + a new block) is not.
                    and _flows_on(lines, at + 1)
                )
            )
            and not ends_sentence(last)
        ):
            glued = line[0] in _GLUE_BEFORE or last[-1] in _BRACKETS
            joined[-1].append(line if glued else " " + line)
        else:
            joined.append([line])
        last = line
    return ["".join(parts) for parts in joined]


def _flows_on(lines: list[str], at: int) -> bool:
    """Line `at` exists and starts as a continuation (lower case, closing punctuation)."""
    following = lines[at] if at < len(lines) else ""
    return bool(following) and (following[0].islower() or following[0] in _GLUE_BEFORE)


def continues(previous: str, line: str) -> bool:
    """`line` carries on `previous`: it starts in lower case or with closing punctuation,
    or `previous` stops on a comma or an opening bracket."""
    if ends_sentence(previous):
        return False
    first = line[0]
    return first.islower() or first in _GLUE_BEFORE or previous[-1] in _OPENS
