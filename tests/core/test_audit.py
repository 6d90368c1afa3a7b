"""The audit trail: every change that matters is recorded, and the record cannot be rewritten."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from dermadesk.core.audit import ACTIONS
from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import TREATMENT
from dermadesk.core.errors import NotFoundError
from dermadesk.core.integrity import check_practice
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.session_records import AreaNote, SessionRecord
from tests.helpers import DB_ERRORS, TEST_NOW, UNLOCK, connect_db, details, open_practice, signature

pytestmark = pytest.mark.both_stores


def actions(practice: Practice, client_id: int | None = None) -> list[str]:
    return [event.action for event in reversed(practice.audit.events(client_id))]


def test_the_changes_that_matter_are_recorded_against_their_client(practice: Practice) -> None:
    today = TEST_NOW.date()
    anna = practice.clients.create(details(), ScreeningAnswers(answered_on=today))
    bea = practice.clients.create(details("Bea", "Lis"))
    practice.clients.update(anna, details(phone="+44 7700 900123"))
    practice.clients.archive(bea)
    record = practice.consents.sign(
        Signing(
            client_id=anna,
            kind=TREATMENT,
            practitioner_name="Dr Ola Nowak",
            client_signature=signature(1),
            practitioner_signature=signature(2),
        ),
        practice.clients.latest_screening(anna),
    )
    session = practice.sessions.book(anna, datetime.combine(today, datetime.min.time()))
    practice.sessions.start(session, today=today)
    note = AreaNote("forehead", 0.5, 2)
    practice.sessions.save(session, SessionRecord(areas=(note,)), done=True)
    practice.consents.withdraw(record, "moving away")

    assert actions(practice, anna) == [
        "client.created",
        "client.edited",
        "consent.signed",
        "session.started",
        "session.saved",
        "consent.withdrawn",
    ]
    assert actions(practice, bea) == ["client.created", "client.archived"]
    saved = next(e for e in practice.audit.events(anna) if e.action == "session.saved")
    assert (saved.target, saved.detail) == (f"session {session}", "marked done; Forehead")
    # On a practice server the source names the computer too.
    here = "" if practice.store.is_sqlite else f" on {practice.store.computer}"
    assert saved.actor and saved.source == f"command line{here}"
    assert set(actions(practice)) <= set(ACTIONS)


def test_a_change_that_fails_leaves_no_entry(practice: Practice) -> None:
    client = practice.clients.create(details())
    before = len(practice.audit.events())
    with pytest.raises(NotFoundError):
        practice.clients.update(client + 1, details())
    assert len(practice.audit.events()) == before


@pytest.mark.sqlite_only(reason="SQLite's triggers; the server's: test_server_store.py")
def test_the_database_refuses_to_change_or_delete_an_entry(practice: Practice) -> None:
    practice.clients.create(details())
    connection = connect_db(practice.data_dir)
    try:
        for statement in (
            "UPDATE audit_event SET actor = 'someone else'",
            "DELETE FROM audit_event",
            "INSERT OR REPLACE INTO audit_event SELECT * FROM audit_event",
        ):
            with pytest.raises(DB_ERRORS, match="audit trail is kept as written"):
                connection.execute("PRAGMA recursive_triggers = ON")
                connection.execute(statement)
    finally:
        connection.close()
    assert check_practice(practice) == []


def _behind_dermadesks_back(practice: Practice, *statements: str) -> None:
    """What someone with the database file and a SQLite shell could do."""
    connection = connect_db(practice.data_dir)
    with connection:
        connection.execute("DROP TRIGGER audit_event_no_update")
        connection.execute("DROP TRIGGER audit_event_no_delete")
        for statement in statements:
            connection.execute(statement)
    connection.close()


@pytest.mark.sqlite_only(
    reason="edits SQLite's file around its triggers; the server's attacks: test_server_store.py"
)
def test_check_finds_an_entry_edited_behind_dermadesks_back(practice: Practice) -> None:
    for first in ("Anna", "Bea", "Cleo"):
        practice.clients.create(details(first))
    _behind_dermadesks_back(practice, "UPDATE audit_event SET detail = 'nothing' WHERE id = 2")

    problems = [(p.kind, p.detail) for p in check_practice(practice)]
    assert problems == [("audit_tampered", "audit entry 2 was changed after it was written")]


@pytest.mark.sqlite_only(
    reason="edits SQLite's file around its triggers; the server's attacks: test_server_store.py"
)
def test_check_finds_an_entry_removed_from_the_middle(practice: Practice) -> None:
    for first in ("Anna", "Bea", "Cleo"):
        practice.clients.create(details(first))
    _behind_dermadesks_back(practice, "DELETE FROM audit_event WHERE id = 2")

    details_found = [p.detail for p in check_practice(practice) if p.kind == "audit_chain"]
    assert details_found == [
        "audit entries 2 to 2 are missing",
        "audit entry 3 does not follow the one before it",
    ]


def test_an_import_of_many_clients_records_each(practice: Practice, tmp_path: Path) -> None:
    ids = practice.clients.create_many([(details(f"Client{n}"), None) for n in range(50)])
    assert [e.client_id for e in reversed(practice.audit.events())] == ids
    assert check_practice(practice) == []


@pytest.mark.sqlite_only(reason="backups of a server practice are issue 16's part 7")
def test_backups_and_restores_are_recorded(practice: Practice, tmp_path: Path) -> None:
    practice.clients.create(details())
    result = practice.backup(tmp_path / "backups")
    assert actions(practice)[-1] == "backup.written"
    assert practice.audit.events()[0].target == str(result.path)

    restored_dir = tmp_path / "restored"
    Practice.restore(result.path, restored_dir, unlock=UNLOCK)
    with open_practice(restored_dir) as restored:
        # The copy holds what was backed up, then the restore itself.
        assert actions(restored) == ["client.created", "backup.restored"]
        assert check_practice(restored) == []
