"""Converting a plain practice's photo vault: every original and thumbnail sealed into the new
folder that `dermadesk encrypt` builds, each checked by reading it back, the old folder only
read (it stays whole until the folders are swapped)."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import update

from dermadesk.core.errors import DermaDeskError
from dermadesk.core.files import fsync_dir, private_dir, write_private_file
from dermadesk.core.models import Photo
from dermadesk.core.photo_vault import (
    INCOMING_DIR,
    PHOTOS_DIR,
    QUARANTINE_DIR,
    THUMBS_DIR,
    marked_source,
)
from dermadesk.core.vault_files import SealedFiles

if TYPE_CHECKING:
    from dermadesk.core.db import Store
    from dermadesk.core.keys import DataKey

DATABASE_NAME = "dermadesk.db"  # core.practice's; not imported, so that this stays light
VaultProgress = Callable[[int, int, str], None]  # (done, total, what)


class VaultNotConverted(DermaDeskError):
    """A photo could not be sealed into the new folder; the old one is untouched."""


@dataclass
class VaultConversion:
    """What sealing a vault did. `names` (sha256 -> vault name) goes into the new database's
    rows (record_vault_names); a row whose original was missing keeps no name, so `check`
    still reports it missing, and one that was altered is sealed as it is and still reported."""

    names: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # sha256 of rows without their file
    altered: list[str] = field(default_factory=list)  # sha256 of rows whose file was another
    orphans: int = 0  # files no row pointed at, sealed too (check still lists them)
    quarantined: int = 0  # files in quarantine/, sealed into the new quarantine/
    thumbnails: int = 0


def _row_hashes(plain_dir: Path) -> list[str]:
    database = plain_dir / DATABASE_NAME
    connection = sqlite3.connect(f"{database.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return sorted({str(sha) for (sha,) in connection.execute("SELECT sha256 FROM photo")})
    finally:
        connection.close()


def encrypt_vault(
    plain_dir: Path, new_dir: Path, key: DataKey, progress: VaultProgress | None = None
) -> VaultConversion:
    """Seal every original and thumbnail of the plain practice in `plain_dir` into `new_dir`
    (named by HMAC, as an encrypted vault is), checking each sealed file by decrypting it
    and hashing the picture; VaultNotConverted, in words, when a file cannot be written."""
    files = SealedFiles(key)
    hashes = _row_hashes(plain_dir)
    old_photos, new_photos = plain_dir / PHOTOS_DIR, new_dir / PHOTOS_DIR
    referenced = {old_photos / sha[:2] / sha for sha in hashes}
    # Everything else in the vault (orphans, a crashed import's leftovers) and in quarantine/
    # is sealed too: the old folder goes once the folders are swapped, and nothing is lost.
    leftovers = [p for p in _files_under(old_photos) if p not in referenced]
    quarantined = _files_under(plain_dir / QUARANTINE_DIR)
    result = VaultConversion()
    incoming = private_dir(new_photos / INCOMING_DIR)
    total = len(hashes) + len(leftovers) + len(quarantined)
    for done, sha256 in enumerate(hashes):
        if progress is not None:
            progress(done, total, f"photo {sha256[:12]}…")
        source = old_photos / sha256[:2] / sha256
        if not source.is_file():
            result.missing.append(sha256)
            continue
        name, picture_hash = _seal_original(files, source, new_photos, incoming)
        result.names[sha256] = name
        if picture_hash != sha256:
            result.altered.append(sha256)
            continue  # its thumbnails are of the picture it should be: not carried over
        result.thumbnails += _seal_thumbnails(files, plain_dir, new_dir, sha256, name)
    quarantine = plain_dir / QUARANTINE_DIR
    moved = [(path, new_photos) for path in leftovers] + [
        # quarantine/<when>/…: kept under the same <when>
        (path, new_dir / QUARANTINE_DIR / path.relative_to(quarantine).parts[0])
        for path in quarantined
    ]
    for done, (path, folder) in enumerate(moved, start=len(hashes)):
        if progress is not None:
            progress(done, total, str(path.relative_to(plain_dir)))
        _seal_original(files, path, folder, incoming)
    result.orphans, result.quarantined = len(leftovers), len(quarantined)
    if progress is not None:
        progress(total, total, "")
    return result


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def _seal_original(
    files: SealedFiles, source: Path, folder: Path, incoming: Path
) -> tuple[str, str]:
    """Seal `source` into `folder` (the new vault, or a quarantine folder) as <ab>/<name>; its
    vault name and the SHA-256 of the picture, which is checked again by decrypting the
    sealed file before it takes its name."""
    temp = incoming / f"{uuid.uuid4().hex}.partial"
    try:
        try:
            with source.open("rb") as reader, temp.open("xb") as out:
                copied = files.copy(reader, out)
                out.flush()
                os.fsync(out.fileno())
            if files.digest(temp, copied.name) != copied.sha256:
                raise VaultNotConverted(
                    f"{source}: its sealed copy does not read back; the disk may be failing. "
                    "Nothing was changed in the practice."
                )
            final = folder / copied.name[:2] / copied.name
            private_dir(final.parent)
            temp.replace(final)
            fsync_dir(final.parent)
        except OSError as error:
            raise VaultNotConverted(
                f"{source}: it could not be sealed into {folder} ({error.strerror or error}). "
                "Nothing was changed in the practice."
            ) from None
    finally:
        temp.unlink(missing_ok=True)
    return copied.name, copied.sha256


def _seal_thumbnails(
    files: SealedFiles, plain_dir: Path, new_dir: Path, sha256: str, name: str
) -> int:
    """Seal the original's cached thumbnails that say they were made from it (the others are
    a cache made again when next shown)."""
    sealed = 0
    for path in sorted((plain_dir / THUMBS_DIR / sha256[:2]).glob(f"{sha256}-*.jpg")):
        size = path.stem.split("-", 1)[1]
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if marked_source(data) != sha256:
            continue
        target = new_dir / THUMBS_DIR / name[:2] / f"{name}-{size}{files.thumbnail_suffix}"
        try:
            private_dir(target.parent)
            write_private_file(target, files.sealed(data, target.stem))
            if files.read(target, target.stem) != data:
                raise VaultNotConverted(f"{target}: the sealed thumbnail does not read back.")
        except OSError as error:
            raise VaultNotConverted(
                f"{target}: it could not be written ({error.strerror or error}). "
                "Nothing was changed in the practice."
            ) from None
        sealed += 1
    return sealed


def record_vault_names(store: Store, names: dict[str, str]) -> None:
    """Give the new (encrypted) database's photo rows the names of their sealed files."""
    with store.writing() as session:
        for sha256, name in names.items():
            rows = update(Photo).where(Photo.sha256 == sha256)  # type: ignore[arg-type]
            session.execute(rows.values(vault_name=name))
