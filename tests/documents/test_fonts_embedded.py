"""Every font of every sheet travels inside the PDF, so every printer draws the same letters."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import PHOTO, TREATMENT
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.session_records import AreaNote, SessionRecord
from dermadesk.core.settings import PracticeDetails
from dermadesk.core.sheets import contents
from dermadesk.documents.aftercare import render_aftercare
from dermadesk.documents.common import PracticeHeader
from dermadesk.documents.comparison import ComparisonPhoto, ComparisonSheet, render_comparison
from dermadesk.documents.consent import render_consent
from dermadesk.documents.day_pack import render_day_pack
from dermadesk.documents.prep import render_prep
from tests.helpers import TEST_NOW, details, photo_bytes, signature

DAY = TEST_NOW.date()


def _fonts(resources: DictionaryObject, seen: set[int]) -> list[DictionaryObject]:
    """The fonts a page's resources name, form XObjects' included."""
    found = []
    fonts = resources.get("/Font")
    for reference in (fonts.get_object() if fonts else {}).values():
        found.append(reference.get_object())
    xobjects = resources.get("/XObject")
    for reference in (xobjects.get_object() if xobjects else {}).values():
        xobject = reference.get_object()
        if id(xobject) in seen or "/Resources" not in xobject:
            continue
        seen.add(id(xobject))
        found += _fonts(xobject["/Resources"].get_object(), seen)
    return found


def unembedded_fonts(pdf: bytes) -> set[str]:
    """The names of the fonts the PDF uses without carrying them."""
    missing = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in _fonts(page["/Resources"].get_object(), set()):
            described = font
            if "/DescendantFonts" in font:  # a composite font keeps its descriptor below
                described = font["/DescendantFonts"][0].get_object()
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
    return missing


def _clinic(practice: Practice) -> Practice:
    practice.settings.set_practice_details(
        PracticeDetails(name="Skin & Co, Łódź", phone="+48 42 111 22 33", practitioner_name="Ola")
    )
    return practice


def _consent(practice: Practice, kind: str) -> bytes:
    client_id = _clinic(practice).clients.create(details("Zoë", "Đặng"))
    return render_consent(contents.blank_consent_sheet(practice, client_id, kind))


def _signed_copy(practice: Practice) -> bytes:
    client_id = _clinic(practice).clients.create(
        details("Zoë", "Đặng"), ScreeningAnswers(answered_on=DAY)
    )
    answers = practice.clients.latest_screening(client_id)
    record_id = practice.consents.sign(
        Signing(client_id, TREATMENT, "Ola", signature(1), signature(2)), answers
    )
    return render_consent(contents.signed_consent_sheet(practice, record_id))


def _prep(practice: Practice) -> bytes:
    client_id = _clinic(practice).clients.create(details("Zoë", "Đặng"))
    return render_prep(contents.prep_sheet(practice, client_id))


def _treated(practice: Practice) -> int:
    client_id = _clinic(practice).clients.create(
        details("Zoë", "Đặng"), ScreeningAnswers(answered_on=DAY)
    )
    session_id = practice.sessions.book(client_id, datetime.combine(DAY, time(0, 5)))
    practice.sessions.start(session_id)
    practice.sessions.save(session_id, SessionRecord(areas=(AreaNote("neck", 0.5, 2),)), True)
    return session_id


def _aftercare(practice: Practice) -> bytes:
    return render_aftercare(contents.aftercare_sheet(practice, _treated(practice)))


def _day_pack(practice: Practice) -> bytes:
    client_id = _clinic(practice).clients.create(details("Zoë", "Đặng"))
    practice.sessions.book(client_id, datetime.combine(DAY, time(23, 50)))
    return render_day_pack(contents.day_pack(practice, DAY))


def _comparison(_practice: Practice) -> bytes:
    def photo(stage: str, shade: int) -> ComparisonPhoto:
        return ComparisonPhoto(photo_bytes(shade=shade), 240, 160, stage, "14 Mar 2026", "")

    sheet = ComparisonSheet(
        practice=PracticeHeader("Skin & Co, Łódź", phone="+48 42 111 22 33"),
        client_initials="Z. Đ.",
        area="Neck",
        view="Front",
        before=photo("Before", 1),
        after=photo("Follow-up", 2),
        interval="8 weeks apart",
        purpose="For the clinical record",
        printed_on="1 Dec 2026",
    )
    return render_comparison(sheet)


SHEETS: dict[str, Callable[[Practice], bytes]] = {
    "treatment consent": lambda practice: _consent(practice, TREATMENT),
    "photo consent": lambda practice: _consent(practice, PHOTO),
    "signed copy": _signed_copy,
    "preparation": _prep,
    "aftercare": _aftercare,
    "day pack": _day_pack,
    "comparison": _comparison,
}


@pytest.mark.parametrize("sheet", list(SHEETS))
def test_every_font_of_the_sheet_is_embedded(
    practice: Practice, sheet: str, tmp_path: Path
) -> None:
    pdf = SHEETS[sheet](practice)
    assert unembedded_fonts(pdf) == set()
    if shutil.which("pdffonts"):  # poppler's own view, as a printer's software reads it
        (tmp_path / "sheet.pdf").write_bytes(pdf)
        listed = subprocess.run(
            ["pdffonts", str(tmp_path / "sheet.pdf")], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert listed, "the sheet has no fonts at all"
        assert all(line.split()[-5] == "yes" for line in listed), "\n".join(listed)
