"""practice.sheets: each sheet laid out, named once, and recorded under the name it printed as."""

from __future__ import annotations

import io
from datetime import datetime, time
from pathlib import Path

import pytest
from pypdf import PdfReader

from dermadesk.cli import main
from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import PHOTO, TREATMENT
from dermadesk.core.photo_export import CLINICAL
from dermadesk.core.photo_tags import PhotoTags
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.session_records import AreaNote, SessionRecord
from dermadesk.core.settings import PracticeDetails
from dermadesk.core.sheets.contents import PracticeNotSetUp
from dermadesk.core.sheets.service import Sheet
from tests.helpers import TEST_NOW, details, open_practice, photo_bytes, signature
from tests.print_spool import PRINTER, needs_queue, printed_so_far, wait_for_printed

pytestmark = pytest.mark.both_stores  # the practice on SQLite and on a server

DAY = TEST_NOW.date()


def text_of(sheet: Sheet) -> str:
    """The sheet's words as pypdf reads them back, on one line."""
    pages = PdfReader(io.BytesIO(sheet.pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


@pytest.fixture
def clinic(practice: Practice) -> Practice:
    practice.settings.set_practice_details(
        PracticeDetails(name="Glow Skin Studio", phone="+44 20 7946 0000", practitioner_name="Ola")
    )
    return practice


def new_client(practice: Practice, first: str = "Zoë", last: str = "Đặng") -> int:
    return practice.clients.create(details(first, last), ScreeningAnswers(answered_on=DAY))


def treated(practice: Practice, client_id: int) -> int:
    session_id = practice.sessions.book(client_id, datetime.combine(DAY, time(10, 30)))
    practice.sessions.start(session_id, today=DAY)
    record = SessionRecord(areas=(AreaNote("cheek_right", 1.5, 3),))
    practice.sessions.save(session_id, record, done=True)
    return session_id


def test_every_sheet_is_named_once_and_shows_its_client(clinic: Practice) -> None:
    client_id = new_client(clinic)
    session_id = treated(clinic, client_id)
    record_id = clinic.consents.sign(
        Signing(client_id, TREATMENT, "Ola", signature(1), signature(2)),
        ScreeningAnswers(answered_on=DAY),
    )
    clinic.sessions.book(client_id, datetime.combine(DAY, time(18)))
    sheets = clinic.sheets
    expected = {
        "Treatment consent - Zoë Đặng": sheets.consent(client_id),
        "Photo consent - Zoë Đặng": sheets.consent(client_id, PHOTO),
        "Consent pack - Zoë Đặng": sheets.consent_pack(client_id),
        "Treatment consent - Zoë Đặng (signed copy)": sheets.signed_copy(record_id),
        "Preparation - Zoë Đặng": sheets.prep(client_id),
        "Aftercare - Zoë Đặng": sheets.aftercare(session_id),
    }
    for title, sheet in expected.items():
        assert sheet.title == title
        assert sheet.client_id == client_id
        assert "Zoë Đặng" in text_of(sheet), title
    pack = text_of(sheets.consent_pack(client_id))
    assert pack.index("Consent to microneedling") < pack.index("Consent to photographs")
    day = sheets.day_pack(DAY)
    assert day.title.startswith("Consent packs - ") and day.client_id is None
    assert "Zoë Đặng" in text_of(day)


def test_printed_and_saved_are_recorded_under_the_sheets_title(
    clinic: Practice, tmp_path: Path
) -> None:
    session_id = treated(clinic, new_client(clinic))
    sheet = clinic.sheets.aftercare(session_id)
    clinic.sheets.printed(sheet, "DermaDeskPDF", 1)
    target = tmp_path / "aftercare.pdf"
    clinic.sheets.save(sheet, target)
    saved, printed = clinic.audit.events(limit=2)
    assert (printed.action, printed.target, printed.detail) == (
        "sheet.printed", "Aftercare - Zoë Đặng", f"session {session_id}, 1 page on DermaDeskPDF"
    )  # fmt: skip
    assert (saved.action, saved.target, saved.detail) == ("sheet.saved", sheet.title, str(target))
    assert target.read_bytes() == sheet.pdf
    assert not list(tmp_path.glob("*.partial"))


def test_a_sheet_that_cannot_be_written_is_not_recorded(clinic: Practice, tmp_path: Path) -> None:
    sheet = clinic.sheets.prep(new_client(clinic))
    before = len(clinic.audit.events())
    with pytest.raises(OSError):
        clinic.sheets.save(sheet, tmp_path / "no such folder" / "prep.pdf")
    assert len(clinic.audit.events()) == before


def test_no_sheet_before_the_practice_has_its_name_and_phone(practice: Practice) -> None:
    client_id = new_client(practice)
    with pytest.raises(PracticeNotSetUp, match="name and phone number are not set"):
        practice.sheets.check_ready()
    with pytest.raises(PracticeNotSetUp):
        practice.sheets.consent_pack(client_id)


def test_the_comparison_sheet_names_the_client_by_initials_only(
    clinic: Practice, tmp_path: Path
) -> None:
    client_id = new_client(clinic, "Anna", "Kowalska")
    ids = []
    for shade, stage in ((1, "before"), (2, "after")):
        source = tmp_path / f"{shade}.jpg"
        source.write_bytes(photo_bytes(6, "2026:03:14 10:30:00", shade=shade))
        outcome = clinic.photos.import_file(
            client_id, source, PhotoTags(None, "cheek_left", "front", stage)
        )
        assert outcome.photo_id is not None
        ids.append(outcome.photo_id)
    sheet = clinic.sheets.comparison(ids[0], ids[1], CLINICAL)
    assert sheet.title == "Before and after - A.K."
    words = text_of(sheet)
    assert "Client A.K." in words and "Kowalska" not in words
    written = clinic.sheets.export_comparison(ids[0], ids[1], tmp_path / "pair", CLINICAL)
    assert written.name == "pair.pdf" and written.read_bytes().startswith(b"%PDF-")
    exported = [e for e in clinic.audit.events(limit=5) if e.action == "photo.exported"]
    assert len(exported) == 2 and all("to pair.pdf" in e.detail for e in exported)


def job_title_of(printed: Path) -> str:
    """The job title cups-pdf named the file by (spaces as _, a suffix of its own)."""
    return printed.name.split("-job_")[0]


@pytest.mark.sqlite_only(
    reason="runs the command line on the practice's folder; on a server: tests/cli/"
    "test_cli_on_server_commands.py"
)
@needs_queue
def test_the_audit_names_a_printed_sheet_as_the_print_queue_did(
    clinic: Practice, tmp_path: Path
) -> None:
    run = f"Sheets{datetime.now():%H%M%S%f}"
    client_id = new_client(clinic, "Ida", run)
    data_dir = clinic.data_dir
    clinic.close()
    before = printed_so_far()
    assert main(["--data-dir", str(data_dir), "print", "prep", str(client_id), "--printer",
                 PRINTER]) == 0  # fmt: skip
    printed, text = wait_for_printed(before, run)
    assert f"Ida {run}" in text
    with open_practice(data_dir) as practice:
        (event,) = [e for e in practice.audit.events(limit=5) if e.action == "sheet.printed"]
    assert event.target == f"Preparation - Ida {run}"
    assert job_title_of(printed).startswith(event.target.replace(" ", "_"))
    assert event.detail == f"1 page on {PRINTER}"
