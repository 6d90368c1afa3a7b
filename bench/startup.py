"""startup: python -m dermadesk until the client list has painted, against an empty window."""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
import time
from pathlib import Path

from harness import SCRIPTS, BenchError, Result, benchmark, child_env, info
from workspace import Workspace

STARTUP_RUNS = 7  # timed runs of each, after one warm-up of each
STARTUP_TIMEOUT_S = 120


def _timed_run(label: str, command: list[str], env: dict[str, str]) -> float:
    """Run `command` to its end; its wall time in ms. BenchError unless it exits 0."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=STARTUP_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"{label} did not quit within {STARTUP_TIMEOUT_S} s") from None
    elapsed_ms = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip()[-2000:]
        raise BenchError(f"{label} exited with status {done.returncode}:\n{output}")
    return elapsed_ms


@benchmark("startup", target="ratio <= 1.3")
def bench_startup(workspace: Workspace) -> Result:
    """Median wall time from process start to the client list painted, at 50,000 clients.

    The time runs until the process has exited, for the program and the floor
    alike, so both include interpreter start-up and tear-down.
    """
    import dermadesk

    data_dir = workspace.practice_50k
    env = child_env(DERMADESK_QUIT_WHEN_READY="1")
    # As installed (pip compiles a wheel's modules), DermaDesk starts from bytecode, like the
    # libraries under the floor; an editable install under PYTHONDONTWRITEBYTECODE would
    # otherwise compile every one of its modules on every start.
    compileall.compile_dir(Path(dermadesk.__file__).parent, quiet=1)
    app = ("DermaDesk", [sys.executable, "-m", "dermadesk", "--data-dir", str(data_dir)])
    floor = (
        "the floor (empty PySide6 window)",
        [sys.executable, str(SCRIPTS / "startup_floor.py")],
    )

    info(f"Timing start-up: {STARTUP_RUNS} runs each of DermaDesk and the floor, alternating...")
    # One untimed run each fills the OS file cache and the app's first-start files.
    for label, command in (app, floor):
        _timed_run(label, command, env)
    app_ms: list[float] = []
    floor_ms: list[float] = []
    for _ in range(STARTUP_RUNS):
        app_ms.append(_timed_run(*app, env))
        floor_ms.append(_timed_run(*floor, env))
    for label, times in (("app", app_ms), ("floor", floor_ms)):
        info(f"  {label}: " + ", ".join(f"{t:.0f}" for t in times) + " ms")
    return Result(value=statistics.median(app_ms), baseline=statistics.median(floor_ms), unit="ms")
