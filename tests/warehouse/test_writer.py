"""The held writer: one open file across back-to-back batches, let go when due or when slow."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from warehouse.writer import HeldWriter


def other_process_can_read(db: Path) -> bool:
    """Whether another process can open the warehouse right now (DuckDB locks the file)."""
    code = (
        "import duckdb, sys\n"
        f"try:\n    duckdb.connect({str(db)!r}, read_only=True).close()\n"
        "except duckdb.IOException:\n    sys.exit(3)\n"
    )
    return subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_the_file_stays_open_across_batches_until_the_hold_is_due(tmp_path: Path) -> None:
    db = tmp_path / "newsmon.duckdb"
    writer = HeldWriter(db, max_hold_seconds=3600)
    first = writer.connection()
    first.execute("INSERT INTO sources VALUES ('wire', 'folder', '{}', now())")
    writer.release_if_due()
    assert writer.holding and writer.connection() is first
    assert not other_process_can_read(db)
    writer.release_if_due(source_is_slow=True)
    assert not writer.holding
    assert other_process_can_read(db)


def test_a_hold_past_its_time_is_let_go_and_what_it_wrote_is_kept(tmp_path: Path) -> None:
    db = tmp_path / "newsmon.duckdb"
    writer = HeldWriter(db, max_hold_seconds=0)
    writer.connection().execute("INSERT INTO sources VALUES ('wire', 'folder', '{}', now())")
    writer.release_if_due()
    assert not writer.holding
    reopened = HeldWriter(db).connection()
    assert reopened.execute("SELECT name FROM sources").fetchall() == [("wire",)]
    reopened.close()


def test_the_writer_keeps_duckdb_to_its_memory_budget(tmp_path: Path) -> None:
    writer = HeldWriter(tmp_path / "newsmon.duckdb", memory_limit="256MB")
    limit = writer.connection().execute("SELECT current_setting('memory_limit')").fetchone()
    writer.release()
    # DuckDB reports the budget in MiB: 256 MB.
    assert limit == ("244.1 MiB",)
