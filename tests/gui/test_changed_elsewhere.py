"""Saving a client file that was changed elsewhere (the command line beside the window, a
second computer) asks first and overwrites nothing: reload, reapply or keep editing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from dermadesk.core.client_details import ClientDetails
from dermadesk.core.clock import FixedClock
from dermadesk.core.practice import Practice
from dermadesk.gui.main_window import MainWindow
from tests.gui.modal import OnModal, dialog_text
from tests.helpers import open_practice

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
