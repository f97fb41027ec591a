"""What every newsmon Prefect task and flow shares: no caching, lock-only retries, run records."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.runtime import flow_run

from flows.config import Config
from flows.pipeline import RunSummary, begin_run, end_run
from warehouse.errors import WarehouseLocked

F = TypeVar("F", bound=Callable[..., Any])


def retry_if_locked(task: Any, task_run: Any, state: State[Any]) -> bool:
    """Retry a task only when the warehouse was locked: other failures will not heal by waiting."""
    return isinstance(state.data, WarehouseLocked)


def warehouse_task(name: str) -> Callable[[F], F]:
    """A task that writes the warehouse: retried twice (5 s, 20 s) if the file stayed locked.

    NO_CACHE and no persisted result: inputs hold connectors and connections that cannot be
    hashed or pickled (shared/FACTS.md), and the warehouse is the record anyway.
    """
    decorator = task(
        name=name,
        cache_policy=NO_CACHE,
        persist_result=False,
        retries=2,
        retry_delay_seconds=[5, 20],
        retry_condition_fn=retry_if_locked,
    )
    return decorator  # type: ignore[return-value]


def flow_run_id() -> str | None:
    """The current Prefect flow run's id, recorded in `runs` to join with Prefect's UI."""
    run_id = flow_run.get_id()
    return str(run_id) if run_id else None


@contextmanager
def recorded_run(config: Config, flow: str) -> Iterator[RunSummary]:
    """A `runs` row for the body: `running`, then `completed`, or `failed` with the reason."""
    summary = RunSummary(begin_run(config, flow, flow_run_id()))
    try:
        yield summary
    except BaseException as exc:
        summary.status = "failed"
        end_run(config, summary, message=f"{type(exc).__name__}: {exc}")
        raise
    summary.status = "completed"
    end_run(config, summary)
