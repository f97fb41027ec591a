"""Schedules from newsmon.toml as deployments: one per distinct schedule, naming its sources."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from flows.config import Config


@dataclass(frozen=True)
class ScheduledIngest:
    """One deployment to serve: a cron or interval and the sources it ingests."""

    name: str
    cron: str | None
    interval: int | None
    sources: tuple[str, ...]


def scheduled_ingests(config: Config) -> list[ScheduledIngest]:
    """Group enabled sources by their schedule; sources without one are run by hand only."""
    groups: dict[tuple[str | None, int | None], list[str]] = defaultdict(list)
    for entry in config.settings.sources:
        if entry.enabled and (entry.schedule or entry.interval):
            groups[(entry.schedule, entry.interval)].append(entry.name)
    return [
        ScheduledIngest(_deployment_name(cron, interval), cron, interval, tuple(names))
        for (cron, interval), names in groups.items()
    ]


def _deployment_name(cron: str | None, interval: int | None) -> str:
    if interval:
        return f"ingest-every-{interval}s"
    slug = re.sub(r"[^0-9a-z]+", "-", str(cron).replace("*", "x").lower()).strip("-")
    return f"ingest-cron-{slug}"
