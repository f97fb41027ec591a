"""People, organisations and places named in a text: light rules and a gazetteer, no model.

Capitalised runs of words become candidate names. Known places and organisations come from a
small gazetteer shipped beside this module (transform/gazetteer.tsv); a title in front of a
name is folded into the person's role ("Secretary of State Marco Rubio" -> Marco Rubio, role
Secretary of State); "Long Name (ABBR)" defines an alias; a surname alone ("Rubio") counts for
the full name the same text used. `EntityExtractor` is the seam for a better model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import NamedTuple, Protocol

from transform.entity_words import (
    ABBREVIATIONS,
    COMMON_WORDS,
    CONNECTORS,
    ORG_WORDS,
    ROLE_WORDS,
    THING_WORDS,
)

KINDS = ("person", "organisation", "place", "other")
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w'\u2019&]*|\d\w*")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z]{1,9})\)")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\u201c\u201d\"|(\[]|\n)\s*$")
_MAX_GAZETTEER_WORDS = 6
_HONORIFICS = frozenset({"Mr", "Mrs", "Ms", "Dr", "Sir", "Dame", "Prof"})
_APOSTROPHES = ("'", "\u2019")
# Where a run can start: a capital letter. Letters beyond the BMP are all let through, since a
# class holding any of them is matched by a linear scan instead of a bitmap.
_CAPITAL = re.compile(
    "["
    + "".join(re.escape(c) for c in map(chr, range(0x10000)) if c.isupper())
    + "\U00010000-\U0010ffff]"
)


@dataclass(frozen=True)
class Entity:
    """One entity as a text names it: canonical name, kind, how often and where first."""

    name: str
    kind: str
    count: int
    first_position: int
    role: str | None = None
    aliases: tuple[str, ...] = ()


class EntityExtractor(Protocol):
    """Anything that finds entities in a text: the rules below, or a model plugged in."""

    def __call__(self, text: str) -> list[Entity]: ...


class _Token(NamedTuple):
    word: str
    start: int
    end: int
    possessive: bool


@dataclass
class _Found:
    """Mentions gathered for one (kind, name) while reading a text."""

    kind: str
    name: str
    positions: list[int] = field(default_factory=list)
    role: str | None = None
    surfaces: set[str] = field(default_factory=set)


def extract_entities(text: str) -> list[Entity]:
    """The entities of a text, most mentioned first; the default EntityExtractor."""
    reader = _Reader(text)
    reader.read()
    return reader.entities()


@cache
def gazetteer() -> dict[tuple[str, ...], tuple[str, str]]:
    """Token sequence -> (kind, canonical name) for every packaged name and alias."""
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    data = resources.files("transform").joinpath("gazetteer.tsv").read_text(encoding="utf-8")
    for line in data.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, name, aliases = [*line.split("\t"), "", ""][:3]
        for surface in [name, *filter(None, aliases.split("|"))]:
            words = tuple(t.word for t in _tokens(surface) if t.word not in ("the", "The"))
            table.setdefault(words, (kind, name))
    return table


@cache
def _longest_name_from() -> dict[str, int]:
    """First word of a gazetteer name -> the most words (up to the lookup's cap) such a name has."""
    longest: dict[str, int] = {}
    for words in gazetteer():
        if words:
            size = min(len(words), _MAX_GAZETTEER_WORDS)
            longest[words[0]] = max(longest.get(words[0], 0), size)
    return longest


def _tokens(text: str, offset: int = 0) -> list[_Token]:
    return [_token(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def _token(word: str, start: int, end: int) -> _Token:
    stripped = _without_possessive(word)
    return _Token(stripped or word, start, end, stripped != word)


def _without_possessive(word: str) -> str:
    """ "Japan's" -> "Japan", "Reuters'" -> "Reuters"; "U.S." stays as it is."""
    # a test of the last characters first: the regex costs more, and few words end so
    if word[-1] in _APOSTROPHES or (word[-1] == "s" and word[-2:-1] in _APOSTROPHES):
        return _POSSESSIVE.sub("", word) if not word.endswith(".") else word
    return word


def _is_cap(token: _Token) -> bool:
    return token.word[:1].isupper()


class _Reader:
    """One pass over a text's capitalised runs, then alias resolution."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[tuple[str, str], _Found] = {}
        self.acronyms: dict[str, tuple[str, str]] = {}
        self.singles: list[_Token] = []  # lone capitalised words: maybe a surname or acronym
        self.defined_at: set[int] = set()  # where "(ABBR)" defines an acronym: not a mention

    def read(self) -> None:
        for line_start, line in _lines(self.text):
            heading = _is_heading(line)
            for run in _runs(line, line_start):
                if heading:
                    self._read_heading(run)
                else:
                    self._read_run(run)
        self._resolve_singles()

    def _read_heading(self, run: list[_Token]) -> None:
        """Title-case lines: every word is capitalised, so trust only known names."""
        for piece in self._split_known(run):
            self.singles.extend(piece)

    def _read_run(self, run: list[_Token]) -> None:
        run = _strip_starter(run, self.text)
        after = _ACRONYM_AFTER.match(self.text, run[-1].end) if run else None
        if after is not None and _initials(run).endswith(after.group(1).upper()):
            self.defined_at.add(after.start(1))  # "(ASEAN)" repeats the name just read
        while run and (hit := self._known_at(run, 0)) is not None:
            run = run[hit:]  # a leading place: "U.S. President Donald Trump"
        if not run:
            return
        if self._defines_acronym(run) or self._is_organisation(run):
            return
        for piece in self._split_known(run):
            for part in _split_and(piece):
                self._read_name(part)

    def _known_at(self, run: list[_Token], i: int) -> int | None:
        """Length of the longest gazetteer name starting at run[i] (recorded), or None."""
        first = _gazetteer_form(run[i].word)
        most = _longest_name_from().get(first)
        if most is None:
            return None  # most capitalised words start no known name: no lookups to try
        table = gazetteer()
        forms = [first, *(_gazetteer_form(t.word) for t in run[i + 1 : i + most])]
        for size in range(len(forms), 0, -1):
            words = tuple(forms[:size])
            if words in table:
                kind, name = table[words]
                self._add(kind, name, run[i], _surface(self.text, run[i : i + size]))
                return size
        return None

    def _split_known(self, run: list[_Token]) -> Iterator[list[_Token]]:
        """The parts of a run between gazetteer names (which are recorded on the way)."""
        piece: list[_Token] = []
        i = 0
        while i < len(run):
            size = self._known_at(run, i)
            if size is None:
                piece.append(run[i])
                i += 1
                continue
            if piece:
                yield _trim(piece)
            piece, i = [], i + size
        if piece:
            yield _trim(piece)

    def _defines_acronym(self, run: list[_Token]) -> bool:
        """ "National Defense Strategy (NDS)": the long form, with the acronym as its alias."""
        after = _ACRONYM_AFTER.match(self.text, run[-1].end)
        if after is None:
            return False
        acronym = after.group(1)
        caps = [t for t in run if _is_cap(t)]
        long_form = caps[-len(acronym) :] if len(caps) >= len(acronym) else caps
        if _initials(long_form) != acronym.upper():
            return False
        tokens = run[run.index(long_form[0]) :]
        kind = "organisation" if any(t.word in ORG_WORDS for t in tokens) else "other"
        name = _surface(self.text, tokens)
        self._add(kind, name, tokens[0], name)
        self.acronyms[acronym] = (kind, name)
        self.defined_at.add(after.start(1))
        return True

    def _is_organisation(self, run: list[_Token]) -> bool:
        words = [t.word for t in run]
        if len(run) < 2 or not ORG_WORDS & set(words):
            return False
        if ROLE_WORDS & set(words[-2:]) and not ORG_WORDS & set(words[-2:]):
            return False  # "Foreign Ministry spokesman Mao Ning" ends in a person
        self._add("organisation", _surface(self.text, run), run[0], _surface(self.text, run))
        return True

    def _read_name(self, piece: list[_Token]) -> None:
        """A title then a name ("Prime Minister Shigeru Ishiba"), or a bare name."""
        words = [t.word for t in piece]
        last_role = max((i for i, w in enumerate(words) if w in ROLE_WORDS), default=-1)
        role, name = piece[: last_role + 1], piece[last_role + 1 :]
        if not name or not _name_like(name) or len(name) > 5:
            self.singles.extend(t for t in piece if len(piece) == 1)
            return
        if THING_WORDS & {t.word for t in name}:
            return
        if not role and len(name) == 1:
            self.singles.append(name[0])
            return
        titles = [t for t in role if t.word not in _HONORIFICS]
        role_text = _surface(self.text, role).rstrip(".") if titles else None
        self._add("person", _surface(self.text, name), name[0], None, role_text)

    def _resolve_singles(self) -> None:
        """A lone "Rubio" or "NDS" counts for the full name or long form it stands for."""
        people = {key: found for key, found in self.found.items() if found.kind == "person"}
        by_surname = {found.name.split()[-1]: found for found in people.values()}
        for token in self.singles:
            if token.start in self.defined_at:
                continue
            if token.word in self.acronyms:
                kind, name = self.acronyms[token.word]
                self._add(kind, name, token, token.word)
            elif (person := by_surname.get(token.word)) is not None:
                person.positions.append(token.start)
                person.surfaces.add(token.word)
        self._merge_short_names(by_surname)

    def _merge_short_names(self, by_surname: dict[str, _Found]) -> None:
        """ "President Trump" and "Donald Trump" in one text are one person."""
        for key, found in list(self.found.items()):
            full = by_surname.get(found.name)
            if found.kind == "person" and " " not in found.name and full and full is not found:
                full.positions.extend(found.positions)
                full.surfaces |= found.surfaces | {found.name}
                full.role = full.role or found.role
                del self.found[key]

    def _add(
        self, kind: str, name: str, at: _Token, surface: str | None, role: str | None = None
    ) -> None:
        if at.start in self.defined_at:
            return  # the "(ABBR)" right after its long form is the same mention
        found = self.found.setdefault((kind, name), _Found(kind, name))
        if at.start in found.positions:
            return  # "ASEAN" read as a gazetteer name and as an acronym's long form
        found.positions.append(at.start)
        found.role = found.role or role
        if surface:
            found.surfaces.add(surface)

    def entities(self) -> list[Entity]:
        items = [
            Entity(
                name=f.name,
                kind=f.kind,
                count=len(f.positions),
                first_position=min(f.positions),
                role=f.role,
                aliases=tuple(sorted(s for s in f.surfaces if s != f.name)),
            )
            for f in self.found.values()
        ]
        return sorted(items, key=lambda e: (-e.count, e.first_position))


def _initials(tokens: list[_Token]) -> str:
    return "".join(t.word[0] for t in tokens if _is_cap(t)).upper()


def _lines(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _is_heading(line: str) -> bool:
    """A short line with no long lower-case word: title case, where capitals prove nothing."""
    words = line.split()
    if not words or len(words) > 16 or line.rstrip().endswith((".", "!", "?", ":")):
        return False  # a sentence, not a headline
    return not any(w[:1].islower() and len(w) > 3 for w in words)


def _runs(line: str, offset: int) -> Iterator[list[_Token]]:
    """Maximal runs of capitalised words (with connectors inside) that no punctuation breaks."""
    run: list[_Token] = []
    position = 0  # always a token's end or a chunk's start: where the tokenizer starts fresh
    # No token spans whitespace, so tokenizing from a chunk's start finds the tokens a scan of
    # the whole line finds: the lower-case stretches between runs (most words) are skipped.
    while (capital := _CAPITAL.search(line, position)) is not None:
        start = capital.start()
        while start > position and not line[start - 1].isspace():
            start -= 1  # back to the start of the capital's chunk
        for match in _TOKEN.finditer(line, start):
            word = match.group()
            if not run and not word[0].isupper():
                position = match.end()
                break  # lower case with no run open: on to the next chunk with a capital
            token = _token(word, match.start() + offset, match.end() + offset)
            joined = bool(run) and _joins(
                line[run[-1].end - offset : token.start - offset], run[-1]
            )
            if run and not joined:
                yield _trim(run)
                run = []
            if token.word[:1].isupper() or (run and token.word in CONNECTORS):
                run.append(token)
            elif run:
                yield _trim(run)
                run = []
            if token.possessive and run:
                yield _trim(run)  # "Colby's visit": the name ends at the possessive
                run = []
        else:
            break  # the line's last token was read
    if run:
        yield _trim(run)


def _joins(gap: str, previous: _Token) -> bool:
    if gap in (" ", "-", "\u00a0"):
        return True
    abbreviated = previous.word in ABBREVIATIONS or len(previous.word) == 1
    return abbreviated and gap in (". ", ".")


def _trim(run: list[_Token]) -> list[_Token]:
    """The run without lower-case words at either end (connectors only join names)."""
    first, last = 0, len(run)
    # Indices rather than a slice per dropped word: runs are trimmed several times each.
    while last and not run[last - 1].word[:1].isupper():
        last -= 1
    while first < last and not run[first].word[:1].isupper():
        first += 1
    return run if first == 0 and last == len(run) else run[first:last]


def _strip_starter(run: list[_Token], text: str) -> list[_Token]:
    """Drop "The", "During", "When" ...: capitalised only because a sentence starts there."""
    while run and run[0].word in COMMON_WORDS:
        run = _trim(run[1:])
    return run


def _gazetteer_form(word: str) -> str:
    # "WASHINGTON (Reuters)": datelines shout; try the usual spelling of a shouted word
    if word.isupper() and len(word) > 4 and (word,) not in gazetteer():
        return word.capitalize()
    return word


def _name_like(name: list[_Token]) -> bool:
    """Capitalised words, with only connectors inside: "Ursula von der Leyen"."""
    if not (_is_cap(name[0]) and _is_cap(name[-1])):
        return False
    return all(_word_like(t.word) or t.word in CONNECTORS for t in name)


def _word_like(word: str) -> bool:
    if word in ROLE_WORDS or word in COMMON_WORDS or word in ORG_WORDS:
        return False
    return word[:1].isupper() and (word.isalpha() or "-" in word or "'" in word or len(word) == 1)


def _split_and(piece: list[_Token]) -> Iterator[list[_Token]]:
    """ "Chancellor Friedrich Merz and Ursula von der Leyen" names two people."""
    part: list[_Token] = []
    for token in piece:
        if token.word == "and":
            if part:
                yield _trim(part)
            part = []
        else:
            part.append(token)
    if part:
        yield _trim(part)


def _surface(text: str, tokens: list[_Token]) -> str:
    if not tokens:
        return ""
    return _POSSESSIVE.sub("", text[tokens[0].start : tokens[-1].end])
