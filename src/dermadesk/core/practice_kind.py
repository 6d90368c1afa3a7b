"""What a data folder holds (a new, an encrypted or a plain practice), and a new one's keys.

Kept apart from core/practice.py so that the window can ask what to show first
without loading a practice's services.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Literal

from dermadesk.core.conversion_swap import resume_interrupted_swap
from dermadesk.core.errors import DataDirError
from dermadesk.core.keys import KEY_FILE, DataKey, NewKeys, create_keys, has_keys, key_file
from dermadesk.core.keys import KeyError_ as KeysError

DATABASE_NAME = "dermadesk.db"

PracticeKind = Literal["new", "encrypted", "plain"]


def practice_kind(data_dir: Path) -> PracticeKind:
    """What the window shows first for `data_dir`: setup for a new practice, the unlock screen
    for an encrypted one, or a plain (older) one opened as it is, with the offer to encrypt.
    A conversion cut short between its two renames is finished first."""
    resume_interrupted_swap(data_dir)
    if has_keys(data_dir):
        return "encrypted"
    database = data_dir / DATABASE_NAME
    if database.is_file() and database.stat().st_size > 0:
        return "plain"
    return "new"


def refuse_wrong_key_use(data_dir: Path, db_path: Path, key: DataKey | None) -> None:
    if key is None and has_keys(data_dir):
        raise KeysError(
            "This practice is encrypted: unlock it with its passphrase or its recovery code."
        )
    if key is not None and not has_keys(data_dir) and db_path.exists():
        raise KeysError(
            f"This practice is not encrypted yet ({KEY_FILE} is missing), so a key cannot open "
            "it. Encrypt it first (dermadesk encrypt), or restore its key file from a backup."
        )
    if key is None and not (db_path.is_file() and db_path.stat().st_size > 0):
        raise KeysError(
            "A new practice is encrypted: set a passphrase first (the window's setup, or "
            "DERMADESK_PASSPHRASE for the command line). Nothing was created."
        )


def create_keys_once(data_dir: Path, passphrase: str) -> NewKeys:
    """`create_keys` for a new practice, safe against another DermaDesk program making one in
    the same folder at the same moment: the key file is made aside, then linked into place
    only if none is there yet (the other program's is never replaced)."""
    scratch = Path(tempfile.mkdtemp(dir=data_dir, prefix=".new-keys-"))
    try:
        made = create_keys(scratch, passphrase)
        try:
            os.link(scratch / KEY_FILE, key_file(data_dir))
        except FileExistsError:
            raise DataDirError(
                f"Another DermaDesk program has just made a practice in {data_dir}; open that "
                "one with its passphrase. Nothing was changed."
            ) from None
        except OSError:  # no hard links on this disk (a FAT stick): a plain check, then move
            if has_keys(data_dir):
                raise DataDirError(
                    f"{data_dir} already has its keys. Nothing was changed."
                ) from None
            os.replace(scratch / KEY_FILE, key_file(data_dir))
        return made
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
