"""The data folder on this computer: made owner-only, proved writable, and its disk's space."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from dermadesk.core.errors import DataDirError


def prepare_data_dir(data_dir: Path) -> None:
    """Create the data dir owner-only if needed and prove it can be written, in plain words."""
    if data_dir.exists() and not data_dir.is_dir():
        raise DataDirError(f"{data_dir} is a file, not a folder. Choose a folder for DermaDesk.")
    try:
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except PermissionError:
        raise DataDirError(
            f"DermaDesk may not create its data folder {data_dir}. "
            "Choose a folder you can write to (--data-dir)."
        ) from None
    except OSError as error:
        raise DataDirError(
            f"DermaDesk cannot create its data folder {data_dir}: {error.strerror}."
        ) from None
    try:
        with tempfile.TemporaryFile(dir=data_dir):
            pass
    except OSError as error:
        raise DataDirError(
            f"DermaDesk cannot write in its data folder {data_dir} "
            f"({error.strerror}). Nothing was changed."
        ) from None


LOW_DISK_BYTES = 50 * 1024 * 1024  # below this, a day's photos may not fit


def disk_space_warning(data_dir: Path) -> str | None:
    """Words for the practitioner when the disk holding the data is full or nearly so."""
    try:
        free = shutil.disk_usage(data_dir).free
    except OSError:
        return None
    if free < 1024 * 1024:
        return (
            f"The disk holding DermaDesk's data ({data_dir}) is full. You can look at client "
            "files, but nothing new can be saved until you free some space."
        )
    if free < LOW_DISK_BYTES:
        return (
            f"Only {free // (1024 * 1024)} MB is free on the disk holding DermaDesk's data "
            f"({data_dir}). Free some space soon: when the disk is full, nothing more can be "
            "saved."
        )
    return None
