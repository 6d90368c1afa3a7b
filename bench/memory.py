"""memory: peak resident size with the main window and a 1,000-photo gallery, against an
empty window."""

from __future__ import annotations

import subprocess
import sys

from harness import SCRIPTS, BenchError, Result, benchmark, child_env, info
from workspace import Workspace


def _peak_rss_mb(command: list[str], env: dict[str, str]) -> float:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise BenchError(f"the memory run failed:\n{done.stderr.strip()[-2000:]}")
    for line in done.stdout.splitlines():
        if line.startswith("VmHWM:"):  # the peak resident set, in kB
            return int(line.split()[1]) / 1024
    raise BenchError("the memory run did not report its resident size")


@benchmark("memory", target="value < 300 MB")
def bench_memory(workspace: Workspace) -> Result:
    """Peak resident memory with 50,000 clients listed and a 1,000-photo gallery open and
    scrolled through, against an empty PySide6 window with sqlmodel imported."""
    data_dir, client_id = workspace.gallery
    env = child_env()
    app = [sys.executable, str(SCRIPTS / "memory_app.py"), str(data_dir), str(client_id)]
    app_mb = _peak_rss_mb(app, env)
    floor_mb = _peak_rss_mb([sys.executable, str(SCRIPTS / "memory_floor.py")], env)
    info(f"  peak resident: DermaDesk {app_mb:.0f} MB, empty window {floor_mb:.0f} MB")
    return Result(value=app_mb, baseline=floor_mb, unit="MB")
