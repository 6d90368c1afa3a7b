"""The aftercare sheet and the day pack, read back from the PDF as people read them."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time, timedelta

import pytest
from pypdf import PdfReader

from dermadesk.core.clock import FixedClock
from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import PHOTO, TREATMENT
from dermadesk.core.errors import DermaDeskError, ValidationError
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.session_records import AreaNote, SessionRecord, SessionStatus
from dermadesk.core.settings import PracticeDetails
from dermadesk.core.sheets import contents
from dermadesk.documents.aftercare import render_aftercare
from dermadesk.documents.day_pack import render_day_pack
from tests.documents.test_consent_sheets import flat, pdf_text
from tests.helpers import TEST_NOW, details, signature

DAY = date(2026, 12, 3)


@pytest.fixture(autouse=True)
def _on_the_day(clock: FixedClock) -> None:
    """These tests are written for DAY: the practice's clock says it is that day (at the
    suite's time of day)."""
    clock.set(datetime.combine(DAY, TEST_NOW.time()))


@pytest.fixture
def clinic(practice: Practice) -> Practice:
    practice.settings.set_practice_details(
        PracticeDetails(name="Skin & Co, Łódź", phone="+48 42 111 22 33", practitioner_name="Ola")
    )
    return practice


def treated_session(practice: Practice, first: str = "Zoë", last: str = "Đặng") -> int:
    client_id = practice.clients.create(
        details(first, last), ScreeningAnswers(answered_on=DAY), today=DAY
    )
    session_id = practice.sessions.book(client_id, datetime.combine(DAY, time(10, 30)))
    practice.sessions.start(session_id, today=DAY)
    record = SessionRecord(
        actives_pause_days=7,
        areas=(
            AreaNote("neck", 0.5, 2),
            AreaNote("cheek_right", 1.5, 3),
            AreaNote("periorbital_left", 0.25, 1),
        ),
    )
    practice.sessions.save(session_id, record, done=True)
    return session_id


def test_the_aftercare_sheet_names_the_day_the_areas_and_how_long(clinic: Practice) -> None:
    session_id = treated_session(clinic)
    client_id = clinic.sessions.get(session_id).client_id
    clinic.sessions.book(client_id, datetime(2026, 12, 31, 14, 0))
    sheet = contents.aftercare_sheet(clinic, session_id, today=DAY)
    text = flat(pdf_text(render_aftercare(sheet)))

    assert "Zoë Đặng" in text
    assert "Treated on 3 Dec 2026" in text
    # Areas by their human names, in the map's order (top to bottom), not the ids.
    assert "Areas treated Left eye area, Right cheek, Neck" in text
    assert "cheek_right" not in text
    assert "Next appointment Thu 31 Dec 2026, 14:00" in text
    # What to expect and for how long; what to avoid and for how long.
    assert "redness" in text.lower() and "two to seven days" in text
    assert "No makeup for at least 24 hours" in text
    assert "sun" in text and "at least a week" in text
    assert "Hold off retinol, alpha hydroxy acids (AHA)" in text and "for 7 days" in text
    # The warning signs and whom to call.
    assert "Signs of infection or a severe reaction" in text
    assert "Call Skin & Co, Łódź on +48 42 111 22 33" in text
    assert "{" not in text


def test_the_aftercare_sheet_says_when_no_next_appointment_is_booked(clinic: Practice) -> None:
    text = flat(
        pdf_text(render_aftercare(contents.aftercare_sheet(clinic, treated_session(clinic))))
    )
    assert "Next appointment not booked yet" in text


def test_the_practice_edits_its_own_aftercare_advice(clinic: Practice) -> None:
    clinic.settings.set_aftercare_text(
        "After your treatment\n\nSun\nApply mineral sunscreen at the end of the session and "
        "daily after. Hold actives for {actives_days}. Questions: {practice_phone}."
    )
    text = flat(
        pdf_text(render_aftercare(contents.aftercare_sheet(clinic, treated_session(clinic))))
    )
    assert "After your treatment" in text
    assert "Apply mineral sunscreen at the end of the session" in text
    assert "Hold actives for 7 days. Questions: +48 42 111 22 33." in text
    with pytest.raises(ValidationError, match=r"cannot fill in \{client_email\}"):
        clinic.settings.set_aftercare_text("Write to {client_email}")
    clinic.settings.set_aftercare_text("")  # empty: back to DermaDesk's default
    assert clinic.settings.aftercare_text().startswith("Caring for your skin")


def test_no_aftercare_sheet_for_a_session_that_did_not_happen(clinic: Practice) -> None:
    client_id = clinic.clients.create(details(), ScreeningAnswers(answered_on=DAY))
    session_id = clinic.sessions.book(client_id, datetime.combine(DAY, time(9)))
    clinic.sessions.save(session_id, SessionRecord(areas=(AreaNote("chin", 1.0, 2),)))
    with pytest.raises(DermaDeskError, match="has not taken place"):
        contents.aftercare_sheet(clinic, session_id)  # areas pre-filled, never started
    clinic.sessions.start(session_id, today=DAY)
    clinic.sessions.save(session_id, SessionRecord())  # started, areas taken off again
    with pytest.raises(DermaDeskError, match="no treated areas recorded"):
        contents.aftercare_sheet(clinic, session_id)


def test_no_consent_or_aftercare_sheet_until_the_practice_has_a_name_and_phone(
    practice: Practice,
) -> None:
    session_id = treated_session(practice)  # a new practice: no name, no phone
    client_id = practice.sessions.get(session_id).client_id
    practice.sessions.book(client_id, datetime.combine(DAY, time(16)))
    sheets_asked_for = [
        lambda: contents.aftercare_sheet(practice, session_id),
        lambda: contents.blank_consent_sheet(practice, client_id),
        lambda: contents.blank_consent_sheet(practice, client_id, PHOTO),
        lambda: contents.day_pack(practice, DAY),
    ]
    for ask in sheets_asked_for:
        with pytest.raises(contents.PracticeNotSetUp, match="name and phone number are not set"):
            ask()
    practice.settings.set_practice_details(PracticeDetails(name="Skin & Co"))
    for ask in sheets_asked_for:
        with pytest.raises(contents.PracticeNotSetUp, match="no phone number yet"):
            ask()
    practice.settings.set_practice_details(PracticeDetails(name="Your practice", phone="01 23"))
    for ask in sheets_asked_for:  # the placeholder is not a name
        with pytest.raises(contents.PracticeNotSetUp, match=r"name is not set.*Practice settings"):
            ask()
    practice.settings.set_practice_details(PracticeDetails(name="Skin & Co", phone="01 23"))
    for ask in sheets_asked_for:
        ask()


def test_the_day_pack_has_every_planned_client_in_time_order(clinic: Practice) -> None:
    booked = [
        ("Łucja", "Wiśniewska", 15, 0),
        ("Ana", "Ruiz", 9, 30),
        ("Maja", "Kos", 10, 0),
        ("Olena", "Бондаренко", 11, 0),
    ]
    ids = {}
    for first, last, hour, minute in booked:
        client_id = clinic.clients.create(
            details(first, last), ScreeningAnswers(answered_on=DAY), today=DAY
        )
        ids[last] = client_id
        clinic.sessions.book(client_id, datetime.combine(DAY, time(hour, minute)))
    # Ana has signed photo consent: her pack needs only the treatment form.
    clinic.consents.sign(
        Signing(ids["Ruiz"], PHOTO, "Ola", signature(1), signature(2), photo_levels=("clinical",))
    )
    # Maja has signed both, and her treatment consent holds on the day: nothing to sign.
    clinic.consents.sign(
        Signing(ids["Kos"], TREATMENT, "Ola", signature(1), signature(2)),
        clinic.clients.latest_screening(ids["Kos"]),
    )
    clinic.consents.sign(
        Signing(ids["Kos"], PHOTO, "Ola", signature(1), signature(2), photo_levels=("clinical",))
    )
    # Not in the pack: a cancelled session, a done one, and another day's.
    other = clinic.clients.create(details("Cancelled", "Person"))
    cancelled = clinic.sessions.book(other, datetime.combine(DAY, time(12)))
    clinic.sessions.set_status(cancelled, SessionStatus.CANCELLED)
    treated_session(clinic, "Done", "Already")
    clinic.sessions.book(other, datetime.combine(DAY + timedelta(days=1), time(9)))

    pack = contents.day_pack(clinic, DAY, today=DAY)
    pdf = render_day_pack(pack)
    reader = PdfReader(io.BytesIO(pdf))
    pages = [flat(page.extract_text()) for page in reader.pages]
    # Each client has the cover line: time, name, "n of 4".
    covers = [
        m.groups() for page in pages for m in re.finditer(r"(\d\d:\d\d) (.+?) (\d) of 4", page)
    ]
    assert covers == [
        ("09:30", "Ana Ruiz", "1"),
        ("10:00", "Maja Kos", "2"),
        ("11:00", "Olena Бондаренко", "3"),
        ("15:00", "Łucja Wiśniewska", "4"),
    ]
    text = flat(pdf_text(pdf))
    assert "Cancelled Person" not in text and "Done Already" not in text
    # The treatment form unless a signed one holds; the photo form only where none is signed.
    assert text.count("Treatment consent, version 1 (for signature)") == 3
    assert text.count("Photo consent, version 1 (for signature)") == 2
    (maja,) = [page for page in pages if "Maja Kos" in page]
    assert "Nothing to sign: the consents on file hold for the day." in maja
    assert "for signature" not in maja
    assert "Consent packs for Thu 3 Dec 2026" in text
    assert text.count("Screening for the day: clear.") == 4  # the cover line's standing
    assert "Treatment consent: none on file." in text
    assert (
        reader.metadata is not None and reader.metadata.title == "Consent packs for Thu 3 Dec 2026"
    )


def test_the_day_pack_layout_can_be_followed_and_stopped(clinic: Practice) -> None:
    for hour in (9, 10, 11):
        client_id = clinic.clients.create(details("Zoë", f"Client{hour}"))
        clinic.sessions.book(client_id, datetime.combine(DAY, time(hour)))
    pack = contents.day_pack(clinic, DAY, today=DAY)
    heard: list[tuple[int, int]] = []
    render_day_pack(pack, progress=lambda done, total: heard.append((done, total)))
    assert heard == [(0, 3), (1, 3), (2, 3), (3, 3)]

    class Stop(Exception):
        pass

    def cancel_after_first(done: int, _total: int) -> None:
        if done == 1:
            raise Stop

    with pytest.raises(Stop):
        render_day_pack(pack, progress=cancel_after_first)


def test_a_day_without_planned_sessions_is_said_in_words(clinic: Practice) -> None:
    with pytest.raises(DermaDeskError, match="No sessions are planned on 3 Dec 2026"):
        contents.day_pack(clinic, DAY)
