"""Questions that stop and wait for the user. Kept here, in one place, so tests replace them."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from dermadesk.gui.ui_state import UiState


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


# --- files and folders: where the dialogs start ---------------------------------------------

_IMAGE_PATTERNS = ("*.jpg", "*.jpeg", "*.png", "*.heic", "*.tif", "*.webp")
_remembered: UiState | None = None  # the window's state file, where the last folders are kept


def remember_folders_in(state: UiState | None) -> None:
    """Keep the last folder of each kind of file in `state` (the open practice's window state)."""
    global _remembered
    _remembered = state


def _kind(hint: str, saving: bool) -> str:
    """Which folder memory a dialog uses, from its filters (or a folder dialog's title)."""
    lowered = hint.lower()
    if ".dermadesk-backup" in lowered or "backup" in lowered:
        category = "backups"
    elif any(pattern in lowered for pattern in _IMAGE_PATTERNS) or "photo" in lowered:
        category = "pictures"
    else:
        category = "documents"
    if category == "backups":  # a backup is restored from where it was written
        return category
    return f"{category}-{'save' if saving else 'open'}"


def start_folder(kind: str) -> Path:
    """Where a dialog of `kind` starts: the folder used last time, else the user's Pictures
    (for pictures) or Documents, else the home folder; never the program's own folder."""
    if _remembered is not None:
        last = _remembered.last_folder(kind)
        if last and Path(last).is_dir():
            return Path(last)
    from PySide6.QtCore import QStandardPaths

    where = (
        QStandardPaths.StandardLocation.PicturesLocation
        if kind.startswith("pictures")
        else QStandardPaths.StandardLocation.DocumentsLocation
    )
    standard = QStandardPaths.writableLocation(where)
    if standard and Path(standard).is_dir():
        return Path(standard)
    return Path.home()


def _remember(kind: str, folder: Path) -> None:
    if _remembered is not None:
        _remembered.remember_folder(kind, str(folder))


def _chosen_by_caller(path: str) -> bool:
    """True when a caller's start says something (not empty, not the home folder itself)."""
    if not path:
        return False
    folder = Path(path).expanduser()
    return folder.is_absolute() and folder != Path.home() and folder.is_dir()


def ask_save_path(parent: QWidget | None, title: str, suggested: str, filters: str) -> str | None:
    """Where to save a file (None when the user cancels). A bare suggested name starts in the
    folder last used for this kind of file."""
    from PySide6.QtWidgets import QFileDialog

    kind = _kind(filters, saving=True)
    suggestion = Path(suggested)
    if not _chosen_by_caller(str(suggestion.parent)):
        suggestion = start_folder(kind) / suggestion.name
    path, _ = QFileDialog.getSaveFileName(parent, title, str(suggestion), filters)
    if path:
        _remember(kind, Path(path).parent)
    return path or None


def ask_open_path(parent: QWidget | None, title: str, filters: str) -> str | None:
    """Which file to open (None when the user cancels)."""
    from PySide6.QtWidgets import QFileDialog

    kind = _kind(filters, saving=False)
    path, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder(kind)), filters)
    if path:
        _remember(kind, Path(path).parent)
    return path or None


def ask_open_paths(parent: QWidget | None, title: str, filters: str) -> list[str]:
    """Which files to open, one or several (empty when the user cancels)."""
    from PySide6.QtWidgets import QFileDialog

    kind = _kind(filters, saving=False)
    paths, _ = QFileDialog.getOpenFileNames(parent, title, str(start_folder(kind)), filters)
    if paths:
        _remember(kind, Path(paths[0]).parent)
    return list(paths)


def ask_folder(parent: QWidget | None, title: str, start: str) -> str | None:
    """Which folder (None when the user cancels); the dialog can also make a new one."""
    from PySide6.QtWidgets import QFileDialog

    kind = _kind(title, saving=False)
    begin = start if _chosen_by_caller(start) else str(start_folder(kind))
    chosen = QFileDialog.getExistingDirectory(parent, title, begin)
    if chosen:
        _remember(kind, Path(chosen))
    return chosen or None


def ask_text(parent: QWidget | None, title: str, label: str) -> str | None:
    """A line of text from the user (None when they cancel)."""
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getText(parent, title, label)
    return text if ok else None


def ask_yes_no(parent: QWidget | None, title: str, question: str) -> bool:
    """A yes-or-no question; No unless the user says Yes."""
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes
