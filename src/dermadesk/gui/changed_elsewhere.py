"""The question asked when a save was refused because the record changed elsewhere."""

from __future__ import annotations

import html
from collections.abc import Callable
from enum import Enum
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.errors import ChangedElsewhere
from dermadesk.core.row_versions import reapplied

R = TypeVar("R")  # a stored record as read (a Plan, say)
D = TypeVar("D")  # its details as an editor holds them (PlanDetails)

_SHOWN_CHARACTERS = 120  # longer values are cut in the table; the tooltip has them whole


class ChangedChoice(Enum):
    """What to do with a save refused over a change made elsewhere."""

    RELOAD = "reload"  # drop my edits, show what is saved now
    REAPPLY = "reapply"  # show what is saved now, with my edited fields put back on top
    KEEP_EDITING = "keep"  # nothing changes; my edits stay in the editor


def _cell(text: str) -> QTableWidgetItem:
    shown = text if len(text) <= _SHOWN_CHARACTERS else text[: _SHOWN_CHARACTERS - 1] + "…"
    item = QTableWidgetItem(shown.replace("\n", " ⏎ "))
    item.setToolTip(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


class ChangedElsewhereDialog(QDialog):
    """Who changed the record and when, what differs, and reload / reapply / keep editing."""

    def __init__(self, error: ChangedElsewhere, parent: QWidget | None = None):
        super().__init__(parent)
        self.choice = ChangedChoice.KEEP_EDITING
        self.setWindowTitle("Changed elsewhere")
        question = f"{error.headline().removesuffix('.')}: reload and reapply?"
        headline = QLabel(f"<b>{html.escape(question)}</b>")
        headline.setTextFormat(Qt.TextFormat.RichText)
        headline.setWordWrap(True)
        explain = QLabel(
            "Nothing was saved, and your changes are still in the editor. Reapply shows what "
            "is saved now with the fields you changed put back, for you to check and save."
        )
        explain.setWordWrap(True)
        self._build_table(error)
        same = QLabel("What is saved now is the same as what you have.")
        same.setVisible(not error.differences)
        buttons = self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(headline)
        layout.addWidget(explain)
        layout.addWidget(self.table, 1)
        layout.addWidget(same)
        layout.addWidget(buttons)
        self.resize(640, min(520, 200 + 40 * len(error.differences)))

    def _build_table(self, error: ChangedElsewhere) -> None:
        """What differs: the field, as saved now, and as the user has it."""
        self.table = QTableWidget(len(error.differences), 3)
        self.table.setHorizontalHeaderLabels(["", "Saved now", "Yours"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, difference in enumerate(error.differences):
            for column, text in enumerate((difference.label, difference.saved, difference.yours)):
                self.table.setItem(row, column, _cell(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(error.differences))

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.reload_button = QPushButton("&Reload theirs")
        self.reload_button.setToolTip("Drop your changes and show what is saved now.")
        self.reapply_button = QPushButton("Re&apply mine")
        self.reapply_button.setToolTip(
            "Show what is saved now with the fields you changed put back on top."
        )
        self.keep_button = QPushButton("&Keep editing")
        buttons.addButton(self.reapply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.reapply_button.setDefault(True)
        self.reload_button.clicked.connect(lambda: self._choose(ChangedChoice.RELOAD))
        self.reapply_button.clicked.connect(lambda: self._choose(ChangedChoice.REAPPLY))
        self.keep_button.clicked.connect(self.reject)  # Escape keeps editing too
        return buttons

    def _choose(self, choice: ChangedChoice) -> None:
        self.choice = choice
        self.accept()


def ask_changed_elsewhere(parent: QWidget | None, error: ChangedElsewhere) -> ChangedChoice:
    """Show the refused save's question; keep editing when closed without a choice."""
    dialog = ChangedElsewhereDialog(error, parent)
    dialog.exec()
    return dialog.choice


def settle_changed_elsewhere(
    parent: QWidget | None,
    error: ChangedElsewhere,
    loaded: R,
    mine: D,
    reload: Callable[[], R],
    details_of: Callable[[R], D],
) -> tuple[R, D | None]:
    """Ask, then give the record to edit next and the edits to show in its editor: the one
    loaded and my edits (keep editing), the one saved now and none (reload), or the one saved
    now with the fields I changed put back on top (reapply)."""
    choice = ask_changed_elsewhere(parent, error)
    if choice is ChangedChoice.KEEP_EDITING:
        return loaded, mine
    theirs = reload()
    if choice is ChangedChoice.RELOAD:
        return theirs, None
    return theirs, reapplied(details_of(loaded), mine, details_of(theirs))
