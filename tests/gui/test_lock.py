"""The lock: Ctrl+L and idle time hide every client's data until the PIN; nothing typed is lost."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from datetime import time as clock_time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from dermadesk.core import lock as pins
from dermadesk.core.practice import Practice
from dermadesk.gui import lock_screen
from dermadesk.gui.lock_widgets import LOCKED_TITLE, UnlockBox
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.session_editor import SessionEditor
from dermadesk.gui.settings.dialog import SettingsDialog
from dermadesk.gui.ui_state import UiState
from tests.gui.conftest import PromptRecorder
from tests.gui.plain_practice import make_plain_practice
from tests.helpers import TEST_NOW, TEST_PASSPHRASE

PIN = "2468"


class FakeClock:
    """Stands in for time.monotonic, so a test can let the slow-down pass at once."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def open_window(practice: Practice, qtbot: QtBot) -> MainWindow:
    shown = MainWindow(practice, UiState(practice.data_dir))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    if shown.lock_guard.locked:  # it opens locked when there is a PIN
        shown.lock_guard.try_unlock(PIN)
    return shown


@pytest.fixture
def locking_window(demo_practice: Practice, qtbot: QtBot) -> Iterator[MainWindow]:
    """The main window on a practice with a PIN, a client's file open."""
    demo_practice.settings.set_lock_pin(PIN)
    window = open_window(demo_practice, qtbot)
    first = demo_practice.clients.search_ids("")[0]
    window._open_client(first)
    assert window.client_view.client_id == first
    yield window
    if window.lock_guard.locked:  # let the teardown close it like any window
        window.lock_guard.try_unlock(PIN)


def client_name(window: MainWindow) -> str:
    return window.client_view.header.name_label.text()


def press_ctrl_l(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)


def unlock_with(qtbot: QtBot, guard: lock_screen.LockGuard, pin: str) -> None:
    assert guard.panel is not None
    guard.panel.pin_edit.clear()
    qtbot.keyClicks(guard.panel.pin_edit, pin)
    qtbot.keyClick(guard.panel.pin_edit, Qt.Key.Key_Return)


def type_passphrase(qtbot: QtBot, guard: lock_screen.LockGuard, passphrase: str) -> None:
    assert guard.panel is not None
    field = guard.panel.passphrase_edit
    qtbot.waitUntil(field.isEnabled, timeout=5000)  # a check before this one has ended
    field.clear()
    qtbot.keyClicks(field, passphrase)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def visible_texts(window: QWidget) -> str:
    """Every piece of text a person could read in `window` now."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit

    shown = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        readable_line = isinstance(widget, QLineEdit) and (
            widget.echoMode() == QLineEdit.EchoMode.Normal
        )
        if isinstance(widget, QLabel | QAbstractButton) or readable_line:
            shown.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            shown.append(widget.toPlainText())
    return "\n".join(shown)


def test_ctrl_l_hides_every_client_and_the_right_pin_brings_back_the_unsaved_typing(
    locking_window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    window = locking_window
    name = client_name(window)
    form = window.client_view.form
    form.ui.allergiesEdit.setFocus()
    qtbot.keyClicks(form.ui.allergiesEdit, " and latex")
    typed = form.ui.allergiesEdit.toPlainText()
    assert window.client_view.has_unsaved_changes()
    assert name in visible_texts(window)

    press_ctrl_l(qtbot, window)

    guard = window.lock_guard
    assert guard.locked
    assert not window.client_view.isVisible()
    assert not window.client_list.isVisible() and not window.today_panel.isVisible()
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert guard.page is not None and guard.page.isVisible()
    assert guard.page.geometry() == window.rect()  # the whole window, toolbar included
    assert window.windowTitle() == LOCKED_TITLE
    readable = visible_texts(window)
    assert name not in readable
    for shown_client in demo_practice.clients.search_ids("")[:20]:
        client = demo_practice.clients.get(shown_client)
        assert client.last_name not in readable
    assert guard.panel is not None and guard.panel.pin_edit.hasFocus()
    # Every shortcut is off: Ctrl+N would open a file, Ctrl+F the search.
    assert not window.new_client_action.isEnabled() and not window.find_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.client_view.header.name_label.text() == name  # no new file was opened

    unlock_with(qtbot, guard, "1357")
    assert guard.locked and not window.client_view.isVisible()
    assert "not right" in guard.panel.message.text()
    assert guard.panel.pin_edit.text() == ""  # cleared for the next try

    unlock_with(qtbot, guard, PIN)
    assert not guard.locked
    assert window.client_view.isVisible() and window.menuBar().isVisible()
    assert window.windowTitle() == "DermaDesk"
    assert window.new_client_action.isEnabled()
    assert client_name(window) == name
    assert form.ui.allergiesEdit.toPlainText() == typed  # the unsaved typing survived
    assert window.client_view.has_unsaved_changes()
    assert form.ui.allergiesEdit.hasFocus()  # the cursor is back where it was
    qtbot.keyClicks(form.ui.allergiesEdit, "x")  # and goes on where it stopped
    assert " and latexx" in form.ui.allergiesEdit.toPlainText()


def test_wrong_pins_slow_down_then_five_need_the_passphrase(
    locking_window: MainWindow, qtbot: QtBot
) -> None:
    guard = locking_window.lock_guard
    clock = FakeClock()
    guard.clock = clock
    assert locking_window.lock()
    assert guard.panel is not None
    assert guard.panel.pin_edit.isVisible() and not guard.panel.passphrase_edit.isVisible()
    for _ in range(pins.FREE_ATTEMPTS):
        unlock_with(qtbot, guard, "0000")
        assert guard.panel.unlock_button.isEnabled()  # the first three cost nothing
    unlock_with(qtbot, guard, "0000")  # the fourth: wait a second
    assert guard.failures == 4
    assert not guard.panel.unlock_button.isEnabled()
    assert "4 wrong tries" in guard.panel.message.text()
    assert "try again in 1 second" in guard.panel.message.text()

    assert not guard.try_unlock(PIN)  # refused while waiting, however it is typed in
    assert guard.locked and guard.failures == 4

    clock.now += 1.0
    qtbot.waitUntil(guard.panel.unlock_button.isEnabled, timeout=2000)  # the countdown ends
    unlock_with(qtbot, guard, "0000")  # the fifth: from now on only the passphrase
    said = guard.panel.message.text()
    assert "5 wrong PINs" in said and "Type the practice passphrase" in said
    assert guard.panel.passphrase_edit.isVisible() and not guard.panel.pin_edit.isVisible()
    assert "passphrase" in guard.page.explanation.text()  # type: ignore[union-attr]

    clock.now += 60.0
    type_passphrase(qtbot, guard, PIN)  # the right PIN no longer opens it
    qtbot.waitUntil(lambda: "not right" in guard.panel.message.text(), timeout=5000)  # type: ignore[union-attr]
    assert guard.locked
    type_passphrase(qtbot, guard, TEST_PASSPHRASE)
    qtbot.waitUntil(lambda: not guard.locked, timeout=5000)
    assert locking_window.client_view.isVisible()
    assert guard.failures == 0  # the next lock starts afresh, with the PIN
    assert locking_window.lock()
    assert guard.panel.message.text() == "" and guard.panel.unlock_button.isEnabled()
    assert guard.panel.pin_edit.isVisible()
    unlock_with(qtbot, guard, PIN)
    assert not guard.locked


def test_idle_minutes_lock_the_window_and_activity_keeps_it_open(
    demo_practice: Practice, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock_screen, "MINUTE_MS", 240)  # a minute of 240 ms
    demo_practice.settings.set_lock_pin(PIN)
    demo_practice.settings.set_lock_idle_minutes(5)  # 1.2 s here
    window = open_window(demo_practice, qtbot)
    # Keys reach the window that has the keyboard; offscreen, nobody gives it to the window
    # at once (typing before then went to a window the lock did not watch yet).
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is window.windowHandle())
    search = window.client_list.search_edit
    search.setFocus()
    idle = window.lock_guard.idle_timer
    for _ in range(8):  # typing for about 1.6 s, never idle for 1.2 s
        # Slept, not waited in the event loop: only the keys' own handling runs in between,
        # so a busy machine has 1 s to spare before a key comes too late. 200 ms between
        # keys: the idle timer is a coarse one (Qt's default), which may fire up to 5 %
        # (60 ms) either side, so a restart shows as more time left only past that.
        time.sleep(0.2)
        left = idle.remainingTime()
        # Through the window, as the keyboard's keys arrive, not straight into the widget.
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_A)
        QApplication.processEvents()  # the key is handled
        assert idle.remainingTime() > left  # and it started the idle count again
    assert not window.lock_guard.locked

    qtbot.waitUntil(lambda: window.lock_guard.locked, timeout=5000)
    assert not window.client_list.isVisible()
    window.lock_guard.try_unlock(PIN)
    assert window.client_list.isVisible()
    assert search.text() == "a" * 8


def test_idle_minutes_lock_an_encrypted_practice_without_a_pin_until_its_passphrase(
    demo_practice: Practice, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock_screen, "MINUTE_MS", 60)  # a minute of 60 ms
    demo_practice.settings.set_lock_idle_minutes(2)
    window = open_window(demo_practice, qtbot)
    assert not window.lock_guard.has_pin
    qtbot.waitUntil(lambda: window.lock_guard.locked, timeout=3000)
    guard = window.lock_guard
    assert guard.panel is not None and guard.panel.passphrase_edit.isVisible()
    assert "passphrase" in guard.page.explanation.text()  # type: ignore[union-attr]
    type_passphrase(qtbot, guard, TEST_PASSPHRASE)
    qtbot.waitUntil(lambda: not guard.locked, timeout=5000)
    assert window.client_list.isVisible()


def test_never_idle_locks_only_on_demand(
    demo_practice: Practice, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock_screen, "MINUTE_MS", 20)
    demo_practice.settings.set_lock_pin(PIN)
    demo_practice.settings.set_lock_idle_minutes(0)
    window = open_window(demo_practice, qtbot)
    qtbot.wait(200)
    assert not window.lock_guard.locked
    press_ctrl_l(qtbot, window)
    assert window.lock_guard.locked
    window.lock_guard.try_unlock(PIN)


def test_without_a_pin_ctrl_l_locks_an_encrypted_practice_until_its_passphrase(
    window: MainWindow, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    press_ctrl_l(qtbot, window)
    guard = window.lock_guard
    assert guard.locked and not window.client_list.isVisible()
    assert guard.panel is not None
    assert guard.panel.passphrase_edit.isVisible() and not guard.panel.pin_edit.isVisible()
    assert not guard.panel.switch_button.isVisible()  # no PIN to go back to
    assert prompts.questions == []

    type_passphrase(qtbot, guard, "not the passphrase at all")
    qtbot.waitUntil(lambda: "not right" in guard.panel.message.text(), timeout=5000)  # type: ignore[union-attr]
    assert guard.locked and guard.panel.passphrase_edit.text() == ""
    type_passphrase(qtbot, guard, TEST_PASSPHRASE)
    qtbot.waitUntil(lambda: not guard.locked, timeout=5000)
    assert window.client_list.isVisible()
    (event,) = [e for e in window.practice.audit.events(limit=3) if e.action == "window.unlocked"]
    assert event.detail == "with the passphrase"


def test_a_plain_practice_without_a_pin_offers_to_set_one_and_does_not_pretend_to_lock(
    data_dir: Path, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    with Practice.open(make_plain_practice(data_dir)) as plain:
        window = open_window(plain, qtbot)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        press_ctrl_l(qtbot, window)
        assert not window.lock_guard.locked
        assert window.client_list.isVisible()
        (question,) = prompts.questions
        assert "PIN" in question and "Set a PIN now?" in question


def test_the_pin_or_the_passphrase_unlocks_as_the_person_chooses(
    locking_window: MainWindow, qtbot: QtBot
) -> None:
    guard = locking_window.lock_guard
    press_ctrl_l(qtbot, locking_window)
    assert guard.panel is not None and guard.panel.pin_edit.isVisible()
    qtbot.mouseClick(guard.panel.switch_button, Qt.MouseButton.LeftButton)
    assert guard.panel.passphrase_edit.isVisible() and guard.panel.passphrase_edit.hasFocus()
    type_passphrase(qtbot, guard, TEST_PASSPHRASE)
    qtbot.waitUntil(lambda: not guard.locked, timeout=5000)
    press_ctrl_l(qtbot, locking_window)
    assert guard.panel.pin_edit.isVisible()  # the PIN first again
    unlock_with(qtbot, guard, PIN)
    assert not guard.locked


def test_an_open_dialog_is_hidden_while_locked_and_comes_back_still_open(
    locking_window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    client_id = locking_window.client_view.client_id
    assert client_id is not None
    session_id = demo_practice.sessions.book(
        client_id, datetime.combine(TEST_NOW.date(), clock_time(15))
    )
    editor = SessionEditor(demo_practice, session_id, locking_window)
    name = demo_practice.clients.get(client_id).last_name
    seen: dict[str, object] = {}

    def while_the_editor_is_open() -> None:
        guard = locking_window.lock_guard
        serum = editor.fields["serum"]
        serum.setFocus()
        qtbot.keyClicks(serum, "Hyaluronic")
        seen["title before"] = editor.windowTitle()
        guard.lock()  # as the idle timer does, with the editor in front
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, UnlockBox)]
        seen["box"] = len(boxes) == 1 and boxes[0].isVisible()
        seen["editor still shown"] = editor.isVisible()
        seen["editor contents hidden"] = not editor.face_map.isVisible()
        seen["editor title"] = editor.windowTitle()
        seen["name readable"] = name in visible_texts(editor)
        seen["main hidden"] = not locking_window.client_view.isVisible()
        assert guard.panel is not None
        seen["pin in the box"] = guard.panel.window() is boxes[0]
        boxes[0].reject()  # Escape
        seen["box stays"] = boxes[0].isVisible() and guard.locked
        unlock_with(qtbot, guard, "9999")
        seen["wrong keeps it"] = guard.locked and not editor.face_map.isVisible()
        unlock_with(qtbot, guard, PIN)
        seen["editor back"] = editor.face_map.isVisible() and editor.isVisible()
        seen["title after"] = editor.windowTitle()
        seen["serum"] = serum.text()
        seen["cursor"] = editor.focusWidget() is serum  # its cursor where it was
        seen["modal again"] = QApplication.activeModalWidget() is editor
        editor.done(QDialog.DialogCode.Accepted)

    QTimer.singleShot(0, while_the_editor_is_open)
    result = editor.exec()  # returns only when the test closes it: the lock did not end it

    assert result == QDialog.DialogCode.Accepted
    assert seen["box"] and seen["pin in the box"] and seen["box stays"]
    assert seen["editor still shown"] and seen["editor contents hidden"]
    assert seen["editor title"] == LOCKED_TITLE and seen["name readable"] is False
    assert name in str(seen["title before"])
    assert seen["main hidden"] and seen["wrong keeps it"]
    assert seen["editor back"] and seen["title after"] == seen["title before"]
    assert seen["serum"] == "Hyaluronic" and seen["cursor"]
    assert seen["modal again"]


def test_closing_while_locked_waits_for_unsaved_changes(
    locking_window: MainWindow, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    window = locking_window
    qtbot.keyClicks(window.client_view.form.ui.allergiesEdit, " latex")
    window.lock()
    assert not window.close()
    assert window.isVisible() and window.lock_guard.locked
    assert prompts.asked == []  # no question naming the client over the lock
    assert window.lock_guard.panel is not None
    assert "not saved" in window.lock_guard.panel.message.text()


def test_the_lock_tab_sets_changes_and_removes_the_pin(
    practice: Practice, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    dialog = SettingsDialog(practice)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "No PIN yet" in dialog.lock_page.ui.pinState.text()
    assert not dialog.lock_page.ui.removePinButton.isEnabled()
    assert dialog.lock_page.ui.idleMinutes.value() == 5

    dialog.lock_page.ui.newPin.setText("1234")
    dialog.lock_page.ui.confirmPin.setText("1243")
    assert not dialog.save()
    assert "not the same" in dialog.message.text()
    assert dialog.tabs.currentWidget() is dialog.lock_page
    assert not practice.settings.lock().has_pin

    dialog.lock_page.ui.newPin.setText("12")
    dialog.lock_page.ui.confirmPin.setText("12")
    assert not dialog.save()
    assert "at least 4 characters" in dialog.message.text()

    dialog.lock_page.ui.newPin.setText("5 apple trees")
    dialog.lock_page.ui.confirmPin.setText("5 apple trees")
    dialog.lock_page.ui.idleMinutes.setValue(15)
    assert dialog.save()
    assert "new PIN is set" in dialog.message.text()
    stored = practice.settings.lock()
    assert pins.verify_pin("5 apple trees", stored.pin_hash) and stored.idle_minutes == 15
    assert (
        dialog.lock_page.ui.newPin.text() == ""
        and "A PIN is set" in dialog.lock_page.ui.pinState.text()
    )

    prompts.yes = False
    dialog.lock_page.ui.removePinButton.click()
    assert practice.settings.lock().has_pin  # asked, and kept
    prompts.yes = True
    dialog.lock_page.ui.removePinButton.click()
    assert not practice.settings.lock().has_pin
    assert "No PIN yet" in dialog.lock_page.ui.pinState.text()


def test_a_pin_set_in_settings_is_asked_at_the_next_lock(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    assert window.lock()
    assert window.lock_guard.panel is not None
    assert window.lock_guard.panel.passphrase_edit.isVisible()  # no PIN yet
    type_passphrase(qtbot, window.lock_guard, TEST_PASSPHRASE)
    qtbot.waitUntil(lambda: not window.lock_guard.locked, timeout=5000)
    demo_practice.settings.set_lock_pin(PIN)
    window.lock_guard.reload()  # as after the settings dialog closes
    assert window.lock()
    assert window.lock_guard.panel.pin_edit.isVisible()
    assert window.lock_guard.try_unlock(PIN)


def test_a_dialog_that_closes_while_locked_leaves_the_pin_box_working(
    locking_window: MainWindow, qtbot: QtBot, prompts: PromptRecorder, tmp_path: Path
) -> None:
    window = locking_window
    prompts.save_path = str(tmp_path / "while-locked")
    task = window.back_up_now()  # its progress dialog holds the window
    assert task is not None
    window.lock()  # the practitioner walks away while it is written
    guard = window.lock_guard
    assert guard.box is not None and guard.box.isVisible()
    qtbot.waitUntil(lambda: task.done, timeout=20_000)  # the progress dialog goes

    assert guard.locked and guard.box.isVisible() and guard.panel is not None
    unlock_with(qtbot, guard, PIN)
    assert not guard.locked and window.client_view.isVisible()
    assert "Backup made and checked" in window.statusBar().currentMessage()


def test_with_a_pin_a_plain_practice_s_window_opens_locked(data_dir: Path, qtbot: QtBot) -> None:
    """Closing DermaDesk and starting it again never gets past the lock (an encrypted
    practice's window opens only after its passphrase, on the unlock screen)."""
    with Practice.open(make_plain_practice(data_dir)) as plain:
        plain.settings.set_lock_pin(PIN)
        window = MainWindow(plain, UiState(plain.data_dir))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)

        assert window.lock_guard.locked
        assert not window.client_list.isVisible()  # the list of names is behind the lock
        unlock_with(qtbot, window.lock_guard, PIN)
        assert not window.lock_guard.locked
        assert window.client_list.isVisible()
        window.close()


def test_what_finishes_behind_the_lock_waits_for_the_unlock(
    demo_practice: Practice,
    qtbot: QtBot,
    tmp_path,
    prompts,  # type: ignore[no-untyped-def]
) -> None:
    """A restore that ends while locked asks to open the copy only after the PIN, and an
    error from behind the lock is shown only then (a message may name a client)."""
    from dermadesk.gui import restore_dialog

    demo_practice.settings.set_lock_pin(PIN)
    backup = demo_practice.backup(tmp_path / "b.dermadesk-backup").path
    window = open_window(demo_practice, qtbot)
    dialog = restore_dialog.RestoreDialog(
        demo_practice.data_dir, demo_practice.clock.today(), window
    )
    qtbot.addWidget(dialog)
    dialog.file_edit.setText(str(backup))
    dialog.folder_edit.setText(str(tmp_path / "restored"))
    dialog.open()
    qtbot.keyClicks(dialog.key_row.field, TEST_PASSPHRASE)  # the backup's passphrase
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    task = dialog.task
    assert task is not None, dialog.message.text()
    assert window.lock()
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    qtbot.wait(50)
    assert prompts.questions == []  # nothing asked in front of the lock

    unlock_with(qtbot, window.lock_guard, PIN)
    assert len(prompts.questions) == 1 and "restored" in prompts.questions[0]

    # Errors go the same way: prompts.show_error hands its box to when_unlocked.
    said: list[str] = []
    assert window.lock()
    lock_screen.when_unlocked(lambda: said.append("the backup was not made"))
    assert said == []
    unlock_with(qtbot, window.lock_guard, PIN)
    assert said == ["the backup was not made"]
