"""Backups that restore: one file with the database and the photos, and a manifest of hashes.

A backup is a zip file. `manifest.json` lists every other member with its
size and SHA-256; the database inside is a snapshot taken with SQLite's
online backup API, so a backup is consistent even while the program is open.
A backup is written under a temporary name, flushed to disk and renamed, then
verified by restoring it into a temporary folder.

Restoring goes only into an empty (or new) data folder. Every member is
checked against the manifest before anything is put in place, so a damaged
or truncated backup is refused and leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from sqlalchemy import Engine

from dermadesk import __version__
from dermadesk.core.clock import Clock
from dermadesk.core.db import copy_database, current_revision, known_revisions
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.files import fsync_dir, hash_file

FORMAT = "dermadesk-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "dermadesk.db"
PHOTOS = "photos"
SUFFIX = ".dermadesk-backup"
_CHUNK = 1024 * 1024

Progress = Callable[[int, int], None]  # (done, total) in bytes


class BackupError(DermaDeskError):
    """A backup could not be written, or a backup file cannot be restored."""


@dataclass(frozen=True)
class BackupResult:
    """A backup written: where, how many files, how many bytes, when."""

    path: Path
    files: int
    size: int
    created_at: datetime


@dataclass(frozen=True)
class ManifestEntry:
    """One member of a backup: its path inside, its size and its SHA-256."""

    name: str
    size: int
    sha256: str


def _photo_files(data_dir: Path) -> Iterator[tuple[str, Path]]:
    photos = data_dir / PHOTOS
    if not photos.is_dir():
        return
    for path in sorted(photos.rglob("*")):
        if path.is_file() and not path.name.endswith(".partial"):
            yield PurePosixPath(PHOTOS, *path.relative_to(photos).parts).as_posix(), path


def default_backup_name(moment: datetime) -> str:
    """dermadesk-2026-11-21-1830.dermadesk-backup: sorts by time, says what it is."""
    return f"dermadesk-{moment:%Y-%m-%d-%H%M%S}{SUFFIX}"


def write_backup(
    engine: Engine,
    data_dir: Path,
    destination: Path,
    clock: Clock,
    progress: Progress | None = None,
) -> BackupResult:
    """Write a backup of the practice in `data_dir` to `destination` (a file, or a folder to
    put a dated file in) and verify it; BackupError in words when it cannot be done."""
    destination = _new_backup_path(destination, clock.local_now())
    created = clock.now()
    partial = destination.with_name(destination.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(dir=data_dir, prefix=".backup-") as work:
            snapshot = Path(work) / DATABASE
            copy_database(engine, snapshot)  # consistent while the program writes on
            members = [(DATABASE, snapshot), *_photo_files(data_dir)]
            entries = [ManifestEntry(name, *hash_file(path)) for name, path in members]
            manifest = _manifest_document(engine, created, entries)
            _write_archive(partial, manifest, members, entries, progress)
            os.replace(partial, destination)
            fsync_dir(destination.parent)
            check = Path(work) / "verify"
            restore_backup(destination, check)  # a backup is only as good as its restore
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(
            f"The backup could not be written to {destination.parent}: {error.strerror}. "
            "Nothing was changed in the practice."
        ) from None
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(destination, len(entries), destination.stat().st_size, created)


def _new_backup_path(destination: Path, now: datetime) -> Path:
    """The file to write: `destination`, or a dated file in it when it is a folder; never one
    that exists, and only in a folder that does."""
    destination = destination.expanduser().absolute()
    if destination.is_dir():
        destination = destination / default_backup_name(now)
    if destination.exists():
        raise BackupError(f"{destination} exists already; DermaDesk never writes over a file.")
    if not destination.parent.is_dir():
        raise BackupError(f"There is no folder {destination.parent} to write the backup into.")
    return destination


def _manifest_document(
    engine: Engine, created: datetime, entries: list[ManifestEntry]
) -> dict[str, object]:
    """The manifest: what the backup is, from which DermaDesk and schema, and its files."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": created.isoformat(),
        "dermadesk_version": __version__,
        "schema_revision": current_revision(engine),
        "files": [e.__dict__ for e in entries],
    }


def _write_archive(
    partial: Path,
    manifest: dict[str, object],
    members: list[tuple[str, Path]],
    entries: list[ManifestEntry],
    progress: Progress | None,
) -> None:
    """Write the manifest and the files into the zip at `partial` (owner-only), and fsync it."""
    total, done = sum(e.size for e in entries), 0
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w") as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1), zipfile.ZIP_DEFLATED)
        for (name, path), entry in zip(members, entries, strict=True):
            # Photos are compressed already; the database shrinks a lot.
            method = zipfile.ZIP_DEFLATED if name == DATABASE else zipfile.ZIP_STORED
            archive.write(path, name, compress_type=method)
            done += entry.size
            if progress:
                progress(done, total)
        archive.close()
        raw.flush()
        os.fsync(raw.fileno())


def _manifest(archive: zipfile.ZipFile, source: Path) -> list[ManifestEntry]:
    try:
        manifest = json.loads(archive.read(MANIFEST))
        if manifest.get("format") != FORMAT:
            raise ValueError("not a DermaDesk backup")
        entries = [ManifestEntry(f["name"], int(f["size"]), str(f["sha256"]))
                   for f in manifest["files"]]  # fmt: skip
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as error:
        raise BackupError(f"{source.name} is not a DermaDesk backup ({error}).") from None
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise BackupError(f"{source.name} was made by a newer DermaDesk; update to restore it.")
    revision = manifest.get("schema_revision")
    if revision is not None and revision not in known_revisions():
        raise BackupError(f"{source.name} holds data from a newer DermaDesk; update to restore it.")
    names = {e.name for e in entries}
    if DATABASE not in names:
        raise BackupError(f"{source.name} has no database in it; it cannot be restored.")
    for name in names:
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or name == MANIFEST:
            raise BackupError(f"{source.name} names a file outside its own folder ({name}).")
    return entries


def _empty_target(data_dir: Path) -> None:
    if data_dir.exists() and (not data_dir.is_dir() or any(data_dir.iterdir())):
        raise BackupError(
            f"{data_dir} is not empty. DermaDesk restores only into an empty or new folder, "
            "so that nothing there is ever overwritten. Nothing was changed."
        )


def restore_backup(source: Path, data_dir: Path, progress: Progress | None = None) -> int:
    """Restore the backup `source` into the empty or new folder `data_dir`; the files restored.

    Every file is checked against the manifest in a staging folder beside
    `data_dir` first; only a whole, verified copy is moved into place.
    """
    data_dir = data_dir.expanduser().absolute()
    _empty_target(data_dir)
    if not source.is_file():
        raise BackupError(f"There is no backup file {source}.")
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=data_dir.parent, prefix=f".{data_dir.name}.restoring-"))
    try:
        restored = _unpack_verified(source, staging, progress)
        _check_database(staging / DATABASE, source)
        _empty_target(data_dir)  # still empty: nobody wrote there meanwhile
        _move_into_place(staging, data_dir)
        return restored
    except OSError as error:
        raise BackupError(
            f"The backup could not be restored into {data_dir}: {error.strerror}. "
            "Nothing was restored."
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _unpack_verified(source: Path, staging: Path, progress: Progress | None) -> int:
    """Unpack every file of the backup into `staging`, each checked against its recorded
    size and hash; the number of files."""
    try:
        with zipfile.ZipFile(source) as archive:
            entries = _manifest(archive, source)
            total, done = sum(e.size for e in entries), 0
            for entry in entries:
                target = staging.joinpath(*PurePosixPath(entry.name).parts)
                target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                done += _unpack_member(archive, entry, target, source)
                if progress:
                    progress(done, total)
    except (zipfile.BadZipFile, EOFError, KeyError, zlib.error) as error:
        raise BackupError(
            f"{source.name} is damaged or incomplete ({error}). Nothing was restored."
        ) from None
    return len(entries)


def _unpack_member(
    archive: zipfile.ZipFile, entry: ManifestEntry, target: Path, source: Path
) -> int:
    """Write one file of the backup to `target` (owner-only, fsynced); its size. BackupError
    when it does not match what the manifest recorded."""
    digest, size = hashlib.sha256(), 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with archive.open(entry.name) as member, os.fdopen(fd, "wb") as out:
        while chunk := member.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    if (size, digest.hexdigest()) != (entry.size, entry.sha256):
        raise BackupError(
            f"{source.name} is damaged: {entry.name} does not match its "
            "recorded hash. Nothing was restored."
        )
    return size


def _move_into_place(staging: Path, data_dir: Path) -> None:
    """Move the verified copy into `data_dir` (into it if it exists, else as it)."""
    os.chmod(staging, 0o700)
    if data_dir.exists():
        for child in staging.iterdir():
            os.replace(child, data_dir / child.name)
        staging.rmdir()
    else:
        os.replace(staging, data_dir)
    fsync_dir(data_dir.parent)


def _check_database(path: Path, source: Path) -> None:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (result,) = connection.execute("PRAGMA integrity_check").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(
            f"The database in {source.name} cannot be read ({error}). Nothing was restored."
        ) from None
    if result != "ok":
        raise BackupError(
            f"The database in {source.name} is damaged ({result}). Nothing was restored."
        )


def _stamp(path: Path) -> datetime | None:
    """The time in a backup's name (dermadesk-2026-11-21-183000...), if it has one."""
    try:
        return datetime.strptime(path.name[len("dermadesk-") :][:17], "%Y-%m-%d-%H%M%S")
    except ValueError:
        return None


def backups_in(folder: Path) -> list[Path]:
    """DermaDesk's own dated backups in `folder`, oldest first (others are left alone)."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"dermadesk-*{SUFFIX}") if p.is_file() and _stamp(p)]
    return sorted(found, key=lambda p: _stamp(p) or datetime.min)


def last_backup_time(folder: Path) -> datetime | None:
    """When the newest backup in `folder` was made (local time, from its name), if any."""
    found = backups_in(folder)
    return _stamp(found[-1]) if found else None


def automatic_backup(
    engine: Engine, data_dir: Path, folder: Path, keep: int, clock: Clock
) -> BackupResult | None:
    """The once-a-day backup: written into `folder` unless one was made there today; then
    only the newest `keep` of DermaDesk's own backups there are kept. None when skipped."""
    now = clock.local_now()
    last = last_backup_time(folder)
    if last is not None and last.date() == now.date():
        return None
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    result = write_backup(engine, data_dir, folder / default_backup_name(now), clock)
    for old in backups_in(folder)[:-keep]:
        old.unlink(missing_ok=True)
    return result
