"""What a killed backup or restore leaves behind, found by `check` and removed at the next start.

A backup is written as `<name>.partial` in its folder, a restore is staged in
`.<folder>.restoring-*` beside its target, and older DermaDesk staged its
check in `.backup-*` inside the data dir. Each is locked while in use, so one
still being written by another program is never taken for a leftover.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from dermadesk.core.backup_rotation import SUFFIX

_UNLOCKED_AGE_S = 3600  # where files cannot be locked (Windows), older than this is a leftover


def find_leftovers(data_dir: Path, backup_folder: Path) -> list[Path]:
    """Leftovers of killed backups and restores of the practice in `data_dir`."""
    found: list[Path] = []
    if data_dir.is_dir():
        found += sorted(p for p in data_dir.glob(".backup-*") if p.is_dir())
    found += sorted(data_dir.parent.glob(f".{data_dir.name}.restoring-*"))
    if backup_folder.is_dir():
        found += sorted(backup_folder.glob(f"*{SUFFIX}.partial"))
    return [path for path in found if not _in_use(path)]


def remove_leftovers(data_dir: Path, backup_folder: Path) -> list[Path]:
    """Remove every leftover found; the paths removed."""
    removed = []
    for path in find_leftovers(data_dir, backup_folder):
        try:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            continue  # said again by `check`; never a reason not to start
        removed.append(path)
    return removed


def _in_use(path: Path) -> bool:
    """True while the program writing `path` still holds its lock."""
    try:
        import fcntl
    except ImportError:
        try:
            return time.time() - path.stat().st_mtime < _UNLOCKED_AGE_S
        except OSError:
            return True
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return True  # gone meanwhile, or not ours to look at
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also releases the lock just taken
    return False
