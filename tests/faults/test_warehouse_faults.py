"""A broken warehouse: corrupt, truncated, locked or out of disk; a clear error, and the doctor."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from flows.doctor import diagnose, doctor_command
from tests.conftest import write_config
from tests.robustness.harness import run_pipeline
from warehouse.spool import pending, spool_folder

STORY = "Headline {n}\n\n" + "A body sentence about item {n} that is long enough to keep. " * 3


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    """A config whose warehouse holds three articles."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(STORY.format(n=n))
    config = write_config(
        tmp_path,
        '[[sources]]\nname = "local"\nkind = "folder"\npath = "articles"\n',
        lock_wait_seconds=0.5,
    )
    run_pipeline(config)
    return config


def levels(config: Path) -> dict[str, str]:
    """The worst level each doctor check reported."""
    order = {"ok": 0, "warning": 1, "error": 2}
    worst: dict[str, str] = {}
    for finding in diagnose(config):
        if order[finding.level] >= order[worst.get(finding.check, "ok")]:
            worst[finding.check] = finding.level
    return worst


def test_doctor_passes_a_healthy_setup(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert doctor_command(loaded, "json") == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {line["check"] for line in lines} >= {"config", "warehouse", "schema", "spool", "disk"}
    assert all(line["level"] == "ok" for line in lines)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "zeroed-header"])
def test_a_corrupt_warehouse_is_a_clear_error_and_the_doctor_says_how_to_recover(
    loaded: Path, damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = loaded.parent / "newsmon.duckdb"
    data = db.read_bytes()
    if damage == "garbage":
        db.write_bytes(b"this is not a database" * 100)
    elif damage == "truncated":
        db.write_bytes(data[: len(data) // 3])
    else:
        db.write_bytes(bytes(8192) + data[8192:])
    with pytest.raises(duckdb.Error):
        run_pipeline(loaded)
    assert doctor_command(loaded, "text") == 1
    out = capsys.readouterr().out
    assert "cannot be read" in out and "move it aside" in out
    # The documented recovery: move the file aside and run again.
    db.rename(db.with_name("newsmon.duckdb.broken"))
    db.with_name("newsmon.duckdb.wal").unlink(missing_ok=True)
    summary = run_pipeline(loaded)
    assert summary.counts.inserted == 3
    assert levels(loaded)["warehouse"] == "ok"


def test_a_locked_warehouse_is_named_by_the_doctor(loaded: Path) -> None:
    db = loaded.parent / "newsmon.duckdb"
    code = (
        f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('held', flush=True); "
        "time.sleep(30)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        found = [f for f in diagnose(loaded) if f.check == "warehouse"]
        assert found[0].level == "warning" and str(holder.pid) in found[0].message
    finally:
        holder.kill()
        holder.wait()


def test_the_doctor_rejects_a_bad_config_naming_the_key(tmp_path: Path) -> None:
    config = write_config(
        tmp_path, '[[sources]]\nname = "x"\nkind = "folder"\npath = "."\nglobb = 1\n'
    )
    (finding,) = diagnose(config)
    assert finding.level == "error" and "globb" in finding.message


def test_the_doctor_warns_of_a_missing_folder_and_crash_leftovers(loaded: Path) -> None:
    shutil.rmtree(loaded.parent / "articles")
    spool = spool_folder(loaded.parent / "newsmon.duckdb")
    spool.mkdir(exist_ok=True)
    (spool / "00000000000000000001-abc-1.tmp").write_bytes(b"PAR1 half written")
    (spool / "00000000000000000002-abc-1.parquet").write_bytes(b"not parquet")
    worst = levels(loaded)
    assert worst["sources"] == "warning" and worst["spool"] == "error"


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs; skipped where mounting is not allowed (no root, or a container without
    CAP_SYS_ADMIN, as on most CI runners)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a size-capped tmpfs here: {done.stderr.strip() or 'denied'}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill_disk(disk: Path, tmp_path: Path) -> tuple[Path, BaseException]:
    """Ingest more than the disk holds; returns the config and the error the run ended with."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(40):  # ~4 MB of distinct text: more than the disk holds
        (folder / f"{n}.txt").write_text(STORY.format(n=n) + os.urandom(50_000).hex())
    config = disk / "newsmon.toml"
    config.write_text(
        '[warehouse]\npath = "newsmon.duckdb"\nlock_wait_seconds = 1\n[run]\nbatch_size = 5\n'
        f'[[sources]]\nname = "local"\nkind = "folder"\npath = "{folder}"\n'
    )
    with pytest.raises((OSError, duckdb.Error)) as caught:
        run_pipeline(config)
    return config, caught.value


def test_a_full_disk_says_the_disk_is_full(tiny_disk: Path, tmp_path: Path) -> None:
    _config, error = fill_disk(tiny_disk, tmp_path)
    assert "space" in str(error).lower()


def test_a_full_disk_fails_the_load_loses_nothing_and_the_next_run_recovers(
    tiny_disk: Path, tmp_path: Path
) -> None:
    fill_disk(tiny_disk, tmp_path)
    # Recovery: give the warehouse room (here: move it to a big disk), then run again.
    roomy = tmp_path / "roomy"
    shutil.copytree(tiny_disk, roomy, ignore=shutil.ignore_patterns("*.tmp"))
    summary = run_pipeline(roomy / "newsmon.toml")
    con = duckdb.connect(str(roomy / "newsmon.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (40,)
    finally:
        con.close()
    assert summary.status == "completed"
    assert pending(spool_folder(roomy / "newsmon.duckdb")) == []
