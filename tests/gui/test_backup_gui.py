"""Backups from the window: Back up now, the daily backup on closing, the status bar's word on
the last backup, and the restore dialog."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dermadesk.core.backup import backups_in, default_backup_name, restore_backup
from dermadesk.core.backup_keys import by_passphrase
from dermadesk.core.backup_rotation import SUFFIX
from dermadesk.core.practice import Practice
from dermadesk.core.settings import BackupSettings
from dermadesk.gui.backups import NO_BACKUP_COLOUR, STALE_COLOUR, backup_age_words
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.restore_dialog import RestoreDialog
from dermadesk.gui.settings.dialog import SettingsDialog
from dermadesk.gui.ui_state import UiState
from tests.gui.conftest import PromptRecorder
from tests.gui.plain_practice import make_plain_practice
from tests.helpers import TEST_NOW, TEST_PASSPHRASE, details, open_practice

UNLOCK = by_passphrase(TEST_PASSPHRASE)


def wait_for_backup(qtbot: QtBot, window: MainWindow) -> None:
    assert window.backup_task is not None
    qtbot.waitUntil(
        lambda: window.backup_task is not None and window.backup_task.done, timeout=20_000
    )


def clients_in(data_dir: Path) -> list[tuple[str, str, object]]:
    """Every client on file in the practice at `data_dir`, archived ones included."""
    with open_practice(data_dir) as opened:
        ids = opened.clients.search_ids("", include_archived=True)
        found = [opened.clients.get(i) for i in ids]
        return sorted((c.first_name, c.last_name, c.date_of_birth) for c in found)


@pytest.fixture
def good_backup(demo_practice: Practice, tmp_path: Path) -> Path:
    return demo_practice.backup(
        tmp_path / default_backup_name(demo_practice.clock.local_now())
    ).path


def test_back_up_now_writes_a_backup_that_restores_every_client(
    window: MainWindow,
    qtbot: QtBot,
    prompts: PromptRecorder,
    demo_practice: Practice,
    tmp_path: Path,
) -> None:
    prompts.save_path = str(tmp_path / "friday")  # typed without the ending
    window.backup_action.trigger()
    wait_for_backup(qtbot, window)

    written = tmp_path / f"friday{SUFFIX}"
    assert written.is_file() and prompts.errors == []
    message = window.statusBar().currentMessage()
    assert "Backup made and checked" in message and str(written) in message
    restore_backup(written, tmp_path / "restored", unlock=UNLOCK)
    before = clients_in(demo_practice.data_dir)
    assert len(before) == 300 and clients_in(tmp_path / "restored") == before


def test_back_up_now_says_in_words_why_it_was_not_made(
    window: MainWindow, qtbot: QtBot, prompts: PromptRecorder, tmp_path: Path
) -> None:
    existing = tmp_path / f"monday{SUFFIX}"
    existing.write_bytes(b"last week's")
    prompts.save_path = str(existing)
    window.back_up_now()
    wait_for_backup(qtbot, window)
    ((title, message),) = prompts.errors
    assert title == "The backup was not made"
    assert "exists already" in message and "never writes over a file" in message
    assert existing.read_bytes() == b"last week's"

    prompts.save_path = None  # cancelled: nothing happens
    assert window.back_up_now() is None


@pytest.mark.no_backup_yet
def test_the_status_bar_says_when_the_last_backup_was_and_warns_after_a_week(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice, prompts: PromptRecorder
) -> None:
    label = window.backup_label
    qtbot.waitUntil(lambda: label.text() != "")
    assert label.text() == "No backup yet"
    assert label.stale and NO_BACKUP_COLOUR in label.styleSheet()
    assert str(demo_practice.backup_folder()) in label.toolTip()

    folder = demo_practice.backup_folder()
    folder.mkdir()
    ten_days_ago = TEST_NOW - timedelta(days=10)
    (folder / default_backup_name(ten_days_ago)).write_bytes(b"an old backup")
    label.refresh()
    assert label.text() == "Last backup: 10 days ago"
    assert label.stale and STALE_COLOUR in label.styleSheet()
    assert "more than a week ago" in label.toolTip() and "Back up now" in label.toolTip()

    prompts.save_path = str(folder / default_backup_name(demo_practice.clock.local_now()))
    window.back_up_now()
    wait_for_backup(qtbot, window)
    now = TEST_NOW
    assert label.text().startswith("Last backup: today ")
    assert label.text()[-5:] <= f"{now:%H:%M}"
    assert not label.stale and label.styleSheet() == ""


@pytest.mark.no_backup_yet
def test_back_up_now_to_another_disk_turns_the_status_bar_calm(
    window: MainWindow, qtbot: QtBot, prompts: PromptRecorder, tmp_path: Path
) -> None:
    label = window.backup_label
    qtbot.waitUntil(lambda: label.text() != "")
    assert label.text() == "No backup yet" and NO_BACKUP_COLOUR in label.styleSheet()
    usb = tmp_path / "usb stick"
    usb.mkdir()
    prompts.save_path = str(usb / "friday")  # not the daily backups' folder

    window.backup_action.trigger()
    wait_for_backup(qtbot, window)

    assert label.text().startswith("Last backup: today ")
    assert not label.stale and label.styleSheet() == ""
    assert str(usb / f"friday{SUFFIX}") in label.toolTip()


def test_age_in_words() -> None:
    now = datetime(2026, 11, 21, 9, 30)
    assert backup_age_words(None, now) == "No backup yet"
    assert backup_age_words(datetime(2026, 11, 21, 8, 5), now) == "Last backup: today 08:05"
    assert backup_age_words(datetime(2026, 11, 20, 23, 59), now) == "Last backup: yesterday 23:59"
    assert backup_age_words(datetime(2026, 11, 18, 12, 0), now) == "Last backup: 3 days ago"


@pytest.mark.no_backup_yet
def test_closing_makes_the_daily_backup_once(
    demo_practice: Practice, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    folder = demo_practice.backup_folder()
    for _ in range(2):  # closed twice the same day: one backup
        window = MainWindow(demo_practice, UiState(demo_practice.data_dir))
        qtbot.addWidget(window)
        window.show()
        assert window.close()
        assert not window.isVisible()
    (made,) = backups_in(folder)
    assert prompts.errors == []
    restored = folder.parent / "check"
    restore_backup(made, restored, unlock=UNLOCK)
    assert len(clients_in(restored)) == 300


@pytest.mark.no_backup_yet
def test_a_failed_daily_backup_is_told_and_the_window_still_closes(
    demo_practice: Practice,
    qtbot: QtBot,
    prompts: PromptRecorder,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    in_the_way = tmp_path / "not-a-folder"
    in_the_way.write_text("a file where the backup folder should be")
    demo_practice.settings.set_backup(BackupSettings(folder=str(in_the_way), daily=3))
    window = MainWindow(demo_practice, UiState(demo_practice.data_dir))
    qtbot.addWidget(window)
    window.show()
    assert window.close()
    assert not window.isVisible()
    ((title, message),) = prompts.errors
    assert title == "Today's backup was not made"
    assert "DermaDesk closes anyway" in message
    logged = [r for r in caplog.records if r.name == "dermadesk" and r.levelname == "ERROR"]
    assert [r.getMessage() for r in logged] == ["The daily backup before closing failed"]
    assert logged[0].exc_info is not None  # what went wrong goes to the log with it


def restore_in(qtbot: QtBot, dialog: RestoreDialog, secret: str | None = TEST_PASSPHRASE) -> None:
    """Type the backup's passphrase (when its field is shown) and click Restore, as a person
    does; wait for the restore to end."""
    if secret is not None and dialog.key_row.isVisible():
        dialog.key_row.field.clear()
        qtbot.keyClicks(dialog.key_row.field, secret)
    dialog.task = None
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    task = dialog.task
    assert task is not None, dialog.message.text()
    qtbot.waitUntil(lambda: task.done, timeout=20_000)


def test_the_restore_dialog_refuses_a_folder_that_is_not_empty(
    practice: Practice, qtbot: QtBot, prompts: PromptRecorder, good_backup: Path, tmp_path: Path
) -> None:
    dialog = RestoreDialog(practice.data_dir, practice.clock.today())
    qtbot.addWidget(dialog)
    dialog.show()
    prompts.open_path = str(good_backup)
    dialog.choose_file_button.click()
    assert dialog.file_edit.text() == str(good_backup)
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "notes.txt").write_text("mine")
    prompts.folder = str(occupied)
    dialog.choose_folder_button.click()
    restore_in(qtbot, dialog)
    assert (
        "is not empty" in dialog.message.text() and "Nothing was changed" in dialog.message.text()
    )
    assert sorted(p.name for p in occupied.iterdir()) == ["notes.txt"]
    assert dialog.restored_to is None and prompts.questions == []
    assert dialog.restore_button.isEnabled()  # free to choose another folder


def test_the_restore_dialog_refuses_a_truncated_backup(
    practice: Practice, qtbot: QtBot, good_backup: Path, tmp_path: Path
) -> None:
    truncated = tmp_path / f"truncated{SUFFIX}"
    truncated.write_bytes(good_backup.read_bytes()[: good_backup.stat().st_size // 2])
    dialog = RestoreDialog(practice.data_dir, practice.clock.today())
    qtbot.addWidget(dialog)
    dialog.file_edit.setText(str(truncated))
    target = tmp_path / "new-practice"
    dialog.folder_edit.setText(str(target))
    restore_in(qtbot, dialog)
    text = dialog.message.text()
    assert "truncated" in text and ("damaged" in text or "not a DermaDesk backup" in text)
    assert not target.exists() or not any(target.iterdir())  # nothing restored


def test_the_restore_dialog_asks_what_it_needs(practice: Practice, qtbot: QtBot) -> None:
    dialog = RestoreDialog(practice.data_dir, practice.clock.today())
    qtbot.addWidget(dialog)
    assert dialog.restore() is None
    assert "Choose the backup file" in dialog.message.text()
    assert Path(dialog.folder_edit.text()).parent == practice.data_dir.parent  # a new folder
    assert not Path(dialog.folder_edit.text()).exists()


def test_restore_from_the_menu_asks_the_passphrase_and_opens_the_practice_in_a_new_window(
    window: MainWindow,
    qtbot: QtBot,
    prompts: PromptRecorder,
    good_backup: Path,
    tmp_path: Path,
) -> None:
    target = tmp_path / "restored practice"
    prompts.yes = True  # "Open the practice restored ... now?"
    seen: list[str] = []

    def in_the_dialog() -> None:
        dialog = window.findChild(RestoreDialog)
        dialog.file_edit.setText(str(good_backup))
        dialog.folder_edit.setText(str(target))
        seen.append(f"shown: {dialog.key_row.isVisible()}")  # an encrypted backup
        restore_in(qtbot, dialog)
        seen.append(dialog.message.text())

    QTimer.singleShot(0, in_the_dialog)
    window.restore_action.trigger()  # the dialog's exec() returns once it is accepted

    assert seen[0] == "shown: True"
    assert "Restored and checked" in seen[1] and str(target) in seen[1]
    assert "unchanged" in seen[1]
    assert str(target) in prompts.questions[0]
    qtbot.waitUntil(lambda: not window.isVisible())  # this window closed for the new one
    opened = restored_window(target)
    assert opened is not None
    # Opened with the key the restore was unlocked with: no unlock screen, no second asking.
    assert opened.isVisible() and opened.practice.key is not None
    assert opened.practice.clients.count(include_archived=True) == 300
    assert opened.client_list.isVisible()
    opened.close()
    qtbot.waitUntil(lambda: restored_window(target) is None)
    assert len(clients_in(target)) == 300  # the restored key.json: the same passphrase opens it


def restored_window(target: Path) -> MainWindow | None:
    """The window opened on the practice restored into `target`, if any."""
    found = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, MainWindow) and w.practice.data_dir == target
    ]
    return found[0] if found else None


def test_a_wrong_backup_passphrase_is_refused_in_words_and_nothing_is_written(
    practice: Practice, qtbot: QtBot, prompts: PromptRecorder, good_backup: Path, tmp_path: Path
) -> None:
    dialog = RestoreDialog(practice.data_dir, practice.clock.today())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.key_row.isVisible()  # nothing asked before a backup is chosen
    prompts.open_path = str(good_backup)
    dialog.choose_file_button.click()
    assert dialog.key_row.isVisible() and dialog.key_row.label.isVisible()
    target = tmp_path / "restored"
    dialog.folder_edit.setText(str(target))

    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)  # nothing typed yet
    assert dialog.task is None and "This backup is encrypted" in dialog.message.text()
    restore_in(qtbot, dialog, secret="not the passphrase")
    text = dialog.message.text()
    assert "passphrase" in text and "Nothing was restored" in text
    assert not target.exists()  # nothing written
    assert dialog.restored_to is None and prompts.questions == []
    assert dialog.key_row.field.selectedText() == "not the passphrase"  # ready to type over

    # Typed again, rightly, and Enter pressed: Restore (never a Choose… button's file dialog).
    prompts.open_path = None
    dialog.task = None
    qtbot.keyClicks(dialog.key_row.field, TEST_PASSPHRASE)
    qtbot.keyClick(dialog.key_row.field, Qt.Key.Key_Return)
    task = dialog.task
    assert task is not None, dialog.message.text()
    qtbot.waitUntil(lambda: task.done, timeout=20_000)
    assert "Restored and checked" in dialog.message.text()
    assert len(clients_in(target)) == 300


def test_the_recovery_code_restores_an_encrypted_backup(
    practice: Practice, qtbot: QtBot, prompts: PromptRecorder, tmp_path: Path
) -> None:
    made, code = Practice.create(tmp_path / "coded", TEST_PASSPHRASE)
    with made:
        made.clients.create(details("Łucja", "Nowak"))
        backup = made.backup(tmp_path / f"coded{SUFFIX}").path
    dialog = RestoreDialog(practice.data_dir, practice.clock.today())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.file_edit.setText(str(backup))
    target = tmp_path / "from the code"
    dialog.folder_edit.setText(str(target))
    qtbot.mouseClick(dialog.key_row.switch_button, Qt.MouseButton.LeftButton)
    assert dialog.key_row.label.text() == "Recovery co&de"

    restore_in(qtbot, dialog, secret=TEST_PASSPHRASE)  # the passphrase is no recovery code
    assert "recovery code" in dialog.message.text().lower() and not target.exists()
    restore_in(qtbot, dialog, secret=code)
    assert "Restored and checked: the database, in" in dialog.message.text()  # no photos
    assert dialog.restored_key is not None
    with Practice.open(target, key=dialog.restored_key) as restored:  # the key it was unlocked with
        assert [
            c.first_name for c in map(restored.clients.get, restored.clients.search_ids(""))
        ] == ["Łucja"]


def test_a_plain_backup_restores_without_asking_a_passphrase(
    practice: Practice, qtbot: QtBot, prompts: PromptRecorder, tmp_path: Path
) -> None:
    with Practice.open(make_plain_practice(tmp_path / "plain", clients=3)) as plain:
        backup = plain.backup(tmp_path / f"plain{SUFFIX}").path
    dialog = RestoreDialog(practice.data_dir, practice.clock.today())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.file_edit.setText(str(backup))
    target = tmp_path / "restored plain"
    dialog.folder_edit.setText(str(target))
    assert not dialog.key_row.isVisible()
    restore_in(qtbot, dialog, secret=None)
    assert "Restored and checked" in dialog.message.text()
    assert dialog.restored_key is None and len(clients_in(target)) == 3


def test_the_backups_tab_keeps_the_folder_and_how_many(
    practice: Practice, qtbot: QtBot, prompts: PromptRecorder, tmp_path: Path
) -> None:
    dialog = SettingsDialog(practice)
    qtbot.addWidget(dialog)
    assert dialog.backups_page.ui.backupFolder.text() == ""
    assert dialog.backups_page.ui.backupFolder.placeholderText() == str(
        practice.data_dir / "backups"
    )
    assert dialog.backups_page.ui.backupDaily.value() == 7
    usb = tmp_path / "usb stick"
    usb.mkdir()
    prompts.folder = str(usb)
    dialog.backups_page.ui.chooseBackupFolderButton.click()
    dialog.backups_page.ui.backupDaily.setValue(30)
    assert dialog.save()
    assert practice.backup_folder() == usb
    assert practice.settings.backup().daily == 30

    dialog.backups_page.ui.backupFolder.setText("relative/folder")
    assert not dialog.save()
    assert "full path" in dialog.message.text()
    dialog.backups_page.ui.defaultBackupFolderButton.click()
    assert dialog.save()
    assert practice.backup_folder() == practice.data_dir / "backups"


@pytest.mark.no_backup_yet
def test_a_backup_of_a_damaged_practice_is_made_and_the_status_bar_says_so_in_red(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice, prompts: PromptRecorder
) -> None:
    with demo_practice.store.engine.begin() as connection:  # the audit trail altered
        connection.exec_driver_sql("DROP TRIGGER audit_event_no_update")  # as an attacker would
        connection.exec_driver_sql("UPDATE audit_event SET detail = 'forged' WHERE id = 7")
    folder = demo_practice.backup_folder()
    folder.mkdir()
    prompts.save_path = str(folder / default_backup_name(demo_practice.clock.local_now()))
    window.backup_action.trigger()
    wait_for_backup(qtbot, window)

    (made,) = backups_in(folder)
    assert made.name.endswith(f"-damaged{SUFFIX}") and prompts.errors == []
    assert "holding damage" in window.statusBar().currentMessage()
    label = window.backup_label
    assert label.text().startswith("Last backup: today ") and "holds damage" in label.text()
    assert NO_BACKUP_COLOUR in label.styleSheet()
    assert "audit entry 7 was changed" in label.toolTip()


@pytest.mark.no_backup_yet
def test_the_status_bar_warns_in_red_when_the_newest_backup_holds_far_fewer_clients(
    window: MainWindow, demo_practice: Practice, tmp_path: Path
) -> None:
    folder = demo_practice.backup_folder()
    folder.mkdir()
    demo_practice.backup(
        folder / default_backup_name(demo_practice.clock.local_now() - timedelta(days=1))
    )
    with open_practice(tmp_path / "emptied") as emptied:  # as after a lost database
        emptied.backup(folder / default_backup_name(demo_practice.clock.local_now()))
    label = window.backup_label
    label.refresh()
    assert "fewer records than before" in label.text()
    assert NO_BACKUP_COLOUR in label.styleSheet()
    assert "0 clients instead of 300" in label.toolTip()


@pytest.mark.no_backup_yet
def test_the_window_removes_a_killed_backups_leftovers_as_it_starts(
    demo_practice: Practice, qtbot: QtBot
) -> None:
    folder = demo_practice.backup_folder()
    folder.mkdir()
    partial = folder / f"{default_backup_name(demo_practice.clock.local_now())}.partial"
    partial.write_bytes(b"half a backup")
    assert demo_practice.leftovers() == [partial]
    shown = MainWindow(demo_practice, UiState(demo_practice.data_dir))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: not partial.exists())
    assert demo_practice.leftovers() == []
