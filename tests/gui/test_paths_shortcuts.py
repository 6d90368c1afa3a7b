"""Every shortcut a menu shows or the README names, pressed on the keyboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dermadesk.core.practice import Practice
from dermadesk.gui.dates import DateFormat
from dermadesk.gui.main_window import MainWindow
from tests.gui.paths import answering, every_action, open_client, press

CTRL = Qt.KeyboardModifier.ControlModifier
README = Path(__file__).resolve().parents[2] / "README.md"


def key_in_front(window: MainWindow, sequence: str) -> None:
    """Press `sequence` ("Ctrl+N") where the keyboard is: the widget with the cursor."""
    combination = QKeySequence(sequence)[0]
    target = QApplication.focusWidget() or window
    press(target, combination.key(), combination.keyboardModifiers())


def first_name(practice: Practice) -> str:
    client = practice.clients.get(practice.clients.search_ids("")[0])
    return f"{client.first_name} {client.last_name}"


def test_every_shortcut_a_menu_shows_does_what_its_item_does(
    lived_in_window: MainWindow, lived_in_practice: Practice, real_questions: None
) -> None:
    window = lived_in_window
    open_client(window, first_name(lived_in_practice))
    fired: list[str] = []
    for reach in every_action(window):
        for sequence in reach.action.shortcuts():
            if reach.name == "Quit":
                continue  # closing is tested on its own
            count = len(fired)
            reach.action.triggered.connect(lambda *_a, w=reach.where: fired.append(w))
            with answering():
                key_in_front(window, sequence.toString())
            assert len(fired) == count + 1, f"{sequence.toString()} did not reach {reach.where}"
            if "New client" in reach.where:
                open_client(window, first_name(lived_in_practice))
    assert len(fired) >= 5


def test_the_readme_shortcuts_are_on_the_window() -> None:
    named = {"Ctrl+F", "Ctrl+N", "Ctrl+S", "Ctrl+P", "Ctrl+L"}
    text = README.read_text(encoding="utf-8")
    assert all(key in text for key in named)


def test_ctrl_f_from_the_file_puts_the_cursor_in_the_search(
    lived_in_window: MainWindow, lived_in_practice: Practice, qtbot: QtBot
) -> None:
    window = lived_in_window
    open_client(window, first_name(lived_in_practice))
    window.client_view.form.ui.allergiesEdit.setFocus()
    key_in_front(window, "Ctrl+F")
    assert window.client_list.search_edit.hasFocus()


def test_ctrl_n_opens_an_empty_file_and_ctrl_s_saves_it(
    lived_in_window: MainWindow, lived_in_practice: Practice, qtbot: QtBot
) -> None:
    window = lived_in_window
    before = lived_in_practice.clients.count(include_archived=True)
    key_in_front(window, "Ctrl+N")
    assert window.client_view.header.name_label.text() == "New client"
    ui = window.client_view.form.ui
    ui.firstNameEdit.setFocus()
    qtbot.keyClicks(ui.firstNameEdit, "Maja")
    qtbot.keyClicks(ui.lastNameEdit, "Lindqvist")
    ui.dateOfBirthEdit.setFocus()
    ui.dateOfBirthEdit.selectAll()
    qtbot.keyClicks(ui.dateOfBirthEdit, DateFormat().show(date(1990, 3, 14)))
    key_in_front(window, "Ctrl+S")
    assert lived_in_practice.clients.count(include_archived=True) == before + 1
    assert window.client_view.client_id is not None
    assert window.client_view.header.name_label.text() == "Maja Lindqvist"


def test_ctrl_p_previews_the_consent_pack(
    lived_in_window: MainWindow, lived_in_practice: Practice
) -> None:
    window = lived_in_window
    open_client(window, first_name(lived_in_practice))
    with answering() as answerer:
        key_in_front(window, "Ctrl+P")
    assert any(s.startswith("QPrintPreviewDialog") for s in answerer.seen), answerer.seen
    assert QPrintPreviewDialog.__name__ in answerer.seen[0]


def test_ctrl_l_without_a_pin_offers_to_set_one(
    lived_in_window: MainWindow, real_questions: None
) -> None:
    with answering() as answerer:  # "Set a PIN now?": No
        key_in_front(lived_in_window, "Ctrl+L")
    assert any("No PIN yet" in s for s in answerer.seen), answerer.seen
    assert not lived_in_window.lock_guard.locked


def test_ctrl_comma_opens_the_practice_settings(lived_in_window: MainWindow) -> None:
    with answering() as answerer:
        key_in_front(lived_in_window, "Ctrl+,")
    assert any("SettingsDialog" in s for s in answerer.seen), answerer.seen
