"""One window per data dir: a second launch raises the first; a crash's lock is recovered."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from dermadesk.gui.single_instance import LOCK_NAME, SingleInstance

pytestmark = pytest.mark.real_clock  # second instances run in real subprocesses


def test_second_instance_asks_the_first_to_come_to_the_front(tmp_path: Path, qtbot: QtBot) -> None:
    first, second = SingleInstance(tmp_path), SingleInstance(tmp_path)
    assert first.acquire()
    first.listen()
    try:
        assert not second.acquire()
        with qtbot.waitSignal(first.activation_requested, timeout=5000):
            assert second.ask_running_to_activate()
    finally:
        first.release()
    third = SingleInstance(tmp_path)
    assert third.acquire()  # released on quit, free again
    third.release()


def test_other_data_dirs_are_independent(tmp_path: Path) -> None:
    one, other = SingleInstance(tmp_path / "a"), SingleInstance(tmp_path / "b")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert one.acquire() and other.acquire()
    one.release()
    other.release()


HOLD_LOCK = """
import sys, time
from PySide6.QtCore import QLockFile

lock = QLockFile(sys.argv[1])
assert lock.tryLock(0)
print("locked", flush=True)
time.sleep(60)
"""


def test_a_lock_left_by_a_crash_is_recovered(tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(tmp_path / LOCK_NAME)],
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
            assert not SingleInstance(tmp_path).acquire()  # alive: really taken
            holder.send_signal(signal.SIGKILL)
            holder.wait(timeout=10)
        finally:
            holder.kill()
    assert (tmp_path / LOCK_NAME).exists()  # the crash left it behind
    survivor = SingleInstance(tmp_path)
    assert survivor.acquire()
    survivor.release()


@pytest.mark.slow
def test_launching_twice_leaves_one_window(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "dermadesk", "--data-dir", str(tmp_path / "practice")]
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as first:
        _second_launch_raises_the_first(first, command, env, tmp_path)


def _second_launch_raises_the_first(
    first: subprocess.Popen[str], command: list[str], env: dict[str, str], tmp_path: Path
) -> None:
    try:
        lock = tmp_path / "practice" / LOCK_NAME
        deadline = time.monotonic() + 60
        while not lock.exists() and time.monotonic() < deadline:
            assert first.poll() is None, first.communicate()
            time.sleep(0.1)
        # Launched at once: the second keeps asking until the first listens (once its window
        # is up), as a double click on the icon does.
        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stderr
        assert "already open" in second.stdout
        assert first.poll() is None  # the first window is still running
    finally:
        first.terminate()
        first.communicate(timeout=20)
