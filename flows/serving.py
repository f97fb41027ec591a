"""`newsmon serve`: schedules as Prefect deployments, served in the foreground."""

from __future__ import annotations

import contextlib
import os
import signal
import threading

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
        if stop_after is not None:
            timer = threading.Timer(stop_after, os.kill, (os.getpid(), signal.SIGINT))
            timer.daemon = True
            timer.start()
        # Ctrl-C or --stop-after: the server we started stops on the way out.
        with contextlib.suppress(KeyboardInterrupt):
            serve(*deployments, print_starting_message=True)
