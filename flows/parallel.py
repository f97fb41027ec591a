"""Cleaning on every core: one process pool per process, used for batches worth the trip."""

from __future__ import annotations

import atexit
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import TypeVar

In = TypeVar("In")
Out = TypeVar("Out")

# Below this many documents, shipping them to workers costs more than cleaning them here.
MIN_PARALLEL_BATCH = 48
_pool: Executor | None = None
_pool_size = 0


def worker_count(configured: int) -> int:
    """`0` means one worker per core."""
    return configured if configured > 0 else (os.cpu_count() or 1)


def runs_in_parallel(count: int, workers: int) -> bool:
    """Whether `submit_map` sends `count` items to the workers (or runs them here)."""
    return workers > 1 and count >= MIN_PARALLEL_BATCH


def submit_map(function: Callable[[In], Out], items: Sequence[In], workers: int) -> Iterator[Out]:
    """Start `function(item)` for every item on `workers` processes when it pays; the outcomes
    come out in order, each as soon as it and those before it are done.

    Small batches or one worker: each item runs right here, when its outcome is asked for.
    """
    if not runs_in_parallel(len(items), workers):
        return (function(item) for item in items)
    chunk = max(1, len(items) // (workers * 4))
    return _executor(workers).map(function, items, chunksize=chunk)  # submitted at once


def _executor(workers: int) -> Executor:
    global _pool, _pool_size
    if _pool is None or _pool_size != workers:
        shutdown_pool()
        # forkserver, not fork: the parent has threads (Prefect, DuckDB), and forking a
        # threaded process can deadlock the child.
        context = multiprocessing.get_context("forkserver")
        # The workers run flows.batches' cleaning: imported once in the server, each worker
        # starts with it (was 0.4 s of importing per worker, measured on this machine).
        context.set_forkserver_preload(["flows.batches"])
        _pool, _pool_size = ProcessPoolExecutor(workers, mp_context=context), workers
    return _pool


def shutdown_pool() -> None:
    """Stop the workers (at exit, or before changing their number)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None


atexit.register(shutdown_pool)
