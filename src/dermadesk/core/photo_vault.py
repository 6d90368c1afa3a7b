"""The photo vault: originals kept byte for byte, never changed.

    photos/ab/ab12…ef      an original: named by its SHA-256 in a plain practice, by the
                           HMAC of the picture (core.vault_files) and sealed in an
                           encrypted one; the first two hex digits make the folder (on a
                           practice server, a row of its `photo_blob` table instead:
                           core.photo_blobs, the same sealed bytes)
    photos/.incoming/      files being imported (a crash leaves an orphan here)
    thumbs/ab/ab12…ef-256.jpg   thumbnails (…-256.sealed, sealed, when encrypted), upright, a
                           cache safe to delete; each holds the hash of the original it was
                           made from (a JPEG comment)
    quarantine/<when>/     orphan files moved aside by `check --repair`

An import copies the file to a temporary name in the vault while hashing it (sealing it as
it goes when the practice is encrypted: no picture is ever written in the clear), fsyncs
it, checks the picture by decoding it (at thumbnail size, from the copy as read back),
renames it to its name, fsyncs the folder, and only then adds the row, in one transaction
with its audit entry. A crash at any point leaves nothing, or an orphan file that `check`
reports, never a row without its file.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import select

from dermadesk.core.db import Store
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.files import fsync_dir, private_dir, write_private_file
from dermadesk.core.images import ImageRefused, jpeg_bytes, load_upright
from dermadesk.core.models import Photo
from dermadesk.core.photo_originals import Descriptor, FolderOriginals, Originals, vault_lock
from dermadesk.core.sealed_files import SealedFileDamaged
from dermadesk.core.vault_files import Copied, vault_files

if TYPE_CHECKING:
    from PIL import Image

    from dermadesk.core.keys import DataKey
    from dermadesk.core.photo_blobs import ServerOriginals

PHOTOS_DIR = "photos"
INCOMING_DIR = ".incoming"
THUMBS_DIR = "thumbs"
QUARANTINE_DIR = "quarantine"
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


def marked_source(head: bytes) -> str | None:
    """The hash of the original a thumbnail's JPEG was made from; None when it does not say
    (made by an older DermaDesk, or not a thumbnail of ours). Reads only its first bytes."""
    start = head.find(_THUMB_NOTE.encode("ascii"), 0, _THUMB_HEAD)
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

    def __init__(self, store: Store, data_dir: Path, key: DataKey | None = None):
        self._store = store
        self.data_dir = data_dir
        self.folder = data_dir / PHOTOS_DIR
        self.thumbs = data_dir / THUMBS_DIR
        self.files = vault_files(key)
        self.in_folder = FolderOriginals(self.folder)
        self.on_server: ServerOriginals | None = None
        if not store.is_sqlite:  # a practice server: originals in its database
            from dermadesk.core.photo_blobs import ServerOriginals

            self.on_server = ServerOriginals(store)
        self.originals: Originals = self.on_server or self.in_folder
        # sha256 -> vault name: a fixed function of the picture under this key, so never stale.
        self._names: dict[str, str] = {}
        self._all_names_read = False

    @property
    def encrypted(self) -> bool:
        """True when the files are sealed (the practice has a key)."""
        return self.files.encrypted

    def name_for(self, sha256: str) -> str:
        """The name of the file of the picture with this hash: its hash in a plain practice,
        the vault name its row records in an encrypted one."""
        if not self.files.encrypted:
            return sha256
        name = self._names.get(sha256)
        if name is None:
            self._read_names(None if not self._all_names_read else sha256)
            name = self._names.get(sha256)
        return sha256 if name is None else name  # no row: a name no sealed file has

    def learn_name(self, sha256: str, name: str) -> None:
        """Remember the vault name of a picture just imported."""
        if self.files.encrypted:
            self._names[sha256] = name

    def _read_names(self, sha256: str | None) -> None:
        """All the vault names at once (the gallery asks for many), then one at a time."""
        named = Photo.vault_name.is_not(None)  # type: ignore[union-attr]
        statement = select(Photo.sha256, Photo.vault_name).where(named)
        if sha256 is not None:
            statement = statement.where(Photo.sha256 == sha256)
        with self._store.reading() as session:
            for found, name in session.exec(statement):
                if name is not None:
                    self._names[found] = name
        self._all_names_read = True

    def file_path(self, name: str) -> Path:
        """Where the original file named `name` is kept."""
        return self.folder / name[:2] / name

    def original_path(self, sha256: str) -> Path:
        """Where the original with this hash is kept (sealed, in an encrypted practice)."""
        return self.file_path(self.name_for(sha256))

    def _thumbnail_file(self, name: str, size: int) -> Path:
        return self.thumbs / name[:2] / f"{name}-{size}{self.files.thumbnail_suffix}"

    def thumbnail_path(self, sha256: str, size: int = THUMB_SIZE) -> Path:
        """Where the cached thumbnail of this size is (it may not exist yet)."""
        return self._thumbnail_file(self.name_for(sha256), size)

    def cached_thumbnail(self, sha256: str, size: int = THUMB_SIZE) -> bytes | None:
        """The JPEG of the cached thumbnail when it is there, whole, and says it was made
        from this original (no hashing); None otherwise."""
        path = self.thumbnail_path(sha256, size)
        try:
            data = self.files.read(path, path.stem)
        except (OSError, SealedFileDamaged):
            return None
        return data if marked_source(data) == sha256 else None

    def thumbnail_bytes(self, sha256: str, size: int = THUMB_SIZE) -> bytes:
        """The upright JPEG thumbnail of the picture with this hash, made on first use.

        A cached thumbnail is used when it says it was made from this original;
        otherwise it is made again from the original, once that is checked against
        its hash. DamagedPhoto when the original is missing or altered.
        """
        data = self.cached_thumbnail(sha256, size)
        if data is not None:
            return data
        original = self.read_original(sha256, f"The picture {sha256[:12]}…")
        picture = load_upright(io.BytesIO(original), size, f"The picture {sha256[:12]}…")
        return self.keep_thumbnail(sha256, self.name_for(sha256), picture, size)

    def thumbnail_for(self, sha256: str, size: int = THUMB_SIZE) -> Path:
        """The thumbnail's file, made on first use (see thumbnail_bytes); sealed when the
        practice is encrypted, so read it with thumbnail_bytes."""
        self.thumbnail_bytes(sha256, size)
        return self.thumbnail_path(sha256, size)

    def keep_thumbnail(
        self, sha256: str, name: str, picture: Image.Image, size: int = THUMB_SIZE
    ) -> bytes:
        """Write the thumbnail of the original `sha256` (its file named `name`); its JPEG."""
        data = jpeg_bytes(picture, quality=85, note=thumbnail_note(sha256))
        path = self._thumbnail_file(name, size)
        private_dir(path.parent)
        write_private_file(path, self.files.sealed(data, path.stem))
        return data

    def read_original(self, sha256: str, what: str) -> bytes:
        """The original with this hash, read whole (decrypted) and checked against it (a 5 MB
        photo takes milliseconds); DamagedPhoto naming `what` when it is missing or is not
        that picture (altered, cut short, replaced)."""
        name = self.name_for(sha256)
        try:
            with self.originals.open(name) as handle:
                data = self.files.read(handle, name)
        except FileNotFoundError:
            kept = (
                "copy is missing from the practice server"
                if self.on_server
                else "file is missing from the photo vault"
            )
            raise DamagedPhoto(f"{what}: its {kept}, so it was not used. {_RESTORE}") from None
        except SealedFileDamaged:
            data = b""  # told below, as any other altered file
        except OSError as error:
            raise DamagedPhoto(
                f"{what}: its file cannot be read ({error.strerror or error}), so it was not used."
            ) from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise DamagedPhoto(
                f"{what}: its file is not the picture that was imported (it was altered or "
                f"replaced), so it was not used. {_RESTORE}"
            )
        return data

    def intact(self, sha256: str, name: str | None = None) -> bool:
        """True when the original's file holds this picture (decrypted and hashed, when sealed);
        FileNotFoundError when there is none. `name`: the row's vault_name, when known."""
        name = name if self.files.encrypted and name else self.name_for(sha256)
        return self._holds(name, sha256)

    def _holds(self, name: str, sha256: str) -> bool:
        with self.originals.open(name) as handle:
            return self.files.digest(handle, name) == sha256

    def open_original(self, sha256: str, what: str) -> io.BytesIO:
        """The checked original (see read_original) as a file in memory, for Pillow."""
        return io.BytesIO(self.read_original(sha256, what))

    def copy_in(self, source: Path, temp: Path, name: str) -> Copied:
        """Copy `source` to `temp` (owner-only; sealed as it goes when encrypted), hashing and
        naming it as it goes, and fsync it."""
        if self.on_server is not None and not self.files.encrypted:
            raise StorageError(
                f"{name}: a practice server keeps photos only sealed with the practice's key, "
                "and this practice has none yet, so it was not imported."
            )
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
                copied = self.files.copy(reader, Descriptor(fd))
                os.fsync(fd)
            except OSError as error:
                raise disk_words(error, name) from None
            finally:
                os.close(fd)
        if copied.size == 0:
            raise ImageRefused(f"{name}: the file is empty.")
        return copied

    def read_back(self, temp: Path, copied: Copied) -> Path | io.BytesIO:
        """The copy just made, to check by decoding: the file itself when in the clear, else
        its picture decrypted into memory (authenticated: what was sealed is what is read)."""
        if not self.files.encrypted:
            return temp
        try:
            return io.BytesIO(self.files.read(temp, copied.name))
        except SealedFileDamaged:
            raise StorageError(
                "The copy just written to the photo vault does not read back; the disk may "
                "be failing. Nothing was imported."
            ) from None

    def put_in_place(self, temp: Path, copied: Copied, name: str) -> bool:
        """Rename the checked copy to its name; True when this import created the file."""
        final = self.file_path(copied.name)
        try:
            private_dir(final.parent)
            if final.exists() and self.files.digest(final, copied.name) == copied.sha256:
                return False  # the same picture, kept for another client or row already
            # New, or a damaged copy under this name that the good one replaces.
            os.replace(temp, final)
            fsync_dir(final.parent)
        except OSError as error:
            raise disk_words(error, name) from None
        return True

    def problems(self) -> list[VaultProblem]:
        """Rows without their file, files whose picture is not theirs (altered, cut short or
        another), damaged thumbnails, and files no row points at."""
        with self._store.reading() as session:
            rows = list(session.exec(select(Photo.id, Photo.sha256, Photo.vault_name)))
        found: list[VaultProblem] = []
        stored = self.originals.names()
        referenced: dict[tuple[str, str], list[int]] = {}
        for photo_id, sha256, vault_name in rows:
            assert photo_id is not None  # a primary key
            name = vault_name if self.files.encrypted and vault_name else sha256
            referenced.setdefault((sha256, name), []).append(photo_id)
        for (sha256, name), photo_ids in sorted(referenced.items()):
            path = None if self.on_server else self.file_path(name)
            ids = ", ".join(str(photo_id) for photo_id in photo_ids)
            where = self.originals.where(name)
            if name not in stored:
                found.append(VaultProblem("missing_file", f"photo {ids}: {where} is missing", path))
            elif not self._holds(name, sha256):
                found.append(
                    VaultProblem("hash_mismatch", f"photo {ids}: {where} has been altered", path)
                )
        found.extend(self._thumbnail_mismatches({name: sha for sha, name in referenced}))
        found.extend(self._orphans())
        return found

    def _thumbnail_mismatches(self, originals: dict[str, str]) -> list[VaultProblem]:
        """Thumbnails that say they were made from another picture than the one they stand
        for, or (sealed) do not open whole (a thumbnail without a record is made again when
        next shown)."""
        if not self.thumbs.is_dir():
            return []
        found = []
        for path in sorted(self.thumbs.glob(f"??/*{self.files.thumbnail_suffix}")):
            sha256 = originals.get(path.name.split("-", 1)[0])
            if sha256 is None:
                continue
            try:
                source = marked_source(self.files.read(path, path.stem)[:_THUMB_HEAD])
            except SealedFileDamaged:
                source = "damaged"
            except OSError:
                continue  # gone meanwhile: a cache
            if source is not None and source != sha256:
                found.append(
                    VaultProblem(
                        "thumbnail_mismatch",
                        f"the thumbnail {path} is damaged or was made from another picture "
                        "than its original; it is made again from the original when next shown",
                        path,
                    )
                )
        return found

    def _referenced_names(self) -> set[str]:
        with self._store.reading() as session:
            rows = session.exec(select(Photo.sha256, Photo.vault_name)).all()
        encrypted = self.files.encrypted
        return {name if encrypted and name else sha256 for sha256, name in rows}

    def _orphan_paths(self) -> list[Path]:
        """Files in the vault no row points at; called holding the vault alone, and the rows
        read after the walk, so an import under way is never taken for an orphan."""
        files = self.in_folder.files()
        referenced = self._referenced_names()
        return [path for path in files if path.name not in referenced]

    def _orphan_blobs(self) -> list[str]:
        """Copies on the server no row points at (an import adds its copy and its row in one
        transaction, so none is on its way in)."""
        if self.on_server is None:
            return []
        stored = self.on_server.names()
        return sorted(stored - self._referenced_names())

    def _orphans(self) -> list[VaultProblem]:
        with vault_lock(self.data_dir, exclusive=True):
            orphans = self._orphan_paths()
        found = [
            VaultProblem("orphan_file", f"{path} belongs to no photo (left by a crash?)", path)
            for path in orphans
        ]
        where = self.originals.where
        found.extend(
            VaultProblem("orphan_file", f"{where(name)} belongs to no photo (left by a crash?)")
            for name in self._orphan_blobs()
        )
        return found

    def quarantine_orphans(self) -> list[Path]:
        """Move every orphan file (and copy on the server) to quarantine/<when>/, keeping its
        place; never deletes."""
        with vault_lock(self.data_dir, exclusive=True):
            orphans, blobs = self._orphan_paths(), self._orphan_blobs()
            if not orphans and not blobs:
                return []
            folder = private_dir(
                self.data_dir / QUARANTINE_DIR / f"{self._store.clock.local_now():%Y-%m-%d-%H%M%S}"
            )
            moved = self._quarantine(orphans, folder)
            if self.on_server is not None and blobs:
                moved.extend(self.on_server.quarantine(blobs, folder))
            return moved

    def _quarantine(self, orphans: list[Path], folder: Path) -> list[Path]:
        moved = []
        for path in orphans:
            target = folder / path.relative_to(self.folder)
            private_dir(target.parent)
            shutil.move(path, target)
            moved.append(target)
        fsync_dir(folder)
        return moved
