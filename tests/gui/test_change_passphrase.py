"""Changing the practice passphrase from Practice settings ▸ Lock, as a person does: the
current passphrase (a wrong one refused, nothing written) or the recovery code, then the new
one twice; the lock and the next start take the new one, and the change is audited."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from dermadesk.core import keys
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.settings.dialog import SettingsDialog
from dermadesk.gui.settings.passphrase_dialog import ChangePassphrase
from tests.gui.paths import answering, click
from tests.helpers import TEST_PASSPHRASE

NEW = "lavender soap by the basin"


def type_into(qtbot: QtBot, field: QWidget, text: str) -> None:
    qtbot.waitUntil(field.isEnabled, timeout=5000)
    field.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(field, text)


def test_the_passphrase_is_changed_in_settings_and_the_lock_takes_the_new_one(
    window: MainWindow, qtbot: QtBot
) -> None:
    data_dir: Path = window.practice.data_dir
    said: dict[str, str] = {}

    def change(dialog: QWidget) -> None:
        assert isinstance(dialog, ChangePassphrase)
        before = (data_dir / keys.KEY_FILE).read_bytes()
        type_into(qtbot, dialog.current, "not the passphrase")
        type_into(qtbot, dialog.new.first, NEW)
        type_into(qtbot, dialog.new.again, NEW)
        click(dialog.change_button)
        qtbot.waitUntil(lambda: bool(dialog.problem.text()), timeout=5000)
        said["wrong"] = dialog.problem.text()
        said["unchanged"] = str((data_dir / keys.KEY_FILE).read_bytes() == before)
        type_into(qtbot, dialog.current, TEST_PASSPHRASE)
        type_into(qtbot, dialog.new.first, "short")
        type_into(qtbot, dialog.new.again, "short")
        click(dialog.change_button)
        said["weak"] = dialog.problem.text()
        type_into(qtbot, dialog.new.first, NEW)
        type_into(qtbot, dialog.new.again, NEW)
        click(dialog.change_button)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)

    def settings(dialog: QWidget) -> None:
        assert isinstance(dialog, SettingsDialog)
        dialog.show_tab("lock")
        button = dialog.lock_page.change_passphrase_button
        assert button is not None and button.isVisible()

        def press_it() -> None:  # after this answer returns: the answerer's timer goes on
            click(button)  # returns once the passphrase dialog has closed
            said["settings"] = dialog.message.text()
            click(dialog, "Close")

        QTimer.singleShot(0, press_it)

    with answering((SettingsDialog, settings), (ChangePassphrase, change)):
        window.settings_action.trigger()

    assert "does not unlock this practice" in said["wrong"] and said["unchanged"] == "True"
    assert "10 characters" in said["weak"]
    assert "use the new one" in said["settings"]
    assert keys.unlock(data_dir, NEW) == window.practice.key
    events = window.practice.audit.events(limit=5)
    (event,) = [e for e in events if e.action == "passphrase.changed"]
    assert event.detail == "with the old passphrase"

    # The lock now takes the new passphrase.
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    guard = window.lock_guard
    assert guard.locked and guard.panel is not None
    type_into(qtbot, guard.panel.passphrase_edit, NEW)
    qtbot.keyClick(guard.panel.passphrase_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not guard.locked, timeout=5000)
