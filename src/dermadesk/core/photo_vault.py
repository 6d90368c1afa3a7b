"""The photo vault: originals kept byte for byte, named by their SHA-256, never changed.

    photos/ab/ab12…ef      an original (the first two hex digits make the folder)
    photos/.incoming/      files being imported (a crash leaves an orphan here)
    thumbs/ab/ab12…ef-256.jpg   thumbnails, upright, a cache safe to delete; each holds
                           the hash of the original it was made from (a JPEG comment)
    quarantine/<when>/     orphan files moved aside by `check --repair`

An import copies the file to a temporary name in the vault while hashing it,
fsyncs it, checks the picture by decoding it (at thumbnail size), renames it
to its hash name, fsyncs the folder, and only then adds the row, in one
transaction with its audit entry. A crash at any point leaves nothing, or an
orphan file that `check` reports, never a row without its file.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import select

from dermadesk.core.db import Store
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.files import CHUNK, fsync_dir, hash_file, private_dir
from dermadesk.core.images import ImageRefused, load_upright, save_jpeg
from dermadesk.core.models import Photo

PHOTOS_DIR = "photos"
INCOMING_DIR = ".incoming"
THUMBS_DIR = "thumbs"
QUARANTINE_DIR = "quarantine"
LOCK_FILE = "photos.lock"  # beside the vault, not in it: it is no photo
THUMB_SIZE = 256
# A thumbnail's JPEG comment: the original it was made from. Pillow writes the comment
# right after the JFIF header, so the first bytes of the file tell.
_THUMB_NOTE = "dermadesk original sha256 "
_THUMB_HEAD = 256
_RESTORE = (
    "Restore it from a backup (File ▸ Restore from a backup…); “dermadesk check” lists "
    "every photo like it."
)


class StorageError(DermaDeskError):
    """The vault could not be written (a full disk, a failing drive); nothing was half-kept."""


class DamagedPhoto(StorageError):
    """A stored original that is missing, or is not the picture its row names (its hash)."""


def thumbnail_note(sha256: str) -> str:
    """What a thumbnail made from the original with this hash carries as its JPEG comment."""
    return f"{_THUMB_NOTE}{sha256}"


def thumbnail_source(path: Path) -> str | None:
    """The hash of the original a thumbnail was made from; None when it does not say (made
    by an older DermaDesk, or not a thumbnail of ours). Reads only the file's first bytes."""
    with path.open("rb") as handle:
        head = handle.read(_THUMB_HEAD)
    start = head.find(_THUMB_NOTE.encode("ascii"))
    if start < 0:
        return None
    start += len(_THUMB_NOTE)
    return head[start : start + 64].decode("ascii", "replace")


@dataclass(frozen=True)
class VaultProblem:
    """One thing wrong in the vault, in `check`'s kinds."""

    kind: str  # missing_file, hash_mismatch, orphan_file
    detail: str
    path: Path | None = None


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


def disk_words(error: OSError, name: str) -> StorageError:
    """Why `name` could not be stored, in words: a full disk, a read-only folder, or other."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageError(
            f"{name}: the disk is full, so it was not imported. Free some space and try again."
        )
    if error.errno == errno.EROFS:
        return StorageError(f"{name}: the data folder is read-only, so it was not imported.")
    return StorageError(f"{name}: it could not be stored ({error.strerror or error}).")


class PhotoVault:
    """The originals and thumbnails on disk, and the check and repair of the vault."""

    def __init__(self, store: Store, data_dir: Path):
        self._store = store
        self.data_dir = data_dir
        self.folder = data_dir / PHOTOS_DIR
        self.thumbs = data_dir / THUMBS_DIR

    def original_path(self, sha256: str) -> Path:
        """Where the original with this hash is kept."""
        return self.folder / sha256[:2] / sha256

    def thumbnail_path(self, sha256: str, size: int = THUMB_SIZE) -> Path:
        """Where the cached thumbnail of this size is (it may not exist yet)."""
        return self.thumbs / sha256[:2] / f"{sha256}-{size}.jpg"

    def thumbnail_for(self, sha256: str, size: int = THUMB_SIZE) -> Path:
        """The upright JPEG thumbnail of the picture with this hash, made on first use.

        A cached thumbnail is used when it says it was made from this original (its first
        bytes, no hashing); otherwise it is made again from the original, once that is
        checked against its hash. DamagedPhoto when the original is missing or altered.
        """
        path = self.thumbnail_path(sha256, size)
        try:
            if thumbnail_source(path) == sha256:
                return path
        except FileNotFoundError:
            pass
        original = self.verified_original(sha256, f"The picture {sha256[:12]}…")
        private_dir(path.parent)
        picture = load_upright(original, size)
        save_jpeg(picture, path, quality=85, note=thumbnail_note(sha256))
        return path

    def verified_original(self, sha256: str, what: str) -> Path:
        """The original with this hash, read through and checked against it first (a 5 MB
        photo takes milliseconds); DamagedPhoto naming `what` when it is missing or another
        picture."""
        path = self.original_path(sha256)
        try:
            actual = hash_file(path)[1]
        except FileNotFoundError:
            raise DamagedPhoto(
                f"{what}: its file is missing from the photo vault, so it was not used. {_RESTORE}"
            ) from None
        except OSError as error:
            raise DamagedPhoto(
                f"{what}: its file cannot be read ({error.strerror or error}), so it was not used."
            ) from None
        if actual != sha256:
            raise DamagedPhoto(
                f"{what}: its file is not the picture that was imported (it was altered or "
                f"replaced), so it was not used. {_RESTORE}"
            )
        return path

    def copy_in(self, source: Path, temp: Path, name: str) -> tuple[int, str]:
        """Copy `source` to `temp` (owner-only), hashing as it goes, and fsync it."""
        digest = hashlib.sha256()
        size = 0
        try:
            reader = source.open("rb")
        except FileNotFoundError:
            raise ImageRefused(f"{name}: the file is not there any more.") from None
        except IsADirectoryError:
            raise ImageRefused(f"{name}: this is a folder, not a picture.") from None
        except OSError as error:
            raise ImageRefused(f"{name}: the file cannot be read ({error.strerror}).") from None
        with reader:
            try:
                fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except OSError as error:
                raise disk_words(error, name) from None
            try:
                while chunk := reader.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    view = memoryview(chunk)
                    while view:
                        view = view[os.write(fd, view) :]
                os.fsync(fd)
            except OSError as error:
                raise disk_words(error, name) from None
            finally:
                os.close(fd)
        if size == 0:
            raise ImageRefused(f"{name}: the file is empty.")
        return size, digest.hexdigest()

    def put_in_place(self, temp: Path, final: Path, sha256: str, name: str) -> bool:
        """Rename the checked copy to its hash name; True when this import created the file."""
        try:
            private_dir(final.parent)
            if final.exists() and hash_file(final)[1] == sha256:
                return False  # the same picture, kept for another client or row already
            # New, or a damaged copy under this name that the good one replaces.
            os.replace(temp, final)
            fsync_dir(final.parent)
        except OSError as error:
            raise disk_words(error, name) from None
        return True

    def problems(self) -> list[VaultProblem]:
        """Rows without their file, files whose hash is wrong, and files no row points at."""
        with self._store.reading() as session:
            rows = list(session.exec(select(Photo.id, Photo.sha256)))
        found: list[VaultProblem] = []
        referenced: dict[str, list[int]] = {}
        for photo_id, sha256 in rows:
            assert photo_id is not None  # a primary key
            referenced.setdefault(sha256, []).append(photo_id)
        for sha256, photo_ids in sorted(referenced.items()):
            path = self.original_path(sha256)
            ids = ", ".join(str(photo_id) for photo_id in photo_ids)
            if not path.is_file():
                found.append(
                    VaultProblem("missing_file", f"photo {ids}: the file {path} is missing", path)
                )
            elif hash_file(path)[1] != sha256:
                found.append(
                    VaultProblem(
                        "hash_mismatch", f"photo {ids}: the file {path} has been altered", path
                    )
                )
        found.extend(self._thumbnail_mismatches(set(referenced)))
        found.extend(self._orphans())
        return found

    def _thumbnail_mismatches(self, originals: set[str]) -> list[VaultProblem]:
        """Thumbnails that say they were made from another picture than the one they stand
        for (a thumbnail without a record is made again when next shown)."""
        if not self.thumbs.is_dir():
            return []
        found = []
        for path in sorted(self.thumbs.glob("??/*.jpg")):
            sha256 = path.name.split("-", 1)[0]
            try:
                source = thumbnail_source(path)
            except OSError:
                continue  # gone meanwhile: a cache
            if sha256 in originals and source is not None and source != sha256:
                found.append(
                    VaultProblem(
                        "thumbnail_mismatch",
                        f"the thumbnail {path} was made from another picture than its "
                        "original; it is made again from the original when next shown",
                        path,
                    )
                )
        return found

    def _orphan_paths(self) -> list[Path]:
        """Files in the vault no row points at; called holding the vault alone, and the rows
        read after the walk, so an import under way is never taken for an orphan."""
        if not self.folder.is_dir():
            return []
        files = [path for path in sorted(self.folder.rglob("*")) if path.is_file()]
        with self._store.reading() as session:
            referenced = set(session.exec(select(Photo.sha256)))
        return [path for path in files if path.name not in referenced]

    def _orphans(self) -> list[VaultProblem]:
        with vault_lock(self.data_dir, exclusive=True):
            orphans = self._orphan_paths()
        return [
            VaultProblem("orphan_file", f"{path} belongs to no photo (left by a crash?)", path)
            for path in orphans
        ]

    def quarantine_orphans(self) -> list[Path]:
        """Move every orphan file to quarantine/<when>/, keeping its place; never deletes."""
        with vault_lock(self.data_dir, exclusive=True):
            orphans = self._orphan_paths()
            if not orphans:
                return []
            return self._quarantine(orphans)

    def _quarantine(self, orphans: list[Path]) -> list[Path]:
        folder = private_dir(
            self.data_dir / QUARANTINE_DIR / f"{self._store.clock.local_now():%Y-%m-%d-%H%M%S}"
        )
        moved = []
        for path in orphans:
            target = folder / path.relative_to(self.folder)
            private_dir(target.parent)
            shutil.move(path, target)
            moved.append(target)
        fsync_dir(folder)
        return moved
