"""Today's daily backup, made once per run and copied into the practices the window fixtures
open: a window closed at the end of a test then finds the day's backup made, as after a first
closing today, instead of writing and checking one again (a quarter to a whole second a test).

The backup is real: made by the practice's own automatic backup, from a copy of the practice
the test's copy is made from (the audit entry it writes stays in that copy). Tests of the daily
backup itself mark themselves `no_backup_yet`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dermadesk.core.clock import FixedClock
from dermadesk.core.practice import Practice
from tests.helpers import TEST_NOW, open_practice

MARKER = "no_backup_yet"
MARKER_HELP = (
    f"{MARKER}: the window fixtures' practice has no backup yet (tests of the daily backup "
    "and of what the window says about backups)"
)


def backed_up_today(request: pytest.FixtureRequest) -> bool:
    """False for a test marked `no_backup_yet`."""
    return request.node.get_closest_marker(MARKER) is None


def make_daily_backup(data_dir: Path, scratch: Path, into: Path) -> Path:
    """Make today's daily backup of the practice folder `data_dir` on a copy of it in `scratch`,
    keep it in the folder `into` and return its path."""
    shutil.copytree(data_dir, scratch)
    with open_practice(scratch, FixedClock(TEST_NOW)) as copy:
        made = copy.automatic_backup()
    assert made is not None, "the copy had a backup of today already"
    into.mkdir(mode=0o700)
    kept = into / made.path.name
    shutil.move(made.path, kept)
    shutil.rmtree(scratch)
    return kept


def make_server_daily_backup(practice: Practice, into: Path) -> Path:
    """Make today's daily backup of the server practice `practice` (a copy of the test's, opened
    for this alone), keep it in the folder `into` and return its path."""
    made = practice.automatic_backup()
    assert made is not None, "the copy had a backup of today already"
    into.mkdir(mode=0o700, exist_ok=True)
    kept = into / made.path.name
    shutil.move(made.path, kept)
    return kept


def put_in_place(backups: Path, practice: Practice) -> None:
    """Copy the daily backups in the folder `backups` into `practice`'s backup folder."""
    folder = practice.backup_folder()
    folder.mkdir(mode=0o700, exist_ok=True)
    for backup in backups.iterdir():
        shutil.copy2(backup, folder / backup.name)
