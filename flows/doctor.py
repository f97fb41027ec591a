"""`newsmon doctor`: check the config, the warehouse file and the spool, and say what to do."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pyarrow.parquet as pq

from connectors.base import ConfigError
from flows.config import Config, load_config
from warehouse.integrity import Finding, check_database
from warehouse.spool import pending, spool_folder

# Below this much free space next to the warehouse, a load may fail half way (issue 7).
MIN_FREE_BYTES = 200_000_000
_MARK = {"ok": "ok  ", "warning": "WARN", "error": "FAIL"}


def diagnose(config_path: Path) -> list[Finding]:
    """Every check, config first: a config that does not load stops the others."""
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        return [Finding("config", "error", str(exc), "fix the key named above, then rerun")]
    findings = [Finding("config", "ok", f"{config.path} is valid")]
    findings += check_folders(config)
    findings += check_database(config.warehouse_path)
    findings += check_spool(spool_folder(config.warehouse_path))
    findings.append(check_free_space(config.warehouse_path.parent))
    return findings


def check_folders(config: Config) -> list[Finding]:
    """Folder sources whose folder is missing would fail at run time: say so now."""
    found = []
    for name, connector in config.connectors.items():
        path = getattr(connector, "path", None)
        if isinstance(path, Path) and not path.is_dir():
            found.append(
                Finding(
                    "sources",
                    "warning",
                    f"source '{name}': folder {path} does not exist",
                    "create it, fix `path`, or set enabled = false",
                )
            )
    return found


def check_spool(folder: Path) -> list[Finding]:
    """Staged batches waiting, unreadable ones, and temp files a crash left behind."""
    waiting = pending(folder)
    broken = [p for p in waiting if not _readable(p)]
    leftovers = sorted(folder.glob("*.tmp")) if folder.is_dir() else []
    findings = []
    if broken:
        names = ", ".join(p.name for p in broken[:5])
        findings.append(
            Finding(
                "spool",
                "error",
                f"{len(broken)} staged batch(es) cannot be read: {names}",
                f"move them out of {folder} (their documents are fetched again next run)",
            )
        )
    if leftovers:
        findings.append(
            Finding(
                "spool",
                "warning",
                f"{len(leftovers)} unfinished temp file(s) from an interrupted run in {folder}",
                "delete them (rm spool/*.tmp): they were never complete, nothing is lost",
            )
        )
    ready = len(waiting) - len(broken)
    message = f"{ready} staged batch(es) wait for the next run" if ready else "spool is empty"
    return [*findings, Finding("spool", "ok", message)]


def _readable(path: Path) -> bool:
    try:
        pq.read_metadata(path)
    except (OSError, ValueError):
        return False
    return True


def check_free_space(folder: Path) -> Finding:
    """Enough disk next to the warehouse for a load and its spool."""
    probe = folder if folder.exists() else Path.cwd()
    free = shutil.disk_usage(probe).free
    if free < MIN_FREE_BYTES:
        return Finding(
            "disk",
            "warning",
            f"only {free / 1e6:,.0f} MB free at {probe}",
            "free space or move [warehouse] path; a full disk fails a load (nothing is lost: "
            "the batch stays in the spool)",
        )
    return Finding("disk", "ok", f"{free / 1e9:,.1f} GB free at {probe}")


def render(findings: list[Finding], output_format: str) -> str:
    """Findings as lines for people, or JSON lines for scripts."""
    if output_format == "json":
        return "\n".join(json.dumps(f.__dict__, ensure_ascii=False) for f in findings)
    lines = []
    for f in findings:
        lines.append(f"{_MARK[f.level]} {f.check:<9} {f.message}")
        if f.fix and f.level != "ok":
            lines.append(f"     {'':<9} fix: {f.fix}")
    return "\n".join(lines)


def doctor_command(config: Path, output_format: str) -> int:
    """Print the findings; exit 1 when anything is broken, 0 otherwise (warnings included)."""
    started = time.monotonic()
    findings = diagnose(config)
    print(render(findings, output_format))
    if output_format != "json":
        print(f"checked in {time.monotonic() - started:.1f}s")
    return 1 if any(f.level == "error" for f in findings) else 0
