"""Where a practice's sealed photo originals are kept, by vault name: one small interface
with two homes. The folder vault (photos/ab/ab12…) on a single computer; the practice
server's `photo_blob` table (core.photo_blobs) on a server. Both hold the same bytes: what
core.vault_files writes (sealed, on an encrypted practice)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol

LOCK_FILE = "photos.lock"  # beside the vault, not in it: it is no photo


@contextmanager
def vault_lock(data_dir: Path, exclusive: bool) -> Iterator[None]:
    """Imports hold the vault shared from their temporary file to their row; looking for
    orphans holds it alone, so a file on its way in is never taken for one."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here (Windows): imports and repairs just run
        yield
        return
    descriptor = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock (so does a crash)


class Descriptor:
    """Writes straight to a file descriptor, all of each piece (no buffer to lose)."""

    def __init__(self, fd: int):
        self._fd = fd

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view) :]
        return len(data)


class Originals(Protocol):
    """The sealed originals, by vault name."""

    on_server: bool

    def open(self, name: str) -> BinaryIO:
        """The stored bytes of `name` to read as a stream (close it); FileNotFoundError when
        there is none."""
        ...

    def names(self) -> set[str]:
        """Every stored name."""
        ...

    def where(self, name: str) -> str:
        """Where `name` is kept, in words for `check`."""
        ...


class FolderOriginals:
    """The folder vault: photos/<first two hex digits>/<name>."""

    on_server = False

    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, name: str) -> Path:
        """The file of the original named `name`."""
        return self.folder / name[:2] / name

    def open(self, name: str) -> BinaryIO:
        return self.path(name).open("rb")

    def files(self) -> list[Path]:
        """Every file in the vault (a crashed import's leftovers included), sorted."""
        if not self.folder.is_dir():
            return []
        return [path for path in sorted(self.folder.rglob("*")) if path.is_file()]

    def names(self) -> set[str]:
        return {path.name for path in self.files()}

    def where(self, name: str) -> str:
        return f"the file {self.path(name)}"


def unreferenced(stored: Iterable[str], referenced: set[str]) -> list[str]:
    """The stored names no photo row points at, sorted."""
    return sorted(name for name in stored if name not in referenced)
