"""The ingest steps without Prefect: seeds load, reruns write nothing, bad files are recorded."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from flows import batches
from flows.config import load_config
from flows.pipeline import RunSummary, begin_run, load_staged
from tests.conftest import ingest_once, write_config
from warehouse.load import Batch
from warehouse.spool import pending, spool_folder

TABLES = ("documents", "articles", "paragraphs", "removed_blocks", "source_state")


def snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the data tables, timestamps and run ids left out."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "articles": con.execute(
                "SELECT article_id, title, body, content_sha256, document_id "
                "FROM articles ORDER BY 1"
            ).fetchall(),
            "documents": con.execute(
                "SELECT document_id, uri FROM documents ORDER BY 1"
            ).fetchall(),
            "paragraphs": con.execute("SELECT * FROM paragraphs ORDER BY 1, 2").fetchall(),
            "removed_blocks": con.execute("SELECT * FROM removed_blocks ORDER BY 1, 2").fetchall(),
        }
    finally:
        con.close()


def test_seeds_load_with_their_titles(seed_folder: Path) -> None:
    summary = ingest_once(seed_folder.parent / "newsmon.toml")
    assert (summary.documents_seen, summary.counts.inserted, summary.counts.failed) == (2, 2, 0)
    con = duckdb.connect(str(seed_folder.parent / "newsmon.duckdb"), read_only=True)
    titles = [t for (t,) in con.execute("SELECT title FROM articles ORDER BY title").fetchall()]
    reasons = con.execute(
        "SELECT reason, count(*) FROM removed_blocks GROUP BY 1 ORDER BY 1"
    ).fetchall()
    run = con.execute("SELECT status, documents_seen, inserted FROM runs").fetchall()
    con.close()
    assert titles == [
        "Rubio Signals U.S. Focus on Japan\u2019s Defense Capabilities, Not Just Spending",
        "Top U.S. and Japan officials discuss reinforcing military alliance",
    ]
    assert dict(reasons) == {
        "breadcrumb": 1,
        "comment_prompt": 1,
        "duplicate_caption": 1,
        "navigation": 1,
    }
    assert run == [("completed", 2, 2)]


def test_rerun_inserts_nothing(seed_folder: Path) -> None:
    config = seed_folder.parent / "newsmon.toml"
    ingest_once(config)
    before = snapshot(seed_folder.parent / "newsmon.duckdb")
    rerun = ingest_once(config)
    assert (rerun.counts.inserted, rerun.counts.updated, rerun.counts.unchanged) == (0, 0, 2)
    assert snapshot(seed_folder.parent / "newsmon.duckdb") == before


def test_a_changed_file_updates_its_article_and_adds_a_document_version(seed_folder: Path) -> None:
    config = seed_folder.parent / "newsmon.toml"
    ingest_once(config)
    seed = next(seed_folder.glob("000_*.txt"))
    seed.write_text(seed.read_text() + "\nA correction was appended to this story later on.\n")
    rerun = ingest_once(config)
    assert (rerun.counts.inserted, rerun.counts.updated, rerun.counts.unchanged) == (0, 1, 1)
    con = duckdb.connect(str(seed_folder.parent / "newsmon.duckdb"), read_only=True)
    body = con.execute("SELECT body FROM articles WHERE url = ?", [seed.name]).fetchone()
    versions = con.execute("SELECT count(*) FROM documents WHERE uri = ?", [seed.name]).fetchone()
    con.close()
    assert body is not None and body[0].endswith(
        "A correction was appended to this story later on."
    )
    assert versions == (2,)


def test_bad_files_are_recorded_while_the_others_load(seed_folder: Path) -> None:
    (seed_folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (seed_folder / "broken.jsonl").write_text(
        '{"title": "Fine", "body": "A fine record body."}\n{oops\n'
    )
    (seed_folder / "dangling.txt").symlink_to(seed_folder / "missing.txt")
    summary = ingest_once(seed_folder.parent / "newsmon.toml")
    assert summary.status == "completed"
    assert summary.counts.inserted == 3 and summary.counts.failed == 3
    con = duckdb.connect(str(seed_folder.parent / "newsmon.duckdb"), read_only=True)
    errors = con.execute("SELECT uri, stage, detail FROM last_run_errors ORDER BY uri").fetchall()
    con.close()
    assert [(uri, stage) for uri, stage, _ in errors] == [
        ("broken.jsonl#L2", "parse"),
        ("dangling.txt", "fetch"),
        ("photo.txt", "clean"),
    ]
    assert "looks binary" in errors[2][2]


def test_a_missing_folder_is_one_source_error_and_no_cursor(tmp_path: Path) -> None:
    config = tmp_path / "newsmon.toml"
    config.write_text(
        '[warehouse]\npath = "w.duckdb"\n'
        '[[sources]]\nname = "gone"\nkind = "folder"\npath = "nope"\n'
    )
    summary = ingest_once(config)
    assert summary.status == "completed" and summary.counts.failed == 1
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    assert con.execute("SELECT stage FROM ingest_errors").fetchall() == [("source",)]
    assert con.execute("SELECT count(*) FROM source_state").fetchone() == (0,)
    con.close()


def test_the_cursor_is_saved_per_source(seed_folder: Path) -> None:
    ingest_once(seed_folder.parent / "newsmon.toml")
    con = duckdb.connect(str(seed_folder.parent / "newsmon.duckdb"), read_only=True)
    row = con.execute("SELECT cursor FROM source_state WHERE source = 'seeds'").fetchone()
    con.close()
    assert row is not None and sorted(json.loads(row[0])["files"]) == sorted(
        p.name for p in seed_folder.iterdir()
    )


def test_cleaning_on_several_processes_lands_the_same_rows(tmp_path: Path) -> None:
    snapshots = []
    for workers in (1, 2):
        folder = tmp_path / f"w{workers}"
        (folder / "articles").mkdir(parents=True)
        for n in range(120):  # batches of 50: above the size where the pool is used
            text = f"Story {n} headline\n\n" + f"Sentence {n} of a story long enough to keep. " * 6
            (folder / "articles" / f"{n:03d}.txt").write_text(text)
        config = write_config(
            folder,
            f"[run]\nworkers = {workers}\nbatch_size = 50\n\n"
            '[[sources]]\nname = "s"\nkind = "folder"\npath = "articles"\n',
        )
        assert ingest_once(config).counts.inserted == 120
        snapshots.append(snapshot(folder / "newsmon.duckdb"))
    assert snapshots[0]["articles"] == snapshots[1]["articles"]
    assert snapshots[0]["paragraphs"] == snapshots[1]["paragraphs"]


def test_a_failing_monitoring_refresh_never_loses_the_load(
    seed_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("entity extractor crashed")

    monkeypatch.setattr("flows.batches.refresh_after_load", broken)
    config = seed_folder.parent / "newsmon.toml"
    first = ingest_once(config)
    assert (first.counts.inserted, first.counts.failed) == (2, 0)
    assert [e.stage for r in first.sources for e in r.errors] == ["monitor"]
    monkeypatch.undo()
    (seed_folder / "new.txt").write_text(
        "Harbour reopens\n\n" + "The harbour in Tokyo reopened today. " * 8
    )
    ingest_once(config)  # the next load also refreshes what the failed one left out
    con = duckdb.connect(str(seed_folder.parent / "newsmon.duckdb"), read_only=True)
    stages = con.execute("SELECT stage FROM ingest_errors").fetchall()
    monitored = con.execute("SELECT count(DISTINCT article_id) FROM mentions").fetchone()
    con.close()
    assert stages == [("monitor",)]
    assert monitored == (3,)


def many_stories(tmp_path: Path, count: int) -> Path:
    """A folder source of `count` short stories, cleaned on two workers in batches of 400
    (the first batch 100): the last batch is the other 300, which loads in two halves."""
    (tmp_path / "articles").mkdir()
    for n in range(count):
        text = f"Story {n} headline\n\n" + f"Sentence {n} of a story long enough to keep. " * 6
        (tmp_path / "articles" / f"{n:03d}.txt").write_text(text)
    return write_config(
        tmp_path,
        "[run]\nworkers = 2\nbatch_size = 400\n\n"
        '[[sources]]\nname = "s"\nkind = "folder"\npath = "articles"\n',
    )


def test_a_large_last_batch_loads_in_two_parts_and_keeps_the_cursor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[int] = []
    write = batches.write_outcomes

    def counted(con: object, config: object, batch: Batch, outcomes: list[object]) -> object:
        loads.append(len(outcomes))
        return write(con, config, batch, outcomes)  # type: ignore[arg-type]

    monkeypatch.setattr(batches, "write_outcomes", counted)
    config = many_stories(tmp_path, 400)
    assert ingest_once(config).counts.inserted == 400
    assert loads == [100, 150, 150]
    con = duckdb.connect(str(tmp_path / "newsmon.duckdb"), read_only=True)
    (cursor,) = con.execute("SELECT cursor FROM source_state").fetchone() or ("",)
    (articles,) = con.execute("SELECT count(*) FROM articles").fetchone() or (0,)
    con.close()
    assert len(json.loads(cursor)["files"]) == 400 and articles == 400


def test_a_failure_in_the_last_part_keeps_the_whole_batch_for_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write = batches.write_outcomes
    calls = 0

    def failing_third(con: object, config: object, batch: Batch, outcomes: list[object]) -> object:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError("disk full")
        return write(con, config, batch, outcomes)  # type: ignore[arg-type]

    monkeypatch.setattr(batches, "write_outcomes", failing_third)
    config = many_stories(tmp_path, 400)
    with pytest.raises(OSError, match="disk full"):
        ingest_once(config)
    monkeypatch.undo()
    loaded = load_config(config)
    assert len(pending(spool_folder(loaded.warehouse_path))) == 1  # the last batch, whole
    run = RunSummary(begin_run(loaded, "ingest", None))
    recovered = load_staged(loaded, run.run_id)
    assert recovered is not None
    # its first half was loaded before the failure: found unchanged, never duplicated
    assert (recovered.counts.inserted, recovered.counts.unchanged) == (150, 150)
    assert ingest_once(config).counts.inserted == 0
    con = duckdb.connect(str(tmp_path / "newsmon.duckdb"), read_only=True)
    counts = con.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(DISTINCT uri) FROM documents)"
    ).fetchone()
    con.close()
    assert counts == (400, 400)
