"""Printed sheets, read back from the PDF as a person would read them."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import PHOTO, TREATMENT
from dermadesk.core.practice import Practice
from dermadesk.core.screening import CONDITION_QUESTIONS, DATE_QUESTIONS, ScreeningAnswers
from dermadesk.core.settings import PracticeDetails
from dermadesk.core.sheets import contents
from dermadesk.documents.consent import render_consent
from dermadesk.documents.prep import render_prep
from tests.helpers import TEST_NOW, details, signature

TODAY = TEST_NOW.date()


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(value: str) -> str:
    return re.sub(r"\s+", " ", value)


@pytest.fixture
def practice_with_client(practice: Practice) -> tuple[Practice, int]:
    practice.settings.set_practice_details(
        PracticeDetails(
            name="Skin & Co, Łódź", phone="+48 42 111 22 33", practitioner_name="Dr Ola Nowak"
        )
    )
    answers = ScreeningAnswers(
        answered_on=TODAY, keloid_tendency=True, retinoid_last_used=date(2026, 1, 5)
    )
    client_id = practice.clients.create(details("Nguyễn Thị", "Đặng-Wiśniewska"), answers)
    return practice, client_id


@pytest.mark.parametrize("name", ["Nguyễn Thị Đặng-Wiśniewska", "Олена Бондаренко", "Zoë O'Brien"])
def test_every_name_prints_as_written(
    practice_with_client: tuple[Practice, int], name: str
) -> None:
    practice, _ = practice_with_client
    first, last = name.rsplit(" ", 1)
    client_id = practice.clients.create(details(first, last))
    text = pdf_text(render_consent(contents.blank_consent_sheet(practice, client_id)))
    assert name in text


def test_the_blank_treatment_form(
    practice_with_client: tuple[Practice, int], tmp_path: Path
) -> None:
    practice, client_id = practice_with_client
    out = tmp_path / "consent.pdf"
    pdf = render_consent(contents.blank_consent_sheet(practice, client_id), out)
    assert out.read_bytes() == pdf and not list(tmp_path.glob("*.partial"))
    text = flat(pdf_text(pdf))
    assert "Nguyễn Thị Đặng-Wiśniewska" in text
    assert "Skin & Co, Łódź" in text
    assert "Date of birth 17 May 1988" in text
    for question in [*CONDITION_QUESTIONS.values(), *DATE_QUESTIONS.values()]:
        assert flat(question) in text, question
    assert text.count("☐ Yes") == len(CONDITION_QUESTIONS)
    assert "Treatment consent, version 1 (for signature)" in text
    assert "{practice_name}" not in text and "Dr Ola Nowak" in text


def test_the_signed_copy_shows_answers_signatures_and_hash(
    practice_with_client: tuple[Practice, int],
) -> None:
    practice, client_id = practice_with_client
    answers = practice.clients.latest_screening(client_id)
    record_id = practice.consents.sign(
        Signing(client_id, TREATMENT, "Dr Ola Nowak", signature(1), signature(2),
                witness_name="Anna Kowalska", witness_signature=signature(3)),
        answers,
    )  # fmt: skip
    pdf = render_consent(contents.signed_consent_sheet(practice, record_id))
    text = flat(pdf_text(pdf))
    record = practice.consents.record(record_id)
    assert record.record_hash in text.replace(" ", "")
    assert "(signed copy)" in text and "Anna Kowalska" in text
    assert "A tendency to keloid or raised scarring Yes" in text
    assert "Ongoing chemotherapy No" in text
    assert "5 Jan 2026" in text
    images = sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert images == 3  # client, practitioner, witness


def test_the_photo_form_has_its_two_levels(practice_with_client: tuple[Practice, int]) -> None:
    practice, client_id = practice_with_client
    blank = flat(pdf_text(render_consent(contents.blank_consent_sheet(practice, client_id, PHOTO))))
    assert "☐ to photographs for my clinical record" in blank
    assert "☐ to my photographs being used for marketing" in blank
    record_id = practice.consents.sign(
        Signing(client_id, PHOTO, "Dr Ola Nowak", signature(1), signature(2),
                photo_levels=("clinical",))
    )  # fmt: skip
    signed = flat(pdf_text(render_consent(contents.signed_consent_sheet(practice, record_id))))
    assert "☒ to photographs for my clinical record" in signed
    assert "☐ to my photographs being used for marketing" in signed


def test_a_long_form_breaks_across_pages_without_losing_words(
    practice_with_client: tuple[Practice, int],
) -> None:
    practice, client_id = practice_with_client
    template = practice.consents.current_template(TREATMENT)
    long_body = (
        template.body
        + "\n\n"
        + "\n\n".join(
            f"Extra section {n}\nSentence number {n} of a very long form, kept whole."
            for n in range(60)
        )
    )
    practice.consents.save_template(TREATMENT, template.title, long_body)
    pdf = render_consent(contents.blank_consent_sheet(practice, client_id))
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 3
    text = flat(pdf_text(pdf))
    for n in range(60):
        assert f"Sentence number {n} of a very long form, kept whole." in text
    last_page = flat(pages[-1].extract_text())
    assert "Signatures" in last_page and "Practitioner" in last_page


def test_the_preparation_sheet(practice_with_client: tuple[Practice, int]) -> None:
    practice, client_id = practice_with_client
    text = flat(pdf_text(render_prep(contents.prep_sheet(practice, client_id))))
    assert "Preparing for your microneedling treatment" in text
    assert "Nguyễn Thị Đặng-Wiśniewska" in text
    assert "No shaving, waxing or hair-removal creams" in text
    assert "+48 42 111 22 33" in text
