"""Questions that stop and wait for the user. Kept here, in one place, so tests replace them."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


class UnsavedChoice(Enum):
    """What to do with changes not yet saved."""

    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved_changes(parent: QWidget | None, who: str) -> UnsavedChoice:
    """Ask whether to save the changes made to `who`'s file before moving on."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Unsaved changes")
    box.setTextFormat(Qt.TextFormat.PlainText)  # `who` is a name, never markup
    box.setText(f"Save the changes to {who}?")
    box.setInformativeText("If you don't save, what you typed will be lost.")
    save = box.addButton("&Save", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("&Don't save", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("&Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    if box.clickedButton() is save:
        return UnsavedChoice.SAVE
    if box.clickedButton() is discard:
        return UnsavedChoice.DISCARD
    return UnsavedChoice.CANCEL


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """Tell the user something could not be done, in their words (after the lock, if the
    window is locked: the message may name a client)."""
    from shiboken6 import isValid

    from dermadesk.gui.lock_screen import when_unlocked

    def show() -> None:
        QMessageBox.warning(parent if parent is None or isValid(parent) else None, title, message)

    when_unlocked(show)


def ask_save_path(parent: QWidget | None, title: str, suggested: str, filters: str) -> str | None:
    """Where to save a file (None when the user cancels)."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path or None


def ask_open_path(parent: QWidget | None, title: str, filters: str) -> str | None:
    """Which file to open (None when the user cancels)."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return path or None


def ask_open_paths(parent: QWidget | None, title: str, filters: str) -> list[str]:
    """Which files to open, one or several (empty when the user cancels)."""
    from PySide6.QtWidgets import QFileDialog

    paths, _ = QFileDialog.getOpenFileNames(parent, title, "", filters)
    return list(paths)


def ask_folder(parent: QWidget | None, title: str, start: str) -> str | None:
    """Which folder (None when the user cancels); the dialog can also make a new one."""
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog.getExistingDirectory(parent, title, start) or None


def ask_text(parent: QWidget | None, title: str, label: str) -> str | None:
    """A line of text from the user (None when they cancel)."""
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getText(parent, title, label)
    return text if ok else None


def ask_yes_no(parent: QWidget | None, title: str, question: str) -> bool:
    """A yes-or-no question; No unless the user says Yes."""
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes
