"""The spool: fetched batches staged durably as Parquet beside the database, until loaded.

A fetch never waits on the DuckDB lock and nothing fetched is lost when a load cannot happen:
each batch is written here first (temp file, fsync, rename), loaded, then deleted. A file left
behind by a crash or a locked warehouse is loaded by the next run. Two runs never load the same
file: a loader claims it by renaming it to `*.loading-<pid>` first.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from warehouse.load import IngestError, RawLike

_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("uri", pa.string()),
        ("content", pa.binary()),
        ("media_type", pa.string()),
        ("fetched_at", pa.timestamp("us", "UTC")),
        ("hints", pa.string()),
    ]
)
_SUFFIX = ".parquet"
_CLAIMED = ".loading-"


@dataclass(frozen=True)
class StagedDocument:
    """A fetched document as read back from the spool."""

    source: str
    uri: str
    content: bytes
    media_type: str
    fetched_at: datetime
    hints: Mapping[str, Any]


@dataclass
class SpooledBatch:
    """One spool file's contents."""

    run_id: str
    documents: Sequence[RawLike] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    cursors: dict[str, dict[str, Any]] = field(default_factory=dict)


def spool_folder(warehouse_path: Path) -> Path:
    """`warehouse/newsmon.duckdb` spools into `warehouse/spool/`."""
    return warehouse_path.parent / "spool"


def write_batch(
    folder: Path,
    run_id: str,
    documents: Sequence[RawLike],
    errors: Sequence[IngestError],
    cursors: Mapping[str, Mapping[str, Any]],
) -> Path:
    """Stage one batch durably; returns the file, named so files sort in write order."""
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.table(
        {
            "source": [d.source for d in documents],
            "uri": [d.uri for d in documents],
            "content": [d.content for d in documents],
            "media_type": [d.media_type for d in documents],
            "fetched_at": [d.fetched_at for d in documents],
            "hints": [json.dumps(dict(d.hints), default=str) for d in documents],
        },
        schema=_SCHEMA,
    )
    metadata = {
        "run_id": run_id,
        "errors": json.dumps([e.__dict__ for e in errors]),
        "cursors": json.dumps(cursors),
    }
    table = table.replace_schema_metadata(metadata)
    final = folder / f"{time.time_ns():020d}-{run_id[:12]}-{os.getpid()}{_SUFFIX}"
    temporary = final.with_suffix(".tmp")
    # lz4, not zstd: a spool file lives only until its load, and on 500 benchmark pages
    # (30 MB) lz4 wrote in 0.12 s and read back in 0.05 s against zstd's 0.16 s and 0.15 s,
    # for 9.1 MB on disk instead of 6.3 MB.
    pq.write_table(table, temporary, compression="lz4")
    _fsync(temporary)
    os.replace(temporary, final)
    _fsync(folder)
    return final


def read_batch(path: Path) -> SpooledBatch:
    """Read a spool file back."""
    table = pq.read_table(path)
    metadata = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    documents = [
        StagedDocument(
            source=row["source"],
            uri=row["uri"],
            content=row["content"],
            media_type=row["media_type"],
            fetched_at=row["fetched_at"],
            hints=json.loads(row["hints"]),
        )
        for row in table.to_pylist()
    ]
    errors = [IngestError(**e) for e in json.loads(metadata.get("errors", "[]"))]
    return SpooledBatch(
        metadata.get("run_id", ""), documents, errors, json.loads(metadata.get("cursors", "{}"))
    )


def pending(folder: Path) -> list[Path]:
    """Spool files waiting to be loaded, oldest first, including claims of dead processes."""
    if not folder.is_dir():
        return []
    waiting = [p for p in folder.iterdir() if p.name.endswith(_SUFFIX)]
    waiting += [p for p in folder.iterdir() if _CLAIMED in p.name and not _owner_alive(p)]
    return sorted(waiting, key=lambda p: p.name)


def claim(path: Path) -> Path | None:
    """Take a file for loading; None if another process took it first."""
    base = path.name.split(_CLAIMED)[0]
    claimed = path.with_name(f"{base}{_CLAIMED}{os.getpid()}")
    try:
        os.rename(path, claimed)
    except FileNotFoundError:
        return None
    return claimed


def release(claimed: Path) -> Path:
    """Give a claimed file back (its load failed), so the next run loads it."""
    original = claimed.with_name(claimed.name.split(_CLAIMED)[0])
    os.replace(claimed, original)
    return original


def iter_claimed(folder: Path) -> Iterator[Path]:
    """Claim each pending file in order, skipping those another process takes first."""
    for path in pending(folder):
        claimed = claim(path)
        if claimed is not None:
            yield claimed


def _owner_alive(path: Path) -> bool:
    try:
        pid = int(path.name.rsplit(_CLAIMED, 1)[1])
    except ValueError:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
