"""Starting the window on a folder whose practice lost its database: refused on screen, and
its newest backup restored with the button the message offers, as a person clicks it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from dermadesk.gui import restore_dialog
from dermadesk.gui.app import run_app
from dermadesk.gui.main_window import MainWindow
from tests.gui.conftest import PromptRecorder
from tests.gui.paths import button, click, says, shows_button
from tests.helpers import TEST_PASSPHRASE
from tests.practice_folders import client_names, emptied_database, listing, lived_in_folder


class Screens:
    """Acts in each modal window as it opens, in order; keeps what each one said."""

    def __init__(self, *acts: tuple[type, Callable[[QWidget], None]]) -> None:
        self.acts = list(acts)
        self.said: list[str] = []
        self.error: BaseException | None = None
        self._tries = 500  # about five seconds for each window to open
        QTimer.singleShot(0, self._next)

    def _next(self) -> None:
        shown = QApplication.activeModalWidget()
        if not self.acts:
            return
        kind, act = self.acts[0]
        if not isinstance(shown, kind) or not shown.isVisible():
            self._tries -= 1
            if self._tries > 0:
                QTimer.singleShot(10, self._next)
                return
            # Not what was expected (a new, empty practice's window, say): end it all.
            self.error = AssertionError(f"no {kind.__name__} was shown")
            self.acts.clear()
            for widget in QApplication.topLevelWidgets():
                widget.close()
            QApplication.quit()
            return
        self._tries = 500
        self.acts.pop(0)
        text = says(shown)
        if isinstance(shown, QMessageBox):  # whole: `says` shortens long labels
            text = f"{shown.text()} {shown.informativeText()}"
        self.said.append(f"{shown.windowTitle()}: {text}")
        try:
            act(shown)
        except BaseException as error:  # reported by the test; never left hanging
            self.error = error
            shown.close()
        QTimer.singleShot(10, self._next)


def close_when_shown(opened: list[Path]) -> None:
    """Once the restored practice's window is up, note it and close it, as the person would at
    the end of the day (run_app returns then)."""
    # The shown one: a window an earlier test closed may still exist, hidden.
    shown = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]
    # Not while the restore dialog is still up (opening the window lets timers run): closed
    # before run_app's own event loop starts, the window's quit would be lost, and it hung.
    if shown and QApplication.activeModalWidget() is None:
        opened.append(shown[0].practice.data_dir)
        assert shown[0].practice.key is not None  # no unlock screen: the restore's key
        shown[0].close()
        return
    QTimer.singleShot(20, lambda: close_when_shown(opened))


def test_the_window_refuses_a_deleted_database_and_restores_the_newest_backup(
    data_dir: Path,
    qtbot: QtBot,
    prompts: PromptRecorder,
) -> None:
    backup = lived_in_folder(data_dir)
    (data_dir / "dermadesk.db").unlink()
    before = listing(data_dir)
    prompts.yes = True  # "Open the practice restored into … now?"
    preselected: list[str] = []
    opened: list[Path] = []
    keys_seen: list[object] = []

    def restore(dialog: QWidget) -> None:
        assert isinstance(dialog, restore_dialog.RestoreDialog)
        preselected.append(dialog.file_edit.text())
        assert dialog.key_row.isVisible()  # an encrypted backup: its passphrase is asked
        QTest.keyClicks(dialog.key_row.field, TEST_PASSPHRASE)
        dialog.open_requested.connect(lambda _where, key: keys_seen.append(key))
        click(dialog, "Restore")
        close_when_shown(opened)

    screens = Screens(
        (QMessageBox, lambda box: click(box, "Restore the newest backup…")),
        (restore_dialog.RestoreDialog, restore),
    )
    assert run_app(data_dir) == 0  # returns once the restored practice's window is closed
    assert screens.error is None and not screens.acts
    refusal = screens.said[0]
    assert refusal.startswith("DermaDesk will not open this folder:")
    assert "database (dermadesk.db) is missing" in refusal and backup.name in refusal
    assert preselected == [str(backup)]
    assert len(opened) == 1 and keys_seen[0] is not None  # opened with the restore's key
    [restored] = opened
    assert restored.parent == data_dir.parent and "restored" in restored.name
    assert client_names(restored) == ["Anna", "Łucja"]
    assert listing(data_dir) == before  # the lost folder: nothing created, nothing written


def test_without_a_backup_the_window_says_where_it_looked_and_offers_one_from_elsewhere(
    data_dir: Path, qtbot: QtBot
) -> None:
    lived_in_folder(data_dir)
    for backup in (data_dir / "backups").iterdir():
        backup.unlink()
    (data_dir / "dermadesk.db").write_bytes(b"")
    offered: list[bool] = []
    chosen: list[str] = []

    def elsewhere(box: QWidget) -> None:
        offered.append(shows_button(box, "Restore the newest backup…"))
        click(box, "Restore a backup from elsewhere…")

    def close(dialog: QWidget) -> None:
        assert isinstance(dialog, restore_dialog.RestoreDialog)
        chosen.append(dialog.file_edit.text())
        click(dialog, "Close")

    screens = Screens((QMessageBox, elsewhere), (restore_dialog.RestoreDialog, close))
    assert run_app(data_dir) == 1
    assert screens.error is None and offered == [False] and chosen == [""]
    assert "is empty (0 bytes)" in screens.said[0] and "No backup was found" in screens.said[0]
    assert (data_dir / "dermadesk.db").stat().st_size == 0


def test_an_emptied_database_is_refused_by_the_window_too(data_dir: Path, qtbot: QtBot) -> None:
    lived_in_folder(data_dir)
    (data_dir / "dermadesk.db").unlink()
    emptied_database(data_dir / "dermadesk.db")  # as DermaDesk before identities left it

    def close(box: QWidget) -> None:
        assert button(box, "Restore the newest backup…").isEnabled()
        click(box, "Close")

    screens = Screens((QMessageBox, close))
    assert run_app(data_dir) == 1
    assert screens.error is None and "holds no clients and no settings" in screens.said[0]
    assert not (data_dir / "dermadesk.lock").exists()
