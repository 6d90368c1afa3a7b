"""The question asked before a new file is saved for someone who already has one."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from dermadesk.core.dates import long_date
from dermadesk.core.records import ClientFile


class SamePersonChoice(Enum):
    """What to do when the new file's names and birth date match an existing client."""

    OPEN_EXISTING = "open"
    SAVE_ANYWAY = "save"
    GO_BACK = "back"


def ask_about_same_person(parent: QWidget, existing: ClientFile) -> SamePersonChoice:
    """Name the existing file and offer to open it; saving a second file is the last choice."""
    name = f"{existing.first_name} {existing.last_name}"
    archived = " It is archived." if existing.archived else ""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Already a client?")
    box.setTextFormat(Qt.TextFormat.PlainText)  # a name is never markup
    phone = f", phone {existing.phone}" if existing.phone else ""  # to be sure it is them
    box.setText(f"{name}, born {long_date(existing.date_of_birth)}{phone}, already has a file.")
    box.setInformativeText(
        f"It was opened on {long_date(existing.created_at.date())}.{archived} "
        "Open that file instead of saving a second one for the same person?"
    )
    open_button = box.addButton("&Open their file", QMessageBox.ButtonRole.AcceptRole)
    save_button = box.addButton("Save a new file &anyway", QMessageBox.ButtonRole.ActionRole)
    back_button = box.addButton("&Go back", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_button)
    box.setEscapeButton(back_button)
    box.exec()
    clicked = box.clickedButton()
    if clicked is open_button:
        return SamePersonChoice.OPEN_EXISTING
    if clicked is save_button:
        return SamePersonChoice.SAVE_ANYWAY
    return SamePersonChoice.GO_BACK
