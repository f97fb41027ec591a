"""Read-only health checks of the DuckDB file: readable, migrated, not locked, no crashed runs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from warehouse.connect import CORE_TABLES, migration_files

Level = Literal["ok", "warning", "error"]
_HOLDER = re.compile(r"\(PID (\d+)\)")


@dataclass(frozen=True)
class Finding:
    """One check's outcome: what was checked, how it went, and what to do about it."""

    check: str
    level: Level
    message: str
    fix: str = ""


def check_database(path: Path) -> list[Finding]:
    """Open the warehouse read-only (never migrating or writing) and report on it."""
    if not path.exists():
        return [Finding("warehouse", "ok", f"no warehouse at {path} yet", "`newsmon run` makes it")]
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        return [_open_failure(path, exc)]
    try:
        return [_opened(path), *_schema(con), *_tables(con), *_crashed_runs(con)]
    except duckdb.Error as exc:
        return [_broken(path, f"reading it failed: {_first_line(exc)}")]
    finally:
        con.close()


def _opened(path: Path) -> Finding:
    size = path.stat().st_size
    wal = path.with_name(path.name + ".wal")
    note = f"; {wal.name} is waiting to be replayed by the next write" if wal.exists() else ""
    return Finding("warehouse", "ok", f"{path} opens ({size:,} bytes){note}")


def _open_failure(path: Path, exc: duckdb.Error) -> Finding:
    text = str(exc)
    if "lock" in text.lower():
        holder = _HOLDER.search(text)
        who = f"process {holder.group(1)}" if holder else "another process"
        return Finding(
            "warehouse",
            "warning",
            f"{path} is locked by {who}",
            "wait for that run to finish, or stop it (a run holds the file only while loading)",
        )
    return _broken(path, _first_line(exc))


def _broken(path: Path, detail: str) -> Finding:
    return Finding(
        "warehouse",
        "error",
        f"{path} cannot be read: {detail}",
        f"move it aside (mv {path.name} {path.name}.broken, and its .wal), restore a backup or "
        "`newsmon maintain --export` copy, or run `newsmon run` to rebuild from the sources; "
        "staged batches in the spool are kept and loaded by that run",
    )


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


def _schema(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    latest = max((number for number, _name, _sql in migration_files()), default=0)
    try:
        row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    except duckdb.CatalogException:
        row = None
    version = int(row[0]) if row and row[0] is not None else 0
    if version > latest:
        return [
            Finding(
                "schema",
                "error",
                f"schema version {version} is newer than this newsmon knows ({latest})",
                "upgrade newsmon; do not write to this file with the older one",
            )
        ]
    level: Level = "ok" if version == latest else "warning"
    fix = "" if version == latest else "the next `newsmon run` applies the missing migrations"
    return [Finding("schema", level, f"schema version {version} of {latest}", fix)]


def _tables(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    present = {name for (name,) in con.execute("SHOW TABLES").fetchall()}
    missing = [t for t in CORE_TABLES if t not in present]
    if missing:
        return [
            Finding(
                "tables",
                "error",
                f"tables missing: {', '.join(missing)}",
                "the file is not a newsmon warehouse or lost tables; move it aside and rerun",
            )
        ]
    counts = []
    for table in CORE_TABLES:  # constant names, never user input
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts.append(f"{table} {row[0] if row else 0:,}")
    return [Finding("tables", "ok", "; ".join(counts))]


def _crashed_runs(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    row = con.execute("SELECT count(*) FROM runs WHERE status = 'running'").fetchone()
    stuck = int(row[0]) if row else 0
    if not stuck:
        return [Finding("runs", "ok", "no run was left unfinished")]
    return [
        Finding(
            "runs",
            "warning",
            f"{stuck} run(s) still marked running (killed, or running now)",
            "nothing to repair: their fetched batches stay in the spool and the next run loads "
            "them; documents not yet staged are fetched again",
        )
    ]
