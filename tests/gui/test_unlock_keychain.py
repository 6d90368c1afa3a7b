"""This computer's login unlocking the practice: turned on and off in Settings ▸ Lock with its
checkbox and the dialog's Save button, then used at the window's start instead of the unlock
screen. The keychains are real keyring backends living in this process (tests/keychains.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from keyring.errors import PasswordSetError
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox
from pytestqt.qtbot import QtBot

from dermadesk.core import keychain
from dermadesk.core.clock import Clock
from dermadesk.core.practice import Practice
from dermadesk.gui.app import run_app
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.settings.dialog import SettingsDialog
from dermadesk.gui.unlock_screen import UnlockScreen
from dermadesk.gui.unlock_start import PASSPHRASE_ENV, open_first
from tests.gui.modal_answers import answer_when_shown
from tests.gui.test_settings_tabs import go_to_tab, in_settings, retype
from tests.gui.test_unlock import type_into
from tests.helpers import TEST_PASSPHRASE, details
from tests.keychains import MemoryKeychain, lent_keychains


class RefusingKeychain(MemoryKeychain):
    """A keychain that answers but will not keep anything new (full, or read-only)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("the keychain refused")


@pytest.fixture
def memory() -> Iterator[MemoryKeychain]:
    with lent_keychains():
        chain = MemoryKeychain()
        keyring.set_keyring(chain)
        yield chain


@pytest.fixture
def remembered(
    data_dir: Path, clock: Clock, memory: MemoryKeychain, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """An encrypted practice with one client, remembered in the keychain, closed; the
    environment gives no passphrase."""
    practice, _code = Practice.create(data_dir, TEST_PASSPHRASE, clock)
    with practice:
        practice.clients.create(details())
        assert practice.key is not None
        keychain.remember_in_keychain(data_dir, practice.key)
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    return data_dir


def click_checkbox(qtbot: QtBot, box: QCheckBox) -> None:
    """Click the box itself (a wide checkbox's middle may be past its words)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def offered(qtbot: QtBot, dialog: SettingsDialog) -> QCheckBox:
    """The keychain checkbox, once the keychain has answered and it is shown."""
    choice = dialog.lock_page.keychain
    assert choice is not None
    qtbot.waitUntil(choice.checkbox.isVisible, timeout=5000)
    return choice.checkbox


def test_a_remembered_practice_opens_the_client_list_without_the_unlock_screen(
    remembered: Path, qtbot: QtBot
) -> None:
    shown: dict[str, object] = {}

    def watch_for_the_screen() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, UnlockScreen):
            shown["screen"] = True
            modal.close()
        elif "rows" not in shown:
            QTimer.singleShot(20, watch_for_the_screen)

    def look_at_the_window() -> None:
        # The shown one: a window an earlier test closed may still exist, hidden.
        windows = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        if not windows:
            QTimer.singleShot(20, look_at_the_window)
            return
        shown["rows"] = windows[0].client_list.model.rowCount()
        shown["locked"] = windows[0].lock_guard.locked
        QTimer.singleShot(200, windows[0].close)

    QTimer.singleShot(0, watch_for_the_screen)
    QTimer.singleShot(0, look_at_the_window)
    assert run_app(remembered) == 0
    assert "screen" not in shown
    assert shown["rows"] == 1 and shown["locked"] is False


@pytest.mark.parametrize("how", ["entry removed", "no keychain"])
def test_when_the_keychain_does_not_give_the_key_the_unlock_screen_asks(
    remembered: Path, memory: MemoryKeychain, qtbot: QtBot, clock: Clock, how: str
) -> None:
    if how == "entry removed":
        memory.entries.clear()
    else:
        keyring.set_keyring(fail.Keyring())  # key.json taken to a computer without one
    said: list[str] = []

    def unlock(screen: UnlockScreen) -> None:
        said.append(screen.message.text())
        type_into(qtbot, screen.passphrase_edit, TEST_PASSPHRASE, enter=True)

    seen = answer_when_shown(UnlockScreen, unlock)
    practice = open_first(remembered, clock)
    assert "error" not in seen and practice is not None
    practice.close()
    assert "keychain did not give the key" in said[0] and "type the passphrase" in said[0]


def test_the_lock_tab_turns_the_keychain_on_and_off_with_save(
    window: MainWindow, qtbot: QtBot, memory: MemoryKeychain
) -> None:
    data_dir = window.practice.data_dir
    seen: dict[str, str] = {}

    def turn_on(dialog: SettingsDialog) -> None:
        go_to_tab(qtbot, dialog, "Lock")
        box = offered(qtbot, dialog)
        assert not box.isChecked()  # off until chosen
        assert dialog.lock_page.keychain is not None
        seen["words"] = dialog.lock_page.keychain.words.text()
        click_checkbox(qtbot, box)
        assert box.isChecked() and not keychain.is_remembered(data_dir)  # only Save keeps it
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["saved"] = dialog.message.text()

    in_settings(qtbot, window, turn_on)
    assert "anyone who can log in to it opens the client records" in seen["words"]
    assert "login now unlocks the practice" in seen["saved"]
    assert keychain.unlock_from_keychain(data_dir) == window.practice.key
    assert len(memory.entries) == 1

    def turn_off(dialog: SettingsDialog) -> None:
        go_to_tab(qtbot, dialog, "Lock")
        box = offered(qtbot, dialog)
        assert box.isChecked()  # shown as kept
        click_checkbox(qtbot, box)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["saved"] = dialog.message.text()

    window.activateWindow()  # back to the window, as after closing a dialog by hand
    qtbot.waitUntil(window.isActiveWindow)
    in_settings(qtbot, window, turn_off)
    assert "passphrase is needed again" in seen["saved"]
    assert not keychain.is_remembered(data_dir) and not memory.entries
    assert keychain.unlock_from_keychain(data_dir) is None


def test_without_a_keychain_that_answers_the_choice_is_not_shown(
    window: MainWindow, qtbot: QtBot
) -> None:
    seen: dict[str, bool] = {}

    def look(dialog: SettingsDialog) -> None:
        go_to_tab(qtbot, dialog, "Lock")
        choice = dialog.lock_page.keychain
        assert choice is not None
        qtbot.waitUntil(lambda: choice.probe.done, timeout=5000)
        seen["shown"] = choice.isVisible()
        button = dialog.lock_page.change_passphrase_button
        seen["passphrase button"] = button is not None and button.isVisible()

    with lent_keychains():
        keyring.set_keyring(fail.Keyring())
        in_settings(qtbot, window, look)
    assert seen == {"shown": False, "passphrase button": True}


def test_a_keychain_that_refuses_is_said_in_words_and_nothing_else_is_saved(
    window: MainWindow, qtbot: QtBot
) -> None:
    before = window.practice.settings.lock()
    key_file = window.practice.data_dir / "key.json"
    key_json = key_file.read_bytes()
    seen: dict[str, str] = {}

    def try_it(dialog: SettingsDialog) -> None:
        go_to_tab(qtbot, dialog, "Lock")
        retype(qtbot, dialog.lock_page.ui.idleMinutes, str(before.idle_minutes + 7))
        click_checkbox(qtbot, offered(qtbot, dialog))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["said"] = dialog.message.text()

    with lent_keychains():
        keyring.set_keyring(RefusingKeychain())
        in_settings(qtbot, window, try_it)
    assert "keychain did not accept the key" in seen["said"]
    assert "Nothing was changed" in seen["said"]
    assert window.practice.settings.lock() == before  # the idle minutes were not kept either
    assert key_file.read_bytes() == key_json


def test_a_problem_on_another_field_leaves_the_keychain_as_it_was(
    window: MainWindow, qtbot: QtBot, memory: MemoryKeychain
) -> None:
    def try_it(dialog: SettingsDialog) -> None:
        go_to_tab(qtbot, dialog, "Lock")
        click_checkbox(qtbot, offered(qtbot, dialog))
        qtbot.keyClicks(dialog.lock_page.ui.newPin, "5 apple trees")
        qtbot.keyClicks(dialog.lock_page.ui.confirmPin, "5 apple tree")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    in_settings(qtbot, window, try_it)
    assert not keychain.is_remembered(window.practice.data_dir) and not memory.entries


def test_a_key_the_keychain_lost_is_said_and_put_back_by_save(
    window: MainWindow, qtbot: QtBot, memory: MemoryKeychain
) -> None:
    data_dir, key = window.practice.data_dir, window.practice.key
    assert key is not None
    keychain.remember_in_keychain(data_dir, key)
    memory.entries.clear()  # removed by hand in the keychain's own program
    seen: dict[str, str] = {}

    def put_back(dialog: SettingsDialog) -> None:
        go_to_tab(qtbot, dialog, "Lock")
        choice = dialog.lock_page.keychain
        assert choice is not None and offered(qtbot, dialog).isChecked()
        qtbot.waitUntil(lambda: "no longer gives the key" in choice.words.text(), timeout=5000)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["saved"] = dialog.message.text()
        seen["words"] = choice.words.text()

    in_settings(qtbot, window, put_back)
    assert "login now unlocks the practice" in seen["saved"]
    assert "no longer gives" not in seen["words"]
    assert keychain.unlock_from_keychain(data_dir) == key
