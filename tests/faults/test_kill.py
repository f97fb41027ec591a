"""Killed mid-load: after `kill -9` at a random moment, a rerun leaves every table as one clean run.

Each trial runs the plain pipeline in a subprocess over the same folder (many small batches, a
few bad files), kills it with SIGKILL at a random moment after its imports, then reruns it in
this process and compares every table with a run that was never interrupted: nothing lost,
nothing doubled, no half batch. Three more reruns must leave the tables exactly as they are.
A few trials run in `make test`; `make stress` runs the long series.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.snapshot import differences, doubled_errors, snapshot
from tests.robustness.harness import run_pipeline
from warehouse.connect import connect
from warehouse.load import Batch, IngestError, load_batch
from warehouse.spool import claim, pending, spool_folder, write_batch

ROOT = Path(__file__).resolve().parents[2]
WORDS = ["harbour", "council", "budget", "river", "festival", "market", "school", "bridge"]
QUICK_TRIALS = 2
STRESS_TRIALS = int(os.environ.get("NEWSMON_KILL_TRIALS", "50"))


@dataclass
class Corpus:
    """A template folder of articles, and the tables one uninterrupted run makes of it."""

    template: Path
    expected: dict[str, list[object]]
    duration: float


def story(n: int) -> str:
    """A story sharing no line with the others: the cleaner's per-source boilerplate memory
    drops recurring lines, and what recurs depends on what was loaded before (see report)."""
    rng = random.Random(n)
    title = " ".join(rng.sample(WORDS, 4)).capitalize()
    body = " ".join(" ".join(rng.sample(WORDS, 7)).capitalize() + "." for _ in range(6))
    return f"{title} {n}\n\n{body}\n"


def make_articles(folder: Path) -> None:
    """40 stories, a JSON file of records, and three files that fail in different stages."""
    folder.mkdir(parents=True)
    for n in range(24):
        (folder / f"story-{n:02d}.txt").write_text(story(n))
    records = [{"title": f"Record {n}", "body": story(100 + n)} for n in range(3)]
    (folder / "records.json").write_text(str(records).replace("'", '"'))
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (folder / "broken.jsonl").write_text('{"body": "fine line body text"}\n{oops\n')
    (folder / "empty.html").write_text("")


def trial_dir(corpus: Corpus, folder: Path) -> Path:
    """A fresh copy of the template (mtimes kept, so cursors compare equal); returns its config."""
    shutil.copytree(corpus.template, folder, copy_function=shutil.copy2, symlinks=True)
    return folder / "newsmon.toml"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The template and the tables of one clean run of it (timed, to aim the kills)."""
    template = tmp_path_factory.mktemp("kill-template")
    make_articles(template / "articles")
    (template / "newsmon.toml").write_text(
        '[warehouse]\npath = "warehouse/newsmon.duckdb"\nlock_wait_seconds = 10\n'
        "[run]\nbatch_size = 2\n"
        '[[sources]]\nname = "wire"\nkind = "folder"\npath = "articles"\n'
    )
    clean = tmp_path_factory.mktemp("kill-clean") / "run"
    config = trial_dir(Corpus(template, {}, 0), clean)
    started = time.monotonic()
    run_pipeline(config)
    duration = time.monotonic() - started
    return Corpus(template, snapshot(clean / "warehouse" / "newsmon.duckdb"), duration)


def kill_at_random(config: Path, rng: random.Random, duration: float) -> str:
    """Start the ingest in a subprocess and SIGKILL it at a random moment; says when."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.kill_ingest", str(config)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    # The subprocess runs slower than the in-process calibration (cold caches): aim past it.
    delay = rng.uniform(0.0, duration * 2.0)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    outcome = "after it finished" if process.returncode == 0 else "mid-run"
    return f"killed {outcome} at {delay:.3f}s"


def run_trial(corpus: Corpus, folder: Path, seed: int, reruns: int = 3) -> None:
    """One kill, one recovering rerun, more reruns: all equal to the clean run."""
    config = trial_dir(corpus, folder)
    when = kill_at_random(config, random.Random(seed), corpus.duration)
    db = folder / "warehouse" / "newsmon.duckdb"
    run_pipeline(config)
    context = f"seed {seed}, {when}"
    assert differences(corpus.expected, snapshot(db)) == {}, context
    assert doubled_errors(db) == [], context
    assert pending(spool_folder(db)) == [], f"spool not drained: {context}"
    for _ in range(reruns):
        run_pipeline(config)
        assert differences(corpus.expected, snapshot(db)) == {}, f"rerun differs: {context}"


@pytest.mark.parametrize("seed", range(QUICK_TRIALS))
def test_a_kill_at_a_random_moment_loses_and_doubles_nothing(
    corpus: Corpus, tmp_path: Path, seed: int
) -> None:
    run_trial(corpus, tmp_path / "trial", seed, reruns=1)


@pytest.mark.slow
def test_many_kills_at_random_moments_lose_and_double_nothing(
    corpus: Corpus, tmp_path: Path
) -> None:
    for seed in range(1000, 1000 + STRESS_TRIALS):
        run_trial(corpus, tmp_path / f"trial-{seed}", seed)


def test_a_crash_between_commit_and_spool_cleanup_does_not_double_errors(
    corpus: Corpus, tmp_path: Path
) -> None:
    """The narrowest window a kill can hit: the batch committed, its spool file not yet gone."""
    config = trial_dir(corpus, tmp_path / "trial")
    db = tmp_path / "trial" / "warehouse" / "newsmon.duckdb"
    row = next(e for e in corpus.expected["ingest_errors"] if e[1] == "broken.jsonl#L2")
    failure = IngestError(*row)  # type: ignore[arg-type]
    staged = write_batch(spool_folder(db), "dead-run", [], [failure], {})
    claimed = claim(staged)
    assert claimed is not None
    con = connect(db)
    try:
        load_batch(con, Batch("dead-run", errors=[failure]))
    finally:
        con.close()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    claimed.rename(claimed.with_name(claimed.name.replace(str(os.getpid()), str(dead.pid))))
    run_pipeline(config)
    assert differences(corpus.expected, snapshot(db)) == {}
    assert doubled_errors(db) == []
