"""One person's signature in the consent dialog: their name, a pad to sign on, and Clear."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from dermadesk.core.errors import Problem
from dermadesk.gui.signature_pad import SignaturePad

TOO_SHORT = "too short to be a signature: please sign again."
NOTE_STYLE = "color: #8e1b1b;"


class SignatureField(QWidget):
    """A name, a pad and a Clear button for one person who signs."""

    def __init__(self, role: str, name: str, name_editable: bool):
        super().__init__()
        self.role = role
        self.name_edit = QLineEdit(name)
        self.name_edit.setReadOnly(not name_editable)
        self.name_edit.setPlaceholderText(f"{role}'s full name")
        self.pad = SignaturePad()
        self.pad.setObjectName(f"{role.lower()}Pad")
        clear = QPushButton("Clear")
        clear.setObjectName(f"{role.lower()}Clear")
        clear.clicked.connect(self.pad.clear)
        self.note = QLabel()  # says at once when a mark is too short to count
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.hide()
        self.pad.changed.connect(self._show_note)
        top = QHBoxLayout()
        top.addWidget(QLabel(f"<b>{role}</b>"))
        top.addWidget(self.name_edit, 1)
        top.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.pad)
        layout.addWidget(self.note)

    def problem(self, field: str) -> Problem | None:
        """Why this signature does not count yet, if it does not."""
        if self.pad.is_too_short():
            return Problem(field, f"The {self.role.lower()}'s mark is {TOO_SHORT}")
        if self.pad.is_empty():
            return Problem(field, f"The {self.role.lower()} has not signed yet.")
        return None

    def _show_note(self) -> None:
        short = self.pad.is_too_short()
        self.note.setText(f"This mark is {TOO_SHORT}" if short else "")
        self.note.setVisible(short)
