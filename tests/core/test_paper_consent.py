"""A consent signed on paper: the day it was signed is checked, kept, and sealed in the hash."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from PIL import Image

from dermadesk.core.consent_signing import (
    Signing,
    paper_date_problem,
    paper_signed_at,
    scan_problem,
)
from dermadesk.core.consent_status import PAPER, TREATMENT
from dermadesk.core.errors import ValidationError
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from tests.helpers import TEST_NOW, details

pytestmark = pytest.mark.both_stores


def _scan() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def test_the_day_signed_is_neither_in_the_future_nor_before_the_file() -> None:
    today, opened = date(2026, 5, 10), date(2026, 3, 1)
    assert paper_date_problem(today, opened, today) is None
    assert paper_date_problem(opened, opened, today) is None
    future = paper_date_problem(date(2026, 5, 11), opened, today)
    assert future == "11 May 2026 is in the future: give the date written on the form."
    early = paper_date_problem(date(2026, 2, 28), opened, today)
    assert early is not None and "before this client's file was opened (1 Mar 2026)" in early


def test_a_past_day_counts_from_its_midday_and_today_from_now() -> None:
    now = datetime(2026, 5, 10, 9, 30, 12, 999).astimezone()
    assert paper_signed_at(date(2026, 5, 10), now) == now.replace(microsecond=0)
    earlier = paper_signed_at(date(2026, 4, 2), now)
    assert earlier.date() == date(2026, 4, 2) and earlier.hour == 12 and earlier.tzinfo


def test_scans_are_checked_in_words() -> None:
    assert scan_problem(_scan()) is None
    assert scan_problem(b"") == "Attach a scan or photo of the signed paper."
    assert scan_problem(b"MZ") == "The scan should be a JPEG or PNG picture, or a PDF."


def test_signing_refuses_a_paper_day_before_the_file_existed(practice: Practice) -> None:
    answers = ScreeningAnswers(answered_on=TEST_NOW.date())
    client_id = practice.clients.create(details(), answers)
    signing = Signing(
        client_id=client_id,
        kind=TREATMENT,
        practitioner_name="Dr Ola Nowak",
        witness_name="Anna Kowalska",
        method=PAPER,
        paper_scan=_scan(),
        paper_scan_name="form.jpg",
        signed_at=paper_signed_at(TEST_NOW.date() - timedelta(days=1), TEST_NOW),
    )
    with pytest.raises(ValidationError, match="before this client's file was opened"):
        practice.consents.sign(signing, answers)
    assert practice.consents.records(client_id) == []
    today = Signing(**{**signing.__dict__, "signed_at": paper_signed_at(TEST_NOW.date(), TEST_NOW)})
    record_id = practice.consents.sign(today, answers)
    record = practice.consents.record(record_id)
    assert record.witness_name == "Anna Kowalska" and practice.consents.verify(record_id)
