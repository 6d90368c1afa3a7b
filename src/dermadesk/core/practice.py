"""The one entry point to a practice's data: `Practice.open(data_dir)`.

The data dir holds dermadesk.db (SQLite), and later photos/, thumbs/ and
backups/. Everything DermaDesk creates there is readable by its owner only.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import OperationalError

from dermadesk.core.audit import Audit, Entry
from dermadesk.core.clients import Clients
from dermadesk.core.clock import Clock, default_clock
from dermadesk.core.conversion_swap import resume_interrupted_swap
from dermadesk.core.data_folder import LOW_DISK_BYTES, disk_space_warning, prepare_data_dir
from dermadesk.core.db import (
    HEAD_REVISION,
    SQLITE_NOTADB,
    Store,
    migrate,
    plain_database_error,
    sqlite_engine,
    sqlite_result_code,
)
from dermadesk.core.errors import DatabaseError, DataDirError, DermaDeskError
from dermadesk.core.identity import Identity, claim_identity, keep_identity_file
from dermadesk.core.keys import KEY_FILE, DataKey, key_file
from dermadesk.core.live_changes import LiveChanges
from dermadesk.core.lost_practice import refuse_if_emptied, refuse_if_lost, traces
from dermadesk.core.practice_kind import (
    DATABASE_NAME,
    PracticeKind,
    create_keys_once,
    practice_kind,
    refuse_wrong_key_use,
)
from dermadesk.core.settings import PracticeSettings

# The backup modules (core.backup and its parts) load with the first backup, restore or look
# at the backup folder: the window's is after the list's first paint (the status bar's line).
if TYPE_CHECKING:
    from dermadesk.core.backup import BackupResult
    from dermadesk.core.backup_archive import Progress
    from dermadesk.core.backup_keys import Unlock
    from dermadesk.core.consent import Consents
    from dermadesk.core.custom_questions import CustomQuestions
    from dermadesk.core.photos import Photos
    from dermadesk.core.screening_rules import ScreeningResult
    from dermadesk.core.sessions import Sessions
    from dermadesk.core.sheets.service import Sheets

__all__ = [
    "DATABASE_NAME",
    "LOW_DISK_BYTES",
    "Practice",
    "PracticeKind",
    "disk_space_warning",
    "practice_kind",
    "prepare_data_dir",
]


def keys_only(data_dir: Path) -> bool:
    """True for a practice being made: its key file, and nothing yet of a practice that
    lived there (another program's `create` between its keys and its first open)."""
    # practice.json first: an encrypted practice's every start asks, and the traces walk the
    # photo folders (and load the backup modules).
    return not (data_dir / "practice.json").exists() and traces(data_dir, None) == [
        f"its key file {KEY_FILE}"
    ]


def _unlocked(key: DataKey | None) -> Unlock | None:
    """An Unlock that gives `key`, already unlocked (None for a plain backup)."""
    if key is None:
        return None
    known: DataKey = key
    return lambda _folder: known


class Practice:
    """A practice's data: open it once, use its services, close it.

    The services the client list does not need are made (and their modules imported) on
    first use, so start-up shows the list without them.
    """

    def __init__(self, data_dir: Path, store: Store, upgrade_copy: str | None = None):
        self.data_dir = data_dir
        self.store = store
        self.clock = store.clock  # every service reads the time from here, through the store
        self.upgrade_copy = upgrade_copy
        self.audit = Audit(store)
        self.clients = Clients(store, self.audit)
        self.settings = PracticeSettings(store, self.audit)
        self.identity: Identity | None = None  # what practice.json says, once opened
        self.live = LiveChanges(store)  # announces every write; windows listen to others'
        self.moved: str | None = None  # where a moved folder's practice went (read-only here)

    @cached_property
    def custom_questions(self) -> CustomQuestions:
        from dermadesk.core.custom_questions import CustomQuestions

        return CustomQuestions(self.store, self.audit)

    @cached_property
    def consents(self) -> Consents:
        from dermadesk.core.consent import Consents

        return Consents(self.store, self.settings, self.audit)

    @cached_property
    def sessions(self) -> Sessions:
        from dermadesk.core.sessions import Sessions

        return Sessions(self.store, self.clients, self.settings, self.consents, self.audit)

    @cached_property
    def photos(self) -> Photos:
        from dermadesk.core.photos import Photos

        return Photos(
            self.store,
            self.data_dir,
            self.clients,
            self.consents,
            self.sessions,
            self.settings,
            self.audit,
            self.key,
        )

    @cached_property
    def sheets(self) -> Sheets:
        from dermadesk.core.sheets.service import Sheets

        return Sheets(self)

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str],
        clock: Clock | None = None,
        key: DataKey | None = None,
        database_url: str | None = None,
    ) -> Practice:
        """Open (upgrading as needed) the practice stored in `data_dir`, on `clock` (the
        computer's, unless a test or a replay gives another), with its data `key` (None only
        for a plain practice from before encryption). A new practice is made with `create`.
        With `database_url` the practice is on a server (core/server_practice.py) and
        `data_dir` keeps only this computer's own files."""
        if database_url is not None:
            from dermadesk.core.server_practice import open_on_server

            directory, when = Path(data_dir).absolute(), clock or default_clock()
            return open_on_server(cls, directory, database_url, when, key)
        return cls._open(Path(data_dir).absolute(), clock or default_clock(), key)

    @classmethod
    def _open(
        cls, data_dir: Path, clock: Clock, key: DataKey | None, new: bool = False
    ) -> Practice:
        db_path = data_dir / DATABASE_NAME
        resume_interrupted_swap(data_dir)  # an encrypted copy verified, half swapped in
        refuse_wrong_key_use(data_dir, db_path, key)  # before anything is made
        prepare_data_dir(data_dir)
        # Before the database is touched (or created); `create` has looked already, before
        # it made the key file that would count as a trace of a practice now.
        new = new or (key is not None and keys_only(data_dir))
        known = None if new else refuse_if_lost(data_dir)
        engine = sqlite_engine(db_path, key)
        try:
            stored = None if new else refuse_if_emptied(data_dir, known, key)
            upgrade_copy = migrate(engine, data_dir / "backups", clock, key)
        except OperationalError as error:
            engine.dispose()
            if "full" in (disk_space_warning(data_dir) or ""):  # SQLite says only "I/O error"
                raise DatabaseError(
                    f"The disk holding DermaDesk's data ({data_dir}) is full, so the practice "
                    "cannot be opened. Free some space and start DermaDesk again; nothing was "
                    "changed."
                ) from None
            raise plain_database_error(error) from None
        except (SQLAlchemyDatabaseError, UnicodeDecodeError) as error:
            engine.dispose()  # (SQLite names damaged schema objects in its messages, as bytes)
            if key is not None and sqlite_result_code(error) == SQLITE_NOTADB:
                raise DatabaseError(  # SQLCipher cannot tell a wrong key from a damaged page 1
                    f"{db_path} cannot be read with this practice's key: the database is "
                    f"damaged, or {KEY_FILE} belongs to another practice. Nothing was changed; "
                    "restore the practice from a backup."
                ) from None
            raise DatabaseError(
                f"{db_path} cannot be read as a DermaDesk database "
                f"({getattr(error, 'orig', 'its structure is damaged')}). "
                "Restore it from a backup, or choose another data folder."
            ) from None
        except BaseException:
            engine.dispose()
            raise
        practice = cls(data_dir, Store(engine, clock, key, data_dir), upgrade_copy)
        try:
            practice._settle_identity(known, stored or claim_identity(practice.store, known))
        except BaseException:
            practice.close()
            raise
        from dermadesk.core.moved_practice import keep_read_only

        practice.moved = keep_read_only(practice.store, data_dir)
        return practice

    @classmethod
    def create(
        cls,
        data_dir: str | os.PathLike[str],
        passphrase: str,
        clock: Clock | None = None,
        database_url: str | None = None,
    ) -> tuple[Practice, str]:
        """Make a new, encrypted practice in `data_dir` (new or empty), or in the empty server
        database at `database_url`: its keys, then its database. Returns it open, and the
        recovery code to show once."""
        data_dir = Path(data_dir).absolute()
        if database_url is not None:
            from dermadesk.core.server_practice import create_on_server

            return create_on_server(
                cls, data_dir, database_url, passphrase, clock or default_clock()
            )
        if practice_kind(data_dir) != "new":
            raise DataDirError(
                f"{data_dir} already holds a practice; a new one needs a folder of its own. "
                "Nothing was changed."
            )
        prepare_data_dir(data_dir)
        if not keys_only(data_dir):  # else another program is making it now: agree on its keys
            refuse_if_lost(data_dir)  # a folder that held a practice is not made new silently
        made = create_keys_once(data_dir, passphrase)
        try:
            opened = cls._open(data_dir, clock or default_clock(), made.key, new=True)
            return opened, made.recovery_code
        except BaseException:
            if not (data_dir / DATABASE_NAME).exists():
                key_file(data_dir).unlink(missing_ok=True)  # nothing was made: leave no keys
            raise

    @property
    def key(self) -> DataKey | None:
        """The data key the practice is encrypted with; None for a plain one."""
        return self.store.key

    @property
    def encrypted(self) -> bool:
        return self.store.key is not None

    def _settle_identity(
        self, known: Identity | None, claimed: Identity | None, **changes: str
    ) -> None:
        """Keep practice.json saying who this practice is and where its backups go."""
        if claimed is None:
            return
        try:
            folder = self.settings.backup().folder
            self.identity = keep_identity_file(
                self.data_dir, known, claimed, schema=HEAD_REVISION, backup_folder=folder, **changes
            )
        except (OSError, DermaDeskError):  # a full disk, a busy database: tried again next time
            self.identity = known or claimed

    def is_new(self) -> bool:
        """True for a practice not set up yet: no client on file (archived ones included) and
        no practice details saved. The window then offers its first-run setup."""
        return (
            not self.settings.has_practice_details()
            and self.clients.count(include_archived=True) == 0
        )

    def screen_client(self, client_id: int, on: date | None = None) -> ScreeningResult:
        """Whether client `client_id` may be treated on `on` (today by default), and why not."""
        return self.sessions.screening_for(client_id, on or self.clock.today())

    def backup(self, destination: Path, progress: Progress | None = None) -> BackupResult:
        """Write a verified backup (database and photos) to `destination`, a file or folder;
        a practice with problems is backed up all the same, under a name that says so."""
        if not self.store.is_sqlite:  # from one snapshot of the server (core/server_backup)
            from dermadesk.core.server_backup import backup_server

            return backup_server(self, destination, progress)  # type: ignore[return-value]
        from dermadesk.core.backup import write_backup

        self.remove_leftovers()
        damage = self._quick_problems()
        result = write_backup(
            self.store.engine,
            self.data_dir,
            destination,
            self.clock,
            progress,
            damage,
            self.key,
            self._audit_head(),
        )
        self._log_backup(result)
        self._settle_identity(self.identity, self.identity, last_backup=str(result.path))
        return result

    def _log_backup(self, result: BackupResult) -> None:
        """Logged only once verified and under its final name; damage and warnings with it."""
        size = f"{result.size / 1_000_000:.1f} MB"
        detail = f"{result.files} files, {size}"
        if result.damage:
            detail += f"; holds damage: {'; '.join(result.damage)[:500]}"
        if self.store.read_only is None:  # a moved folder's trail stays as it was left
            self.audit.log(Entry("backup.written", None, str(result.path), detail))
        for warning in (*result.damage[:20], *result.warnings):
            logging.getLogger("dermadesk").warning("Backup %s: %s", result.path.name, warning)

    def leftovers(self) -> list[Path]:
        """What killed backups or restores left behind (`check`'s kind `leftover`)."""
        from dermadesk.core.backup_leftovers import find_leftovers

        return find_leftovers(self.data_dir, self.backup_folder())

    def _audit_head(self) -> dict[str, object]:
        """The audit trail's signed head for a backup's manifest ({} for a plain practice)."""
        from dermadesk.core.audit_head import current_head

        return current_head(self)

    def _quick_problems(self) -> list[str]:
        # Loaded here: the check reads consents (and the tables), which start-up does without.
        from dermadesk.core.backup_precheck import quick_problems

        return quick_problems(self.store, self.data_dir, self.consents, self.audit)

    def remove_leftovers(self) -> list[Path]:
        """Remove what killed backups or restores left behind (done at each start)."""
        from dermadesk.core.backup_leftovers import remove_leftovers

        return remove_leftovers(self.data_dir, self.backup_folder())

    def backup_folder(self) -> Path:
        """Where the automatic backups go: the practice's chosen folder, else backups/."""
        chosen = self.settings.backup().folder
        return Path(chosen).expanduser() if chosen else self.data_dir / "backups"

    def last_backup(self) -> tuple[datetime, str] | None:
        """When (local time) and where the newest backup was made: in the backup folder, or
        wherever a backup was written and recorded in the audit trail (Back up now)."""
        from dermadesk.core.backup import last_backup_time

        folder = self.backup_folder()
        found = last_backup_time(folder)
        newest = None if found is None else (found, str(folder))
        event = self.audit.latest("backup.written")
        if event is not None:
            at = event.at if event.at.tzinfo else event.at.replace(tzinfo=UTC)
            recorded = at.astimezone().replace(tzinfo=None)  # as the folder's names say it
            if newest is None or recorded > newest[0]:
                newest = (recorded, event.target)
        return newest

    def automatic_backup(self) -> BackupResult | None:
        """Back up once a day into the backup folder, rotating older ones; None if done."""
        from dermadesk.core.backup import automatic_backup, backup_due
        from dermadesk.core.backup_rotation import Keep

        folder = self.backup_folder()
        if self.moved or not backup_due(folder, self.clock.local_now()):
            return None  # before the checks: a window closed twice a day closes at once
        chosen = self.settings.backup()
        keep = Keep(chosen.daily, chosen.weekly, chosen.monthly)
        if not self.store.is_sqlite:
            from dermadesk.core.server_backup import backup_server

            return backup_server(self, None, rotation=(folder, keep))
        self.remove_leftovers()
        damage = self._quick_problems()
        result = automatic_backup(
            self.store.engine,
            self.data_dir,
            folder,
            keep,
            self.clock,
            damage,
            self.key,
            self._audit_head(),
        )
        if result is not None:
            self._log_backup(result)
            self._settle_identity(self.identity, self.identity, last_backup=str(result.path))
        return result

    @classmethod
    def restore(
        cls,
        source: Path,
        data_dir: Path,
        progress: Progress | None = None,
        source_label: str = "",
        clock: Clock | None = None,
        unlock: Unlock | None = None,
    ) -> int:
        """Restore a backup into an empty or new `data_dir` (see core.backup); the files
        restored. An encrypted backup needs `unlock` (backup_keys.by_passphrase or
        by_recovery_code): a wrong one is refused in words with nothing written. The
        restored practice's audit trail records where it came from."""
        from dermadesk.core.backup import restore_backup
        from dermadesk.core.backup_keys import read_backup_key

        key = read_backup_key(source, unlock)  # asked once, before the long part
        files = restore_backup(source, data_dir, progress, _unlocked(key))
        with cls.open(data_dir, clock, key) as restored:
            if source_label:
                restored.audit.source = source_label
            restored.audit.log(
                Entry("backup.restored", None, str(source), f"{files} files, every one verified")
            )
            from dermadesk.core.audit_head import reanchor

            reanchor(restored)  # the restored trail is the practice's now: anchor it as it is
        return files

    def close(self) -> None:
        """Release the database; the practice cannot be used afterwards."""
        self.live.stop()
        self.store.dispose()

    def __enter__(self) -> Practice:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
