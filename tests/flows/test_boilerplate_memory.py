"""The per-source boilerplate memory: lines a source repeats everywhere are learnt and dropped."""

from __future__ import annotations

from pathlib import Path

import duckdb

from flows.config import load_config
from flows.pipeline import begin_run
from flows.reprocessing import reprocess_articles
from tests.conftest import ingest_once, write_config

FURNITURE = "The Harbour Gazette, independent local reporting for the whole bay area"


TOWNS = ("Ashby", "Brook", "Cole", "Dunmore", "Elling", "Fairhaven", "Glenrock")
TOPICS = ("ferry", "school", "bridge", "market", "library", "harbour", "clinic")


def story(n: int) -> str:
    town, topic = TOWNS[n], TOPICS[n]
    return (
        f"{town} council votes on the {topic} plan\n\n"
        f"The {town} council voted on Tuesday on the {topic} plan, officials said.\n\n"
        f"{FURNITURE}\n\n"
        f"Residents of {town} said they would attend the next {topic} meeting to object.\n"
    )


def bodies_with_furniture(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM articles WHERE contains(body, ?)", [FURNITURE])
        return int(row.fetchone()[0])  # type: ignore[index]


def test_a_line_repeated_across_a_sources_articles_is_learnt_then_removed(tmp_path: Path) -> None:
    folder = tmp_path / "gazette"
    folder.mkdir()
    for n in range(6):
        (folder / f"{n}.txt").write_text(story(n))
    config = write_config(
        tmp_path, '[[sources]]\nname = "gazette"\nkind = "folder"\npath = "gazette"\n'
    )
    db = tmp_path / "newsmon.duckdb"
    ingest_once(config)
    assert bodies_with_furniture(db) == 6  # nothing known yet on the first pass
    with duckdb.connect(str(db), read_only=True) as con:
        remembered = con.execute(
            "SELECT text, seen FROM boilerplate_lines WHERE seen >= 3 ORDER BY text"
        ).fetchall()
    assert remembered == [(FURNITURE, 6)]  # article text never repeats across stories

    (folder / "6.txt").write_text(story(6))
    ingest_once(config)
    with duckdb.connect(str(db), read_only=True) as con:
        dropped = con.execute(
            "SELECT r.reason FROM removed_blocks r JOIN articles a USING (article_id) "
            "WHERE a.url = '6.txt' AND r.text = ?",
            [FURNITURE],
        ).fetchall()
    assert dropped == [("source_boilerplate",)]
    assert bodies_with_furniture(db) == 6

    loaded = load_config(config)
    result = reprocess_articles(loaded, begin_run(loaded, "reprocess", None), everything=True)
    assert result.counts.updated == 6
    assert bodies_with_furniture(db) == 0
