"""One writer at a time: a run waits for a locked warehouse, or fails keeping what it fetched."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from connectors.base import RawDocument, SourceState
from flows.batches import SLOW_FETCH_SECONDS
from flows.config import load_config
from flows.pipeline import RunSummary, begin_run, ingest_source, load_staged
from tests.conftest import write_config
from warehouse.errors import WarehouseLocked
from warehouse.spool import pending, read_batch, spool_folder, write_batch

STORY = "Headline number {n}\n\n" + "Body sentence of story {n} that is long enough to keep. " * 4


def hold_lock(db: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process opens the warehouse for writing and keeps it for `seconds`."""
    code = (
        f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('held', flush=True); "
        f"time.sleep({seconds}); c.close()"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


class LockedMidwaySource:
    """Yields stories slowly, like the web; after the first, another process takes the lock.

    A slow source makes the loader let go of the warehouse between batches, so the other
    process can get in (a fast one would find the file held: warehouse/writer.py).
    """

    def __init__(
        self, db: Path, count: int, hold_seconds: float, lock_after: int | None = 1
    ) -> None:
        self.name = "wire"
        self.db, self.count, self.hold_seconds = db, count, hold_seconds
        self.lock_after = lock_after
        self.holder: subprocess.Popen[str] | None = None

    def fetch(self, state: SourceState) -> Iterator[RawDocument]:
        for n in range(self.count):
            if n == self.lock_after:
                self.holder = hold_lock(self.db, self.hold_seconds)
            time.sleep(SLOW_FETCH_SECONDS + 0.2)
            text = STORY.format(n=n)
            yield RawDocument(source=self.name, uri=f"story-{n}", content=text.encode())
        state.cursor["done"] = True

    def stop(self) -> None:
        if self.holder is not None:
            self.holder.kill()
            self.holder.wait()


def config_for(tmp_path: Path, lock_wait: float) -> Path:
    return write_config(tmp_path, "[run]\nbatch_size = 1\n", lock_wait_seconds=lock_wait)


def article_rows(db: Path) -> tuple[int, int, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(DISTINCT uri) FROM documents), "
            "(SELECT count(*) FROM documents)"
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    return row


def test_a_briefly_locked_warehouse_is_waited_for_and_loaded(tmp_path: Path) -> None:
    config = load_config(config_for(tmp_path, lock_wait=30))
    source = LockedMidwaySource(config.warehouse_path, count=3, hold_seconds=1.5)
    run_id = begin_run(config, "ingest", None)
    try:
        result = ingest_source(config, source.name, source, run_id)
    finally:
        source.stop()
    assert (result.counts.inserted, result.counts.failed) == (3, 0)
    assert article_rows(config.warehouse_path) == (3, 3, 3)
    assert pending(spool_folder(config.warehouse_path)) == []


def test_a_locked_warehouse_fails_the_run_keeping_fetched_documents_for_the_next(
    tmp_path: Path,
) -> None:
    config = load_config(config_for(tmp_path, lock_wait=0.5))
    source = LockedMidwaySource(config.warehouse_path, count=4, hold_seconds=60, lock_after=2)
    run_id = begin_run(config, "ingest", None)
    with pytest.raises(WarehouseLocked, match=r"locked by process \d+"):
        ingest_source(config, source.name, source, run_id)
    source.stop()
    # story-0 was loaded; story-1 (being cleaned) and story-2 (just staged) wait in the spool.
    staged = [read_batch(p) for p in pending(spool_folder(config.warehouse_path))]
    assert [d.uri for batch in staged for d in batch.documents] == ["story-1", "story-2"]
    assert article_rows(config.warehouse_path) == (1, 1, 1)

    next_run = RunSummary(begin_run(config, "ingest", None))
    recovered = load_staged(config, next_run.run_id)
    assert recovered is not None and recovered.counts.inserted == 2
    again = LockedMidwaySource(config.warehouse_path, count=4, hold_seconds=0, lock_after=None)
    result = ingest_source(config, again.name, again, next_run.run_id)
    assert (result.counts.inserted, result.counts.unchanged) == (1, 3)
    assert article_rows(config.warehouse_path) == (4, 4, 4)
    assert pending(spool_folder(config.warehouse_path)) == []


def test_a_file_claimed_by_a_dead_process_is_loaded_by_the_next_run(tmp_path: Path) -> None:
    config = load_config(config_for(tmp_path, lock_wait=5))

    document = RawDocument(source="wire", uri="orphan", content=STORY.format(n=9).encode())
    path = write_batch(spool_folder(config.warehouse_path), "old-run", [document], [], {})
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    path.rename(path.with_name(f"{path.name}.loading-{dead.pid}"))
    result = load_staged(config, begin_run(config, "ingest", None))
    assert result is not None and result.counts.inserted == 1
    assert article_rows(config.warehouse_path) == (1, 1, 1)
