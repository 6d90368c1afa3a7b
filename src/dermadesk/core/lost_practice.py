"""A folder that held a practice never silently becomes an empty one.

When the database is missing, empty or another practice's, while the folder
shows that a practice lived there (its identity file, photos, backups, a log
of the window opening it), DermaDesk refuses to open it and says which backup
to restore, and how. Nothing is created or written in the folder first.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection, text

from dermadesk.core.clock import default_clock
from dermadesk.core.dates import long_date
from dermadesk.core.db import examining_engine
from dermadesk.core.errors import DatabaseError
from dermadesk.core.identity import (
    IDENTITY_NAME,
    SETTING_KEY,
    Identity,
    database_identity,
    read_identity,
)
from dermadesk.core.keys import KEY_FILE, DataKey
from dermadesk.core.practice_kind import DATABASE_NAME as DATABASE

MISSING, EMPTY, ANOTHER = "database_missing", "database_empty", "database_of_another_practice"
_LOG_SIGNS = (" opened on ", "backup written")  # lines only a practice in use writes


@dataclass(frozen=True)
class Backup:
    """A backup file found, and when it was written."""

    path: Path
    written: datetime

    def when(self) -> str:
        """29 Nov 2026 at 18:30."""
        return f"{long_date(self.written.date())} at {self.written:%H:%M}"


class LostPracticeError(DatabaseError):
    """The folder held a practice whose database is gone, empty or another's. `kind` says
    which (for `check --json`), `why` and `how` what happened and what to do, `backup` is
    the newest backup found, if any, and `restore_into` a new folder to restore it into."""

    def __init__(
        self, kind: str, why: str, how: str, backup: Backup | None, restore_into: Path
    ) -> None:
        super().__init__(f"{why}\n{how}")
        self.kind, self.why, self.how = kind, why, how
        self.backup = backup
        self.restore_into = restore_into


def _files_under(folder: Path) -> int:
    if not folder.is_dir():
        return 0
    return sum(1 for path in folder.rglob("*") if path.is_file())


def _log_shows_use(logs: Path) -> bool:
    for log in sorted(logs.glob("dermadesk.log*")) if logs.is_dir() else []:
        try:
            with log.open(encoding="utf-8", errors="replace") as lines:
                if any(sign in line for line in lines for sign in _LOG_SIGNS):
                    return True
        except OSError:
            continue
    return False


def traces(data_dir: Path, identity: Identity | None) -> list[str]:
    """What in `data_dir` shows that a practice lived there, in words (empty: nothing)."""
    found = [f"its identity file {IDENTITY_NAME}"] if identity is not None else []
    if (data_dir / KEY_FILE).exists():
        found.append(f"its key file {KEY_FILE}")
    photos = _files_under(data_dir / "photos") + _files_under(data_dir / "quarantine")
    if photos:
        found.append(f"{photos} photo file{'s' * (photos != 1)}")
    if _files_under(data_dir / "thumbs"):
        found.append("thumbnails")
    # The backup modules load only here, for a folder that may have lost its practice: a
    # start on a practice in good order does without them until the list has painted.
    from dermadesk.core.backup_rotation import SUFFIX

    backups = data_dir / "backups"
    kept = [*backups.glob(f"*{SUFFIX}"), *backups.glob("dermadesk-before-upgrade-*.db")]
    if kept:
        found.append(f"{len(kept)} backup{'s' * (len(kept) != 1)} in {backups}")
    if _log_shows_use(data_dir / "logs"):
        found.append("a log of it being opened")
    return found


def backup_folders(data_dir: Path, identity: Identity | None) -> list[Path]:
    """Where this practice's backups may be: backups/, the chosen folder, the last one's."""
    folders = [data_dir / "backups"]
    if identity is not None:
        for named in (identity.backup_folder, identity.last_backup and
                      str(Path(identity.last_backup).parent)):  # fmt: skip
            if named and Path(named).expanduser() not in folders:
                folders.append(Path(named).expanduser())
    return folders


def newest_backup(data_dir: Path, identity: Identity | None) -> Backup | None:
    """The newest .dermadesk-backup file in the practice's backup folders."""
    from dermadesk.core.backup_rotation import SUFFIX  # as traces() does

    candidates = [Path(identity.last_backup)] if identity and identity.last_backup else []
    for folder in backup_folders(data_dir, identity):
        try:
            candidates.extend(folder.glob(f"*{SUFFIX}"))
        except OSError:  # a USB stick not plugged in, a folder gone
            continue
    found = []
    for path in candidates:
        try:
            if path.is_file():
                found.append(Backup(path, datetime.fromtimestamp(path.stat().st_mtime)))
        except OSError:
            continue
    return max(found, key=lambda backup: backup.written, default=None)


def restore_folder(data_dir: Path, today: date | None = None) -> Path:
    """A new folder beside `data_dir` to restore into (a restore never writes over anything)."""
    # No practice is open to ask: the clock a practice would have.
    day = today or default_clock().today()
    base = data_dir.parent / f"{data_dir.name} restored {day.isoformat()}"
    candidate, number = base, 2
    while candidate.exists():
        candidate = base.with_name(f"{base.name} ({number})")
        number += 1
    return candidate


def _refusal(kind: str, why: str, data_dir: Path, identity: Identity | None) -> LostPracticeError:
    target = restore_folder(data_dir)
    backup = newest_backup(data_dir, identity)
    if backup is not None:
        command = shlex.join(["dermadesk", "--data-dir", str(target), "restore", str(backup.path)])
        how = (
            f"The newest backup found is {backup.path} (written {backup.when()}). Restore it "
            f"into a new folder with:\n  {command}\nthen open that folder with DermaDesk."
        )
    else:
        folders = ", ".join(str(folder) for folder in backup_folders(data_dir, identity))
        how = (
            f"No backup was found in {folders}. If the database was moved, put it back as "
            f"{data_dir / DATABASE}. Otherwise restore a backup from wherever you keep them:\n"
            "  dermadesk --data-dir NEW_FOLDER restore BACKUP_FILE"
        )
    why = f"DermaDesk will not open {data_dir}: {why}"
    return LostPracticeError(kind, why, how, backup, target)


def _lived_here(what: str, found: list[str]) -> str:
    return (
        f"a practice was kept in this folder ({', '.join(found)}), but its database "
        f"({DATABASE}) {what}. Opening it would start a new, empty practice in its place, so "
        "nothing was changed."
    )


def refuse_if_lost(data_dir: Path) -> Identity | None:
    """Before the database is touched: refuse a folder whose practice lost its database (gone
    or zero bytes). Returns the identity file's contents (None when there is none)."""
    identity = read_identity(data_dir)
    try:
        size: int | None = (data_dir / DATABASE).stat().st_size
    except FileNotFoundError:
        size = None
    if size:
        return identity
    found = traces(data_dir, identity)
    if found:
        what = "is missing" if size is None else "is empty (0 bytes)"
        raise _refusal(MISSING if size is None else EMPTY, _lived_here(what, found), data_dir,
                       identity)  # fmt: skip
    return identity


def _holds_data(connection: Connection) -> bool:
    """Any client, or any setting the practice saved (its identity aside)?"""
    tables = {name for (name,) in connection.execute(text("SELECT name FROM sqlite_master"))}
    if "client" in tables and connection.execute(text("SELECT 1 FROM client LIMIT 1")).first():
        return True
    return "practice_setting" in tables and bool(
        connection.execute(
            text("SELECT 1 FROM practice_setting WHERE key != :key LIMIT 1"), {"key": SETTING_KEY}
        ).first()
    )


def refuse_if_emptied(
    data_dir: Path, identity: Identity | None, key: DataKey | None = None
) -> Identity | None:
    """Before the database is set up or upgraded: refuse another practice's database, or an
    empty one (no clients, no settings, no id) in a folder that held a practice. Returns the
    identity the database holds, if any."""
    database = data_dir / DATABASE
    if not database.is_file() or database.stat().st_size == 0:
        return None  # a new practice: refuse_if_lost saw no trace of an old one
    # A plain connection, only reading: DermaDesk's own would switch the file to WAL mode,
    # a write, and a refused folder is left exactly as it was.
    plain = examining_engine(database, key)
    try:
        with plain.connect() as connection:
            return _examine(connection, data_dir, identity)
    finally:
        plain.dispose()


def _examine(connection: Connection, data_dir: Path, identity: Identity | None) -> Identity | None:
    stored = database_identity(connection)
    if stored is not None:
        if identity is not None and identity.id and stored["id"] != identity.id:
            why = (
                f"its database ({DATABASE}) belongs to another practice (made "
                f"{stored.get('created') or 'at an unknown time'}) than the one kept in this "
                f"folder (made {identity.created or 'at an unknown time'}). Nothing was changed."
            )
            raise _refusal(ANOTHER, why, data_dir, identity)
        return Identity(id=stored["id"], created=str(stored.get("created", "")))
    if not _holds_data(connection):
        found = traces(data_dir, identity)
        if found:
            raise _refusal(EMPTY, _lived_here("holds no clients and no settings", found),
                           data_dir, identity)  # fmt: skip
    return None  # a new practice, or one from before identities: it gets one
