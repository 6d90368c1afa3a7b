"""Signed consents: provable years later, never changed, withdrawn only by a new record."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy.exc import IntegrityError

from dermadesk.core.consent_hash import canonical_form, record_hash
from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import PHOTO, TREATMENT, ConsentState
from dermadesk.core.errors import NotFoundError, ValidationError
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.settings import ConsentSettings, PracticeDetails
from tests.helpers import TEST_NOW, connect_db, details, open_practice, signature

pytestmark = pytest.mark.both_stores

TODAY = TEST_NOW.date()


@pytest.fixture
def client_id(practice: Practice) -> int:
    practice.settings.set_practice_details(
        PracticeDetails(
            name="Skin Studio Bath", phone="01225 000000", practitioner_name="Dr Ola Nowak"
        )
    )
    answers = ScreeningAnswers(answered_on=TODAY, keloid_tendency=True)
    return practice.clients.create(details("Łucja", "Wiśniewska"), answers)


def sign_treatment(practice: Practice, client_id: int, **more: object) -> int:
    signing = Signing(
        client_id=client_id,
        kind=TREATMENT,
        practitioner_name="Dr Ola Nowak",
        client_signature=signature(1),
        practitioner_signature=signature(2),
        **more,  # type: ignore[arg-type]
    )
    return practice.consents.sign(signing, practice.clients.latest_screening(client_id))


def test_a_signed_consent_keeps_everything_it_was_signed_with(
    practice: Practice, client_id: int
) -> None:
    record_id = sign_treatment(practice, client_id, witness_name="Anna Kowalska",
                               witness_signature=signature(3))  # fmt: skip
    record = practice.consents.record(record_id)
    assert record.client_name == "Łucja Wiśniewska"
    assert "Skin Studio Bath" in record.form_text and "{practice_name}" not in record.form_text
    assert '"keloid_tendency": true' in record.answers
    assert record.client_signature == signature(1)
    assert record.witness_name == "Anna Kowalska"
    assert len(record.record_hash) == 64
    assert practice.consents.verify(record_id)
    assert practice.consents.tampered() == []


def test_the_same_record_gives_the_same_hash_and_any_change_another(
    practice: Practice, client_id: int
) -> None:
    record_id = sign_treatment(practice, client_id)
    record = practice.consents.record(record_id)
    template = practice.consents.current_template(TREATMENT)
    with open_practice(practice.data_dir) as reopened:  # read back as a new program would
        again = reopened.consents.record(record_id)
        assert canonical_form(again, reopened.consents.current_template(TREATMENT)) == (
            canonical_form(record, template)
        )
    original = record_hash(record, template)
    assert original == record.record_hash
    changes = {
        "client_name": "Lucja Wisniewska",
        "client_date_of_birth": date(1988, 5, 18),
        "form_text": record.form_text + " ",
        "answers": record.answers.replace("true", "false"),
        "photo_levels": '["clinical"]',
        "client_signature": signature(9),
        "practitioner_name": "Someone Else",
        "practitioner_signature": None,
        "witness_name": "X",
        "signed_at": record.signed_at + timedelta(seconds=1),
        "method": "paper",
        "client_id": record.client_id + 1,
    }
    for field, value in changes.items():
        changed = dataclasses.replace(record, **{field: value})
        assert record_hash(changed, template) != original, field
    edited_template = dataclasses.replace(template, body=template.body + "!")
    assert record_hash(record, edited_template) != original


@pytest.mark.sqlite_only(reason="SQLite's triggers; the server's: test_server_store.py")
def test_the_database_refuses_to_change_or_delete_a_signed_consent(
    practice: Practice, client_id: int
) -> None:
    record_id = sign_treatment(practice, client_id)
    with practice.store.engine.connect() as connection:
        for statement in (
            f"UPDATE consent_record SET client_name = 'X' WHERE id = {record_id}",
            f"DELETE FROM consent_record WHERE id = {record_id}",
            "UPDATE consent_template SET body = 'changed'",
        ):
            with pytest.raises(IntegrityError, match="never changes"):
                connection.exec_driver_sql(statement)
    assert practice.consents.verify(record_id)


@pytest.mark.sqlite_only(
    reason="edits SQLite's file around its triggers; the server's attacks: test_server_store.py"
)
def test_a_change_made_around_the_database_is_caught(
    practice: Practice, client_id: int, data_dir: Path
) -> None:
    record_id = sign_treatment(practice, client_id)
    kept = sign_treatment(practice, client_id)
    raw = connect_db(data_dir)
    raw.execute("DROP TRIGGER consent_record_no_update")
    raw.execute("UPDATE consent_record SET answers = '' WHERE id = ?", (record_id,))
    raw.commit()
    raw.close()
    assert not practice.consents.verify(record_id)
    assert practice.consents.verify(kept)
    assert practice.consents.tampered() == [(record_id, "its content no longer matches its hash")]


def test_withdrawal_is_a_new_record_and_the_signed_one_stays(
    practice: Practice, client_id: int
) -> None:
    record_id = sign_treatment(practice, client_id)
    assert practice.consents.status(client_id, TREATMENT).state is ConsentState.SIGNED
    practice.consents.withdraw(record_id, "Changed her mind", "Reception")
    status = practice.consents.status(client_id, TREATMENT)
    assert status.state is ConsentState.WITHDRAWN and status.withdrawn_on == TODAY
    assert "withdrawn" in status.describe()
    assert practice.consents.verify(record_id)
    with pytest.raises(ValidationError, match="already withdrawn"):
        practice.consents.withdraw(record_id)
    with pytest.raises(NotFoundError):
        practice.consents.withdraw(9999)
    sign_treatment(practice, client_id)  # signing again starts afresh
    assert practice.consents.status(client_id, TREATMENT).state is ConsentState.SIGNED


def test_an_old_consent_needs_renewal(practice: Practice, client_id: int) -> None:
    assert practice.consents.status(client_id, TREATMENT).describe() == (
        "Treatment consent: none on file."
    )
    sign_treatment(practice, client_id)
    practice.settings.set_consent(ConsentSettings(renewal_days=30))
    assert practice.consents.status(client_id, TREATMENT, TODAY + timedelta(days=30)).state is (
        ConsentState.SIGNED
    )
    later = practice.consents.status(client_id, TREATMENT, TODAY + timedelta(days=31))
    assert later.state is ConsentState.NEEDS_RENEWAL
    assert "needs renewal" in later.describe()


def test_a_past_day_stands_as_it_did_then(practice: Practice, client_id: int) -> None:
    """A session recorded for last month must not show a consent signed today as standing."""
    record_id = sign_treatment(practice, client_id)
    yesterday = TODAY - timedelta(days=1)
    assert practice.consents.status(client_id, TREATMENT, yesterday).state is ConsentState.NONE
    practice.consents.withdraw(record_id, "", "Reception")
    assert practice.consents.status(client_id, TREATMENT, TODAY).state is ConsentState.WITHDRAWN
    tomorrow = TODAY + timedelta(days=1)
    assert practice.consents.status(client_id, TREATMENT, tomorrow).state is (
        ConsentState.WITHDRAWN
    )


def test_photo_consent_has_levels(practice: Practice, client_id: int) -> None:
    signing = Signing(
        client_id=client_id,
        kind=PHOTO,
        practitioner_name="Dr Ola Nowak",
        client_signature=signature(4),
        practitioner_signature=signature(5),
        photo_levels=("clinical",),
    )
    record_id = practice.consents.sign(signing)
    status = practice.consents.status(client_id, PHOTO)
    assert status.photo_levels == ("clinical",)
    assert "clinical record" in status.describe() and "marketing" not in status.describe()
    assert practice.consents.record(record_id).answers == ""
    with pytest.raises(ValidationError, match="what the photographs may be used for"):
        practice.consents.sign(dataclasses.replace(signing, photo_levels=()))
    with pytest.raises(ValidationError, match="what the photographs may be used for"):
        practice.consents.sign(dataclasses.replace(signing, photo_levels=("billboards",)))


def test_a_paper_consent_is_recorded_with_its_scan(practice: Practice, client_id: int) -> None:
    scan = io.BytesIO()
    Image.new("RGB", (60, 80), "white").save(scan, "JPEG")
    signing = Signing(
        client_id=client_id,
        kind=TREATMENT,
        practitioner_name="Dr Ola Nowak",
        method="paper",
        paper_scan=scan.getvalue(),
        paper_scan_name="consent-łucja.jpg",
    )
    record_id = practice.consents.sign(signing, practice.clients.latest_screening(client_id))
    assert practice.consents.verify(record_id)
    with pytest.raises(ValidationError, match="JPEG or PNG picture, or a PDF"):
        practice.consents.sign(dataclasses.replace(signing, paper_scan=b"MZ not a scan"))
    with pytest.raises(ValidationError, match="Attach a scan"):
        practice.consents.sign(dataclasses.replace(signing, paper_scan=None))


def test_what_is_missing_before_signing_is_named(practice: Practice, client_id: int) -> None:
    unsigned = Signing(client_id=client_id, kind=TREATMENT, practitioner_name=" ")
    with pytest.raises(ValidationError) as error:
        practice.consents.sign(unsigned, None)
    assert {p.field for p in error.value.problems} == {
        "practitioner_name",
        "answers",
        "client_signature",
        "practitioner_signature",
    }
    assert "screening questions must be answered" in str(error.value)
    assert practice.consents.records(client_id) == []


def test_an_edited_form_is_a_new_version_and_records_keep_theirs(
    practice: Practice, client_id: int
) -> None:
    first = practice.consents.current_template(TREATMENT)
    assert first.version == 1 and "microneedling" in first.body.lower()
    signed_under_first = sign_treatment(practice, client_id)
    second = practice.consents.save_template(TREATMENT, first.title, first.body + "\nExtra line.")
    assert second.version == 2
    assert practice.consents.save_template(TREATMENT, first.title, second.body).version == 2
    assert practice.consents.record(signed_under_first).template_id == first.id
    assert practice.consents.verify(signed_under_first)
    assert [t.version for t in practice.consents.template_versions(TREATMENT)] == [2, 1]
    newer = practice.consents.record(sign_treatment(practice, client_id))
    assert newer.template_id == second.id and newer.form_text.endswith("Extra line.")


def test_a_form_with_stray_braces_still_signs_and_unknown_placeholders_are_refused(
    practice: Practice, client_id: int
) -> None:
    template = practice.consents.current_template(TREATMENT)
    body = template.body + "\n\nPrices {see the list} vary; a single { or } is fine."
    practice.consents.save_template(TREATMENT, template.title, body)
    record = practice.consents.record(sign_treatment(practice, client_id))
    assert record.form_text.endswith("Prices {see the list} vary; a single { or } is fine.")
    for bad in ("{0}", "{client_name.upper}", "{price}"):
        with pytest.raises(ValidationError, match="cannot fill in"):
            practice.consents.save_template(TREATMENT, template.title, f"{body}\n{bad}")


@pytest.mark.sqlite_only(reason="SQLite's triggers; the server's: test_server_store.py")
def test_withdrawals_and_forms_cannot_be_changed_or_replaced_either(
    practice: Practice, client_id: int
) -> None:
    record_id = sign_treatment(practice, client_id)
    practice.consents.withdraw(record_id, "moving away")
    with practice.store.engine.connect() as connection:
        for statement in (
            "UPDATE consent_withdrawal SET reason = 'changed'",
            "DELETE FROM consent_withdrawal",
            "DELETE FROM consent_template",
            "INSERT OR REPLACE INTO consent_withdrawal (id, record_id, withdrawn_at, reason,"
            " recorded_by) SELECT id, record_id, withdrawn_at, 'x', '' FROM consent_withdrawal",
        ):
            with pytest.raises(IntegrityError, match="never changes"):
                connection.exec_driver_sql(statement)
    assert practice.consents.withdrawals(client_id)[record_id].reason == "moving away"


def test_impossible_times_are_refused(practice: Practice, client_id: int) -> None:
    from datetime import datetime

    record_id = sign_treatment(practice, client_id)
    with pytest.raises(ValidationError, match="comes after the signing"):
        practice.consents.withdraw(record_id, when=datetime(2000, 1, 1, tzinfo=UTC))
    naive = Signing(client_id, TREATMENT, "Dr Nowak", signature(1), signature(2),
                    signed_at=datetime(2026, 1, 1))  # fmt: skip
    with pytest.raises(ValidationError, match="needs its time zone"):
        practice.consents.sign(naive, practice.clients.latest_screening(client_id))
