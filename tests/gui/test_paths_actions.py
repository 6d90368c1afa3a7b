"""Every menu item and toolbar button, triggered as a click does, with and without a client file
open: none may raise, show the crash report or leave a dialog stuck open."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolBar, QToolButton
from pytestqt.qtbot import QtBot

from dermadesk.core.practice import Practice
from dermadesk.gui.main_window import MainWindow
from tests.gui.conftest import CrashWatch
from tests.gui.paths import answering, click, every_action, is_quit, open_client
from tests.helpers import TEST_PASSPHRASE


def first_client_name(practice: Practice) -> str:
    client = practice.clients.get(practice.clients.search_ids("")[0])
    return f"{client.first_name} {client.last_name}"


def trigger_each(window: MainWindow, crash_watch: CrashWatch, reopen: str | None) -> list[str]:
    """Trigger every action but Quit; what went wrong, each named by where it is found."""
    problems = []
    reaches = [r for r in every_action(window) if not is_quit(r.action)]
    for reach in reaches:
        if reopen is not None and reopen not in window.client_view.title():
            open_client(window, reopen)
        if not reach.action.isEnabled():
            problems.append(f"{reach.where}: greyed out")
            continue
        try:
            with answering() as answerer:
                reach.action.trigger()
        except AssertionError as error:
            problems.append(f"{reach.where}: {error}")
        caught = crash_watch.take()
        if caught:
            problems.append(f"{reach.where} raised:\n{caught[-1]}")
        if not window.isVisible():
            problems.append(f"{reach.where} closed the window (dialogs: {answerer.seen})")
            window.show()
        if window.lock_guard.locked:  # Lock: an encrypted practice locks, even without a PIN
            unlock_with_the_passphrase(window)
    return problems


def unlock_with_the_passphrase(window: MainWindow) -> None:
    """Type the practice passphrase at the lock and press Enter, as a person does."""
    panel = window.lock_guard.panel
    assert panel is not None and panel.passphrase_edit.isVisible()
    QTest.keyClicks(panel.passphrase_edit, TEST_PASSPHRASE)
    QTest.keyClick(panel.passphrase_edit, Qt.Key.Key_Return)
    deadline = time.monotonic() + 10
    while window.lock_guard.locked and time.monotonic() < deadline:
        QTest.qWait(20)
    assert not window.lock_guard.locked


def test_the_window_offers_its_actions_in_menus_and_on_the_toolbar(
    lived_in_window: MainWindow,
) -> None:
    where = [reach.where for reach in every_action(lived_in_window)]
    assert len(where) >= 12
    assert any(w.startswith("File ▸ ") for w in where)
    assert any(w.startswith("Client ▸ ") for w in where)
    assert "File ▸ Practice settings" in where
    for reach in every_action(lived_in_window):  # a menu item says what it does, on hover too
        assert reach.action.statusTip() or reach.action.menu() or "About" in reach.where, (
            reach.where
        )


def test_every_action_without_a_client_file_open(
    lived_in_window: MainWindow, crash_watch: CrashWatch, real_questions: None
) -> None:
    window = lived_in_window
    assert window.client_view.client_id is None
    problems = trigger_each(window, crash_watch, reopen=None)
    assert problems == [], "\n".join(problems)


def test_every_action_with_a_client_file_open(
    lived_in_window: MainWindow,
    lived_in_practice: Practice,
    crash_watch: CrashWatch,
    real_questions: None,
) -> None:
    window = lived_in_window
    name = first_client_name(lived_in_practice)
    open_client(window, name)
    problems = trigger_each(window, crash_watch, reopen=name)
    assert problems == [], "\n".join(problems)


@pytest.mark.no_backup_yet
def test_quit_closes_the_window_after_the_days_backup(
    lived_in_window: MainWindow, lived_in_practice: Practice, qtbot: QtBot
) -> None:
    window = lived_in_window
    (quit_,) = [r.action for r in every_action(window) if is_quit(r.action)]
    with answering():
        quit_.trigger()
    qtbot.waitUntil(lambda: not window.isVisible())
    backups = list(lived_in_practice.backup_folder().glob("*"))
    assert backups, "closing made no daily backup"
    assert QApplication.activeModalWidget() is None


def test_quit_with_unsaved_typing_asks_and_cancel_keeps_the_window(
    lived_in_window: MainWindow, lived_in_practice: Practice, qtbot: QtBot, real_questions: None
) -> None:
    window = lived_in_window
    open_client(window, first_client_name(lived_in_practice))
    allergies = window.client_view.form.ui.allergiesEdit
    allergies.setFocus()
    qtbot.keyClicks(allergies, " and latex")
    (quit_,) = [r.action for r in every_action(window) if is_quit(r.action)]
    with answering() as answerer:  # "Save the changes to …?": Cancel
        quit_.trigger()
    assert any("Unsaved changes" in seen for seen in answerer.seen), answerer.seen
    assert window.isVisible()
    assert "latex" in allergies.toPlainText()


def test_every_toolbar_button_clicked_with_the_mouse_does_its_action(
    lived_in_window: MainWindow, lived_in_practice: Practice, real_questions: None
) -> None:
    window = lived_in_window
    name = first_client_name(lived_in_practice)
    open_client(window, name)
    clicked = []
    for toolbar in window.findChildren(QToolBar):
        for item in toolbar.actions():
            widget = toolbar.widgetForAction(item)
            if not isinstance(widget, QToolButton) or not widget.isVisible():
                continue
            if name not in window.client_view.title():
                open_client(window, name)
            fired: list[bool] = []
            item.triggered.connect(lambda *_a, f=fired: f.append(True))
            with answering():
                click(widget)
            assert fired, f"toolbar ▸ {widget.text()} did nothing when clicked"
            clicked.append(widget.text())
    assert len(clicked) >= 6, clicked
