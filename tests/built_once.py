"""Expensive state built once per run and shared by every pytest-xdist worker of the run."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest


def built_once(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], object]) -> Path:
    """A folder `build` filled once for the whole run: the first worker to ask builds it while
    the others wait, then all read it. Tests copy from it; none may change it."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # each worker's own folder lies in the run's, which they share
    folder = root / f"built-once-{name}"
    with open(root / f"built-once-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or the worker dies
        if not (folder / ".built").exists():
            shutil.rmtree(folder, ignore_errors=True)  # half built by a worker that died
            folder.mkdir()
            build(folder)
            (folder / ".built").touch()
    return folder
