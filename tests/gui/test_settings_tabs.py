"""Every settings tab saved as a person saves it: Practice settings opened from the window, the
fields typed into and clicked, the dialog's own Save and Close buttons."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QWidget
from pytestqt.qtbot import QtBot

from dermadesk.core import lock as pins
from dermadesk.core.consent_status import TREATMENT
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.settings.dialog import SettingsDialog
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
        retype(qtbot, dialog.practice_page.ui.nameEdit, "Renamed Skin Clinic")
        go_to_tab(qtbot, dialog, "Screening rules")
        click(qtbot, dialog.screening_page.block_checks["keloid_tendency"])
        retype(qtbot, dialog.screening_page.ui.renewalDays, "90")
        go_to_tab(qtbot, dialog, "Device and aftercare")
        retype(qtbot, dialog.treatment_page.ui.minDepth, "2.50")
        retype(
            qtbot, dialog.treatment_page.ui.maxDepth, "1.00"
        )  # deepest above shallowest: refused
        go_to_tab(qtbot, dialog, "Lock")
        retype(qtbot, dialog.lock_page.ui.idleMinutes, "30")
        go_to_tab(qtbot, dialog, "Backups")
        retype(qtbot, dialog.backups_page.ui.backupDaily, "40")
        click(qtbot, dialog.save_button)
        seen["message"] = dialog.message.text()
        seen["tab"] = dialog.tabs.currentWidget() is dialog.treatment_page

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
        retype(qtbot, dialog.practice_page.ui.nameEdit, "Skin Studio North")
        retype(qtbot, dialog.practice_page.ui.addressEdit, "1 High Street, York")
        retype(qtbot, dialog.practice_page.ui.phoneEdit, "01904 000000")
        retype(qtbot, dialog.practice_page.ui.practitionerEdit, "Ann Lee")
        retype(qtbot, dialog.practice_page.ui.credentialsEdit, "RN, Level 4")
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
        assert not dialog.screening_page.block_checks["keloid_tendency"].isChecked()
        click(qtbot, dialog.screening_page.block_checks["keloid_tendency"])
        retype(qtbot, dialog.screening_page.ui.toxinDays, "21")
        retype(qtbot, dialog.screening_page.ui.renewalDays, "180")
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
        dialog.forms_page.ui.templateBody.setFocus()
        dialog.forms_page.ui.templateBody.moveCursor(
            dialog.forms_page.ui.templateBody.textCursor().MoveOperation.End
        )
        qtbot.keyClicks(dialog.forms_page.ui.templateBody, " Bring your own towel.")
        click(qtbot, dialog.forms_page.ui.newVersionButton)
        assert f"Version {version + 1}" == dialog.forms_page.ui.versionLabel.text()
        qtbot.keyClicks(dialog.forms_page.ui.templateBody, " And a hat.")
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
        retype(qtbot, dialog.treatment_page.ui.deviceEdit, "Pen X2")
        retype(qtbot, dialog.treatment_page.ui.maxDepth, "2.50")
        retype(
            qtbot,
            dialog.treatment_page.ui.aftercareText,
            "Aftercare\n\nNo sauna for {actives_days}.",
        )
        click(qtbot, dialog.save_button)

    in_settings(qtbot, window, steps)
    device = window.practice.settings.device()
    assert (device.name, device.max_depth_mm) == ("Pen X2", 2.5)
    assert window.practice.settings.aftercare_text() == "Aftercare\n\nNo sauna for {actives_days}."


def test_the_lock_tab_is_saved_with_the_save_button(window: MainWindow, qtbot: QtBot) -> None:
    def steps(dialog: SettingsDialog) -> None:
        go_to_tab(qtbot, dialog, "Lock")
        qtbot.keyClicks(dialog.lock_page.ui.newPin, "5 apple trees")
        qtbot.keyClicks(dialog.lock_page.ui.confirmPin, "5 apple trees")
        retype(qtbot, dialog.lock_page.ui.idleMinutes, "15")
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
        click(qtbot, dialog.backups_page.ui.chooseBackupFolderButton)
        retype(qtbot, dialog.backups_page.ui.backupDaily, "30")
        click(qtbot, dialog.save_button)

    in_settings(qtbot, window, steps)
    assert window.practice.backup_folder() == usb
    assert window.practice.settings.backup().daily == 30
    assert str(usb) in window.backup_label.toolTip()  # the status bar looks there now
    assert QApplication.activeModalWidget() is None


def outlined(field: QWidget) -> bool:
    return "#c62828" in field.styleSheet()


def bad_depths(qtbot: QtBot, dialog: SettingsDialog) -> QWidget:
    go_to_tab(qtbot, dialog, "Device and aftercare")
    retype(qtbot, dialog.treatment_page.ui.minDepth, "2.50")
    retype(qtbot, dialog.treatment_page.ui.maxDepth, "1.00")  # deepest above shallowest
    return dialog.treatment_page.ui.minDepth


def pins_that_differ(qtbot: QtBot, dialog: SettingsDialog) -> QWidget:
    go_to_tab(qtbot, dialog, "Lock")
    qtbot.keyClicks(dialog.lock_page.ui.newPin, "5 apple trees")
    qtbot.keyClicks(dialog.lock_page.ui.confirmPin, "5 apple tree")
    return dialog.lock_page.ui.confirmPin


def a_relative_backup_folder(qtbot: QtBot, dialog: SettingsDialog) -> QWidget:
    go_to_tab(qtbot, dialog, "Backups")
    retype(qtbot, dialog.backups_page.ui.backupFolder, "backups here")
    return dialog.backups_page.ui.backupFolder


def a_form_without_title(qtbot: QtBot, dialog: SettingsDialog) -> QWidget:
    go_to_tab(qtbot, dialog, "Consent forms")
    retype(qtbot, dialog.forms_page.ui.titleEdit, "")
    qtbot.keyClick(dialog.forms_page.ui.titleEdit, Qt.Key.Key_Backspace)
    return dialog.forms_page.ui.titleEdit


@pytest.mark.parametrize(
    ("mistake", "words"),
    [
        (bad_depths, "depth range"),
        (pins_that_differ, "not the same"),
        (a_relative_backup_folder, "full path"),
        (a_form_without_title, "needs a title"),
    ],
    ids=["device page", "lock page", "backups page", "forms page"],
)
def test_a_problem_on_any_page_saves_nothing_and_shows_the_field(
    window: MainWindow,
    qtbot: QtBot,
    mistake: Callable[[QtBot, SettingsDialog], QWidget],
    words: str,
) -> None:
    settings, consents = window.practice.settings, window.practice.consents
    name_before = settings.practice_details().name
    form_before = consents.current_template(TREATMENT).version
    seen: dict[str, object] = {}

    def steps(dialog: SettingsDialog) -> None:
        retype(qtbot, dialog.practice_page.ui.nameEdit, "Renamed Skin Clinic")
        field = mistake(qtbot, dialog)
        page = dialog.tabs.currentWidget()
        go_to_tab(qtbot, dialog, "Practice")  # Save pressed from another page
        click(qtbot, dialog.save_button)
        seen["page shown"] = dialog.tabs.currentWidget() is page
        seen["outlined"] = outlined(field)
        seen["focused"] = dialog.focusWidget() is field
        seen["others outlined"] = outlined(dialog.practice_page.ui.nameEdit)
        seen["message"] = dialog.message.text()
        seen["kept"] = settings.practice_details().name
        # Put right, the same Save keeps everything and the outline goes.
        if field is dialog.forms_page.ui.titleEdit:
            qtbot.keyClicks(field, "Consent to treatment")
        elif field is dialog.lock_page.ui.confirmPin:
            qtbot.keyClicks(field, "5 apple trees")
        elif field is dialog.backups_page.ui.backupFolder:
            retype(qtbot, field, "")
            qtbot.keyClick(field, Qt.Key.Key_Delete)
        else:
            retype(qtbot, dialog.treatment_page.ui.maxDepth, "3.00")
        seen["outline gone on edit"] = not outlined(field)
        click(qtbot, dialog.save_button)
        seen["saved"] = dialog.message.text()
        seen["outline gone"] = not outlined(field)

    in_settings(qtbot, window, steps)

    assert words in str(seen["message"])
    assert seen["page shown"], "the page with the problem is shown"
    assert seen["outlined"] and seen["focused"], "the field at fault is outlined and focused"
    assert not seen["others outlined"]
    assert seen["kept"] == name_before  # the new name waited for the whole save
    assert seen["outline gone on edit"], "putting the field right takes its outline away"
    assert "Settings saved" in str(seen["saved"]) and seen["outline gone"]
    assert settings.practice_details().name == "Renamed Skin Clinic"
    if mistake is a_form_without_title:
        assert consents.current_template(TREATMENT).version == form_before + 1
