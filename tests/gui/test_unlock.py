"""The unlock screen an encrypted practice opens on: its passphrase typed and Enter pressed,
a wrong one refused in words with nothing written, and a lost one replaced through the
recovery code; driven through the screen's own fields and buttons."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from dermadesk.core import keys
from dermadesk.core.clock import Clock
from dermadesk.core.practice import Practice
from dermadesk.gui.app import run_app
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.unlock_screen import UnlockScreen
from dermadesk.gui.unlock_start import PASSPHRASE_ENV, open_first
from tests.gui.modal_answers import answer_when_shown
from tests.helpers import TEST_PASSPHRASE, details

NEW_PASSPHRASE = "blue kettle on the windowsill"


@pytest.fixture
def locked_practice(data_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> str:
    """An encrypted practice with one client, closed; its recovery code. The environment
    gives no passphrase: the window must ask."""
    practice, code = Practice.create(data_dir, TEST_PASSPHRASE, clock)
    with practice:
        practice.clients.create(details())
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    return code


def type_into(qtbot: QtBot, field: QWidget, text: str, enter: bool = False) -> None:
    qtbot.waitUntil(field.isEnabled, timeout=5000)
    field.setFocus()
    field.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(field, text)
    if enter:
        qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_right_passphrase_opens_the_client_list(
    data_dir: Path, locked_practice: str, qtbot: QtBot
) -> None:
    shown: dict[str, object] = {}

    def unlock(screen: UnlockScreen) -> None:
        shown["title"] = screen.windowTitle()
        qtbot.waitUntil(screen.passphrase_edit.hasFocus)  # typing can start at once
        type_into(qtbot, screen.passphrase_edit, TEST_PASSPHRASE, enter=True)

    def look_at_the_window() -> None:
        # The shown one: a window an earlier test closed may still exist, hidden.
        windows = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        if not windows:
            QTimer.singleShot(20, look_at_the_window)
            return
        window = windows[0]
        shown["rows"] = window.client_list.model.rowCount()
        shown["locked"] = window.lock_guard.locked
        QTimer.singleShot(200, window.close)

    seen = answer_when_shown(UnlockScreen, unlock)
    QTimer.singleShot(0, look_at_the_window)
    assert run_app(data_dir) == 0
    assert "error" not in seen
    assert shown["title"] == "Unlock DermaDesk"
    assert shown["rows"] == 1 and shown["locked"] is False


def test_a_wrong_passphrase_is_refused_in_words_and_nothing_changes(
    data_dir: Path, locked_practice: str, qtbot: QtBot, clock: Clock
) -> None:
    before = {path.name: path.read_bytes() for path in data_dir.iterdir() if path.is_file()}
    said: list[str] = []

    def try_wrong(screen: UnlockScreen) -> None:
        type_into(qtbot, screen.passphrase_edit, "my cat's name", enter=True)
        qtbot.waitUntil(lambda: bool(screen.message.text()), timeout=5000)
        said.append(screen.message.text())
        said.append(str(screen.isVisible()))
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)  # the same again
        qtbot.waitUntil(lambda: screen.unlock_button.isEnabled(), timeout=5000)
        screen.close()  # the person gives up: DermaDesk ends, having opened nothing

    seen = answer_when_shown(UnlockScreen, try_wrong)
    assert open_first(data_dir, clock) is None
    assert "error" not in seen
    assert "does not unlock this practice" in said[0] and "Caps Lock" in said[0]
    assert said[1] == "True"  # still asking
    after = {path.name: path.read_bytes() for path in data_dir.iterdir() if path.is_file()}
    assert after == before


def test_the_recovery_code_sets_a_new_passphrase_that_then_unlocks(
    data_dir: Path, locked_practice: str, qtbot: QtBot, clock: Clock
) -> None:
    key_file = data_dir / keys.KEY_FILE
    before = key_file.read_bytes()
    said: dict[str, str] = {}

    def recover(screen: UnlockScreen) -> None:
        qtbot.mouseClick(screen.recovery_button, Qt.MouseButton.LeftButton)
        assert screen.code_edit.isVisible()
        qtbot.waitUntil(screen.code_edit.hasFocus)
        pair = screen.new_passphrase
        # Another practice's code (well formed): refused, nothing written.
        type_into(qtbot, screen.code_edit, keys.new_recovery_code())
        type_into(qtbot, pair.first, NEW_PASSPHRASE)
        type_into(qtbot, pair.again, NEW_PASSPHRASE)
        qtbot.mouseClick(screen.recover_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(screen.recover_message.text()), timeout=5000)
        said["other code"] = screen.recover_message.text()
        said["unchanged"] = str(key_file.read_bytes() == before)
        # A typing mistake in the right code: said before anything is tried.
        mistyped = locked_practice[:-1] + ("0" if locked_practice[-1] != "0" else "1")
        type_into(qtbot, screen.code_edit, mistyped)
        qtbot.mouseClick(screen.recover_button, Qt.MouseButton.LeftButton)
        said["mistyped"] = screen.recover_message.text()
        # The right code, typed in small letters and without dashes; a weak new passphrase.
        type_into(qtbot, screen.code_edit, locked_practice.replace("-", " ").lower())
        type_into(qtbot, pair.first, "password")
        type_into(qtbot, pair.again, "password")
        qtbot.mouseClick(screen.recover_button, Qt.MouseButton.LeftButton)
        said["weak"] = screen.recover_message.text()
        type_into(qtbot, pair.first, NEW_PASSPHRASE)
        type_into(qtbot, pair.again, NEW_PASSPHRASE, enter=True)

    seen = answer_when_shown(UnlockScreen, recover)
    practice = open_first(data_dir, clock)
    assert "error" not in seen and practice is not None
    with practice:
        assert practice.clients.count() == 1
        actions = [event.action for event in practice.audit.events(limit=5)]
        assert "passphrase.recovered" in actions
    assert "does not unlock this practice" in said["other code"] and said["unchanged"] == "True"
    assert "typing mistake" in said["mistyped"]
    assert "common" in said["weak"]
    assert keys.unlock(data_dir, NEW_PASSPHRASE) == keys.unlock_with_recovery_code(
        data_dir, locked_practice
    )
    with pytest.raises(keys.WrongPassphrase):
        keys.unlock(data_dir, TEST_PASSPHRASE)  # the old one no longer opens it

    # And at the next start, the new passphrase is what the screen takes.
    def unlock(screen: UnlockScreen) -> None:
        type_into(qtbot, screen.passphrase_edit, NEW_PASSPHRASE, enter=True)

    seen = answer_when_shown(UnlockScreen, unlock)
    again = open_first(data_dir, clock)
    assert again is not None
    again.close()


def test_the_environment_s_passphrase_opens_without_the_screen(
    data_dir: Path, locked_practice: str, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, TEST_PASSPHRASE)
    practice = open_first(data_dir, clock)
    assert practice is not None and practice.encrypted
    practice.close()


def test_a_wrong_passphrase_in_the_environment_is_said_on_the_screen(
    data_dir: Path,
    locked_practice: str,
    qtbot: QtBot,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, "an old passphrase")
    said: list[str] = []

    def look(screen: UnlockScreen) -> None:
        said.append(screen.message.text())
        type_into(qtbot, screen.passphrase_edit, TEST_PASSPHRASE, enter=True)

    seen = answer_when_shown(UnlockScreen, look)
    practice = open_first(data_dir, clock)
    assert "error" not in seen and practice is not None
    practice.close()
    assert said[0].startswith(f"{PASSPHRASE_ENV} does not unlock this practice.")
