"""The real program in real processes: the console script starts, its exit codes reach the
shell, and the README's commands work as typed. Everything else about the command line is
tested in-process (test_cli.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dermadesk import __version__

pytestmark = pytest.mark.real_clock  # real `dermadesk` subprocesses run on the computer's clock

# The `dermadesk` console script pip installed beside this Python.
SCRIPT = Path(sys.executable).with_name("dermadesk")


def run(*command: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=180,
        env=env if env is not None else dict(os.environ),
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_the_console_script_starts_and_tells_its_version() -> None:
    result = run(SCRIPT, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"DermaDesk {__version__}"


def test_exit_codes_reach_the_shell(tmp_path: Path) -> None:
    usage = run(sys.executable, "-m", "dermadesk", "clients", "--no-such-option")
    assert usage.returncode == 2 and "unrecognized arguments" in usage.stderr
    missing = run(SCRIPT, "--data-dir", tmp_path / "pratice", "clients")
    assert missing.returncode == 1 and missing.stderr.startswith("dermadesk: ")


def test_the_readme_commands_work_as_typed(tmp_path: Path) -> None:
    data = tmp_path / "practice"
    made = run(SCRIPT, "--data-dir", data, "demo", "--clients", "8")
    assert made.returncode == 0 and "8 clients" in made.stdout
    listed = run(SCRIPT, "--data-dir", data, "clients")
    assert listed.returncode == 0 and listed.stdout.endswith("8 clients.\n")
    checked = run(SCRIPT, "--data-dir", data, "check")
    assert checked.returncode == 0 and "All is well" in checked.stdout


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="DISPLAY is how Linux finds a screen"
)
def test_the_window_without_a_screen_says_so(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    result = run(sys.executable, "-m", "dermadesk", "--data-dir", tmp_path / "p", env=env)
    assert result.returncode == 1
    assert "needs a screen" in result.stderr
