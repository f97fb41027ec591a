"""Entities: the seeds' people, places and organisations, titles folded, aliases merged."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transform.entities import (
    _TOKEN,
    _joins,
    _runs,
    _Token,
    _token,
    _trim,
    extract_entities,
)
from transform.entity_words import CONNECTORS

# The list: what a reader of the two seed articles expects to be found.
SEED_ENTITIES = {
    "person": {
        "Marco Rubio",
        "Shigeru Ishiba",
        "Donald Trump",
        "Elbridge Colby",
        "Takehiro Funakoshi",
        "Sanae Takaichi",
    },
    "place": {"Japan", "Tokyo", "Malaysia", "Taiwan", "China", "Philippines"},
    "organisation": {"ASEAN", "NATO", "Pentagon"},
}


def test_the_seeds_name_every_expected_entity(seeded: duckdb.DuckDBPyConnection) -> None:
    found = set(seeded.execute("SELECT kind, name FROM entities").fetchall())
    expected = {(kind, name) for kind, names in SEED_ENTITIES.items() for name in names}
    missing = expected - found
    assert not missing, f"recall {1 - len(missing) / len(expected):.2f}; missing {missing}"


def test_titles_become_roles(seeded: duckdb.DuckDBPyConnection) -> None:
    roles = dict(seeded.execute("SELECT name, role FROM entities WHERE kind = 'person'").fetchall())
    assert roles["Marco Rubio"] == "Secretary of State"
    assert roles["Elbridge Colby"] == "Undersecretary of Defense for Policy"
    assert roles["Takehiro Funakoshi"] == "Vice Foreign Minister"
    assert roles["Sanae Takaichi"] == "Prime Minister"


def test_a_surname_alone_counts_for_the_full_name(seeded: duckdb.DuckDBPyConnection) -> None:
    rows = seeded.execute(
        "SELECT e.name, m.count, m.aliases FROM mentions m JOIN entities e USING (entity_id) "
        "WHERE e.name IN ('Marco Rubio', 'Elbridge Colby')"
    ).fetchall()
    assert {name: (count, aliases) for name, count, aliases in rows} == {
        "Marco Rubio": (2, ["Rubio"]),  # "Rubio Signals ..." headline + the titled mention
        "Elbridge Colby": (2, ["Colby"]),  # "Colby's visit"
    }


def test_no_heading_or_sentence_starter_becomes_a_person(
    seeded: duckdb.DuckDBPyConnection,
) -> None:
    rows = seeded.execute("SELECT name FROM entities WHERE kind = 'person'").fetchall()
    people = {name for (name,) in rows}
    assert people == SEED_ENTITIES["person"]


@pytest.mark.parametrize(
    ("text", "name", "kind", "role", "count"),
    [
        (
            "German Chancellor Friedrich Merz met Ursula von der Leyen.",
            "Friedrich Merz",
            "person",
            "German Chancellor",
            1,
        ),
        (
            "Ursula von der Leyen spoke. Later von der Leyen left.",
            "Ursula von der Leyen",
            "person",
            None,
            2,
        ),
        (
            "President Trump spoke. Donald Trump then left.",
            "Donald Trump",
            "person",
            "President",
            2,
        ),
        ("Mr. Rubio arrived. Marco Rubio said so.", "Marco Rubio", "person", None, 2),
        (
            "The World Health Organization (WHO) warned. WHO said more.",
            "World Health Organization",
            "organisation",
            None,
            2,
        ),
        ("WASHINGTON (Reuters) - Officials met.", "Washington", "place", None, 1),
        ("Talks with the Bank of Japan ended.", "Bank of Japan", "organisation", None, 1),
        (
            "A new National Defense Strategy (NDS) says the NDS matters.",
            "National Defense Strategy",
            "other",
            None,
            2,
        ),
    ],
)
def test_rules_on_small_texts(
    text: str, name: str, kind: str, role: str | None, count: int
) -> None:
    found = {e.name: e for e in extract_entities(text)}
    assert name in found, found
    assert (found[name].kind, found[name].role, found[name].count) == (kind, role, count)


def test_an_empty_text_has_no_entities() -> None:
    assert extract_entities("") == []
    assert extract_entities("nothing capitalised here at all") == []


# Characters that sit at token edges: apostrophes, `&`, dots of "U.S.", digits, `_`, capitals
# outside ASCII and outside the BMP, and every kind of space.
_EDGE_TEXT = st.lists(
    st.sampled_from([*"aZbY z.'\u2019&-_3(É)ßv\u00a0\t\n", "\U0001d400", "von", "U.S.", "Ann"]),
    max_size=40,
).map("".join)


def _runs_token_by_token(line: str) -> list[list[str]]:
    """The capital runs of a line read the plain way, every token in turn: the oracle."""
    runs: list[list[str]] = []
    run: list[_Token] = []
    for match in _TOKEN.finditer(line):
        token = _token(match.group(), match.start(), match.end())
        if run and not _joins(line[run[-1].end : token.start], run[-1]):
            runs.append([t.word for t in _trim(run)])
            run = []
        if token.word[:1].isupper() or (run and token.word in CONNECTORS):
            run.append(token)
        elif run:
            runs.append([t.word for t in _trim(run)])
            run = []
        if token.possessive and run:
            runs.append([t.word for t in _trim(run)])
            run = []
    if run:
        runs.append([t.word for t in _trim(run)])
    return [r for r in runs if r]


@settings(max_examples=400, deadline=None)
@given(_EDGE_TEXT)
def test_reading_only_the_chunks_with_capitals_finds_every_run(line: str) -> None:
    # _runs skips the lower-case stretches between capitals; it must find what a scan of every
    # token finds, wherever a capital sits against punctuation, digits or odd spaces.
    found = [[t.word for t in run] for run in _runs(line, 0)]
    assert [r for r in found if r] == _runs_token_by_token(line)
