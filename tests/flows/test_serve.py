"""`newsmon serve`: an interval schedule fires on a real local Prefect server, then stops."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb

from tests.conftest import write_config

# What Prefect logs when a flow run served by the runner ends well.
_RUN_COMPLETED = re.compile(r"Flow run '[^']+' - Finished in state Completed")


def _serve(config: Path, *options: str, ignore_sigint: bool = False) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(config.parent / "prefect-home")  # its own server database
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from flows.cli import main; main()",
            "serve",
            "-c",
            str(config),
            *options,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a failed test kills serve and its Prefect server together
        # A supervisor or test runner may start serve with SIGINT ignored; it must still stop.
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
        if ignore_sigint
        else None,
    )


def _kill_if_running(serve: subprocess.Popen[str]) -> None:
    if serve.poll() is None:
        os.killpg(serve.pid, signal.SIGKILL)
        serve.wait()


def _lines(stream: object) -> queue.Queue[str]:
    """Serve's stderr, line by line, read in the background so the pipe never fills."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:  # type: ignore[attr-defined]
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _interval_config(seed_folder: Path) -> Path:
    return write_config(
        seed_folder.parent,
        f'[[sources]]\nname = "seeds"\nkind = "folder"\npath = "{seed_folder}"\ninterval = 5\n',
        lock_wait_seconds=30,
    )


def test_an_interval_schedule_lands_runs_until_ctrl_c(seed_folder: Path) -> None:
    serve = _serve(_interval_config(seed_folder))
    lines = _lines(serve.stderr)
    seen: list[str] = []
    deadline = time.monotonic() + 300
    try:
        # Wait for two scheduled runs however slow this machine starts them, then Ctrl-C.
        while sum(bool(_RUN_COMPLETED.search(line)) for line in seen) < 2:
            assert serve.poll() is None, "serve exited early:\n" + "".join(seen[-40:])
            assert time.monotonic() < deadline, "no two runs in 300 s:\n" + "".join(seen[-40:])
            with contextlib.suppress(queue.Empty):
                seen.append(lines.get(timeout=1))
        serve.send_signal(signal.SIGINT)
        assert serve.wait(timeout=90) == 0, "".join(seen[-40:])
    finally:
        _kill_if_running(serve)
    assert any("ingest-every-5s: every 5s: seeds" in line for line in seen)
    con = duckdb.connect(str(seed_folder.parent / "newsmon.duckdb"), read_only=True)
    runs = con.execute(
        "SELECT status, inserted, unchanged, flow_run_id FROM runs ORDER BY started_at"
    ).fetchall()
    con.close()
    completed = [run for run in runs if run[0] == "completed"]
    assert len(completed) >= 2, runs
    assert all(flow_run_id for *_, flow_run_id in runs)
    first, second = completed[0], completed[1]
    assert (first[1], second[2]) == (2, 2)  # first run inserts, the next finds them unchanged


def test_stop_after_ends_serve_even_when_started_with_sigint_ignored(seed_folder: Path) -> None:
    serve = _serve(_interval_config(seed_folder), "--stop-after", "3", ignore_sigint=True)
    try:
        _, stderr = serve.communicate(timeout=180)
    finally:
        _kill_if_running(serve)
    assert serve.returncode == 0, stderr[-3000:]
    assert "ingest-every-5s: every 5s: seeds" in stderr
