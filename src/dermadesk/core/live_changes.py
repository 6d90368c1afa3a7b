"""The change feed: every write says what kind of thing changed, so that other windows on the
same practice can show it within a couple of seconds.

On a practice server each write transaction issues pg_notify inside itself (delivered only if
it commits) with a small JSON note: the kinds changed and the client ids, never names or
health data. A listener on a connection of its own waits for these notes. On SQLite, where a
second program on the same computer (the command line beside the window) is the case, a
cheap poll of PRAGMA data_version notices another connection's commit.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import TextClause, event, text
from sqlmodel import Session

from dermadesk.core.db import Store

CHANNEL = "dermadesk_changes"
POLL_SECONDS = 0.25  # SQLite's data_version check: one cheap pragma, four times a second
WAIT_SECONDS = 0.5  # how long the server listener waits before looking whether to stop
RETRY_SECONDS = 1.0  # before connecting again to a server that dropped the listener
LISTENER_NAME = "dermadesk live changes"  # the listener's connection, as the server lists it
MAX_CLIENT_IDS = 50  # more than this in one transaction: "any client" (a NOTIFY is small)

# What a window shows, by the table a row lives in; tables not named are "something".
KIND_OF_TABLE = {
    "client": "client",
    "health_questionnaire": "client",
    "screening_answer": "client",
    "consent_record": "consent",
    "consent_seal": "consent",
    "consent_withdrawal": "consent",
    "treatment_plan": "session",
    "treatment_session": "session",
    "area_treatment": "session",
    "photo": "photo",
    "practice_setting": "settings",
    "screening_question": "settings",
    "consent_template": "settings",
}

log = logging.getLogger(__name__)

# The listener's own connection: named, given up on after 10 s, and kept alive (or found
# dead) by TCP keepalives, so a server gone from the network is noticed and reconnected to.
_LISTENER_OPTIONS = {
    "autocommit": True,
    "application_name": LISTENER_NAME,
    "connect_timeout": 10,
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
}


def _tell(on_change: Callable[[Change], None], change: Change) -> None:
    """Hand a change on; a listener that fails is logged, and the feed goes on."""
    try:
        on_change(change)
    except Exception:
        log.exception("A change could not be shown")


@dataclass(frozen=True)
class Change:
    """What changed: its kinds (empty: not known) and client ids (None: any client may have),
    and whether another program or computer made it (False: this one did)."""

    kinds: frozenset[str] = frozenset()
    client_ids: frozenset[int] | None = None
    elsewhere: bool = True

    def touches(self, client_id: int) -> bool:
        """True when the change may concern client `client_id`'s file."""
        return self.client_ids is None or client_id in self.client_ids

    def concerns(self, *kinds: str) -> bool:
        """True when the change may be of one of `kinds` (an unknown change may be any)."""
        return not self.kinds or bool(self.kinds.intersection(kinds))

    def merged(self, other: Change) -> Change:
        """One change saying what this one and `other` say together."""
        ids = None
        if self.client_ids is not None and other.client_ids is not None:
            ids = self.client_ids | other.client_ids
        kinds = frozenset() if not (self.kinds and other.kinds) else self.kinds | other.kinds
        return Change(kinds, ids, self.elsewhere or other.elsewhere)

    def payload(self, origin: str) -> str:
        """The note sent to the server: kinds and ids only, never a name or a health detail."""
        ids = None if self.client_ids is None else sorted(self.client_ids)
        return json.dumps({"origin": origin, "kinds": sorted(self.kinds), "clients": ids})

    @classmethod
    def from_payload(cls, payload: str, own_origin: str) -> Change:
        """The change a note describes; a note that cannot be read means "something"."""
        try:
            note = json.loads(payload)
            ids = note.get("clients")
            return cls(
                frozenset(str(kind) for kind in note.get("kinds") or ()),
                None if ids is None else frozenset(int(i) for i in ids),
                note.get("origin") != own_origin,
            )
        except (ValueError, TypeError, AttributeError):
            return cls()


_DML_TEXT = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(\w+)", re.IGNORECASE)


class _Written:
    """What one write session changed, gathered statement by statement: the ORM's flushes
    from their objects, and the Core statements (bulk inserts) from their parameters."""

    def __init__(self) -> None:
        self.kinds: set[str] = set()
        self.client_ids: set[int] | None = set()
        self.anything = False
        self.flushing = False

    def note(self, table: str, client_id: object, new_client: bool = False) -> None:
        self.anything = True
        kind = KIND_OF_TABLE.get(table)
        if kind is not None:
            self.kinds.add(kind)
        if isinstance(client_id, int):
            if self.client_ids is not None:
                self.client_ids.add(client_id)
        elif kind != "settings" and not new_client:  # a row of no known client
            self.client_ids = None

    def watch(self, session: Session) -> None:
        event.listen(session, "before_flush", self._flush_starts)
        event.listen(session, "after_flush", self._after_flush)
        event.listen(session, "after_begin", self._on_begin)

    def _flush_starts(self, _session: Session, _context: object, _instances: object) -> None:
        self.flushing = True

    def _after_flush(self, session: Session, _context: object) -> None:
        self.flushing = False
        for row in (*session.new, *session.dirty, *session.deleted):
            table = str(getattr(row, "__tablename__", ""))
            client_id = getattr(row, "id" if table == "client" else "client_id", None)
            self.note(table, client_id, new_client=table == "client")

    def _on_begin(self, _session: Session, _transaction: object, connection: Any) -> None:
        event.listen(connection, "after_execute", self._after_execute)

    def _after_execute(
        self, _conn: object, statement: Any, multi: Any, params: Any, *_: Any
    ) -> None:
        if self.flushing:
            return  # the flush's objects say it better (after_flush)
        if getattr(statement, "is_dml", False):
            table = str(getattr(getattr(statement, "table", None), "name", ""))
        else:  # plain SQL only: compiling a select to look at it would cost each read
            sql = statement.text if isinstance(statement, TextClause) else statement
            found = _DML_TEXT.match(sql) if isinstance(sql, str) else None
            if found is None:
                return  # a read
            table = found.group(1).lower()
        rows = [r for r in (*(multi or ()), params) if isinstance(r, dict)] or [{}]
        for row in rows:
            client_id = row.get("id" if table == "client" else "client_id")
            self.note(table, client_id, new_client=table == "client")

    def change(self) -> Change:
        ids = self.client_ids
        if ids is not None and len(ids) > MAX_CLIENT_IDS:
            ids = None
        return Change(frozenset(self.kinds), None if ids is None else frozenset(ids), False)


class LiveChanges:
    """A practice's change feed: announces this program's writes and, once `listen` is
    called, reports other programs' changes to a callback on a worker thread."""

    def __init__(self, store: Store):
        self.store = store
        self.origin = uuid.uuid4().hex  # this program's own notes are told apart by it
        # SQLite: the poll's connection and the data_version last seen on it, which this
        # program's own commits move on at once (under the lock) so that they are no news.
        self._lock = threading.Lock()
        self._raw: Any = None
        self._version = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.ready = threading.Event()  # set once listening: later commits will be reported
        store.write_watchers.append(self._watch)

    def _watch(self, session: Session) -> None:
        written = _Written()
        written.watch(session)
        if self.store.is_sqlite:
            event.listen(session, "after_commit", self._count_own_commit)
        else:
            event.listen(session, "before_commit", lambda s: self._announce(s, written))

    def _count_own_commit(self, _session: Session) -> None:
        # Another program's commit in the instant between this COMMIT and the read below
        # would go unseen until the next change: a window of microseconds.
        with self._lock:
            if self._raw is not None:
                self._version = self._data_version(self._raw)

    def _announce(self, session: Session, written: _Written) -> None:
        session.flush()  # what is still pending is part of the change too
        if written.anything:
            note = written.change().payload(self.origin)
            session.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": note})

    def listen(self, on_change: Callable[[Change], None]) -> None:
        """Call `on_change` (on a worker thread) for each change committed elsewhere, and
        for this program's own (elsewhere False), until `stop`."""
        if self._thread is not None:
            return
        self._stop.clear()
        work = self._poll_sqlite if self.store.is_sqlite else self._listen_server
        self._thread = threading.Thread(
            target=work, args=(on_change,), name="dermadesk-live-changes", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop listening (within WAIT_SECONDS); safe to call when not listening."""
        self._stop.set()
        self.ready.clear()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=WAIT_SECONDS * 4)
        self._thread = None

    def _poll_sqlite(self, on_change: Callable[[Change], None]) -> None:
        try:
            raw = self.store.engine.raw_connection()
        except Exception:  # a database that cannot be opened: the window says so elsewhere
            log.exception("The change feed could not open the database")
            return
        try:
            with self._lock:
                self._raw, self._version = raw, self._data_version(raw)
            self.ready.set()
            while not self._stop.wait(POLL_SECONDS):
                with self._lock:
                    now = self._data_version(raw)
                    changed, self._version = now != self._version, now
                if changed:
                    _tell(on_change, Change())
        except Exception:
            log.exception("The change feed stopped")
        finally:
            with self._lock:
                self._raw = None
            raw.close()

    @staticmethod
    def _data_version(raw: Any) -> int:
        cursor = raw.cursor()
        try:
            return int(cursor.execute("PRAGMA data_version").fetchone()[0])
        finally:
            cursor.close()

    def _listen_server(self, on_change: Callable[[Change], None]) -> None:
        import psycopg

        engine = self.store.engine
        args, params = engine.dialect.create_connect_args(engine.url)
        dropped = False
        while not self._stop.is_set():
            try:
                named = {**params, **_LISTENER_OPTIONS}
                with psycopg.connect(*args, **named) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self.ready.set()
                    if dropped:  # notes sent while away are lost: refresh everything
                        _tell(on_change, Change())
                    while not self._stop.is_set():
                        for note in connection.notifies(timeout=WAIT_SECONDS):
                            _tell(on_change, Change.from_payload(note.payload, self.origin))
            except psycopg.Error as error:
                log.warning("The practice server's change feed dropped (%s); reconnecting", error)
                dropped = True
                self.ready.clear()
                self._stop.wait(RETRY_SECONDS)
