"""A practice on a PostgreSQL server: its engine, and the server's errors in words.

The server is shared by the practice's computers, so writers keep their transactions short
at READ COMMITTED, and take turns by DermaDesk's write lock (WRITE_LOCK, in place of SQLite's
BEGIN IMMEDIATE); a pooled connection is tested before use (the server may have restarted).
psycopg is imported only here, when a server practice is opened: a folder practice starts
without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from dermadesk.core.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy import Engine

SERVER_SCHEME = "postgresql+psycopg"
CONNECT_TIMEOUT_S = 10
# An id of DermaDesk's own for pg_advisory_xact_lock: the migrations, the writes and the keys
# each take theirs, so two computers never do one at the same moment.
MIGRATION_LOCK = 0x44444D31  # "DDM1"
# Taken first in every write transaction (Store.writing), as SQLite's BEGIN IMMEDIATE: a
# check and the insert it allows are one step for every computer.
WRITE_LOCK = 0x44445731  # "DDW1"
# The audit chain's head is appended to under the write lock itself (re-taking it is free),
# so no transaction ever waits for one lock while holding the other.
AUDIT_HEAD_LOCK = WRITE_LOCK
KEYS_LOCK = 0x44444B31  # "DDK1": the key record, changed from one computer at a time


def is_server_url(database_url: str) -> bool:
    """True for a URL DermaDesk opens as a practice server (postgresql+psycopg://…)."""
    try:
        return make_url(database_url).drivername == SERVER_SCHEME
    except ArgumentError:
        return False


def check_server_url(database_url: str) -> str:
    """The URL to connect with (postgresql:// taken as psycopg's); a URL DermaDesk cannot use
    as a practice server, or one across the network without verified TLS, refused in words."""
    from dermadesk.core.server_address import parse_address

    return parse_address(database_url).sqlalchemy_url


def describe(database_url: str) -> str:
    """The address to show a person: the database and host, never a password."""
    url = make_url(database_url)
    host = url.host or str(url.query.get("host", "this computer"))
    return f"database {url.database} on {host}"


def server_engine(database_url: str) -> Engine:
    """An engine on the practice server at `database_url` (psycopg 3, READ COMMITTED)."""
    return create_engine(
        check_server_url(database_url),
        isolation_level="READ COMMITTED",
        pool_pre_ping=True,
        pool_size=2,
        max_overflow=4,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "DermaDesk"},
    )


# How long a write waits for another computer's to end before it is told "busy" in words,
# as SQLite's busy timeout does; never for ever (a stuck computer must not stall the others).
LOCK_WAIT_MS = 10_000


def advisory_lock(connection: Connection, lock: int) -> None:
    """Hold DermaDesk's `lock` on the server until the connection's transaction ends, waiting
    at most LOCK_WAIT_MS for it (then lock_not_available: "busy", in words)."""
    connection.execute(text(f"SET LOCAL lock_timeout = {int(LOCK_WAIT_MS)}"))
    connection.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": lock})


# SQLSTATEs (postgresql.org/docs/current/errcodes-appendix.html) of what the world does to a
# practice server: each is told in words; any other error is a bug and reaches the crash report.
_BUSY = "The practice server is busy with another computer's change. Try again in a moment."
_SERVER_IN_WORDS = {
    "40001": _BUSY,  # serialization_failure
    "40P01": _BUSY,  # deadlock_detected
    "55P03": _BUSY,  # lock_not_available
    "42501": (
        "The practice server does not allow DermaDesk to do this (the database role lacks the "
        "right). Ask whoever looks after the server to run `dermadesk server prepare`; "
        "nothing was changed."
    ),
    "53100": "The practice server's disk is full. Nothing was saved; the server needs space.",
    "53200": "The practice server is out of memory. Nothing was saved; try again shortly.",
    "53300": "The practice server has too many connections open. Try again in a moment.",
    "25006": "The practice server is read-only just now, so nothing can be saved.",
    "57P01": "The practice server was shut down. Nothing was saved; try again once it is back.",
    "57P03": "The practice server is starting up. Try again in a moment.",
    "28000": (
        "The practice server refused this computer (its address or user is not allowed). "
        "Check the server's address; nothing was changed."
    ),
    "28P01": (
        "The practice server refused the password. Check the server's address and password; "
        "nothing was changed."
    ),
    "3D000": "The practice server has no such database. Check the server's address.",
}
_UNREACHABLE = (
    "The practice server cannot be reached ({detail}). Check that the server computer is on "
    "and connected; nothing was changed."
)


def server_error(error: BaseException) -> DatabaseError | None:
    """Words for a known practice-server condition behind `error` (None: not one, a bug)."""
    original = getattr(error, "orig", error)
    module = type(original).__module__
    if not module.startswith("psycopg"):
        return None
    state = getattr(original, "sqlstate", None)
    if state in _SERVER_IN_WORDS:
        return DatabaseError(_SERVER_IN_WORDS[state])
    # No SQLSTATE at all: the connection itself failed (refused, no route, a timeout).
    if (state is None and type(original).__name__ == "OperationalError") or (
        state is not None and state.startswith("08")
    ):
        detail = str(original).strip().splitlines()[0] if str(original).strip() else "no reply"
        return DatabaseError(_UNREACHABLE.format(detail=detail[:200]))
    return None
