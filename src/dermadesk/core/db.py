"""The database connection: SQLite set up for safety, and schema migrations on open.

SQLite runs in WAL mode with foreign keys on, synchronous FULL (a committed
record survives a power cut) and a busy timeout, so a command-line run beside
the open window waits its turn instead of failing. Write transactions begin
IMMEDIATE so two writers queue up rather than deadlock.

Schema changes only come from the Alembic migrations shipped in
dermadesk/migrations. Opening an older database copies it aside first, then
upgrades it; a database from a newer DermaDesk is refused.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from dermadesk.core.clock import Clock
from dermadesk.core.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

    from dermadesk.core.keys import DataKey

# The newest migration. Checked against Alembic by a test; kept here so that a
# normal start (schema already current) need not import Alembic at all.
HEAD_REVISION = "0015"

BUSY_TIMEOUT_MS = 10_000
_WRITE_OPTION = "dermadesk_write"


def create_private_file(path: Path) -> None:
    """Create `path` empty and readable by its owner only, unless it exists already."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def driver(key: DataKey | None) -> ModuleType:
    """The DB-API module for a database: SQLCipher's for an encrypted one, else sqlite3."""
    if key is None:
        return sqlite3
    from sqlcipher3 import dbapi2

    module: ModuleType = dbapi2
    return module


# SQLCipher's settings, each connection: version 4's format pinned (a later default must
# not make the file unreadable), its own log silenced (it writes to stderr on a wrong key),
# and a larger page cache, since every page read from disk is decrypted and its HMAC checked.
_CIPHER_PRAGMAS = ("cipher_log_level = NONE", "cipher_compatibility = 4", "cache_size = -32000")


def apply_key(connection: Any, key: DataKey | None) -> None:
    """Make a fresh DB-API connection able to read an encrypted database (a no-op when plain).
    The raw key skips SQLCipher's own passphrase KDF, which costs 0.5 s a connection."""
    if key is None:
        return
    connection.execute(f"PRAGMA {_CIPHER_PRAGMAS[0]}")
    connection.execute(f"PRAGMA key = {key.database_pragma()}")
    for pragma in _CIPHER_PRAGMAS[1:]:
        connection.execute(f"PRAGMA {pragma}")


def connect_file(path: Path | str, key: DataKey | None, read_only: bool = False) -> Any:
    """A direct DB-API connection on a DermaDesk database file (a backup's copy, say), keyed
    as the engine's are."""
    module = driver(key)
    connection = (
        module.connect(f"file:{path}?mode=ro", uri=True) if read_only else module.connect(path)
    )
    apply_key(connection, key)
    return connection


SQLITE_HEADER = b"SQLite format 3\x00"  # what a plain database file starts with


def is_plain_database(path: Path) -> bool:
    """True when the file at `path` is a plain SQLite database (SQLCipher's starts with
    random bytes: its salt)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def connect_copy(path: Path, key: DataKey | None, read_only: bool = True) -> Any:
    """A connection on a database copy (a backup's, say) that may be older than the
    practice's encryption: a plain one is opened as it is, any other with `key`."""
    return connect_file(path, None if is_plain_database(path) else key, read_only)


def driver_errors() -> tuple[type[Exception], ...]:
    """The DB-API errors both drivers raise for a database that cannot be read."""
    from sqlcipher3 import dbapi2

    return (sqlite3.DatabaseError, dbapi2.DatabaseError)


def examining_engine(db_path: Path, key: DataKey | None) -> Engine:
    """An engine that only reads `db_path` as it is: no WAL switch (a write), no pragmas but
    the key; for looking at a database before deciding to open it."""
    engine = create_engine(
        f"sqlite:///{db_path}",
        module=driver(key),
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", lambda connection, _record: apply_key(connection, key))
    return engine


def sqlite_engine(db_path: Path, key: DataKey | None = None) -> Engine:
    """An engine on the SQLite file `db_path` with DermaDesk's pragmas on every connection,
    through SQLCipher with the practice's key when `key` is given."""
    # SQLite gives the -wal and -shm files the mode of the database file, so
    # creating it owner-only first keeps all three private.
    create_private_file(db_path)
    engine = create_engine(
        f"sqlite:///{db_path}",
        module=driver(key),
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        connect_args={"isolation_level": None, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        apply_key(dbapi_connection, key)  # first: nothing can be read before it
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise DatabaseError(f"The database at {db_path} cannot use write-ahead logging.")
        cursor.execute("PRAGMA foreign_keys = ON")
        # REPLACE deletes rows too; with this on, it meets the DELETE triggers that
        # keep signed consents unchanged (migration 0004) instead of slipping past.
        cursor.execute("PRAGMA recursive_triggers = ON")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:  # type: ignore[no-untyped-def]
        immediate = connection.get_execution_options().get(_WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def this_computer() -> str:
    """This computer's network name, as the practice's other computers know it."""
    import socket

    return socket.gethostname() or "unnamed computer"


class Store:
    """The database behind a practice: sessions to read, and transactions to write, the
    practice's clock that every timestamp written to it is read from, and the data key it
    is encrypted with (None for a plain practice not converted yet)."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        key: DataKey | None = None,
        data_dir: Path | None = None,
    ):
        self.engine = engine
        self.clock = clock
        self.key = key
        self.is_sqlite = engine.dialect.name == "sqlite"
        # Each is called with every write session as it opens, to watch what it changes
        # (core/live_changes.py announces it to the practice's other windows).
        self.write_watchers: list[Callable[[Session], None]] = []
        # This computer's folder for the practice: for SQLite, the one holding the database
        # (and key.json); for a practice server, the computer's own (logs, thumbnails).
        self.data_dir = data_dir
        # Words refusing every write (a folder whose practice moved to a server), else None.
        self.read_only: str | None = None
        # On a practice server, which computer writes: the audit trail's entries name it, so
        # a save refused over a change says whether that change came from another computer.
        self.computer = "" if self.is_sqlite else this_computer()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads; it sees one consistent snapshot. A damaged, missing or busy
        database is told in words (DatabaseError); anything else is a bug."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
            except SQLAlchemyDatabaseError as error:
                known = known_database_error(error)
                if known is None:
                    raise
                raise known from error

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session whose changes are committed together at the end, or not at all."""
        if self.read_only is not None:
            raise DatabaseError(self.read_only)
        with Session(self.engine, expire_on_commit=False) as session:
            for watch in self.write_watchers:
                watch(session)
            try:
                # BEGIN IMMEDIATE: waits (busy timeout) for another writer, inside the try
                # so that a wait that runs out is reported in words like any other.
                connection = session.connection(execution_options={_WRITE_OPTION: True})
                if not self.is_sqlite:  # the server's counterpart: one writer at a time
                    from dermadesk.core.server_db import WRITE_LOCK, advisory_lock

                    advisory_lock(connection, WRITE_LOCK)
                yield session
                session.commit()
            except OperationalError as error:
                session.rollback()
                raise plain_database_error(error) from error
            except StaleDataError:  # a row another computer changed since this one read it
                session.rollback()
                raise DatabaseError(
                    "The same record was changed at another computer at the same moment, so "
                    "this change was not saved. Look at it again and make the change again."
                ) from None
            except SQLAlchemyDatabaseError as error:  # a damaged file, say, found mid-write
                session.rollback()
                known = known_database_error(error)
                if known is None:
                    raise
                raise known from error
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


# SQLite's primary result codes for what the world does to a database (sqlite.org/rescode):
# each is a known condition told in words; any other error is a bug and reaches the crash
# report. (qutebrowser's misc/sql.py draws the same line.)
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26
SQLITE_NOTADB = _SQLITE_NOTADB
_KNOWN_IN_WORDS = {
    _SQLITE_BUSY: "The database is busy with another DermaDesk task. Try again in a moment.",
    _SQLITE_LOCKED: "The database is busy with another DermaDesk task. Try again in a moment.",
    _SQLITE_READONLY: "The data folder is read-only, so nothing can be saved.",
    _SQLITE_IOERR: (
        "The disk holding DermaDesk's data could not be read or written (an input/output "
        "error). Check the disk; nothing was changed."
    ),
    _SQLITE_CORRUPT: (
        "The database file is damaged. Nothing was changed: restore the practice from a "
        "backup (File ▸ Restore from a backup…)."
    ),
    _SQLITE_FULL: "The disk is full. Free some space; nothing was saved.",
    _SQLITE_CANTOPEN: (
        "The database file cannot be opened (missing, or not allowed). Check the data "
        "folder; nothing was changed."
    ),
    _SQLITE_NOTADB: (
        "The database file is not a database any more (damaged or overwritten). Nothing was "
        "changed: restore the practice from a backup (File ▸ Restore from a backup…)."
    ),
}


def sqlite_result_code(error: BaseException) -> int | None:
    """SQLite's primary result code behind `error` (a driver or SQLAlchemy error), if any."""
    original = getattr(error, "orig", error)
    code = getattr(original, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def known_database_error(error: BaseException) -> DatabaseError | None:
    """The words for a known database condition behind `error` (None: a bug)."""
    code = sqlite_result_code(error)
    if code in _KNOWN_IN_WORDS:
        return DatabaseError(_KNOWN_IN_WORDS[code])
    if type(getattr(error, "orig", error)).__module__.startswith("psycopg"):
        from dermadesk.core.server_db import server_error

        return server_error(error)
    return None


def plain_database_error(error: OperationalError) -> DatabaseError:
    """Turn SQLite's operational errors into words a practice understands."""
    known = known_database_error(error)
    if known is not None:
        return known
    if type(error.orig).__module__.startswith("psycopg"):
        raise error  # a server's unknown operational error is a bug, not a condition
    return DatabaseError(f"The database could not be used ({error.orig}). Nothing was changed.")


# --- migrations --------------------------------------------------------------


def current_revision(bind: Engine | Connection) -> str | None:
    """The schema revision the database is at; None for a brand-new, empty database."""
    if isinstance(bind, Engine):
        with bind.connect() as connection:
            return current_revision(connection)
    sqlite = bind.dialect.name == "sqlite"
    has_version = bind.execute(
        text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        if sqlite
        else text(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'alembic_version' "
            "AND table_schema = current_schema()"
        )
    ).first()
    if has_version:
        return bind.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if inspect(bind).get_table_names():
        raise DatabaseError(
            "This database was not made by DermaDesk (it has tables but no DermaDesk "
            "version). Choose another data folder."
        )
    return None


def _alembic_config(connection: Connection | None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("dermadesk") / "migrations"))
    config.attributes["connection"] = connection
    return config


def known_revisions() -> set[str]:
    """Every revision the shipped migrations know."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))
    return {rev.revision for rev in script.walk_revisions()}


def head_revision() -> str:
    """The newest revision according to the shipped migrations themselves."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config(None)).get_current_head()
    assert head is not None
    return head


def copy_database(source: Engine, destination: Path, key: DataKey | None = None) -> None:
    """Copy a live SQLite database with SQLite's online backup API, to an owner-only file
    (encrypted with the same `key` as the source, when it has one)."""
    destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    create_private_file(partial)
    raw = source.raw_connection()
    try:
        target = connect_file(partial, key)
        try:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
        finally:
            target.close()
    finally:
        raw.close()
    os.replace(partial, destination)


def migrate(
    engine: Engine, backups_dir: Path, clock: Clock, key: DataKey | None = None
) -> str | None:
    """Bring the schema to the newest revision; returns the path of the pre-upgrade copy, if any.

    A new database is built by running every migration from the first. An
    older one is first copied into `backups_dir`, then upgraded. The upgrade
    holds the write lock from the check to the end and commits once, so two
    programs opening the same data dir take turns and a failed step leaves the
    database as it was. A database from a newer DermaDesk is refused untouched.
    """
    if current_revision(engine) == HEAD_REVISION:  # the everyday case: no lock needed
        return None
    from alembic import command

    write = {_WRITE_OPTION: True}
    with engine.connect().execution_options(**write) as connection, connection.begin():
        server = connection.dialect.name != "sqlite"
        if server:  # two computers opening a new server practice at once take turns
            from dermadesk.core.server_db import MIGRATION_LOCK, advisory_lock

            advisory_lock(connection, MIGRATION_LOCK)
        current = current_revision(connection)  # again, now that the lock is ours
        if current == HEAD_REVISION:
            return None  # another program upgraded it while this one waited
        if current is not None and current not in known_revisions():
            raise DatabaseError(
                "This data was saved by a newer version of DermaDesk (schema "
                f"{current}). Update DermaDesk to open it; nothing was changed."
            )
        copy_path = None
        # A server's upgrade is one transaction (PostgreSQL's DDL is transactional): a failed
        # one leaves it as it was, and its administrator's pg_dump is the server's copy.
        if current is not None and not server:
            stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
            copy_path = backups_dir / f"dermadesk-before-upgrade-from-{current}-{stamp}.db"
            copy_database(engine, copy_path, key)
        command.upgrade(_alembic_config(connection), "head")
    return str(copy_path) if copy_path else None
