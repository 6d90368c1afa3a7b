"""Reading a backup file strictly: its manifest, each member checked while it streams.

A backup is a zip with `manifest.json` listing every other member with its
size and SHA-256 (of the bytes as stored: an encrypted practice's ciphertext,
with its `key.json`; its photos by their HMAC names, so no plaintext hash is in the clear).
Nothing in a backup is trusted: the manifest is capped in size and shape, only
`dermadesk.db`, `key.json` and `photos/<ab>/<name>` may be named,
every member is read only up to the size the manifest declares, and the
database copy must name no photo the manifest lacks. The same reading serves
the check after writing and the restore.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from dermadesk.core.db import connect_copy, driver_errors, known_revisions
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.keys import KEY_FILE

if TYPE_CHECKING:
    from dermadesk.core.keys import DataKey

FORMAT = "dermadesk-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "dermadesk.db"
PHOTOS = "photos"
CHUNK = 1024 * 1024
# 1 MB per 10,000 files is generous (a line is about 120 bytes); never less than 1 MB.
MANIFEST_BYTES_PER_FILE = 100
MANIFEST_MIN_BYTES = 1024 * 1024
_PHOTO_NAME = re.compile(r"photos/([0-9a-f]{2})/([0-9a-f]{64})")
# Older DermaDesk packed photos/.incoming/ (imports cut short) too: such files are no
# photo, so they are skipped, never restored.
_SKIPPED = re.compile(r"photos/\.incoming/[^/\\:]+")

Progress = Callable[[int, int], None]  # (done, total) in bytes


class Writer(Protocol):
    """Where a member's bytes go: written, then closed."""

    def write(self, data: bytes, /) -> int: ...

    def close(self) -> None: ...


Sink = Callable[["ManifestEntry"], Writer | None]  # where a member's bytes go, if anywhere


class BackupError(DermaDeskError):
    """A backup could not be written, or a backup file cannot be restored."""


@dataclass(frozen=True)
class ManifestEntry:
    """One member of a backup: its path inside, its size and its SHA-256."""

    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """What a backup says it holds; `counts` and `damage` are absent in older backups."""

    entries: list[ManifestEntry]
    counts: dict[str, int] = field(default_factory=dict)
    damage: list[str] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)  # photos already missing when it was made


def photo_name(name: str) -> str:
    """The path inside a backup of the vault file named `name` (as in the vault: photos/ab/ab12…;
    the picture's SHA-256 in a plain practice, its HMAC name in an encrypted one)."""
    return f"{PHOTOS}/{name[:2]}/{name}"


@dataclass(frozen=True)
class NeededPhotos:
    """The photo files a database needs: by their names in the vault (and in a backup), each
    with the SHA-256 of its picture; and, in an encrypted practice, the photos that have no
    file name (their file was missing already when the practice was encrypted)."""

    files: dict[str, str]
    unnamed: list[int]


def needed_photos(connection: Any, key: DataKey | None) -> NeededPhotos:
    """What the database on `connection` needs from the vault. An encrypted practice names its
    files by an HMAC (the row's vault_name), so no plaintext hash is ever a file's name."""
    columns = {str(row[1]) for row in connection.execute("PRAGMA table_info(photo)")}
    if key is None or "vault_name" not in columns:  # a plain practice, or older than names
        rows = connection.execute("SELECT DISTINCT sha256 FROM photo")
        return NeededPhotos({str(sha): str(sha) for (sha,) in rows}, [])
    files, unnamed = {}, []
    for photo_id, sha256, name in connection.execute("SELECT id, sha256, vault_name FROM photo"):
        if name is None:
            unnamed.append(int(photo_id))
        else:
            files[str(name)] = str(sha256)
    return NeededPhotos(files, sorted(unnamed))


def is_photo_name(name: str) -> bool:
    """True for photos/<ab>/<sha256> whose folder is the hash's first two digits."""
    found = _PHOTO_NAME.fullmatch(name)
    return found is not None and found.group(2).startswith(found.group(1))


def read_manifest(archive: zipfile.ZipFile, source: Path) -> Manifest:
    """The backup's manifest, checked in size, shape and names; BackupError in words."""
    members = archive.infolist()
    names = [m.filename for m in members]
    if MANIFEST not in names:
        raise BackupError(f"{source.name} is not a DermaDesk backup (it has no manifest).")
    if len(names) != len(set(names)):
        raise BackupError(f"{source.name} holds two files of the same name; it is not restored.")
    cap = max(MANIFEST_MIN_BYTES, MANIFEST_BYTES_PER_FILE * len(members))
    with archive.open(MANIFEST) as stream:
        raw = stream.read(cap + 1)  # never more, whatever the zip declares
    if len(raw) > cap:
        raise BackupError(
            f"{source.name} has a manifest far larger than {len(members)} files need; "
            "it is not a backup DermaDesk made, and nothing was restored."
        )
    try:
        document = json.loads(raw)
        manifest = _parse(document)
    except RecursionError:
        raise BackupError(
            f"{source.name} has a manifest nested too deeply to be DermaDesk's; "
            "nothing was restored."
        ) from None
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise BackupError(f"{source.name} is not a DermaDesk backup ({error}).") from None
    if document.get("format_version", 0) > FORMAT_VERSION:
        raise BackupError(f"{source.name} was made by a newer DermaDesk; update to restore it.")
    revision = document.get("schema_revision")
    if revision is not None and revision not in known_revisions():
        raise BackupError(f"{source.name} holds data from a newer DermaDesk; update to restore it.")
    _check_names(manifest.entries, set(names), source)
    return manifest


def _parse(document: object) -> Manifest:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError("not a DermaDesk backup")
    version = document.get("format_version", 0)
    if not isinstance(version, int):
        raise ValueError("its format version is not a number")
    files = document["files"]
    if not isinstance(files, list):
        raise ValueError("its list of files is not a list")
    entries = []
    for item in files:
        name, size, sha256 = item["name"], item["size"], item["sha256"]
        if not (isinstance(name, str) and isinstance(sha256, str) and type(size) is int):
            raise ValueError("a file in its list is not a name, a size and a hash")
        if size < 0:
            raise ValueError(f"{name} has a negative size")
        entries.append(ManifestEntry(name, size, sha256))
    counts = document.get("counts") or {}
    damage = document.get("damage") or []
    missing = document.get("missing") or []
    if not isinstance(counts, dict) or not all(type(v) is int for v in counts.values()):
        raise ValueError("its counts are not numbers")
    if not isinstance(damage, list) or not all(isinstance(d, str) for d in damage):
        raise ValueError("its list of damage is not words")
    if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
        raise ValueError("its list of missing photos is not hashes")
    return Manifest(entries, {str(k): v for k, v in counts.items()}, damage, set(missing))


def _check_names(entries: list[ManifestEntry], in_zip: set[str], source: Path) -> None:
    """Only the database and photos/<ab>/<sha256>, each once and each in the zip."""
    seen: set[str] = set()
    for entry in entries:
        name = entry.name
        if name in seen:
            raise BackupError(f"{source.name} lists {name} twice; nothing was restored.")
        seen.add(name)
        if (
            name not in (DATABASE, KEY_FILE)
            and not is_photo_name(name)
            and not _SKIPPED.fullmatch(name)
        ):
            raise BackupError(
                f"{source.name} names a file outside its own folder or that is no part of a "
                f"practice ({name[:80]!r}); only the database and photos are restored, so "
                "nothing was restored."
            )
    if DATABASE not in seen:
        raise BackupError(f"{source.name} has no database in it; it cannot be restored.")
    if absent := sorted(seen - in_zip):
        raise BackupError(f"{source.name} is damaged or incomplete: {absent[0]} is not in it.")
    if extra := in_zip - seen - {MANIFEST}:
        raise BackupError(
            f"{source.name} holds files its manifest does not list ({sorted(extra)[0][:80]!r}); "
            "nothing was restored."
        )


def restorable(entry: ManifestEntry) -> bool:
    """False for what older backups packed but is no part of a practice (skipped)."""
    return not _SKIPPED.fullmatch(entry.name)


def stream_checked(
    archive: zipfile.ZipFile,
    manifest: Manifest,
    source: Path,
    sink: Sink,
    progress: Progress | None = None,
) -> None:
    """Read every member, each at most to its declared size, checking size and hash; its bytes
    go to `sink(entry)` (None: only checked). BackupError in words at the first that lies."""
    entries = [e for e in manifest.entries if restorable(e)]
    total, done = sum(e.size for e in entries), 0
    try:
        for entry in entries:
            info = archive.getinfo(entry.name)
            if info.file_size != entry.size:
                raise _mismatch(source, entry)
            out = sink(entry)
            try:
                _copy_checked(archive, entry, out, source)
            finally:
                if out is not None:
                    out.close()
            done += entry.size
            if progress:
                progress(done, total)
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        raise BackupError(
            f"{source.name} is damaged or incomplete ({error}). Nothing was restored."
        ) from None


def _copy_checked(
    archive: zipfile.ZipFile, entry: ManifestEntry, out: Writer | None, source: Path
) -> None:
    digest, left = hashlib.sha256(), entry.size
    with archive.open(entry.name) as member:
        while left >= 0:
            chunk = member.read(min(CHUNK, left + 1))  # one byte more shows a lie
            if not chunk:
                break
            if len(chunk) > left:
                raise _mismatch(source, entry)
            left -= len(chunk)
            digest.update(chunk)
            if out is not None:
                out.write(chunk)
    if left != 0 or digest.hexdigest() != entry.sha256:
        raise _mismatch(source, entry)


def _mismatch(source: Path, entry: ManifestEntry) -> BackupError:
    return BackupError(
        f"{source.name} is damaged: {entry.name} does not match its recorded size and hash. "
        "Nothing was restored."
    )


def check_database(
    path: Path, manifest: Manifest, source: Path, key: DataKey | None = None
) -> None:
    """The database copy at `path` (read with `key` unless it is plain) passes SQLite's
    integrity check and names no photo the backup lacks (unless the backup says it was
    missing already)."""
    packed = {e.name for e in manifest.entries}
    try:
        connection = connect_copy(path, key)
        try:
            (result,) = connection.execute("PRAGMA integrity_check").fetchone()
            needed = set(needed_photos(connection, key).files)
        finally:
            connection.close()
    except driver_errors() as error:
        why = (
            "it is encrypted, and the key that opens it is not the one in the backup's "
            f"{KEY_FILE}, or it is damaged"
            if key is not None and "not a database" in str(error)
            else str(error)
        )
        raise BackupError(
            f"The database in {source.name} cannot be read ({why}). Nothing was restored."
        ) from None
    if result != "ok":
        raise BackupError(
            f"The database in {source.name} is damaged ({result}). Nothing was restored."
        )
    lacking = sorted(s for s in needed - manifest.missing if photo_name(s) not in packed)
    if lacking:
        raise BackupError(
            f"{source.name} is incomplete: its database needs {len(lacking)} photo"
            f"{'s' if len(lacking) != 1 else ''} that it does not hold (the first is "
            f"{lacking[0][:12]}…). Nothing was restored."
        )


def verify_backup(path: Path, key: DataKey | None = None) -> Manifest:
    """Check a written backup without unpacking it: every member's hash as it streams, and the
    database copy's integrity (read with `key`) in the system's temporary folder. BackupError
    when it fails."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = read_manifest(archive, path)
            with tempfile.TemporaryDirectory(prefix="dermadesk-verify-") as scratch:
                copy = Path(scratch) / DATABASE

                def sink(entry: ManifestEntry) -> Writer | None:
                    return copy.open("wb") if entry.name == DATABASE else None

                stream_checked(archive, manifest, path, sink)
                check_database(copy, manifest, path, key)
    except zipfile.BadZipFile as error:
        raise BackupError(f"{path.name} is damaged or incomplete ({error}).") from None
    return manifest


def read_summary(path: Path) -> Manifest | None:
    """A backup's manifest for rotation and the status bar; None when it cannot be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            return read_manifest(archive, path)
    except (OSError, BackupError, zipfile.BadZipFile, zlib.error, EOFError):
        return None
