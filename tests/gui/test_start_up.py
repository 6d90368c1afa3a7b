"""Starting the window on a data folder it cannot write: a message on screen, not a crash."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from dermadesk.gui.app import run_app
from tests.helpers import details, open_practice


@pytest.fixture
def read_only_practice(tmp_path: Path) -> Iterator[Path]:
    """A practice on a file system mounted read-only (needs root, as CI runs)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a read-only file system needs root")
    with open_practice(tmp_path / "filled") as practice:
        practice.clients.create(details())
    mount = tmp_path / "mnt"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a test file system here ({done.stderr.strip()})")
    try:
        subprocess.run(["cp", "-a", str(tmp_path / "filled"), str(mount / "practice")], check=True)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield mount / "practice"
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True, check=False)


def test_a_read_only_data_folder_is_explained_on_screen(read_only_practice: Path, prompts) -> None:  # type: ignore[no-untyped-def]
    assert run_app(read_only_practice) == 1
    [(title, message)] = prompts.errors
    assert title == "DermaDesk cannot use its data folder"
    assert "cannot write in its data folder" in message and "Read-only" in message
