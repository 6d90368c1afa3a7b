"""Saving a client file that was changed elsewhere (the command line beside the window, a
second computer) asks first and overwrites nothing: reload, reapply or keep editing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from dermadesk.core.client_details import ClientDetails
from dermadesk.core.clock import FixedClock
from dermadesk.core.plans import PlanDetails
from dermadesk.core.practice import Practice
from dermadesk.core.session_records import SessionRecord
from dermadesk.core.settings import PracticeDetails
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.session_editor import SessionEditor
from dermadesk.gui.settings.dialog import SettingsDialog
from tests.gui.modal import ModalAnswers, OnModal, dialog_text
from tests.helpers import TEST_NOW, open_practice

TODAY = TEST_NOW.date()
ANNA = ClientDetails("Anna", "Berg", date(1988, 4, 2), phone="07700 900111")


@pytest.fixture
def beside(demo_practice: Practice, clock: FixedClock) -> Iterator[Practice]:
    """The same practice opened a second time, as the command line beside the window."""
    with open_practice(demo_practice.data_dir, clock) as other:
        other.audit.actor = "reception"
        yield other


class Answer:
    """Reads the dialog (its words and the table of differences), then clicks `button`."""

    def __init__(self, button: str):
        self.button = button
        self.said = ""
        self.rows: list[tuple[str, ...]] = []
        self.modal = OnModal(self._act)

    def _act(self, dialog: QWidget) -> None:
        self.said = dialog_text(dialog)
        table = dialog.findChild(QTableWidget)
        assert table is not None
        self.rows = [
            tuple(table.item(row, column).text() for column in range(3))
            for row in range(table.rowCount())
        ]
        (button,) = [
            b
            for b in dialog.findChildren(QAbstractButton)
            if b.text().replace("&", "") == self.button
        ]
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def edit_email_while_phone_changes_elsewhere(
    window: MainWindow, qtbot: QtBot, practice: Practice, beside: Practice
) -> int:
    client_id = practice.clients.create(ANNA)
    window.client_list.refresh()
    assert window.client_list.select(client_id)
    qtbot.keyClicks(window.client_view.form.ui.emailEdit, "anna@example.com")
    beside.clients.update(client_id, replace(ANNA, phone="07700 900222"))  # elsewhere
    return client_id


def test_reapply_shows_theirs_with_my_edit_on_top_and_the_next_save_keeps_both(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice, beside: Practice, clock: FixedClock
) -> None:
    client_id = edit_email_while_phone_changes_elsewhere(window, qtbot, demo_practice, beside)
    form = window.client_view.form

    answer = Answer("Reapply mine")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    answer.modal.check()

    assert (
        f"Changed elsewhere on this computer by reception at {clock.local_now():%H:%M}: "
        "reload and reapply?"
    ) in answer.said
    assert answer.rows == [
        ("Phone", "07700 900222", "07700 900111"),
        ("Email", "(empty)", "anna@example.com"),
    ]
    assert demo_practice.clients.get(client_id).email == ""  # nothing was overwritten
    assert form.ui.phoneEdit.text() == "07700 900222"  # theirs
    assert form.ui.emailEdit.text() == "anna@example.com"  # mine, back on top
    assert form.is_dirty and form.ui.saveButton.isEnabled()  # to check, then save

    qtbot.mouseClick(form.ui.saveButton, Qt.MouseButton.LeftButton)
    saved = demo_practice.clients.get(client_id)
    assert (saved.phone, saved.email) == ("07700 900222", "anna@example.com")
    assert not form.is_dirty


def test_reload_drops_my_edits_and_shows_theirs(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice, beside: Practice
) -> None:
    client_id = edit_email_while_phone_changes_elsewhere(window, qtbot, demo_practice, beside)
    form = window.client_view.form

    answer = Answer("Reload theirs")
    qtbot.mouseClick(form.ui.saveButton, Qt.MouseButton.LeftButton)
    answer.modal.check()

    assert (form.ui.phoneEdit.text(), form.ui.emailEdit.text()) == ("07700 900222", "")
    assert not form.is_dirty
    saved = demo_practice.clients.get(client_id)
    assert (saved.phone, saved.email) == ("07700 900222", "")


def test_keep_editing_leaves_my_edits_in_the_form_and_saves_nothing(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice, beside: Practice
) -> None:
    client_id = edit_email_while_phone_changes_elsewhere(window, qtbot, demo_practice, beside)
    form = window.client_view.form

    answer = Answer("Keep editing")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    answer.modal.check()

    assert (form.ui.phoneEdit.text(), form.ui.emailEdit.text()) == (
        "07700 900111",
        "anna@example.com",
    )
    assert form.is_dirty
    saved = demo_practice.clients.get(client_id)
    assert (saved.phone, saved.email) == ("07700 900222", "")


def test_a_plan_changed_elsewhere_is_not_overwritten_and_reapply_reopens_it_with_both(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice, beside: Practice
) -> None:
    client_id = demo_practice.clients.create(ANNA)
    plan_id = demo_practice.sessions.create_plan(client_id, PlanDetails("pores", 4, 4, TODAY))
    window.client_list.refresh()
    assert window.client_list.select(client_id)
    tab = window.client_view.sessions_tab
    tab.plans.setCurrentRow(0)
    seen: dict[str, object] = {}

    def my_notes(dialog: QDialog) -> None:
        beside.sessions.update_plan(plan_id, PlanDetails("pores", 6, 4, TODAY))  # meanwhile
        QTest.keyClicks(dialog.notes, "bring sunscreen")  # type: ignore[attr-defined]

    def read_table(dialog: QDialog) -> None:
        table = dialog.findChild(QTableWidget)
        seen["rows"] = [
            tuple(table.item(row, column).text() for column in range(3))
            for row in range(table.rowCount())
        ]

    def read_fields(dialog: QDialog) -> None:
        seen["sessions"] = dialog.sessions.value()  # type: ignore[attr-defined]
        seen["notes"] = dialog.notes.text()  # type: ignore[attr-defined]

    answers = ModalAnswers()
    answers.click("OK", before=my_notes)
    answers.click("Reapply mine", before=read_table)
    answers.click("OK", before=read_fields)  # theirs with my notes on top: save it
    qtbot.mouseClick(tab.edit_plan_button, Qt.MouseButton.LeftButton)

    assert answers.pending == 0
    assert seen["rows"] == [("Sessions", "6", "4"), ("Notes", "(empty)", "bring sunscreen")]
    assert (seen["sessions"], seen["notes"]) == (6, "bring sunscreen")
    plan = demo_practice.sessions.plan(plan_id)
    assert (plan.sessions_planned, plan.notes) == (6, "bring sunscreen")


def test_the_session_editor_reapplies_my_notes_over_a_session_saved_elsewhere(
    demo_practice: Practice, beside: Practice, qtbot: QtBot
) -> None:
    client_id = demo_practice.clients.create(ANNA)
    session_id = demo_practice.sessions.book(client_id, datetime.combine(TODAY, time(10)))
    editor = SessionEditor(demo_practice, session_id)
    qtbot.addWidget(editor)
    editor.show()
    editor.activateWindow()  # in front, as a person's editor is: its shortcuts work
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    qtbot.keyClicks(editor.record_form.texts["notes"], "Mild redness")
    device = editor.record_form.fields["device"].text()  # the practice's, filled in
    beside.sessions.save(session_id, SessionRecord(device=device, serum="Hyaluronic"))

    answer = Answer("Reapply mine")
    notes = editor.record_form.texts["notes"]
    qtbot.keyClick(notes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    answer.modal.check()

    assert "Changed elsewhere on this computer by reception" in answer.said
    assert answer.rows == [
        ("Serum", "Hyaluronic", "(empty)"),
        ("Notes", "(empty)", "Mild redness"),
    ]
    assert demo_practice.sessions.record(session_id).notes == ""  # nothing overwritten
    assert editor.record_form.fields["serum"].text() == "Hyaluronic"
    assert editor.record_form.texts["notes"].toPlainText() == "Mild redness"
    assert editor.is_dirty

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = demo_practice.sessions.record(session_id)
    assert (saved.serum, saved.notes) == ("Hyaluronic", "Mild redness")


@pytest.fixture
def beside_plain(practice: Practice, clock: FixedClock) -> Iterator[Practice]:
    """The `practice` fixture's folder opened a second time (the command line beside it)."""
    with open_practice(practice.data_dir, clock) as other:
        yield other


def test_the_settings_dialog_reapplies_my_change_over_settings_saved_elsewhere(
    practice: Practice, beside_plain: Practice, qtbot: QtBot
) -> None:
    practice.settings.set_practice_details(PracticeDetails(name="Glow", phone="01225 000111"))
    dialog = SettingsDialog(practice)
    qtbot.addWidget(dialog)
    dialog.show()
    page = dialog.practice_page.ui
    page.practitionerEdit.clear()
    qtbot.keyClicks(page.practitionerEdit, "Ada Lowe")
    shown = beside_plain.settings.practice_details()
    beside_plain.settings.set_practice_details(replace(shown, phone="01225 000222"))

    answer = Answer("Reapply mine")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    answer.modal.check()

    assert "Changed elsewhere on this computer" in answer.said
    assert ("Practice: practitioner name", "Your practitioner", "Ada Lowe") in answer.rows
    assert ("Practice: phone", "01225 000222", "01225 000111") in answer.rows
    assert practice.settings.practice_details().practitioner_name == "Your practitioner"
    assert (page.phoneEdit.text(), page.practitionerEdit.text()) == ("01225 000222", "Ada Lowe")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = practice.settings.practice_details()
    assert (saved.phone, saved.practitioner_name) == ("01225 000222", "Ada Lowe")
    assert "Settings saved." in dialog.message.text()
