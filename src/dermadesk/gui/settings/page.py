"""What every page of the settings dialog does: load, find problems, give its values."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from dermadesk.core.errors import Problem
from dermadesk.core.settings import SettingsChange

_OUTLINE = "border: 2px solid #c62828; border-radius: 3px;"


class SettingsPage(QWidget):
    """One page of the settings (Picard's option pages are the model).

    A page loads what is kept, says what is wrong that core cannot judge, and gives its
    part of the one SettingsChange that Save keeps, all of it or nothing.
    """

    said = Signal(str, bool)  # words for the dialog's message line, and whether a problem

    NAME = ""  # the name callers open it by (SettingsDialog.show_tab)
    TITLE = ""  # its tab, with its mnemonic

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._fields: dict[str, list[QWidget]] = {}  # a problem's field: the widgets showing it
        self._outlined: list[QWidget] = []

    def problems(self) -> list[Problem]:
        """What is wrong on this page that core cannot tell (empty: nothing)."""
        return []

    def values(self) -> SettingsChange:
        """This page's sections of the save, as typed (the others left None)."""
        return SettingsChange()

    def shows(self, field: str) -> bool:
        """True when the field core names in a Problem is on this page."""
        return field in self._fields

    def outline(self, field: str) -> QWidget | None:
        """Outline the widgets showing `field`; the one to focus (None: not on this page)."""
        widgets = self._fields.get(field, [])
        for widget in widgets:
            # By its name, so a box's outline stays on the box and not on what it holds.
            widget.setStyleSheet(f"#{widget.objectName()} {{ {_OUTLINE} }}")
            self._outlined.append(widget)
        return widgets[0] if widgets else None

    def clear_outlines(self) -> None:
        """Take away the outlines of the last problems shown."""
        for widget in self._outlined:
            widget.setStyleSheet("")
        self._outlined.clear()
