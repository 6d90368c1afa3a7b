"""A calm note above a client file that was changed elsewhere while it has unsaved changes:
what was typed stays, and Reload shows the file as it is now."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

TEXT = (
    "This client was changed at another computer or in another DermaDesk window. "
    "What you typed here is kept until you save or reload."
)


class ChangedElsewhereBar(QFrame):
    """The note, with a Reload button; hidden until a change elsewhere meets unsaved work."""

    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("changedElsewhereBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(TEXT)
        self.label.setWordWrap(True)
        self.reload_button = QPushButton("Reload")
        self.reload_button.setToolTip("Show the file as it is saved now")
        self.reload_button.clicked.connect(self.reload_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.reload_button)
        self.hide()
