"""A data folder DermaDesk cannot write (read-only, or on a full disk): words, never a crash.

These mount small tmpfs file systems, which needs root (as CI runs); elsewhere they skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from dermadesk.core.errors import DatabaseError, DataDirError
from dermadesk.core.integrity import check_practice
from dermadesk.core.practice import LOW_DISK_BYTES, disk_space_warning
from tests.helpers import details, open_practice


def _mount(target: Path, options: str) -> None:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a test file system here ({done.stderr.strip()})")


def _fill(path: Path) -> Path:
    """Write `path` until the disk is full."""
    with path.open("wb", buffering=0) as handle, pytest.raises(OSError):
        while True:
            handle.write(b"\0" * 4096)
    return path


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[Path]:
    """A folder to mount file systems on; everything mounted there is unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a read-only or full file system needs root")
    yield tmp_path / "mnt"
    subprocess.run(["umount", "-R", str(tmp_path / "mnt")], capture_output=True, check=False)


def test_a_read_only_data_folder_is_refused_in_words(mounted: Path, tmp_path: Path) -> None:
    filled = tmp_path / "filled"
    with open_practice(filled) as practice:
        practice.clients.create(details())
    _mount(mounted, "size=8m")
    subprocess.run(["cp", "-a", str(filled), str(mounted / "practice")], check=True)
    subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)

    with pytest.raises(DataDirError, match=r"cannot write in its data folder .*Read-only"):
        open_practice(mounted / "practice")
    with pytest.raises(DataDirError, match=r"may not create|cannot create"):
        open_practice(mounted / "new practice")


def test_a_disk_that_fills_up_while_open_fails_a_save_in_words_and_loses_nothing(
    mounted: Path,
) -> None:
    _mount(mounted, "size=2m")
    data_dir = mounted / "practice"
    with open_practice(data_dir) as practice:
        kept = practice.clients.create(details())
        assert "Only" in (disk_space_warning(data_dir) or "")  # 2 MB is nearly full already
        filler = _fill(mounted / "filler")
        assert "is full" in (disk_space_warning(data_dir) or "")
        with pytest.raises(DatabaseError, match="disk is full"):
            practice.clients.create_many(
                [(details(f"Name{n}", medical_history="x" * 4000), None) for n in range(300)]
            )
        assert practice.clients.get(kept).first_name == "Anna"  # reading still works

    filler.unlink()
    with open_practice(data_dir) as practice:
        assert practice.clients.count() == 1 and check_practice(practice) == []
        practice.clients.create(details("Bea", "Lis"))  # room again: saving works


def test_starting_on_a_full_disk_is_refused_in_words(mounted: Path) -> None:
    _mount(mounted, "size=2m")
    data_dir = mounted / "practice"
    with open_practice(data_dir) as practice:
        practice.clients.create(details())
    filler = _fill(mounted / "filler")

    with pytest.raises(DatabaseError, match="is full, so the practice cannot be opened"):
        open_practice(data_dir)

    filler.unlink()
    with open_practice(data_dir) as practice:
        assert practice.clients.count() == 1 and check_practice(practice) == []


def test_plenty_of_room_means_no_warning(tmp_path: Path) -> None:
    if shutil.disk_usage(tmp_path).free < 2 * LOW_DISK_BYTES:
        pytest.skip("this machine's disk is nearly full itself")
    assert disk_space_warning(tmp_path) is None
