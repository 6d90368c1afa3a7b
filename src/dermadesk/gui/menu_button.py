"""A push button that opens a menu of choices, its arrow part of its text.

Qt's own menu button draws its arrow over the end of a long label; here the
arrow is a character of the text, so the button is always wide enough for both.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

ARROW = " ▾"


class MenuButton(QPushButton):
    """Shows `menu` under itself when clicked (or its mnemonic pressed)."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(text + ARROW, parent)
        self.choices = QMenu(self)
        self.clicked.connect(self.show_choices)

    def show_choices(self) -> None:
        """Open the menu below the button."""
        self.choices.popup(self.mapToGlobal(QPoint(0, self.height())))
