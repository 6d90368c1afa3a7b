"""The alerts banner: what blocks in red, what needs judgement in amber, clear in green."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import TREATMENT
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.gui.main_window import MainWindow
from tests.helpers import TEST_NOW, details, signature

TODAY = TEST_NOW.date()


def open_file(window: MainWindow, practice: Practice, answers: ScreeningAnswers | None, **more):  # type: ignore[no-untyped-def]
    client_id = practice.clients.create(details("Ayşe", "Işık", **more), answers)
    window.client_list.refresh()
    assert window.client_list.select(client_id)
    return window.client_view.alerts


def test_a_blocking_finding_shows_red_with_the_reason(
    window: MainWindow, demo_practice: Practice
) -> None:
    answers = ScreeningAnswers(answered_on=TODAY, herpes_outbreak=True, keloid_tendency=True)
    banner = open_file(window, demo_practice, answers)
    assert banner.blocking_label.isVisibleTo(window)
    assert "Do not treat today" in banner.blocking_label.text()
    assert "cold sore" in banner.blocking_label.text()
    assert banner.warning_label.isVisibleTo(window)
    assert "keloid" in banner.warning_label.text()
    assert not banner.clear_label.isVisibleTo(window)


def test_judgement_calls_show_amber_only(window: MainWindow, demo_practice: Practice) -> None:
    twenty_and_a_bit = TODAY - timedelta(days=20 * 365 + 60)
    banner = open_file(
        window,
        demo_practice,
        ScreeningAnswers(answered_on=TODAY, retinoid_last_used=TODAY - timedelta(days=2)),
        date_of_birth=twenty_and_a_bit,
    )
    assert not banner.blocking_label.isVisibleTo(window)
    text = banner.warning_label.text()
    assert "Retinoid used 2 days before" in text and "20 years old" in text


def test_all_clear_is_said_quietly(window: MainWindow, demo_practice: Practice) -> None:
    answers = ScreeningAnswers(answered_on=TODAY)
    client_id = demo_practice.clients.create(details("Ayşe", "Işık"), answers)
    demo_practice.consents.sign(
        Signing(client_id, TREATMENT, "Dr Nowak", signature(1), signature(2)), answers
    )
    window.client_list.refresh()
    window.client_list.select(client_id)
    banner = window.client_view.alerts
    assert banner.clear_label.isVisibleTo(window)
    assert not banner.warning_label.isVisibleTo(window)
    assert not banner.blocking_label.isVisibleTo(window)
    consents = banner.consent_label.text()
    assert f"Treatment consent signed {TODAY.day} {TODAY:%b %Y}" in consents
    assert "Photo consent: none on file." in consents


def test_a_missing_or_withdrawn_consent_needs_attention(
    window: MainWindow, demo_practice: Practice
) -> None:
    banner = open_file(window, demo_practice, ScreeningAnswers(answered_on=TODAY))
    assert "Treatment consent: none on file." in banner.warning_label.text()
    client_id = window.client_view.client_id
    assert client_id is not None
    answers = demo_practice.clients.latest_screening(client_id)
    record_id = demo_practice.consents.sign(
        Signing(client_id, TREATMENT, "Dr Nowak", signature(1), signature(2)), answers
    )
    demo_practice.consents.withdraw(record_id, "asked to stop")
    window.client_view.show_client(client_id)
    assert "Treatment consent withdrawn on" in banner.warning_label.text()


def test_never_screened_is_flagged(window: MainWindow, demo_practice: Practice) -> None:
    banner = open_file(window, demo_practice, None)
    assert "No screening answers on file" in banner.warning_label.text()


def test_the_banner_follows_new_answers(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    banner = open_file(window, demo_practice, ScreeningAnswers(answered_on=TODAY))
    window.client_view.form.condition_checks["chemotherapy"].click()
    assert window.client_view.save()
    assert "chemotherapy" in banner.blocking_label.text().lower()
    assert banner.blocking_label.isVisibleTo(window)


def test_every_line_of_the_banner_fits(window: MainWindow, demo_practice: Practice) -> None:
    from PySide6.QtGui import QFontMetrics

    open_file(window, demo_practice, ScreeningAnswers(answered_on=TODAY))  # one line first
    many = ScreeningAnswers(
        answered_on=TODAY, active_acne=True, keloid_tendency=True, chronic_skin_disease=True
    )
    banner = open_file(window, demo_practice, many)
    label = banner.warning_label
    lines = label.text().count("<br>") + 1
    assert lines == 5  # the title, three findings and the missing consent
    assert label.height() >= lines * QFontMetrics(label.font()).lineSpacing()
