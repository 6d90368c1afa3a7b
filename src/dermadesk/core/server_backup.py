"""Backups of a practice on a server, and restoring any backup into an empty server database.

A server practice's backup is the same `.dermadesk-backup` file a folder practice's is, written
through the application: one REPEATABLE READ snapshot of the server gives every table's rows
(copied into an encrypted SQLite database, proved table by table) and every photo's sealed
bytes, laid out as a folder practice in this computer's folder for the server; the key record
goes beside them as key.json. core/backup.py then packs, hashes and verifies that folder as
it does any other, and the scratch folder is removed. Extra space needed on this computer:
about the database and the photos, for the time of the backup.

Restoring into a server goes the other way: the backup is restored (verified) into a scratch
folder, opened there as a folder practice, and copied into the empty server database in one
transaction (core/server_move.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError

from dermadesk.core.backup import BackupResult, automatic_backup, write_backup
from dermadesk.core.backup_archive import Progress
from dermadesk.core.backup_leftovers import locked_scratch
from dermadesk.core.db import sqlite_engine
from dermadesk.core.errors import DatabaseError
from dermadesk.core.files import private_dir, write_private_file
from dermadesk.core.keys import KEY_FILE
from dermadesk.core.practice_copy import copy_rows

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from dermadesk.core.backup_keys import Unlock
    from dermadesk.core.backup_rotation import Keep
    from dermadesk.core.clock import Clock
    from dermadesk.core.practice import Practice


def _photos_from(snapshot: Connection, folder: Path) -> int:
    """Write each sealed original of the snapshot to folder/photos/ab/<name>, one at a time."""
    driver = snapshot.connection.driver_connection
    assert driver is not None
    names = [str(n) for (n,) in driver.execute("SELECT vault_name FROM photo_blob ORDER BY 1")]
    for name in names:
        cursor = driver.cursor(binary=True)  # bytea as bytes, never as hex text
        cursor.execute("SELECT sealed FROM photo_blob WHERE vault_name = %s", (name,))
        row = cursor.fetchone()
        cursor.close()
        if row is not None:
            write_private_file(private_dir(folder / "photos" / name[:2]) / name, bytes(row[0]))
    return len(names)


def snapshot_as_folder(practice: Practice, folder: Path) -> None:
    """Lay the server practice out in `folder` as a folder practice, from one snapshot."""
    from dermadesk.core.db import migrate
    from dermadesk.core.practice import DATABASE_NAME
    from dermadesk.core.server_keys import read_record

    key = practice.key
    assert key is not None, "a server practice is encrypted"
    private_dir(folder)
    record = read_record(practice.store.engine)
    if record is None:
        raise DatabaseError("The practice server holds no practice's keys; nothing was written.")
    write_private_file(folder / KEY_FILE, (json.dumps(record, indent=2) + "\n").encode("utf-8"))
    copy = sqlite_engine(folder / DATABASE_NAME, key)
    try:
        migrate(copy, folder / "backups", practice.clock, key)
        server = practice.store.engine.connect().execution_options(
            isolation_level="REPEATABLE READ"
        )
        with server, server.begin(), copy.begin() as target:
            copy_rows(server, target)  # proved table by table
            _photos_from(server, folder)
    except SQLAlchemyDatabaseError as error:
        from dermadesk.core.db import known_database_error

        known = known_database_error(error)
        if known is None:
            raise
        raise known from error
    finally:
        copy.dispose()


def _problems(practice: Practice) -> list[str]:
    """The signed consents and audit trail's problems (photos are checked as they are packed)."""
    tampered = practice.consents.tampered()
    return [f"signed consent {record_id}: {why}" for record_id, why in tampered] + (
        practice.audit.broken_links()
    )


def backup_server(
    practice: Practice,
    destination: Path | None,
    progress: Progress | None = None,
    rotation: tuple[Path, Keep] | None = None,
) -> BackupResult | None:
    """Write a verified backup of the server practice to `destination` (a file or a folder),
    or, with `rotation` (folder, keep), the day's automatic one (None when made already)."""
    practice.remove_leftovers()  # a killed one's scratch first, as a folder's backup does
    key = practice.key
    head = practice._audit_head()  # before the snapshot: the copy holds at least as much
    damage = _problems(practice)
    with locked_scratch(practice.data_dir, ".server-backup-") as work:
        folder = work / "practice"
        snapshot_as_folder(practice, folder)
        engine = sqlite_engine(folder / "dermadesk.db", key)
        try:
            if rotation is not None:
                chosen, keep = rotation
                result = automatic_backup(
                    engine, folder, chosen, keep, practice.clock, damage, key, head
                )
            else:
                assert destination is not None
                result = write_backup(
                    engine, folder, destination, practice.clock, progress, damage, key, head
                )
        finally:
            engine.dispose()
    if result is not None:
        practice._log_backup(result)
        practice._settle_identity(
            practice.identity, practice.identity, last_backup=str(result.path)
        )
    return result


def restore_into_server(
    source: Path,
    data_dir: Path,
    database_url: str,
    clock: Clock,
    unlock: Unlock | None,
    progress: Progress | None = None,
    source_label: str = "",
) -> int:
    """Restore the backup `source` into the empty, prepared server database at `database_url`
    (this computer's data dir `data_dir`); the files restored, every one verified."""
    from dermadesk.core.audit_head import reanchor
    from dermadesk.core.backup import restore_backup
    from dermadesk.core.backup_keys import read_backup_key
    from dermadesk.core.errors import DataDirError
    from dermadesk.core.practice import Practice, _unlocked
    from dermadesk.core.server_db import describe, server_engine
    from dermadesk.core.server_keys import server_home
    from dermadesk.core.server_move import copy_into_server, refuse_not_empty, refuse_unprepared

    key = read_backup_key(source, unlock)  # asked once, before the long part
    if key is None:
        raise DataDirError(
            f"{source.name} holds a practice from before encryption; a server practice is "
            "encrypted. Restore it into a folder, encrypt it there, then move it to the "
            "server. Nothing was restored."
        )
    where = describe(database_url)
    engine = server_engine(database_url)
    try:
        refuse_unprepared(engine, where)
        with engine.connect() as connection:
            refuse_not_empty(connection, where)  # said before the long part; checked again
    finally:
        engine.dispose()
    home = private_dir(server_home(data_dir, database_url))
    with locked_scratch(home, ".restoring-") as work:
        staged = work / "practice"
        files = restore_backup(source, staged, progress, _unlocked(key))
        with Practice.open(staged, clock, key) as folder:
            copy_into_server(folder, database_url, ("backup.restored", str(source)))
    with Practice.open(data_dir, clock, key, database_url=database_url) as restored:
        if source_label:
            restored.audit.source = source_label
        reanchor(restored)  # the restored trail is the practice's now: anchor it as it is
    return files
