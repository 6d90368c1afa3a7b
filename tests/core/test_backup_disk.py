"""Backups on a nearly full disk, and what a killed backup leaves behind."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_runner import Dermadesk
from tests.core.test_backup import vault_file
from tests.helpers import open_practice
from tests.practice_folders import folder_with_database

DERMADESK = Path(sys.executable).with_name("dermadesk")
MB = 1024 * 1024


def fill_vault(data_dir: Path, megabytes: int, file_mb: int = 10) -> None:
    """Photo files of random bytes under their hash names (orphans: no row needs them)."""
    for _ in range(megabytes // file_mb):
        vault_file(data_dir, os.urandom(file_mb * MB))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 360 MB filesystem of its own (tmpfs), as root only."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small filesystem needs root")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=360m", "tmpfs", str(mount_point)])
    if made.returncode != 0:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_a_300_mb_vault_is_backed_up_with_50_mb_free_in_the_data_dir(
    small_disk: Path, tmp_path: Path, new_practice_dir: Path
) -> None:
    data_dir = folder_with_database(new_practice_dir, small_disk / "practice")
    fill_vault(data_dir, 300)
    free = shutil.disk_usage(small_disk).free
    (small_disk / "the rest of the disk").write_bytes(bytes(free - 50 * MB))
    assert 49 * MB < shutil.disk_usage(data_dir).free <= 50 * MB
    with open_practice(data_dir) as practice:
        result = practice.backup(tmp_path)  # a USB stick, say, with room enough
    assert result.files == 32 and result.size > 300 * MB  # the database, key file, 30 photos
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith(".backup-")) == []


def test_a_killed_backup_leaves_leftovers_that_check_reports_and_the_next_start_removes(
    data_dir: Path, dermadesk: Dermadesk, new_practice_dir: Path
) -> None:
    folder_with_database(new_practice_dir, data_dir)
    fill_vault(data_dir, 100)  # long enough to write that it is killed on the way
    folder = data_dir / "backups"
    folder.mkdir()
    running = subprocess.Popen(
        [str(DERMADESK), "--data-dir", str(data_dir), "backup", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        partial = list(folder.glob("*.partial"))
        if partial and partial[0].stat().st_size > 10 * MB:
            break
        time.sleep(0.01)
    running.send_signal(signal.SIGKILL)
    running.wait()
    assert list(folder.glob("*.partial")), "the backup ended before it could be killed"
    old_staging = data_dir / ".backup-k2j3h4"  # as DermaDesk before this one left them
    (old_staging / "verify").mkdir(parents=True)

    ran = dermadesk("--data-dir", str(data_dir), "check", "--json")
    leftovers = [p for p in json.loads(ran.stdout)["problems"] if p["kind"] == "leftover"]
    assert len(leftovers) == 2 and ".partial" in leftovers[0]["detail"] + leftovers[1]["detail"]

    with open_practice(data_dir) as practice:  # the next start (here: the next backup)
        result = practice.backup(folder)
    assert list(folder.iterdir()) == [result.path] and not old_staging.exists()
    ran = dermadesk("--data-dir", str(data_dir), "check", "--json")
    assert "leftover" not in {p["kind"] for p in json.loads(ran.stdout)["problems"]}


def test_a_backup_still_being_written_is_no_leftover(data_dir: Path) -> None:
    """Another program's backup under way holds its `.partial` locked."""
    import fcntl

    with open_practice(data_dir) as practice:
        folder = practice.backup_folder()
        folder.mkdir()
        partial = folder / "dermadesk-2026-11-01-180000.dermadesk-backup.partial"
        with partial.open("wb") as writing:
            fcntl.flock(writing.fileno(), fcntl.LOCK_EX)
            assert practice.leftovers() == []
            practice.remove_leftovers()
            assert partial.exists()
        assert practice.leftovers() == [partial]
