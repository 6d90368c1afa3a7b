"""Moving a one-computer practice into an empty practice server database.

Every row (ids kept), every photo's sealed bytes and the key record go to the server in ONE
server transaction, with the move recorded at the end of the audit trail there: killed at
any point, the server database is left empty or complete. The folder's write lock is held
throughout, so nothing is saved there meanwhile. The copy is read back and compared (rows
per table and their hash, every photo's hash) before the server commits. Only then is the
move recorded in the folder's own trail and the folder marked (core/moved_practice.py):
it opens read-only from then on, saying where the practice went.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError

from dermadesk.core.audit import Entry
from dermadesk.core.errors import DatabaseError, DataDirError, DermaDeskError
from dermadesk.core.practice_copy import TableProof, copy_rows, counts_empty

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from dermadesk.core.keys import DataKey
    from dermadesk.core.practice import Practice

Progress = Callable[[str, int, int], None]  # (what, done, total)


@dataclass(frozen=True)
class MoveResult:
    """A move done: where to, each table's rows and hash, the photos and their bytes."""

    server: str
    tables: list[TableProof]
    photos: int
    photo_bytes: int
    # True when an earlier run had moved it already and this one only marked the folder.
    finished_earlier: bool = False

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def folder_photos(data_dir: Path) -> list[tuple[str, Path]]:
    """The vault's originals (photos/ab/<name>) by name; leftovers of imports are no photo."""
    from dermadesk.core.backup_archive import is_photo_name, photo_name

    found = []
    folder = data_dir / "photos"
    if folder.is_dir():
        for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
            for path in sorted(sub.iterdir()):
                if is_photo_name(photo_name(path.name)) and path.is_file():
                    found.append((path.name, path))
    return found


def refuse_unprepared(engine: Engine, where: str) -> None:
    """A server database DermaDesk has not prepared (or prepared by another version)."""
    from dermadesk.core.db import HEAD_REVISION, current_revision

    current = current_revision(engine)
    if current is None:
        raise DatabaseError(
            f"The practice server ({where}) is not prepared for DermaDesk yet. Its "
            "administrator runs `dermadesk --database-url OWNER_URL server prepare` first; "
            "nothing was changed."
        )
    if current != HEAD_REVISION:
        raise DatabaseError(
            f"The practice server ({where}) was prepared by another version of DermaDesk "
            f"(schema {current}, this one needs {HEAD_REVISION}). Run `server prepare` with "
            "this version first; nothing was changed."
        )


def refuse_not_empty(connection: Connection, where: str) -> None:
    """Only an empty server database takes a practice: nothing there is ever overwritten."""
    keys = connection.execute(text("SELECT count(*) FROM practice_key_record")).scalar()
    blobs = connection.execute(text("SELECT count(*) FROM photo_blob")).scalar()
    if keys or blobs or not counts_empty(connection):
        raise DataDirError(
            f"The practice server ({where}) already holds a practice. DermaDesk moves a "
            "practice only into an empty server database, so that nothing there is "
            "overwritten. Nothing was changed."
        )


def copy_photos(
    photos: list[tuple[str, Callable[[], bytes]]],
    target: Connection,
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Put each photo's sealed bytes into photo_blob, then compare every one's hash as the
    server holds it; (photos, bytes)."""
    expected, size = {}, 0
    driver = target.connection.driver_connection
    assert driver is not None
    for done, (name, read) in enumerate(photos, start=1):
        sealed = read()
        expected[name] = hashlib.sha256(sealed).hexdigest()
        size += len(sealed)
        driver.execute(  # binary format: bytea is never sent as hex text twice its size
            "INSERT INTO photo_blob (vault_name, sealed, size) VALUES (%s, %b, %s)",
            (name, sealed, len(sealed)),
        )
        if progress:
            progress("photos", done, len(photos))
    rows = target.execute(text("SELECT vault_name, encode(sha256(sealed), 'hex') FROM photo_blob"))
    stored = {str(name): str(sha) for name, sha in rows}
    if stored != expected:
        wrong = sorted(n for n in expected if stored.get(n) != expected[n])
        raise DatabaseError(
            f"{len(wrong)} photo(s) did not reach the practice server intact (the first is "
            f"{(wrong or ['?'])[0][:12]}…). Nothing was kept there."
        )
    return len(expected), size


def put_key_record(target: Connection, content: dict[str, object]) -> None:
    """The practice's keys (all but this computer's own slots), as server_keys keeps them."""
    from dermadesk.core.server_keys import RECORD, _shared

    target.execute(
        text("INSERT INTO practice_key_record (name, content) VALUES (:name, :content)"),
        {"name": RECORD, "content": json.dumps(_shared(content), sort_keys=True)},
    )


def record_on_server(
    target: Connection, engine: Engine, practice: Practice, key: DataKey, entry: Entry
) -> None:
    """Append `entry` to the copied audit trail, in the copy's transaction."""
    from sqlmodel import Session

    from dermadesk.core.audit import Audit
    from dermadesk.core.db import Store

    audit = Audit(Store(engine, practice.clock, key), practice.audit.actor, practice.audit.source)
    with Session(bind=target) as session:
        audit.add(session, entry)


def move_to_server(
    practice: Practice, database_url: str, progress: Progress | None = None
) -> MoveResult:
    """Copy the open folder `practice` into the empty, prepared server database at
    `database_url`, prove the copy, record the move on both sides and mark the folder.

    The folder is marked as being moved (read-only) before anything reaches the server; a
    move cut short is finished by running it again, or the mark removed when the server never
    took the practice."""
    from dermadesk.core.moved_practice import (
        MOVING,
        keep_read_only,
        mark_moved,
        moving,
        refuse_if_moved,
    )
    from dermadesk.core.server_address import without_password
    from dermadesk.core.server_db import describe

    refuse_if_moved(practice.data_dir)
    where = describe(database_url)
    address = without_password(database_url)
    # The folder as it really is: a retry through a symlink or relative path names it alike.
    origin = f"the folder {Path(practice.data_dir).resolve()}"
    earlier = moving(practice.data_dir)  # a move cut short: the server may hold it already
    try:
        mark_moved(practice.data_dir, address, where, practice.clock, MOVING)
    except OSError as error:
        raise DataDirError(
            f"The folder {practice.data_dir} could not be marked as being moved ({error}), so "
            "nothing was moved. This practice is as it was."
        ) from None
    practice.store.read_only = None  # this move's own lock and entry (a retry opened read-only)
    try:
        return _move(practice, database_url, origin, progress, earlier)
    finally:  # read-only again unless the move was undone; the window's banner says why
        practice.moved = keep_read_only(practice.store, practice.data_dir)


def _move(
    practice: Practice, database_url: str, origin: str, progress: Progress | None, earlier: bool
) -> MoveResult:
    """The server's copy (or finding it made by an earlier run), then the folder's entry and
    marker; the intent removed when the server did not take the practice."""
    from dermadesk.core.moved_practice import clear_moving, mark_moved
    from dermadesk.core.server_address import without_password
    from dermadesk.core.server_db import describe

    where = describe(database_url)
    committing: list[bool] = []
    try:
        result = finished_already(practice, database_url, origin) or copy_into_server(
            practice, database_url, ("practice.moved_in", origin), None, progress, committing
        )
    except Exception as failure:
        error = failure
        if isinstance(failure, SQLAlchemyDatabaseError):  # said in words, like every other
            from dermadesk.core.server_practice import server_error_in_words

            error = server_error_in_words(failure, database_url)
        held = server_holds(practice, database_url, origin)
        if held is None and not committing and not earlier:
            held = False  # this run never asked the server to commit, nor did an earlier one
        if held is False:
            clear_moving(practice.data_dir)
            if error is failure:
                raise
            raise error from None
        if held is None:
            raise MoveUnfinished(
                f"{error}\n\nIt could not be told whether the practice server ({where}) took "
                "the practice, so this folder is kept read-only. Run the move again when the "
                "server can be reached: it finishes the move, or makes this folder writable "
                "again if the server never took it."
            ) from None
        try:  # the server committed; what failed came after
            again = finished_already(practice, database_url, origin)
        except (SQLAlchemyDatabaseError, DermaDeskError):
            again = None
        result = again or MoveResult(where, [], 0, 0, finished_earlier=True)
    detail = f"{result.rows} rows, {result.photos} photos, all verified"
    try:
        practice.audit.log(Entry("practice.moved", None, where, detail))
        mark_moved(practice.data_dir, without_password(database_url), where, practice.clock)
    except (OSError, DermaDeskError) as error:
        raise MoveUnfinished(
            f"The practice is on the practice server ({where}) now, but this folder could not "
            f"be marked as moved ({error}). It is kept read-only: work on the server from now "
            "on, and run the move again to finish marking this folder."
        ) from None
    return result


class MoveUnfinished(DataDirError):
    """The server may hold (or holds) the practice; the folder stays read-only until a retry."""


def copy_into_server(
    practice: Practice,
    database_url: str,
    server_entry: tuple[str, str],
    folder_entry: tuple[str, str] | None = None,
    progress: Progress | None = None,
    committing: list[bool] | None = None,
) -> MoveResult:
    """Copy the open folder `practice` into the empty, prepared server database at
    `database_url` in one server transaction, proved, with `server_entry` (action, target)
    appended to the server's trail and `folder_entry` to the folder's once it is committed."""
    from dermadesk.core.keys import read_key_file
    from dermadesk.core.server_db import KEYS_LOCK, advisory_lock, describe, server_engine
    from dermadesk.core.server_practice import server_error_in_words

    if not practice.store.is_sqlite:
        raise DataDirError("This practice is on a practice server already; nothing was changed.")
    key = practice.key
    if key is None:
        raise DataDirError(
            "A practice on a server is encrypted: encrypt this one first (`dermadesk encrypt`). "
            "Nothing was changed."
        )
    where = describe(database_url)
    engine = server_engine(database_url)
    try:
        refuse_unprepared(engine, where)
        with practice.store.writing() as session:  # the folder's write lock, held throughout
            source = session.connection()
            photos = rows_photos(source, practice.data_dir)  # as the rows copied name them
            with engine.begin() as target:
                advisory_lock(target, KEYS_LOCK)  # a second move, or a new practice, waits
                refuse_not_empty(target, where)
                tables = copy_rows(source, target, progress and (lambda t, n: progress(t, n, 0)))
                readers = [(name, path.read_bytes) for name, path in photos]
                count, size = copy_photos(readers, target, progress)
                put_key_record(target, read_key_file(practice.data_dir))
                detail = f"{sum(t.rows for t in tables)} rows, {count} photos, all verified"
                action, target_words = server_entry
                record_on_server(
                    target, engine, practice, key, Entry(action, None, target_words, detail)
                )
                if committing is not None:  # from here on the server may hold it
                    committing.append(True)
            if folder_entry is not None:
                practice.audit.add(session, Entry(folder_entry[0], None, folder_entry[1], detail))
    except SQLAlchemyDatabaseError as error:
        raise server_error_in_words(error, database_url) from None
    finally:
        engine.dispose()
    return MoveResult(where, tables, count, size)


def server_holds(practice: Practice, database_url: str, origin: str) -> bool | None:
    """Whether the server holds this very practice (its key id) moved in from `origin`;
    None when the server cannot be asked."""
    from dermadesk.core.keys import read_key_file
    from dermadesk.core.server_db import server_engine

    try:
        engine = server_engine(database_url)
        try:
            return _moved_in(engine, read_key_file(practice.data_dir), origin) is not None
        finally:
            engine.dispose()
    except (SQLAlchemyDatabaseError, DermaDeskError, OSError):
        return None


def _moved_in(engine: Engine, keys: dict[str, object], origin: str) -> str | None:
    """The server's `practice.moved_in` detail for this practice from `origin`, else None."""
    from dermadesk.core.server_keys import read_record

    record = read_record(engine)
    if record is None or record.get("id") != keys.get("id"):
        return None
    with engine.connect() as server:
        moved = server.execute(
            text(
                "SELECT detail FROM audit_event WHERE action = 'practice.moved_in' "
                "AND target = :origin"
            ),
            {"origin": origin},
        ).scalar()
    return None if moved is None else str(moved)


def finished_already(practice: Practice, database_url: str, origin: str) -> MoveResult | None:
    """A move cut short after the server committed (the folder not marked yet): the server
    holds this very practice (its key id), moved in from this folder. Only the folder is then
    left to mark, even when the server's records changed since (another computer at work
    there): they are the practice's now. None otherwise."""
    from dermadesk.core.keys import read_key_file
    from dermadesk.core.practice_copy import table_proofs
    from dermadesk.core.server_db import describe, server_engine

    engine = server_engine(database_url)
    try:
        if _moved_in(engine, read_key_file(practice.data_dir), origin) is None:
            return None
        with engine.connect() as server, practice.store.engine.connect() as folder:
            theirs = {p.table: p for p in table_proofs(server) if p.table != "audit_event"}
            ours = table_proofs(folder)
    finally:
        engine.dispose()
    changed = sorted(p.table for p in ours if p.table in theirs and theirs[p.table] != p)
    if changed:
        logging.getLogger("dermadesk").warning(
            "The practice server's %s changed since the move; the server's are kept", changed
        )
    photos = len(rows_photos_names(practice))
    return MoveResult(describe(database_url), ours, photos, 0, finished_earlier=True)


def rows_photos_names(practice: Practice) -> list[str]:
    with practice.store.engine.connect() as folder:
        return _vault_names(folder)


def _vault_names(connection: Connection) -> list[str]:
    rows = connection.execute(
        text("SELECT DISTINCT COALESCE(vault_name, sha256) FROM photo ORDER BY 1")
    )
    return [str(name) for (name,) in rows]


def rows_photos(connection: Connection, data_dir: Path) -> list[tuple[str, Path]]:
    """The vault file of every `photo` row (in the bin too), read inside the write lock: a
    file no row names stays behind; a row whose file is missing refuses the move, in words."""
    found = []
    for name in _vault_names(connection):
        path = data_dir / "photos" / name[:2] / name
        if not path.is_file():
            row = connection.execute(
                text(
                    "SELECT id, client_id, original_name FROM photo "
                    "WHERE COALESCE(vault_name, sha256) = :name ORDER BY id LIMIT 1"
                ),
                {"name": name},
            ).one()
            raise DataDirError(
                f"The photo {row.original_name} (photo {row.id} of client {row.client_id}) "
                "has no file in this folder's vault, so the practice cannot be moved whole. "
                "Run `dermadesk check` to see what is missing and how to mend it. Nothing "
                "was moved."
            )
        found.append((name, path))
    return found
