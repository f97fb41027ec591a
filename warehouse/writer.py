"""A write connection kept across back-to-back batches, so DuckDB checkpoints once per hold.

DuckDB checkpoints when the write-ahead log passes `checkpoint_threshold` (16 MB) and when the
last connection closes. Each checkpoint has a fixed cost per table touched, and on an indexed
table it rewrites the open row group (which is why `documents` and `articles` carry no index
since migration 0004: with raw pages that rewrite took 21 s at 100,000 documents). A loader
that has the next batch ready keeps the file open, with a threshold high enough that only
closing checkpoints; it closes after `max_hold_seconds`, or as soon as the source is slow
(waiting on the network), so the lock is never held idle for long and other processes get
their turn.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from warehouse.connect import DEFAULT_LOCK_WAIT_SECONDS, connect

DEFAULT_MAX_HOLD_SECONDS = 10.0
# DuckDB's own default is 80 % of RAM, and a loader's buffer pool then grows with the
# warehouse it touches (and its checkpoints with it): a fixed budget keeps a run's memory flat
# in the size of the warehouse. Measured at 100,000 documents, a 1 GB cap took the same load
# time; on 10,000 one run each gave 57 s capped against 52 s, within this machine's noise.
DEFAULT_MEMORY_LIMIT = "1GB"
# The WAL a hold may build up before DuckDB checkpoints mid-hold: a bound, rarely reached.
_HOLD_SETTINGS = "SET checkpoint_threshold = '1GB'"


class HeldWriter:
    """Opens the warehouse for writing on demand and keeps it open until told to let go."""

    def __init__(
        self,
        path: Path | str,
        *,
        lock_wait_seconds: float = DEFAULT_LOCK_WAIT_SECONDS,
        max_hold_seconds: float = DEFAULT_MAX_HOLD_SECONDS,
        memory_limit: str = DEFAULT_MEMORY_LIMIT,
    ) -> None:
        self.path = Path(path)
        self.lock_wait_seconds = lock_wait_seconds
        self.max_hold_seconds = max_hold_seconds
        self.memory_limit = memory_limit
        self._con: duckdb.DuckDBPyConnection | None = None
        self._opened_at = 0.0

    @property
    def holding(self) -> bool:
        """Whether the file is open (and locked) right now."""
        return self._con is not None

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The open write connection, opening (and waiting for the lock) if needed."""
        if self._con is None:
            con = connect(self.path, lock_wait_seconds=self.lock_wait_seconds)
            con.execute(_HOLD_SETTINGS)
            con.execute("SET memory_limit = ?", [self.memory_limit])
            self._con, self._opened_at = con, time.monotonic()
        return self._con

    def release_if_due(self, *, source_is_slow: bool = False) -> None:
        """Let go when held long enough, or when the next batch will be slow to come."""
        if self._con is None:
            return
        if source_is_slow or time.monotonic() - self._opened_at >= self.max_hold_seconds:
            self.release()

    def release(self) -> None:
        """Close the connection: DuckDB checkpoints the WAL and frees the lock."""
        con, self._con = self._con, None
        if con is not None:
            con.close()
