"""Every shortcut a menu shows or the README names, pressed on the keyboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from dermadesk.core.practice import Practice
from dermadesk.gui.dates import DateFormat
from dermadesk.gui.main_window import MainWindow
from tests.gui.paths import answering, click, every_action, leave, open_client, press
from tests.gui.test_paths_actions import unlock_with_the_passphrase
from tests.helpers import TEST_NOW

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
            if window.lock_guard.locked:  # Ctrl+L
                unlock_with_the_passphrase(window)
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
    # The pack is prepared behind a progress box (off the GUI thread), then previewed.
    asked = [s for s in answerer.seen if not s.startswith("QProgressDialog")]
    assert asked and asked[0].startswith(QPrintPreviewDialog.__name__), answerer.seen


def test_ctrl_l_without_a_pin_locks_until_the_passphrase(
    lived_in_window: MainWindow, real_questions: None
) -> None:
    with answering() as answerer:
        key_in_front(lived_in_window, "Ctrl+L")
    assert answerer.seen == []  # nothing asked: an encrypted practice locks without a PIN
    assert lived_in_window.lock_guard.locked
    unlock_with_the_passphrase(lived_in_window)


def test_ctrl_comma_opens_the_practice_settings(lived_in_window: MainWindow) -> None:
    with answering() as answerer:
        key_in_front(lived_in_window, "Ctrl+,")
    assert any("SettingsDialog" in s for s in answerer.seen), answerer.seen


def test_ctrl_p_in_the_print_preview_prints(
    lived_in_window: MainWindow, lived_in_practice: Practice
) -> None:
    window = lived_in_window
    open_client(window, first_name(lived_in_practice))

    def press_ctrl_p(preview: QWidget) -> None:
        with answering() as inner:  # the print dialog: Cancel
            press(preview, Qt.Key.Key_P, CTRL)
        asked.extend(inner.seen)
        leave(preview)

    asked: list[str] = []
    with answering((QPrintPreviewDialog, press_ctrl_p)):
        key_in_front(window, "Ctrl+P")
    assert any("QPrintDialog" in s for s in asked), f"Ctrl+P in the preview opened {asked}"


def test_ctrl_s_and_ctrl_l_work_in_the_session_editor(
    lived_in_window: MainWindow, lived_in_practice: Practice, qtbot: QtBot
) -> None:
    from datetime import datetime, time

    from dermadesk.gui.session_editor import SessionEditor

    window = lived_in_window
    lived_in_practice.settings.set_lock_pin("2468")
    window.lock_guard.reload()
    client_id = lived_in_practice.clients.search_ids("")[0]
    session_id = lived_in_practice.sessions.book(
        client_id, datetime.combine(TEST_NOW.date(), time(20, 15))
    )
    open_client(window, first_name(lived_in_practice))
    seen: dict[str, bool] = {}

    def keys(editor: QWidget) -> None:
        assert isinstance(editor, SessionEditor)
        notes = editor.findChildren(QPlainTextEdit)
        note = next(n for n in notes if n.isVisible() and not n.isReadOnly())
        note.setFocus()
        qtbot.keyClicks(note, "Calm skin")
        press(note, Qt.Key.Key_S, CTRL)
        seen["saved"] = "Calm skin" in str(lived_in_practice.sessions.record(session_id))
        press(note, Qt.Key.Key_L, CTRL)
        seen["locked"] = window.lock_guard.locked
        if window.lock_guard.locked:
            window.lock_guard.try_unlock("2468")
        click(editor, "Close")

    tabs = window.client_view.tabs
    bar = tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())
    tree = window.client_view.sessions_tab.sessions
    (item,) = [
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if "20:15" in " ".join(tree.topLevelItem(i).text(c) for c in range(tree.columnCount()))
    ]
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with answering((SessionEditor, keys)):
        click(window.client_view.sessions_tab.open_button)
    assert seen == {"saved": True, "locked": True}


def test_ctrl_p_with_no_file_open_says_what_to_do(lived_in_window: MainWindow) -> None:
    with answering() as answerer:
        key_in_front(lived_in_window, "Ctrl+P")
    assert answerer.seen == []  # nothing to print, and nothing pops up
    assert "Open a client's file first" in lived_in_window.statusBar().currentMessage()
