"""Unlocking a backup: the key.json it carries, unlocked by whoever restores it.

A backup of an encrypted practice holds the database and photos as ciphertext,
with the practice's key.json beside them. Restoring asks for the passphrase (or
the recovery code) through an `Unlock`: given a folder holding the backup's
key.json, it returns the data key or raises keys.KeyError_ in words. The key
file is read from the zip into the system's temporary folder, so a wrong
passphrase is refused before anything is written where the practice goes.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from dermadesk.core.backup_archive import (
    BackupError,
    Manifest,
    ManifestEntry,
    read_manifest,
    stream_checked,
)
from dermadesk.core.keys import KEY_FILE, DataKey, KeyError_, unlock, unlock_with_recovery_code

Unlock = Callable[[Path], DataKey]  # a folder holding the backup's key.json -> its data key


def by_passphrase(passphrase: str) -> Unlock:
    """Unlock a backup with the practice passphrase it was made under."""
    return lambda folder: unlock(folder, passphrase)


def by_recovery_code(code: str) -> Unlock:
    """Unlock a backup with the practice's recovery code."""
    return lambda folder: unlock_with_recovery_code(folder, code)


def is_encrypted_backup(source: Path) -> bool:
    """True when the backup at `source` holds an encrypted practice (it carries key.json);
    BackupError in words when it is no backup."""
    try:
        with zipfile.ZipFile(source) as archive:
            return _key_entry(read_manifest(archive, source)) is not None
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(f"{source.name} cannot be read as a backup ({error}).") from None


def _key_entry(manifest: Manifest) -> ManifestEntry | None:
    return next((e for e in manifest.entries if e.name == KEY_FILE), None)


def backup_key(
    archive: zipfile.ZipFile, manifest: Manifest, source: Path, unlock_with: Unlock | None
) -> DataKey | None:
    """The data key of the backup's practice (None for a plain one), unlocked with
    `unlock_with`; refused in words, with nothing written, when it does not unlock."""
    entry = _key_entry(manifest)
    if entry is None:
        return None  # made before the practice was encrypted: restored as it is
    if unlock_with is None:
        raise BackupError(
            f"{source.name} is encrypted: give its passphrase or its recovery code to restore "
            "it. Nothing was restored."
        )
    with tempfile.TemporaryDirectory(prefix="dermadesk-backup-key-") as scratch:
        folder = Path(scratch)
        stream_checked(
            archive, Manifest([entry]), source, lambda _entry: (folder / KEY_FILE).open("wb")
        )
        try:
            return unlock_with(folder)
        except KeyError_ as error:
            message = str(error).replace("this practice", f"the practice in {source.name}")
            raise type(error)(f"{message} Nothing was restored.") from None


def read_backup_key(source: Path, unlock_with: Unlock | None) -> DataKey | None:
    """`backup_key` for a backup file: check a passphrase before a long restore (the
    window asks again when it is wrong)."""
    if not source.is_file():
        raise BackupError(f"There is no backup file {source}.")
    try:
        with zipfile.ZipFile(source) as archive:
            return backup_key(archive, read_manifest(archive, source), source, unlock_with)
    except (OSError, zipfile.BadZipFile) as error:  # as restore_backup says it
        raise BackupError(
            f"{source.name} is damaged or incomplete ({error}). Nothing was restored."
        ) from None
