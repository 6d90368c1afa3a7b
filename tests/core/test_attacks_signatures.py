"""Issue 15's forgeries, each done as an insider would: with the database and its SQLCipher
key (the PRAGMA), and DermaDesk's own code to recompute hashes, but not the data key. Each
one was passed by `check` before; each must now be reported."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from dermadesk.core import lock as pins
from dermadesk.core.audit import entry_hash
from dermadesk.core.consent_hash import canonical_form, record_hash
from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import TREATMENT
from dermadesk.core.integrity import check_practice
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.settings import PracticeDetails
from tests import helpers
from tests.helpers import TEST_NOW, details, open_practice, signature


@contextmanager
def insider(data_dir: Path) -> Iterator[Any]:
    """The database opened as someone given its SQLCipher key would: sqlcipher3, PRAGMA key."""
    from sqlcipher3 import dbapi2 as sqlcipher

    connection = sqlcipher.connect(str(data_dir / "dermadesk.db"))
    connection.execute(f"PRAGMA key = {helpers.test_key(data_dir).database_pragma()}")
    try:
        yield connection
        connection.commit()
    finally:
        connection.close()


def as_dict(cursor: Any, row: tuple[Any, ...]) -> dict[str, Any]:
    return {column[0]: value for column, value in zip(cursor.description, row, strict=True)}


def kinds(practice: Practice) -> set[str]:
    return {problem.kind for problem in check_practice(practice)}


@pytest.fixture
def clients(practice: Practice) -> list[int]:
    practice.settings.set_practice_details(
        PracticeDetails(name="Skin Studio Bath", phone="01225 000000", practitioner_name="Ola")
    )
    answers = ScreeningAnswers(answered_on=TEST_NOW.date())
    return [
        practice.clients.create(details("Łucja", "Wiśniewska"), answers),
        practice.clients.create(details("Maria", "Nowak"), answers),
    ]


def sign(practice: Practice, client_id: int, scrawl: int = 1) -> int:
    signing = Signing(
        client_id=client_id,
        kind=TREATMENT,
        practitioner_name="Ola",
        client_signature=signature(scrawl),
        practitioner_signature=signature(9),
    )
    return practice.consents.sign(signing, practice.clients.latest_screening(client_id))


def recompute_consent_hash(connection: Any, record_id: int) -> None:
    """What the attacker runs after an edit: DermaDesk's own canonical form, hashed again."""
    connection.row_factory = as_dict
    record = connection.execute(
        "SELECT * FROM consent_record WHERE id = ?", (record_id,)
    ).fetchone()
    template = connection.execute(
        "SELECT * FROM consent_template WHERE id = ?", (record["template_id"],)
    ).fetchone()
    record["client_date_of_birth"] = date.fromisoformat(record["client_date_of_birth"])
    record["signed_at"] = datetime.fromisoformat(record["signed_at"])
    digest = hashlib.sha256(
        canonical_form(SimpleNamespace(**record), SimpleNamespace(**template))  # type: ignore[arg-type]
    ).hexdigest()
    connection.row_factory = None
    connection.execute(
        "UPDATE consent_record SET record_hash = ? WHERE id = ?", (digest, record_id)
    )


def test_a_clean_practice_shows_no_forgery(practice: Practice, clients: list[int]) -> None:
    from dermadesk.core.consent_seal import seal_consent

    record_id = sign(practice, clients[0])
    seal_consent(practice, record_id)
    practice.settings.set_lock_pin("2468")
    practice.settings.clear_lock_pin()
    practice.settings.set_lock_pin("1357")
    assert check_practice(practice) == []


def test_a_recomputed_consent_hash_is_caught(
    practice: Practice, clients: list[int], data_dir: Path
) -> None:
    record_id = sign(practice, clients[0])
    with insider(data_dir) as db:
        db.execute("DROP TRIGGER consent_record_no_update")
        (answers,) = db.execute(
            "SELECT answers FROM consent_record WHERE id = ?", (record_id,)
        ).fetchone()
        assert '"chemotherapy": false' in answers
        changed = answers.replace('"chemotherapy": false', '"chemotherapy": true')
        db.execute("UPDATE consent_record SET answers = ? WHERE id = ?", (changed, record_id))
        recompute_consent_hash(db, record_id)
    record = practice.consents.record(record_id)
    form = practice.consents.template_versions(TREATMENT)[0]
    assert record_hash(record, form) == record.record_hash  # the plain SHA-256 is fooled...
    assert not practice.consents.verify(record_id)
    found = check_practice(practice)
    assert [p.kind for p in found] == ["consent_tampered"]  # ...the practice's signature is not
    assert f"signed consent {record_id}" in found[0].detail


@pytest.mark.parametrize("drop_signature", [False, True])
def test_a_swapped_signature_dated_2020_is_caught(
    practice: Practice, clients: list[int], data_dir: Path, drop_signature: bool
) -> None:
    forged = sign(practice, clients[0], scrawl=1)
    other = sign(practice, clients[1], scrawl=5)
    with insider(data_dir) as db:
        db.execute("DROP TRIGGER consent_record_no_update")
        (image,) = db.execute(
            "SELECT client_signature FROM consent_record WHERE id = ?", (other,)
        ).fetchone()
        db.execute(
            "UPDATE consent_record SET client_signature = ?, signed_at = ? WHERE id = ?",
            (image, "2020-03-02 10:00:00.000000", forged),
        )
        if drop_signature:  # made to look like a record signed before the practice had keys
            db.execute("UPDATE consent_record SET signature = '' WHERE id = ?", (forged,))
        recompute_consent_hash(db, forged)
    assert practice.consents.record(forged).signed_at.year == 2020
    assert practice.consents.tampered() != []
    assert {p.kind for p in check_practice(practice)} == {"consent_tampered"}


def test_a_deleted_consent_is_caught(
    practice: Practice, clients: list[int], data_dir: Path
) -> None:
    record_id = sign(practice, clients[0])
    with insider(data_dir) as db:
        db.execute("DROP TRIGGER consent_record_no_delete")  # as the attacker must
        db.execute("DELETE FROM consent_record WHERE id = ?", (record_id,))
    found = check_practice(practice)
    assert [p.kind for p in found] == ["consent_missing"]
    assert f"consent {record_id}" in found[0].detail


def test_the_last_five_audit_entries_deleted_are_caught(
    practice: Practice, clients: list[int], data_dir: Path
) -> None:
    for n in range(6):
        practice.clients.create(details("Ewa", f"Tail{'x' * n}"), None)
    with insider(data_dir) as db:
        db.execute("DROP TRIGGER audit_event_no_delete")
        db.execute("DELETE FROM audit_event WHERE id > (SELECT max(id) - 5 FROM audit_event)")
    assert practice.audit.broken_links() == []  # the chain that is left holds...
    assert kinds(practice) == {"audit_truncated"}  # ...but it no longer reaches its head


def test_an_edited_entry_with_the_chain_recomputed_is_caught(
    practice: Practice, clients: list[int], data_dir: Path
) -> None:
    sign(practice, clients[0])
    with insider(data_dir) as db:
        db.execute("DROP TRIGGER audit_event_no_update")
        db.row_factory = as_dict
        rows = db.execute("SELECT * FROM audit_event ORDER BY id").fetchall()
        db.row_factory = None
        rows[1]["detail"] = "nothing of note"
        previous = ""
        for row in rows:  # the 15 lines of Python: every hash after the edit made again
            row["at"] = datetime.fromisoformat(row["at"])
            row["hash"] = entry_hash(previous, SimpleNamespace(**row))  # type: ignore[arg-type]
            db.execute(
                "UPDATE audit_event SET detail = ?, previous_hash = ?, hash = ? WHERE id = ?",
                (row["detail"], previous, row["hash"], row["id"]),
            )
            previous = row["hash"]
    assert "audit_tampered" in kinds(practice)


def _older_copy_put_back(
    practice: Practice, clients: list[int], data_dir: Path, tmp_path: Path
) -> None:
    """The database as it was before a consent was signed, put back over the practice's."""
    with insider(data_dir) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    older = tmp_path / "older.db"
    shutil.copy2(data_dir / "dermadesk.db", older)
    sign(practice, clients[0])
    practice.close()
    for leftover in ("dermadesk.db-wal", "dermadesk.db-shm"):
        (data_dir / leftover).unlink(missing_ok=True)
    shutil.copy2(older, data_dir / "dermadesk.db")


def test_an_older_copy_of_the_database_put_back_is_caught(
    practice: Practice, clients: list[int], data_dir: Path, tmp_path: Path
) -> None:
    _older_copy_put_back(practice, clients, data_dir, tmp_path)
    with open_practice(data_dir) as reopened:
        assert reopened.consents.tampered() == []
        assert kinds(reopened) == {"audit_truncated"}


def test_an_older_copy_put_back_stays_caught_after_the_trail_grows_past_its_head(
    practice: Practice, clients: list[int], data_dir: Path, tmp_path: Path
) -> None:
    _older_copy_put_back(practice, clients, data_dir, tmp_path)
    with open_practice(data_dir) as reopened:
        for n in range(6):  # new entries take the lost ones' ids, then pass the head's
            reopened.clients.create(details(f"Later{n}", "Client"), None)
        # The head never moved on past the entry it names, now another one.
        assert kinds(reopened) == {"audit_tampered"}


@pytest.mark.parametrize("head_gone", ["removed", "emptied"])
def test_an_older_copy_put_back_with_its_head_removed_stays_caught(
    practice: Practice, clients: list[int], data_dir: Path, tmp_path: Path, head_gone: str
) -> None:
    with insider(data_dir) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    older = tmp_path / "older.db"
    shutil.copy2(data_dir / "dermadesk.db", older)
    sign(practice, clients[0])
    practice.close()
    shutil.copy2(older, data_dir / "dermadesk.db")
    if head_gone == "removed":
        (data_dir / "audit-head.json").unlink()
    else:
        (data_dir / "audit-head.json").write_text("{}")
    with open_practice(data_dir) as reopened:
        reopened.clients.create(details("Next", "Day"), None)  # life goes on meanwhile
        expected = "audit_truncated" if head_gone == "removed" else "audit_tampered"
        assert kinds(reopened) == {expected}


def test_the_practice_certificate_removed_from_key_json_is_caught(
    practice: Practice, clients: list[int], data_dir: Path
) -> None:
    record_id = sign(practice, clients[0])
    key_json = data_dir / "key.json"
    content = json.loads(key_json.read_text())
    del content["practice"]
    key_json.write_text(json.dumps(content))
    from dermadesk.core import practice_key

    practice_key._cache.clear()  # a new process: nothing remembered
    found = {(p.kind, p.detail) for p in check_practice(practice)}
    assert ("consent_tampered", f"signed consent {record_id}: key.json no longer holds the "
            "practice's own certificate") in found  # fmt: skip
    assert {kind for kind, _ in found} == {"consent_tampered", "audit_tampered"}


def test_a_certificate_of_the_attacker_s_own_in_key_json_is_caught(
    practice: Practice, clients: list[int], data_dir: Path
) -> None:
    """Swap in a certificate of one's own, then sign the forged record with its key."""
    from dermadesk.core import practice_key
    from dermadesk.core.consent_seal import record_payload
    from dermadesk.core.models import ConsentRecord, ConsentTemplate

    record_id = sign(practice, clients[0])
    own = practice_key.new_practice_key(TEST_NOW, "Skin Studio Bath")
    key_json = data_dir / "key.json"
    content = json.loads(key_json.read_text())
    content["practice"]["certificate"] = own.certificate_pem.decode()
    key_json.write_text(json.dumps(content))
    with insider(data_dir) as db:
        db.execute("DROP TRIGGER consent_record_no_update")
        db.execute("UPDATE consent_record SET practitioner_name = 'Someone Else'")
        recompute_consent_hash(db, record_id)
    with practice.store.reading() as session:
        record = session.get(ConsentRecord, record_id)
        assert record is not None
        template = session.get(ConsentTemplate, record.template_id)
        assert template is not None
        forged = own.sign(record_payload(record, template))
    with insider(data_dir) as db:
        db.execute("UPDATE consent_record SET signature = ?", (forged,))
    practice_key._cache.clear()
    assert {p.kind for p in check_practice(practice)} == {"consent_tampered", "audit_tampered"}


def test_a_planted_pin_hash_opens_nothing_and_is_caught(practice: Practice, data_dir: Path) -> None:
    practice.settings.set_lock_pin("5 apple trees")
    planted = pins.hash_pin("0000")  # computed without the key, as anyone can
    with insider(data_dir) as db:
        (value,) = db.execute("SELECT value FROM practice_setting WHERE key = 'lock'").fetchone()
        stored = json.loads(value) | {"pin_hash": planted}
        db.execute(
            "UPDATE practice_setting SET value = ? WHERE key = 'lock'", (json.dumps(stored),)
        )
    assert not pins.verify_pin("0000", practice.settings.lock().pin_hash)
    assert kinds(practice) == {"pin_tampered"}


def test_a_pin_removed_behind_the_practice_s_back_is_caught(
    practice: Practice, data_dir: Path
) -> None:
    practice.settings.set_lock_pin("5 apple trees")
    with insider(data_dir) as db:
        for emptied in ({"pin_hash": ""}, {"pin_hash": "", "pin_tag": ""}):
            (value,) = db.execute(
                "SELECT value FROM practice_setting WHERE key = 'lock'"
            ).fetchone()
            db.execute(
                "UPDATE practice_setting SET value = ? WHERE key = 'lock'",
                (json.dumps(json.loads(value) | emptied),),
            )
    assert kinds(practice) == {"pin_tampered"}
