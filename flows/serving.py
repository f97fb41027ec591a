"""`newsmon serve`: schedules as Prefect deployments, served in the foreground."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time

from flows.config import Config
from flows.schedules import ScheduledIngest
from flows.server import prefect_api


def serve_schedules(
    config: Config, plans: list[ScheduledIngest], *, stop_after: float | None = None
) -> None:
    """Serve one deployment per schedule until Ctrl-C (or `stop_after` seconds)."""
    with prefect_api():
        # Prefect reads PREFECT_API_URL when imported: import it only once the server is up.
        from prefect import serve
        from prefect.deployments.runner import RunnerDeployment

        from flows.ingest import ingest

        deployments: list[RunnerDeployment] = [
            ingest.to_deployment(  # type: ignore[misc]
                name=plan.name,
                cron=plan.cron,
                interval=plan.interval,
                parameters={"config_path": str(config.path), "sources": list(plan.sources)},
                # A slow run is never overlapped by the next tick of its own schedule.
                concurrency_limit=1,
                tags=["newsmon", *plan.sources],
            )
            for plan in plans
        ]
        served = threading.Event()
        # Python leaves SIGINT ignored when the process that started it ignored it (a test
        # runner, a supervisor): Ctrl-C and --stop-after must still stop serve.
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        if stop_after is not None:
            threading.Thread(target=_interrupt, args=(stop_after, served), daemon=True).start()
        # Ctrl-C or --stop-after: the server we started stops on the way out.
        try:
            with contextlib.suppress(KeyboardInterrupt):
                serve(*deployments, print_starting_message=True)
        finally:
            served.set()
            signal.signal(signal.SIGINT, previous)


# A safety net beside the handler above: if one interrupt does not end serve, send another
# every few seconds until it returns (the hang seen in CI was the inherited ignore, fixed above).
_INTERRUPT_AGAIN_SECONDS = 5.0


def _interrupt(after: float, served: threading.Event) -> None:
    time.sleep(after)
    while not served.is_set():
        os.kill(os.getpid(), signal.SIGINT)
        served.wait(_INTERRUPT_AGAIN_SECONDS)
