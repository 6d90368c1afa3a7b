"""Opening and making a practice whose database is on a PostgreSQL practice server.

What differs from a folder practice (core/practice.py), and why:
- the data dir keeps this computer's own files only; the practice's folder on this computer
  is `server_home(data_dir, url)` (its copy of the keys, thumbnails, practice.json);
- the keys' record lives on the server (core/server_keys.py), so any computer unlocks it;
- no lost-practice checks, WAL checks or interrupted-conversion recovery: they look at
  files beside a SQLite database, and a server database has none;
- no copy before an upgrade: the server's upgrade is one transaction, rolled back whole
  if any step fails, and the server's own backups (pg_dump) belong to its administrator.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError

from dermadesk.core.clock import Clock
from dermadesk.core.db import HEAD_REVISION, Store, current_revision, known_database_error
from dermadesk.core.errors import DatabaseError, DataDirError
from dermadesk.core.keys import DataKey, KeyError_, create_keys, key_file, read_key_file

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from dermadesk.core.practice import Practice


def server_error_in_words(error: BaseException, database_url: str) -> DatabaseError:
    """A server error met while opening, in words (a bug's is re-raised as it is)."""
    from dermadesk.core.server_db import describe

    known = known_database_error(error)
    if known is None:
        raise error
    return DatabaseError(f"{known} ({describe(database_url)})")


# The tables whose rows are a practice's data: any row in one, and the database is a
# practice's, whatever happened to its key record.
_PRACTICE_TABLES = (
    "client",
    "audit_event",
    "consent_record",
    "photo",
    "photo_blob",
    "practice_setting",
)
_KEYS_LOST = (
    "This server database holds a practice's records but not its keys' record (deleted, or "
    "lost in a partial restore), so it cannot be unlocked, and setting up a new practice here "
    "would make its sealed photos unreadable. Restore the key record from a backup of the "
    "server database (or ask whoever looks after the server); nothing was changed."
)


def server_kind(data_dir: Path, database_url: str) -> str:
    """What the server database holds: "new" (no practice data at all) or "encrypted" (this
    computer's copy of its keys is then refreshed from the server); data without its keys'
    record is refused in words (DataDirError) as damage."""
    from dermadesk.core.server_db import server_engine
    from dermadesk.core.server_keys import pull_keys, server_home

    home = server_home(data_dir, database_url)
    engine = server_engine(database_url)
    try:
        if pull_keys(engine, home):
            return "encrypted"
        if holds_practice_data(engine):
            raise DataDirError(_KEYS_LOST)
        return "new"
    except SQLAlchemyDatabaseError as error:
        raise server_error_in_words(error, database_url) from None
    finally:
        engine.dispose()


def holds_practice_data(engine: Engine) -> bool:
    """True when any of the practice's tables on the server holds a row."""
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        present = set(inspect(connection).get_table_names()) & set(_PRACTICE_TABLES)
        quote = connection.dialect.identifier_preparer.quote
        return any(
            connection.execute(text(f"SELECT EXISTS (SELECT 1 FROM {quote(table)})")).scalar()
            for table in sorted(present)
        )


def _check_key(home: Path, key: DataKey) -> None:
    from dermadesk.core.keys import _key_check

    check = read_key_file(home).get("key_check")
    if check is not None and check != _key_check(key):
        raise KeyError_(
            "This key does not unlock the practice on this server; unlock it with its own "
            "passphrase or recovery code."
        )


def open_on_server(
    cls: type[Practice],
    data_dir: Path,
    database_url: str,
    clock: Clock,
    key: DataKey | None,
    new: bool = False,
) -> Practice:
    """Open (making its schema when new, upgrading when older) the server practice."""
    from dermadesk.core.data_folder import prepare_data_dir
    from dermadesk.core.identity import claim_identity, read_identity
    from dermadesk.core.server_db import server_engine
    from dermadesk.core.server_keys import publish_new_keys, pull_keys, server_home

    home = server_home(data_dir, database_url)
    prepare_data_dir(home)
    if key is None:
        raise KeyError_(
            "A practice on a server is encrypted: unlock it with its passphrase or its "
            "recovery code (DERMADESK_PASSPHRASE for the command line)."
        )
    engine = server_engine(database_url)
    try:
        _refuse_unprepared(engine)  # never built or upgraded here, as the everyday role
        if new:
            publish_new_keys(home)
        elif not pull_keys(engine, home):
            if holds_practice_data(engine):
                raise DataDirError(_KEYS_LOST)
            raise KeyError_(
                "This server database holds no practice's keys yet: set the practice up first "
                "(the window's setup, or `dermadesk demo`). Nothing was changed."
            )
        _check_key(home, key)
    except SQLAlchemyDatabaseError as error:
        engine.dispose()
        raise server_error_in_words(error, database_url) from None
    except BaseException:
        engine.dispose()
        raise
    practice = cls(home, Store(engine, clock, key, home))
    try:
        known = read_identity(home)
        practice._settle_identity(known, claim_identity(practice.store, known))
    except BaseException:
        practice.close()
        raise
    return practice


def _refuse_unprepared(engine: Engine) -> None:
    """Refuse a server database whose schema is not DermaDesk's current one: the owner
    builds and upgrades it (`dermadesk server prepare`), never the everyday role."""
    current = current_revision(engine)  # refuses a database DermaDesk did not make
    if current is not None and current > HEAD_REVISION:
        raise DatabaseError(
            "This practice server was set up by a newer version of DermaDesk (schema "
            f"{current}). Update DermaDesk on this computer to use it; nothing was changed."
        )
    if current is None:
        raise DatabaseError(
            "This server database is not prepared for DermaDesk yet: run `dermadesk server "
            "prepare` as the database owner first. Nothing was changed."
        )
    if current < HEAD_REVISION:
        raise DatabaseError(
            f"This practice server's schema ({current}) is older than this DermaDesk's "
            f"({HEAD_REVISION}): run `dermadesk server prepare` as the database owner to "
            "upgrade it. Nothing was changed."
        )


def create_on_server(
    cls: type[Practice], data_dir: Path, database_url: str, passphrase: str, clock: Clock
) -> tuple[Practice, str]:
    """Make a new, encrypted practice in an empty server database: its keys (sent to the
    server once its schema is made), then its schema. Returns it open, and the recovery code."""
    from dermadesk.core.server_keys import server_home

    if server_kind(data_dir, database_url) != "new":
        raise DataDirError(
            "This server database already holds a practice; open it with its passphrase. "
            "Nothing was changed."
        )
    from dermadesk.core.data_folder import prepare_data_dir

    home = server_home(data_dir, database_url)
    prepare_data_dir(home)
    _set_aside(key_file(home), clock)  # keys of a practice this database no longer holds
    made = create_keys(home, passphrase)
    try:
        return open_on_server(cls, data_dir, database_url, clock, made.key, new=True), (
            made.recovery_code
        )
    except BaseException:
        key_file(home).unlink(missing_ok=True)
        raise


def _set_aside(path: Path, clock: Clock) -> None:
    """Keep an old copy of keys under a dated name beside it, never deleting it: it may be
    the only way left into a practice's backups."""
    if path.exists():
        path.rename(path.with_name(f"{path.name}.set-aside-{clock.now():%Y%m%d-%H%M%S}"))
