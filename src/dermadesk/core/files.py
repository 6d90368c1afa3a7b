"""Files written so that a crash or a power cut never leaves half of one behind."""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHUNK = 1024 * 1024


def hash_file(path: Path) -> tuple[int, str]:
    """The size and SHA-256 (hex) of the file at `path`."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in folder `path` survive a power cut."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def private_dir(path: Path) -> Path:
    """Create `path` and any missing parents owner-only (whatever the umask); returns it."""
    if not path.is_dir():
        private_dir(path.parent)
        try:
            path.mkdir(mode=0o700)
            os.chmod(path, 0o700)  # mkdir's mode is masked by the umask
        except FileExistsError:
            pass  # made meanwhile by another import
    return path


def write_atomically(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write `path` whole or not at all: a temporary name beside it, fsync, rename, fsync the
    folder. The file is made with `mode` (owner-only by default)."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".partial")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


@contextmanager
def data_dir_lock(data_dir: Path) -> Iterator[None]:
    """Hold the data folder locked (advisory) against other DermaDesk processes; not reentrant."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; writes are atomic all the same
        yield
        return
    descriptor = os.open(data_dir, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def write_private_file(path: Path, data: bytes) -> None:
    """Write `path` whole, owner-only and fsynced, under a temporary name of its own, then
    rename it: the window and a command may write the same thumbnail at once, and each
    picture of a client's face is for its owner only."""
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
