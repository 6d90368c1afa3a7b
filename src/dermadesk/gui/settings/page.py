"""What every page of the settings dialog does: load, find problems, give its values."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from dermadesk.core.errors import Problem
from dermadesk.core.settings import SettingsChange

_OUTLINE = "border: 2px solid #c62828; border-radius: 3px;"
# What a person's edit emits, by kind of field; the first a widget has is watched. Typed
# edits only where Qt tells them apart (textEdited), so clearing a field in code keeps it.
_EDIT_SIGNALS = ("textEdited", "valueChanged", "currentIndexChanged", "textChanged", "toggled")


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
        self._outlined: dict[QWidget, str] = {}  # each outlined widget: the field at fault
        self._watched: set[QWidget] = set()

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
            self._outlined[widget] = field
            self._watch_edits(widget)
        return widgets[0] if widgets else None

    def clear_outlines(self) -> None:
        """Take away the outlines of the last problems shown."""
        for widget in self._outlined:
            widget.setStyleSheet("")
        self._outlined.clear()

    def _watch_edits(self, widget: QWidget) -> None:
        # The outline goes as soon as the person starts putting the field right.
        if widget in self._watched:
            return
        for name in _EDIT_SIGNALS:
            signal = getattr(widget, name, None)
            if signal is not None:
                signal.connect(lambda *_args, edited=widget: self._edited(edited))
                self._watched.add(widget)
                return

    def _edited(self, widget: QWidget) -> None:
        field = self._outlined.get(widget)
        if field is None:
            return
        for shown in [each for each, at_fault in self._outlined.items() if at_fault == field]:
            shown.setStyleSheet("")
            del self._outlined[shown]
