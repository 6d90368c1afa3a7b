"""The audit trail: who did what to which record, and when.

Entries are only ever added. The database refuses to change or delete one
(triggers, migration 0007), and each entry carries a SHA-256 over its own
content and the previous entry's hash, so an entry edited or removed behind
DermaDesk's back breaks the chain, which `dermadesk check` reports.

An entry is written in the same transaction as the change it describes: a
change that is rolled back leaves no entry, and no change goes unrecorded.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING

from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import insert, select
from sqlmodel import Session, col

from dermadesk.core.db import Store
from dermadesk.core.keys import DataKey

if TYPE_CHECKING:  # the tables load where used: start-up paints the list without them
    from dermadesk.core.models import AuditEvent
    from dermadesk.core.records import RecordedEntry

# An encrypted practice's entries carry an HMAC under a key derived from the data key, so
# whoever holds the database but not the key cannot recompute the chain after an edit.
KEYED = "hmac:"
AUDIT_PURPOSE = "audit"
ON_COMPUTER = " on "  # "window on reception-pc": the source, then the computer

# The actions recorded, with how the viewer names them.
ACTIONS = {
    "client.created": "Client file created",
    "client.edited": "Client file edited",
    "client.archived": "Client file archived",
    "client.restored": "Client file back in the list",
    "consent.signed": "Consent signed",
    "consent.withdrawn": "Consent withdrawn",
    "session.started": "Session started",
    "session.saved": "Session saved",
    "session.status": "Session status changed",
    "photo.imported": "Photo imported",
    "photo.retagged": "Photo tags changed",
    "photo.exported": "Photo exported",
    "photo.deleted": "Photo moved to the bin",
    "photo.recovered": "Photo taken out of the bin",
    "backup.written": "Backup written",
    "backup.restored": "Restored from a backup",
    "practice.moved": "Practice moved to a practice server",
    "practice.moved_in": "Practice moved here from a single computer",
    "sheet.printed": "Sheet printed",
    "sheet.saved": "Sheet saved as PDF",
    "screening.question_added": "Screening question added",
    "screening.question_changed": "Screening question changed",
    "screening.question_retired": "Screening question retired",
    "pin.set": "PIN set",
    "pin.changed": "PIN changed",
    "pin.removed": "PIN removed",
    "window.locked": "DermaDesk locked",
    "window.unlocked": "DermaDesk unlocked",
    "passphrase.changed": "Passphrase changed",
    "passphrase.recovered": "New passphrase set with the recovery code",
}


def computer_of(source: str) -> str:
    """The computer an entry's source names ("" when it names none: a folder practice's)."""
    return source.rpartition(ON_COMPUTER)[2] if ON_COMPUTER in source else ""


def default_actor() -> str:
    """Who is at the computer: the login name (DermaDesk has no accounts of its own)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name known to the system
        return "unknown"


@dataclass(frozen=True)
class Entry:
    """One thing to record, before it has its place in the chain."""

    action: str
    client_id: int | None = None
    target: str = ""  # the record acted on, e.g. "consent 12"
    detail: str = ""


def entry_hash(previous: str, event: AuditEvent, audit_key: bytes | None = None) -> str:
    """The chain's hash of `event`: its content in a canonical form, after the previous hash;
    an HMAC (marked "hmac:") under `audit_key` when given."""
    from dermadesk.core.models import utc_iso

    canonical = json.dumps(
        {
            "id": event.id,
            "at": utc_iso(event.at),
            "actor": event.actor,
            "source": event.source,
            "action": event.action,
            "client_id": event.client_id,
            "target": event.target,
            "detail": event.detail,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    message = (previous + canonical).encode("utf-8")
    if audit_key is not None:
        return KEYED + hmac.new(audit_key, message, hashlib.sha256).hexdigest()
    return hashlib.sha256(message).hexdigest()


class Audit:
    """The practice's audit trail. Reached as `practice.audit`."""

    def __init__(
        self,
        store: Store,
        actor: str | None = None,
        source: str = "command line",
    ):
        self._store = store
        self.actor = actor or default_actor()
        self.source = source  # "window" or "command line"; on a server, with the computer

    def _source(self) -> str:
        """The entries' source: on a practice server, which computer too ("window on
        reception-pc"), so a change can be told to come from another computer."""
        computer = self._store.computer
        if not computer or computer_of(self.source):
            return self.source
        return f"{self.source}{ON_COMPUTER}{computer}"

    @property
    def key(self) -> DataKey | None:
        """The data key of an encrypted practice: it keys the chain and signs its head."""
        return self._store.key

    def _audit_key(self) -> bytes | None:
        return None if self.key is None else self.key.derive(AUDIT_PURPOSE)

    def add(self, session: Session, entries: Entry | Iterable[Entry]) -> None:
        """Append entries inside the caller's write transaction (which holds the write lock)."""
        from dermadesk.core.models import AuditEvent

        entries = [entries] if isinstance(entries, Entry) else list(entries)
        if not entries:
            return
        if not self._store.is_sqlite:  # held already by Store.writing; taken again (free) for
            from dermadesk.core.server_db import AUDIT_HEAD_LOCK, advisory_lock

            # a session that did not begin there. Until this transaction ends, no other
            # computer reads the head to append after it.
            advisory_lock(session.connection(), AUDIT_HEAD_LOCK)
        last = session.exec(  # type: ignore[call-overload]
            select(col(AuditEvent.id), col(AuditEvent.hash))
            .order_by(col(AuditEvent.id).desc())
            .limit(1)
        ).first()
        last_id, previous = (last[0], last[1]) if last else (0, "")
        now = self._store.clock.now()
        audit_key = self._audit_key()
        rows, source = [], self._source()
        for offset, entry in enumerate(entries, start=1):
            if entry.action not in ACTIONS:
                raise ValueError(f"unknown audit action {entry.action!r}")
            row = {
                "id": last_id + offset,
                "at": now,
                "actor": self.actor,
                "source": source,
                "action": entry.action,
                "client_id": entry.client_id,
                "target": entry.target,
                "detail": entry.detail,
                "previous_hash": previous,
                "hash": "",  # set just below, from the entry's other fields
            }
            # A plain namespace, not an AuditEvent: building 10,000 mapped objects took
            # longer than writing them (import_10k).
            row["hash"] = previous = entry_hash(previous, SimpleNamespace(**row), audit_key)  # type: ignore[arg-type]
            rows.append(row)
        # Core insert: a 50,000-client import records 50,000 entries in one statement.
        session.connection().execute(insert(AuditEvent.__table__), rows)  # type: ignore[attr-defined]
        if self.key is not None and not session.info.get("audit head"):
            session.info["audit head"] = True
            sqlalchemy_event.listen(session, "after_commit", self._after_commit)

    def _after_commit(self, _session: Session) -> None:
        """Anchor the trail's new head outside the database (audit-head.json)."""
        from dermadesk.core.audit_head import write_head
        from dermadesk.core.errors import DermaDeskError

        assert self.key is not None
        try:
            write_head(self._store, self.key)
        except (OSError, DermaDeskError) as error:  # the write itself is done; check tells
            logging.getLogger("dermadesk").warning("The audit head was not written: %s", error)

    def log(self, entry: Entry) -> None:
        """Record something that changed no record in the database (a print, a backup)."""
        with self._store.writing() as session:
            self.add(session, entry)

    def events(
        self,
        client_id: int | Sequence[int] | None = None,
        limit: int | None = 1000,
    ) -> list[RecordedEntry]:
        """Entries newest first; for one client, or some clients, if given."""
        from dermadesk.core.models import AuditEvent
        from dermadesk.core.records import RecordedEntry

        query = select(AuditEvent).order_by(col(AuditEvent.id).desc())
        if isinstance(client_id, int):
            query = query.where(col(AuditEvent.client_id) == client_id)
        elif client_id is not None:
            query = query.where(col(AuditEvent.client_id).in_(list(client_id)))
        if limit is not None:
            query = query.limit(limit)
        with self._store.reading() as session:
            rows = session.exec(query).scalars()  # type: ignore[call-overload]
            return [RecordedEntry.of(row) for row in rows]

    def latest(self, action: str) -> RecordedEntry | None:
        """The newest entry of `action`, if any."""
        from dermadesk.core.models import AuditEvent
        from dermadesk.core.records import RecordedEntry

        query = (
            select(AuditEvent)
            .where(col(AuditEvent.action) == action)
            .order_by(col(AuditEvent.id).desc())
            .limit(1)
        )
        with self._store.reading() as session:
            row = session.exec(query).scalars().first()  # type: ignore[call-overload]
            return None if row is None else RecordedEntry.of(row)

    def latest_of(self, actions: Sequence[str]) -> RecordedEntry | None:
        """The newest entry of any of `actions`, if any."""
        from dermadesk.core.models import AuditEvent
        from dermadesk.core.records import RecordedEntry

        query = (
            select(AuditEvent)
            .where(col(AuditEvent.action).in_(list(actions)))
            .order_by(col(AuditEvent.id).desc())
            .limit(1)
        )
        with self._store.reading() as session:
            row = session.exec(query).scalars().first()  # type: ignore[call-overload]
            return None if row is None else RecordedEntry.of(row)

    def broken_links(self) -> list[str]:
        """Where the chain does not hold, in words; empty when every entry is as written."""
        return [detail for _kind, detail in self.chain_problems()]

    def chain_problems(self) -> list[tuple[str, str]]:
        """(kind, words) for each place the chain does not hold: "audit_chain" for a broken
        link, "audit_tampered" for an entry whose keyed hash someone without the key remade."""
        from dermadesk.core.models import AuditEvent

        problems: list[tuple[str, str]] = []
        previous = ""
        expected_id = 1
        audit_key = self._audit_key()
        keyed_seen = False
        with self._store.reading() as session:
            for (event,) in session.execute(select(AuditEvent).order_by(col(AuditEvent.id))):
                if event.id != expected_id:
                    missing = f"audit entries {expected_id} to {event.id - 1} are missing"
                    problems.append(("audit_chain", missing))
                if event.previous_hash != previous:
                    problems.append(
                        ("audit_chain", f"audit entry {event.id} does not follow the one before it")
                    )
                keyed = event.hash.startswith(KEYED)
                if keyed and audit_key is None:
                    pass  # a keyed entry read without the key: only the links can be followed
                elif keyed_seen and not keyed and audit_key is not None:
                    problems.append(
                        (
                            "audit_tampered",
                            f"audit entry {event.id} was rewritten without the practice's key",
                        )
                    )
                elif entry_hash(event.previous_hash, event, audit_key if keyed else None) != (
                    event.hash
                ):
                    kind = "audit_tampered" if keyed else "audit_chain"
                    changed = f"audit entry {event.id} was changed after it was written"
                    problems.append((kind, changed))
                keyed_seen = keyed_seen or keyed
                previous = event.hash
                expected_id = event.id + 1
        return problems


def describe(action: str) -> str:
    """The viewer's words for an action."""
    return ACTIONS.get(action, action)


def client_entries(action: str, client_ids: Sequence[int], detail: str = "") -> list[Entry]:
    """One entry per client, for an action on many client files at once."""
    return [Entry(action, client_id, f"client {client_id}", detail) for client_id in client_ids]
