"""Every settings tab saved as a person saves it: Practice settings opened from the window, the
fields typed into and clicked, the dialog's own Save and Close buttons."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QWidget
from pytestqt.qtbot import QtBot

from dermadesk.core import lock as pins
from dermadesk.core.consent_status import TREATMENT
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.settings_dialog import SettingsDialog
from tests.gui.conftest import PromptRecorder
from tests.gui.test_window_paths import answer_modal, click_button


def in_settings(qtbot: QtBot, window: MainWindow, steps: Callable[[SettingsDialog], None]) -> None:
    """Open Practice settings with Ctrl+, and do `steps` in it; then Close."""
    done: dict[str, bool] = {}

    def inside(dialog: QWidget) -> None:
        assert isinstance(dialog, SettingsDialog)
        try:
            steps(dialog)
            done["steps"] = True
        finally:
            click_button(dialog, "Close")

    answer_modal(qtbot, inside)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert done.get("steps"), "the settings steps did not run to the end"


def go_to_tab(qtbot: QtBot, dialog: SettingsDialog, title: str) -> None:
    bar = dialog.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert dialog.tabs.currentIndex() == index


def retype(qtbot: QtBot, field: QWidget, text: str) -> None:
    """Select what the field holds and type `text` over it."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if isinstance(field, QAbstractSpinBox):
        qtbot.keyClick(field, Qt.Key.Key_Delete)
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(field, Qt.Key.Key_Return)
        qtbot.keyClicks(field, line)


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_an_invalid_tab_leaves_every_other_setting_unchanged(
    window: MainWindow, qtbot: QtBot
) -> None:
    settings = window.practice.settings
    before = (
        settings.practice_details(),
        settings.screening(),
        settings.consent(),
        settings.device(),
        settings.aftercare_text(),
        settings.lock(),
        settings.backup(),
    )
    seen: dict[str, object] = {}

    def steps(dialog: SettingsDialog) -> None:
        retype(qtbot, dialog.name_edit, "Renamed Skin Clinic")
        go_to_tab(qtbot, dialog, "Screening rules")
        click(qtbot, dialog.block_checks["keloid_tendency"])
        retype(qtbot, dialog.renewal_days, "90")
        go_to_tab(qtbot, dialog, "Device and aftercare")
        retype(qtbot, dialog.min_depth, "2.50")
        retype(qtbot, dialog.max_depth, "1.00")  # deepest above shallowest: refused
        go_to_tab(qtbot, dialog, "Lock")
        retype(qtbot, dialog.idle_minutes, "30")
        go_to_tab(qtbot, dialog, "Backups")
        retype(qtbot, dialog.backup_keep, "40")
        click(qtbot, dialog.save_button)
        seen["message"] = dialog.message.text()
        seen["tab"] = dialog.tabs.currentWidget() is dialog.treatment_tab

    in_settings(qtbot, window, steps)

    assert "depth range" in str(seen["message"])
    after = (
        settings.practice_details(),
        settings.screening(),
        settings.consent(),
        settings.device(),
        settings.aftercare_text(),
        settings.lock(),
        settings.backup(),
    )
    assert after == before
    assert seen["tab"]  # the problem is shown where it is


def test_the_practice_tab_is_saved_with_the_save_button(window: MainWindow, qtbot: QtBot) -> None:
    def steps(dialog: SettingsDialog) -> None:
        retype(qtbot, dialog.name_edit, "Skin Studio North")
        retype(qtbot, dialog.address_edit, "1 High Street, York")
        retype(qtbot, dialog.phone_edit, "01904 000000")
        retype(qtbot, dialog.practitioner_edit, "Ann Lee")
        retype(qtbot, dialog.credentials_edit, "RN, Level 4")
        click(qtbot, dialog.save_button)
        assert "Settings saved." in dialog.message.text()

    in_settings(qtbot, window, steps)
    details = window.practice.settings.practice_details()
    assert (details.name, details.address, details.phone) == (
        "Skin Studio North",
        "1 High Street, York",
        "01904 000000",
    )
    assert (details.practitioner_name, details.credentials) == ("Ann Lee", "RN, Level 4")


def test_the_screening_tab_is_saved_with_the_save_button(window: MainWindow, qtbot: QtBot) -> None:
    def steps(dialog: SettingsDialog) -> None:
        go_to_tab(qtbot, dialog, "Screening rules")
        assert not dialog.block_checks["keloid_tendency"].isChecked()
        click(qtbot, dialog.block_checks["keloid_tendency"])
        retype(qtbot, dialog.toxin_days, "21")
        retype(qtbot, dialog.renewal_days, "180")
        click(qtbot, dialog.save_button)

    in_settings(qtbot, window, steps)
    screening = window.practice.settings.screening()
    assert "keloid_tendency" in screening.blocking and screening.botulinum_toxin_days == 21
    assert window.practice.settings.consent().renewal_days == 180


def test_the_consent_forms_tab_keeps_a_new_version(window: MainWindow, qtbot: QtBot) -> None:
    consents = window.practice.consents
    version = consents.current_template(TREATMENT).version

    def steps(dialog: SettingsDialog) -> None:
        go_to_tab(qtbot, dialog, "Consent forms")
        dialog.body_edit.setFocus()
        dialog.body_edit.moveCursor(dialog.body_edit.textCursor().MoveOperation.End)
        qtbot.keyClicks(dialog.body_edit, " Bring your own towel.")
        click(qtbot, dialog.new_version_button)
        assert f"Version {version + 1}" == dialog.version_label.text()
        qtbot.keyClicks(dialog.body_edit, " And a hat.")
        click(qtbot, dialog.save_button)  # Save keeps the edited form too

    in_settings(qtbot, window, steps)
    current = consents.current_template(TREATMENT)
    assert current.version == version + 2
    assert current.body.endswith("Bring your own towel. And a hat.")


def test_the_device_and_aftercare_tab_is_saved_with_the_save_button(
    window: MainWindow, qtbot: QtBot
) -> None:
    def steps(dialog: SettingsDialog) -> None:
        go_to_tab(qtbot, dialog, "Device and aftercare")
        retype(qtbot, dialog.device_edit, "Pen X2")
        retype(qtbot, dialog.max_depth, "2.50")
        retype(qtbot, dialog.aftercare_edit, "Aftercare\n\nNo sauna for {actives_days}.")
        click(qtbot, dialog.save_button)

    in_settings(qtbot, window, steps)
    device = window.practice.settings.device()
    assert (device.name, device.max_depth_mm) == ("Pen X2", 2.5)
    assert window.practice.settings.aftercare_text() == "Aftercare\n\nNo sauna for {actives_days}."


def test_the_lock_tab_is_saved_with_the_save_button(window: MainWindow, qtbot: QtBot) -> None:
    def steps(dialog: SettingsDialog) -> None:
        go_to_tab(qtbot, dialog, "Lock")
        qtbot.keyClicks(dialog.new_pin_edit, "5 apple trees")
        qtbot.keyClicks(dialog.confirm_pin_edit, "5 apple trees")
        retype(qtbot, dialog.idle_minutes, "15")
        click(qtbot, dialog.save_button)
        assert "new PIN is set" in dialog.message.text()

    in_settings(qtbot, window, steps)
    stored = window.practice.settings.lock()
    assert pins.verify_pin("5 apple trees", stored.pin_hash) and stored.idle_minutes == 15
    assert window.lock_guard.has_pin  # the window follows at once
    assert window.practice.audit.events(limit=1)[0].action == "pin.set"


def test_the_backups_tab_is_saved_with_the_save_button(
    window: MainWindow, qtbot: QtBot, prompts: PromptRecorder, tmp_path: Path
) -> None:
    usb = tmp_path / "usb stick"
    usb.mkdir()
    prompts.folder = str(usb)

    def steps(dialog: SettingsDialog) -> None:
        go_to_tab(qtbot, dialog, "Backups")
        click(qtbot, dialog.choose_backup_folder_button)
        retype(qtbot, dialog.backup_keep, "30")
        click(qtbot, dialog.save_button)

    in_settings(qtbot, window, steps)
    assert window.practice.backup_folder() == usb
    assert window.practice.settings.backup().keep == 30
    assert str(usb) in window.backup_label.toolTip()  # the status bar looks there now
    assert QApplication.activeModalWidget() is None
