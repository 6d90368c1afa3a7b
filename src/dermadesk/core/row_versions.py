"""Optimistic locking: a save that would overwrite a change made elsewhere is refused.

The client file, plans, sessions and settings carry a version (core.models, migration
0013). An editor hands back the version it loaded; when the row has moved on, the save
raises ChangedElsewhere saying who changed it, when, and what differs, and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col

from dermadesk.core.audit import computer_of
from dermadesk.core.dates import long_date
from dermadesk.core.db import Store
from dermadesk.core.errors import ChangedElsewhere, Difference

Shown = Callable[[Any], str]
T = TypeVar("T")


def in_words(value: object) -> str:
    """A stored value as the practitioner reads it."""
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date) and not isinstance(value, datetime):
        return long_date(value)
    if isinstance(value, datetime):
        return f"{long_date(value.date())} {value:%H:%M}"
    return str(value)


def differences(
    labels: Mapping[str, str],
    saved: Mapping[str, Any],
    yours: Mapping[str, Any],
    shown: Mapping[str, Shown] | None = None,
) -> list[Difference]:
    """The labelled fields whose saved value is not the user's, in the labels' order."""
    found = []
    for name, label in labels.items():
        if saved.get(name) != yours.get(name):
            show = (shown or {}).get(name, in_words)
            found.append(Difference(label, show(saved.get(name)), show(yours.get(name))))
    return found


def reapplied(loaded: T, yours: T, theirs: T) -> T:
    """`theirs` with every field the user changed since `loaded` put back as the user had it."""
    edited = {
        f.name: getattr(yours, f.name)
        for f in fields(yours)  # type: ignore[arg-type]
        if getattr(yours, f.name) != getattr(loaded, f.name)
    }
    return replace(theirs, **edited)  # type: ignore[type-var]


def _when(store: Store, at: datetime) -> str:
    """'at 10:42' today, 'on 29 November 2026 at 10:42' another day, in local time."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)  # SQLite gives stored moments back naive, in UTC
    local = at.astimezone().replace(tzinfo=None)
    if local.date() == store.clock.local_now().date():
        return f"at {local:%H:%M}"
    return f"on {long_date(local.date())} at {local:%H:%M}"


def changed_elsewhere(
    session: Session,
    store: Store,
    what: str,
    target: str,
    updated_at: datetime,
    found: list[Difference],
) -> ChangedElsewhere:
    """The error for a refused save: who changed `target` last, and when, from the audit
    trail (the row's own time when the trail has no entry for it)."""
    from dermadesk.core.models import AuditEvent

    last = None
    if target:
        last = (
            session.exec(  # type: ignore[call-overload]
                select(AuditEvent)
                .where(col(AuditEvent.target) == target)
                .order_by(col(AuditEvent.id).desc())
                .limit(1)
            )
            .scalars()
            .first()
        )
    by, at = ("", updated_at) if last is None else (last.actor, last.at)
    if last is not None and last.at < updated_at:  # a change the trail does not describe
        by, at, last = "", updated_at, None
    # A practice in a folder is only ever opened on the computer it is on: whatever
    # changed it (a second window, the command line) ran here. On a server, the trail's
    # entry names the computer it came from.
    here = store.is_sqlite or (last is not None and computer_of(last.source) == store.computer)
    return ChangedElsewhere(what, by, _when(store, at), here, found)


def refuse_if_changed(
    session: Session,
    store: Store,
    row: Any,
    expected: int | None,
    what: str,
    target: str,
    found: Callable[[], list[Difference]],
) -> None:
    """Raise ChangedElsewhere when `row` is no longer at the version the editor loaded.

    `expected` None means the caller read and saves in one go (the command line): no check.
    """
    if expected is not None and row.version != expected:
        raise changed_elsewhere(session, store, what, target, row.updated_at, found())


def flush_checked(
    session: Session,
    store: Store,
    row: Any,
    what: str,
    target: str,
    found: Callable[[], list[Difference]],
) -> None:
    """Flush, turning a row another computer updated since it was read in this transaction
    (a race a server allows between reading and writing) into ChangedElsewhere."""
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        raise changed_elsewhere(session, store, what, target, row.updated_at, found()) from None
