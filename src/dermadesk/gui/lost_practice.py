"""The window's answer to a folder whose practice lost its database: why it will not open it,
and the newest backup, restored into a new folder with one click (see core.lost_practice)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from dermadesk.core.clock import default_clock
from dermadesk.core.keys import DataKey
from dermadesk.core.lost_practice import LostPracticeError
from dermadesk.gui import prompts, restore_dialog

TITLE = "DermaDesk will not open this folder"
RESTORE_BUTTON = "&Restore the newest backup…"
CHOOSE_BUTTON = "&Restore a backup from elsewhere…"  # none found: one on a USB stick, say


def refusal_box(error: LostPracticeError) -> QMessageBox:
    """The message, with a button to restore the newest backup when one was found."""
    box = QMessageBox(QMessageBox.Icon.Critical, TITLE, error.why)
    box.setObjectName("lostPracticeBox")
    box.setTextFormat(Qt.TextFormat.PlainText)  # paths, never markup
    if error.backup is None:
        box.setInformativeText(error.how)
        box.addButton(CHOOSE_BUTTON, QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setInformativeText(
            f"The newest backup found is {error.backup.path}, written {error.backup.when()}. "
            "Restore it into a new folder beside this one, and DermaDesk opens it there."
        )
        box.setDefaultButton(box.addButton(RESTORE_BUTTON, QMessageBox.ButtonRole.AcceptRole))
    box.addButton("&Close", QMessageBox.ButtonRole.RejectRole)
    return box


def offer_restore(error: LostPracticeError, data_dir: Path) -> int:
    """Say why the folder is refused; offer its newest backup (an encrypted one asks its
    passphrase). The exit status: 0 when a restored practice was opened, in a window of its
    own, and that window closed; else 1."""
    box = refusal_box(error)
    box.exec()
    clicked = box.clickedButton()
    if clicked is None or clicked.text() not in (RESTORE_BUTTON, CHOOSE_BUTTON):
        return 1
    today = default_clock().today()  # no practice is open, so no practice clock yet
    dialog = restore_dialog.RestoreDialog(data_dir, today, in_window=False)
    if error.backup is not None:
        dialog.file_edit.setText(str(error.backup.path))
        dialog.file_edit.setToolTip(str(error.backup.path))  # a long path shows only its end
        dialog.restore_button.setFocus()
    dialog.folder_edit.setText(str(error.restore_into))
    opened: list[Path] = []

    def open_restored(target: Path, key: DataKey | None) -> None:
        why_not = restore_dialog.open_restored(target, key)  # with the key: no second asking
        if why_not:
            prompts.show_error(
                dialog,
                "The restored practice did not open",
                f'{why_not} Open it yourself with dermadesk --data-dir "{target}".',
            )
        else:
            opened.append(target)

    dialog.open_requested.connect(open_restored)
    dialog.exec()
    if not opened:
        return 1
    QApplication.exec()  # the restored practice's window, until it is closed
    return 0
