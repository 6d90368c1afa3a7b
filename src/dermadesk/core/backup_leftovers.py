"""What a killed backup or restore leaves behind, found by `check` and removed at the next start.

A backup is written as `<name>.partial` in its folder, a restore is staged in
`.<folder>.restoring-*` beside its target, and older DermaDesk staged its
check in `.backup-*` inside the data dir. A server practice's backup or restore works in
`.server-backup-*` or `.restoring-*` inside this computer's folder for the server
(servers/<slug>/): each a whole encrypted practice. Each is locked while in use, so one
still being written by another program is never taken for a leftover.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dermadesk.core.backup_rotation import SUFFIX

_UNLOCKED_AGE_S = 3600  # where files cannot be locked (Windows), older than this is a leftover
_SERVER_SCRATCH = (".server-backup-*", ".restoring-*")  # in servers/<slug>/ (server_backup)


def find_leftovers(data_dir: Path, backup_folder: Path) -> list[Path]:
    """Leftovers of killed backups and restores of the practice in `data_dir`."""
    found: list[Path] = []
    if data_dir.is_dir():
        found += sorted(p for p in data_dir.glob(".backup-*") if p.is_dir())
    found += sorted(data_dir.parent.glob(f".{data_dir.name}.restoring-*"))
    if backup_folder.is_dir():
        found += sorted(backup_folder.glob(f"*{SUFFIX}.partial"))
    from dermadesk.core.server_keys import SERVERS_DIR

    # A server practice's own folder is servers/<slug>; a folder practice holds servers/*.
    homes = [data_dir] if data_dir.parent.name == SERVERS_DIR else []
    homes += sorted(p for p in (data_dir / SERVERS_DIR).glob("*") if p.is_dir())
    for home in homes:
        found += sorted(p for pattern in _SERVER_SCRATCH for p in home.glob(pattern) if p.is_dir())
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


@contextmanager
def locked_scratch(folder: Path, prefix: str) -> Iterator[Path]:
    """A scratch folder in `folder`, locked while in use and removed after; killed, it is a
    leftover found above."""
    scratch = Path(tempfile.mkdtemp(dir=folder, prefix=prefix))
    fd = None
    try:
        try:
            import fcntl

            fd = os.open(scratch, os.O_RDONLY)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:
            pass
        yield scratch
    finally:
        if fd is not None:
            os.close(fd)
        shutil.rmtree(scratch, ignore_errors=True)


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
