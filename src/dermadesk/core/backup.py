"""Backups that restore: one file with the database and the photos, and a manifest of hashes.

A backup is a zip file (its format and strict reading: core/backup_archive.py).
The database inside is a snapshot taken with SQLite's online backup API in the
system's temporary folder, so a backup is consistent even while the program is
open and needs about the database's size of extra space, never the vault's.
Each file is hashed as it is packed, the manifest goes last, and the file is
written under a `.partial` name (locked while it is written), checked member by
member as it streams back, and only then renamed. A practice with problems is
still backed up, but under a name and a mark that say so.

An encrypted practice's backup carries its files as they are, ciphertext, with
its key.json; the manifest holds only sizes and hashes of those bytes and counts.

Restoring goes only into an empty (or new) data folder. An encrypted backup is
unlocked first (core/backup_keys.py), before anything is written. Exactly the
files the manifest lists are unpacked into a staging folder beside it, each
checked, the database read with the key; only a whole, verified copy is moved
into place.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from sqlalchemy import Engine

from dermadesk import __version__
from dermadesk.core.backup_archive import (
    CHUNK,
    DATABASE,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    PHOTOS,
    BackupError,
    Manifest,
    ManifestEntry,
    NeededPhotos,
    Progress,
    check_database,
    is_photo_name,
    needed_photos,
    photo_name,
    read_manifest,
    restorable,
    stream_checked,
    verify_backup,
)
from dermadesk.core.backup_keys import Unlock, backup_key
from dermadesk.core.backup_leftovers import locked_scratch
from dermadesk.core.backup_photos import PhotoChecks, altered_words
from dermadesk.core.backup_rotation import DAMAGED, SUFFIX, Keep, rotate, stamp
from dermadesk.core.clock import Clock
from dermadesk.core.db import connect_file, copy_database, current_revision
from dermadesk.core.files import fsync_dir
from dermadesk.core.keys import KEY_FILE

if TYPE_CHECKING:
    from dermadesk.core.keys import DataKey

COUNTED = {"clients": "client", "consents": "consent_record", "photos": "photo"}


@dataclass(frozen=True)
class BackupResult:
    """A backup written: where, how many files, how many bytes, when; what it holds and the
    problems found before writing (empty: a clean backup)."""

    path: Path
    files: int
    size: int
    created_at: datetime
    counts: dict[str, int] = field(default_factory=dict)
    damage: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # said on screen and in the log (rotation kept both)


def _photo_files(data_dir: Path) -> Iterator[tuple[str, Path]]:
    """The vault's originals by their names in a backup (nothing else there is a photo)."""
    photos = data_dir / PHOTOS
    if not photos.is_dir():
        return
    for folder in sorted(photos.iterdir()):
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        for path in sorted(folder.iterdir()):
            name = photo_name(path.name)
            if is_photo_name(name) and path.parent.name == path.name[:2] and path.is_file():
                yield name, path


def default_backup_name(moment: datetime) -> str:
    """dermadesk-2026-11-21-1830.dermadesk-backup: sorts by time, says what it is."""
    return f"dermadesk-{moment:%Y-%m-%d-%H%M%S}{SUFFIX}"


def damaged_name(path: Path) -> Path:
    """The name a backup holding damage gets: ...-damaged.dermadesk-backup."""
    stem = path.name[: -len(SUFFIX)] if path.name.endswith(SUFFIX) else path.name
    return path.with_name(f"{stem}{DAMAGED}{SUFFIX}")


def write_backup(
    engine: Engine,
    data_dir: Path,
    destination: Path,
    clock: Clock,
    progress: Progress | None = None,
    damage: Sequence[str] = (),
    key: DataKey | None = None,
    audit_head: Mapping[str, object] | None = None,
) -> BackupResult:
    """Write a backup of the practice in `data_dir` (encrypted with `key`, if given) to
    `destination` (a file, or a folder to put a dated file in) and verify it; BackupError in
    words when it cannot be done. `damage`: problems found before writing; the backup is
    then named and marked so. `audit_head`: the audit trail's signed head, read before the
    database is copied (so the copy holds at least that much), for the manifest."""
    destination = _new_backup_path(destination, clock.local_now())
    created = clock.now()
    partial = destination.with_name(destination.name + ".partial")
    if partial.exists():  # never another program's, nor removed below
        raise BackupError(
            f"{partial} is being written by another DermaDesk, or was left by one cut short "
            "(DermaDesk removes it when it next starts). Try again in a minute."
        )
    try:
        with tempfile.TemporaryDirectory(prefix="dermadesk-backup-") as work:
            snapshot = Path(work) / DATABASE
            copy_database(engine, snapshot, key)  # consistent while the program writes on
            counts, needed = _database_facts(snapshot, key)
            keys = [(KEY_FILE, data_dir / KEY_FILE)] if key is not None else []
            members = [(DATABASE, snapshot), *keys, *_photo_files(data_dir)]
            packed = {name for name, _ in members}
            missing = sorted(n for n in needed.files if photo_name(n) not in packed)
            found = list(damage) + [f"photo file {n[:12]}… is missing" for n in missing]
            found += [
                f"photo {photo_id}: its file was missing already when the practice was encrypted"
                for photo_id in needed.unnamed
            ]
            document = _manifest_document(engine, created, counts, missing)
            if audit_head:
                document["audit_head"] = dict(audit_head)
            checks = _Checks(PhotoChecks(data_dir, key), needed.files, key is None)
            with _locked_partial(partial) as raw:
                found += _write_archive(raw, document, members, progress, found, checks)
            checks.photos.save()
            verify_backup(partial, key)  # a backup is only as good as its restore
            final = damaged_name(destination) if found else destination
            if final.exists():
                raise BackupError(f"{final} exists already; DermaDesk never writes over a file.")
            os.replace(partial, final)
            fsync_dir(final.parent)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(
            f"The backup could not be written to {destination.parent}: {error.strerror}. "
            "Nothing was changed in the practice."
        ) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(final, len(members), final.stat().st_size, created, counts, tuple(found))


def _database_facts(snapshot: Path, key: DataKey | None) -> tuple[dict[str, int], NeededPhotos]:
    """How many clients, consents and photos the snapshot holds, and the vault files (by
    name) it needs."""
    connection = connect_file(snapshot, key, read_only=True)
    try:
        counts = {
            key: int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for key, table in COUNTED.items()
        }
        needed = needed_photos(connection, key)
    finally:
        connection.close()
    return counts, needed


@contextmanager
def _locked_partial(partial: Path) -> Iterator[IO[bytes]]:
    """The `.partial` file, owner-only, held locked while it is written so that a later start
    can tell a killed backup's leftover from one still being written."""
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as raw:
        try:
            import fcntl

            fcntl.flock(raw.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # no advisory locks here (Windows)
            pass
        yield raw
        raw.flush()
        os.fsync(raw.fileno())


def _new_backup_path(destination: Path, now: datetime) -> Path:
    """The file to write: `destination`, or a dated file in it when it is a folder; never one
    that exists, and only in a folder that does."""
    destination = destination.expanduser().absolute()
    if destination.is_dir():
        destination = destination / default_backup_name(now)
    if destination.exists() or damaged_name(destination).exists():
        raise BackupError(f"{destination} exists already; DermaDesk never writes over a file.")
    if not destination.parent.is_dir():
        raise BackupError(f"There is no folder {destination.parent} to write the backup into.")
    return destination


def _manifest_document(
    engine: Engine, created: datetime, counts: dict[str, int], missing: list[str]
) -> dict[str, object]:
    """The manifest but its files: what the backup is, from which DermaDesk and schema, what
    it holds, and the photos already missing from the practice."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": created.isoformat(),
        "dermadesk_version": __version__,
        "schema_revision": current_revision(engine),
        "counts": counts,
        "missing": missing,
    }


def _write_archive(
    raw: IO[bytes],
    document: dict[str, object],
    members: list[tuple[str, Path]],
    progress: Progress | None,
    damage: list[str],
    checks: _Checks,
) -> list[str]:
    """Pack the files, each hashed as it is read (once), then the manifest; the photos whose
    picture is not the one their name stands for (damage found while packing)."""
    total = sum(path.stat().st_size for _, path in members)
    done, entries, altered = 0, [], []
    with zipfile.ZipFile(raw, "w") as archive:
        for name, path in members:
            # Photos are compressed already; the database shrinks a lot.
            method = zipfile.ZIP_DEFLATED if name == DATABASE else zipfile.ZIP_STORED
            info = zipfile.ZipInfo.from_file(path, name)
            info.compress_type = method
            digest, size = hashlib.sha256(), 0
            with path.open("rb") as source, archive.open(info, "w", force_zip64=True) as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                    done += len(chunk)
                    if progress:
                        progress(min(done, total), total)
            sha256 = digest.hexdigest()
            said = altered_words(path.name)
            if not checks.intact(name, path, sha256) and said not in damage:
                altered.append(said)  # changed since the check before writing
            entries.append(ManifestEntry(name, size, sha256))
        document["files"] = [e.__dict__ for e in entries]
        document["damage"] = damage + altered
        archive.writestr(MANIFEST, json.dumps(document, indent=1), zipfile.ZIP_DEFLATED)
    return altered


@dataclass(frozen=True)
class _Checks:
    """How each packed photo is checked: by the vault's own check (remembered), against the
    picture its row names; a plain practice's file without a row, against its name."""

    photos: PhotoChecks
    pictures: dict[str, str]  # vault file name -> the SHA-256 of its picture
    plain: bool

    def intact(self, name: str, path: Path, stored: str) -> bool:
        if name in (DATABASE, KEY_FILE):
            return True
        picture = self.pictures.get(path.name) or (path.name if self.plain else None)
        if picture is None:
            return True  # a sealed file no row names: nothing to check it against
        return self.photos.packed_intact(path, path.name, picture, stored)


def _empty_target(data_dir: Path) -> None:
    if data_dir.exists() and (not data_dir.is_dir() or any(data_dir.iterdir())):
        raise BackupError(
            f"{data_dir} is not empty. DermaDesk restores only into an empty or new folder, "
            "so that nothing there is ever overwritten. Nothing was changed."
        )


def restore_backup(
    source: Path,
    data_dir: Path,
    progress: Progress | None = None,
    unlock: Unlock | None = None,
) -> int:
    """Restore the backup `source` into the empty or new folder `data_dir`; the files restored.

    An encrypted backup is unlocked with `unlock` first (a wrong passphrase is refused in
    words with nothing written). Exactly the files the manifest lists are unpacked into a
    staging folder beside `data_dir`, each read only up to its declared size and checked;
    only a whole, verified copy is moved into place.
    """
    data_dir = data_dir.expanduser().absolute()
    _empty_target(data_dir)
    if not source.is_file():
        raise BackupError(f"There is no backup file {source}.")
    try:
        with zipfile.ZipFile(source) as archive:
            manifest = read_manifest(archive, source)  # before anything is made on disk
            key = backup_key(archive, manifest, source, unlock)  # so is the passphrase
            data_dir.parent.mkdir(parents=True, exist_ok=True)
            # Beside `data_dir`, locked while in use: a killed restore's is a leftover.
            with locked_scratch(data_dir.parent, f".{data_dir.name}.restoring-") as staging:
                _unpack(archive, manifest, source, staging, progress)
                check_database(staging / DATABASE, manifest, source, key)
                _empty_target(data_dir)  # still empty: nobody wrote there meanwhile
                _move_into_place(staging, data_dir)
    except zipfile.BadZipFile as error:
        raise BackupError(
            f"{source.name} is damaged or incomplete ({error}). Nothing was restored."
        ) from None
    except OSError as error:
        raise BackupError(
            f"The backup could not be restored into {data_dir}: {error.strerror}. "
            "Nothing was restored."
        ) from None
    return sum(1 for e in manifest.entries if restorable(e))


def _unpack(
    archive: zipfile.ZipFile,
    manifest: Manifest,
    source: Path,
    staging: Path,
    progress: Progress | None,
) -> None:
    """Write every listed file into `staging` (owner-only, fsynced), each checked as it goes."""

    def sink(entry: ManifestEntry) -> _SyncedFile:
        target = staging.joinpath(*entry.name.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        return _SyncedFile(os.fdopen(fd, "wb"))

    stream_checked(archive, manifest, source, sink, progress)


class _SyncedFile:
    """A file that is flushed and fsynced when closed."""

    def __init__(self, handle: IO[bytes]):
        self._handle = handle

    def write(self, data: bytes) -> int:
        return self._handle.write(data)

    def close(self) -> None:
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()


def _move_into_place(staging: Path, data_dir: Path) -> None:
    """Move the verified copy into `data_dir` (into it if it exists, else as it)."""
    os.chmod(staging, 0o700)
    if data_dir.exists():
        for child in staging.iterdir():
            os.replace(child, data_dir / child.name)
    else:
        os.replace(staging, data_dir)
    fsync_dir(data_dir.parent)


def backups_in(folder: Path) -> list[Path]:
    """DermaDesk's own dated backups in `folder`, oldest first (others are left alone)."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"dermadesk-*{SUFFIX}") if p.is_file() and stamp(p)]
    return sorted(found, key=lambda p: stamp(p) or datetime.min)


def last_backup_time(folder: Path) -> datetime | None:
    """When the newest backup in `folder` was made (local time, from its name), if any."""
    found = backups_in(folder)
    return stamp(found[-1]) if found else None


def backup_due(folder: Path, now: datetime) -> bool:
    """True unless a backup was already made in `folder` on `now`'s day."""
    last = last_backup_time(folder)
    return last is None or last.date() != now.date()


def automatic_backup(
    engine: Engine,
    data_dir: Path,
    folder: Path,
    keep: Keep,
    clock: Clock,
    damage: Sequence[str] = (),
    key: DataKey | None = None,
    audit_head: Mapping[str, object] | None = None,
) -> BackupResult | None:
    """The once-a-day backup: written into `folder` unless one was made there today; then
    older ones are rotated out (core/backup_rotation.py). None when skipped."""
    now = clock.local_now()
    if not backup_due(folder, now):
        return None
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / default_backup_name(now)
    result = write_backup(
        engine, data_dir, target, clock, damage=damage, key=key, audit_head=audit_head
    )
    warnings = rotate(folder, result.path, backups_in(folder), keep, key)
    return replace(result, warnings=tuple(warnings))
