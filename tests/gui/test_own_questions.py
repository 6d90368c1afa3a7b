"""The practice's own screening questions (issue 12, part 3), as a practitioner adds one:
Ctrl+, ▸ Screening rules ▸ Your own questions…, typed and saved through the buttons; then
the question is on the client's questionnaire, screens as it should, and prints on the
treatment consent form (the PDF read back)."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.own_questions_dialog import OwnQuestionsDialog
from dermadesk.gui.settings.dialog import SettingsDialog
from tests.gui.paths import answering, click, open_client, press
from tests.helpers import TEST_NOW, details

PACEMAKER = "A pacemaker or another implanted electronic device"


def add_question_through_settings(window: MainWindow, qtbot: QtBot, wording: str) -> None:
    def own_questions(dialog: QWidget) -> None:
        assert isinstance(dialog, OwnQuestionsDialog)
        qtbot.keyClicks(dialog.wording, wording)
        click(dialog.blocks)
        click(dialog, "Add as a new question")
        assert dialog.table.item(0, 0).text() == wording
        click(dialog, "Save")

    def settings(dialog: QWidget) -> None:
        assert isinstance(dialog, SettingsDialog)
        bar = dialog.tabs.tabBar()
        screening = dialog.tabs.indexOf(dialog.screening_page)
        QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(screening).center())
        with answering((OwnQuestionsDialog, own_questions)):
            click(dialog.screening_page.ui.ownQuestionsButton)
        assert "1 of your own question" in dialog.screening_page.ui.ownQuestionsLine.text()
        click(dialog, "Close")

    with answering((SettingsDialog, settings)):
        press(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)


def test_a_question_added_in_settings_is_asked_screened_and_printed(
    lived_in_window: MainWindow, lived_in_practice: Practice, qtbot: QtBot
) -> None:
    from dermadesk.core.sheets import contents
    from dermadesk.documents.consent import render_consent

    window = lived_in_window
    client = lived_in_practice.clients.create(
        details("Maud", "Ostrander"), ScreeningAnswers(answered_on=TEST_NOW.date())
    )
    window.client_list.refresh()
    add_question_through_settings(window, qtbot, PACEMAKER)
    (question,) = lived_in_practice.custom_questions.all()
    assert (question.wording, question.blocks, question.kind) == (PACEMAKER, True, "yes_no")

    open_client(window, "Maud Ostrander")
    form = window.client_view.form
    asked = form.screening_fields.own.checks[question.slug]
    wording = form.screening_fields.own.labels[question.slug]
    assert asked.isVisibleTo(window) and PACEMAKER in wording.text()
    assert "not asked yet" in wording.text()  # her answers were given before it existed
    assert "Not asked yet: “A pacemaker" in window.client_view.alerts.warning_label.text()
    click(wording)  # the wording ticks its box, as a tick box's own text does
    assert asked.isChecked() and "not asked yet" not in wording.text()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    latest = lived_in_practice.clients.latest_screening(client)
    assert latest.custom == ((question.slug, True),)
    blocked = window.client_view.alerts.blocking_label
    assert blocked.isVisibleTo(window) and f"Answered yes to “{PACEMAKER}”." in blocked.text()

    pdf = render_consent(contents.blank_consent_sheet(lived_in_practice, client))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert PACEMAKER in " ".join(text.split())
    assert "Pregnant or breastfeeding" in text and "oral isotretinoin" in text


def test_a_dated_question_never_asked_stays_unanswered_until_asked(
    lived_in_window: MainWindow, lived_in_practice: Practice, qtbot: QtBot
) -> None:
    from tests.gui.conftest import type_text

    window = lived_in_window
    laser = lived_in_practice.custom_questions.add("date", "A laser treatment", interval_days=28)
    client = lived_in_practice.clients.create(
        details("Lotte", "Vermeulen"), ScreeningAnswers(answered_on=TEST_NOW.date())
    )
    window.client_list.refresh()
    open_client(window, "Lotte Vermeulen")
    form = window.client_view.form
    edit = form.screening_fields.own.date_edits[laser.slug]
    assert "Not asked yet" in edit.placeholderText()
    type_text(form.ui.phoneEdit, "07700 900555")  # saved for another reason
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert lived_in_practice.clients.latest_screening(client).custom == ()  # not "never"
    type_text(edit, "never")  # asked now: it never happened
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert lived_in_practice.clients.latest_screening(client).custom == ((laser.slug, None),)
    assert "A laser treatment" not in window.client_view.alerts.warning_label.text()
