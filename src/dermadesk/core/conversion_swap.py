"""The last step of encrypting a practice: the verified new folder takes the old one's place.

`dermadesk encrypt` builds the encrypted practice in `.<name>.encrypting` beside
the data folder. Once every record and photo is verified it writes a marker in
it naming where the old folder goes, then renames the old folder aside
(`<name>.plain-<stamp>`) and the new one into place. A run killed between the
two renames leaves no folder under the practice's name: the next look at the
folder (`resume_interrupted_swap`, called before a practice is opened or made)
finishes the swap from the marker, so the window never takes it for a new one.
The marker stays in the practice until the recovery code has been handed over.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dermadesk.core.files import fsync_dir, write_atomically

MARKER = ".encrypted-verified"  # in the new folder: verified, and the old folder's new name
PLAIN_INFIX = ".plain-"


def staging_for(data_dir: Path) -> Path:
    """The folder an encrypted copy of `data_dir` is built in."""
    return data_dir.parent / f".{data_dir.name}.encrypting"


def mark_verified(staging: Path, aside: Path) -> None:
    """Say, durably, that `staging` is whole and checked, and where the old folder goes."""
    write_atomically(staging / MARKER, json.dumps({"aside": aside.name}).encode("utf-8"))
    fsync_dir(staging)


def swap(data_dir: Path, staging: Path, aside: Path) -> None:
    """Rename the plain folder aside, then the verified one into its place."""
    os.rename(data_dir, aside)
    os.rename(staging, data_dir)
    fsync_dir(data_dir.parent)


def resume_interrupted_swap(data_dir: Path) -> bool:
    """Finish a swap cut short between its two renames; True when one was finished."""
    staging = staging_for(data_dir)
    if data_dir.exists() or not (staging / MARKER).is_file():
        return False
    try:
        aside = json.loads((staging / MARKER).read_text("utf-8"))["aside"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if not (isinstance(aside, str) and (data_dir.parent / aside).is_dir()):
        return False  # the old folder is not where the marker says: touch nothing
    os.rename(staging, data_dir)
    fsync_dir(data_dir.parent)
    return True


def conversion_unannounced(data_dir: Path) -> bool:
    """True when a conversion finished but its recovery code was never handed over."""
    return (data_dir / MARKER).is_file()


def announced(data_dir: Path) -> None:
    """The recovery code is in the user's hands: the conversion is over."""
    (data_dir / MARKER).unlink(missing_ok=True)
    fsync_dir(data_dir)


def plain_copies(data_dir: Path) -> list[Path]:
    """The unencrypted folders conversions left beside `data_dir`, oldest first: each still
    holds health data in the clear until the practitioner deletes it."""
    found = data_dir.parent.glob(f"{data_dir.name}{PLAIN_INFIX}*")
    return sorted(p for p in found if p.is_dir())
