"""Choosing the treated areas in the session editor: the face map, the body buttons and
an area typed by name all add to (or take from) the one table of treated areas."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLineEdit, QPushButton

from dermadesk.core.areas import AREAS, BODY_AREAS
from dermadesk.gui.area_table import AreaTable
from dermadesk.gui.face_map import FaceMap


def area_named(typed: str) -> tuple[str | None, list[str]]:
    """The one area `typed` names (a whole name, or the start of only one), or None and
    the names it could be."""
    typed = typed.strip().casefold()
    exact = [a for a, name in AREAS.items() if name.casefold() == typed]
    starting = [a for a, name in AREAS.items() if name.casefold().startswith(typed)]
    containing = [a for a, name in AREAS.items() if typed in name.casefold()]
    found = (
        exact
        or (starting if len(starting) == 1 else [])
        or (containing if len(containing) == 1 else [])
    )
    if found:
        return found[0], []
    return None, [AREAS[a] for a in (starting or containing)[:4]]


class AreaPicker(QObject):
    """Keeps the face map, the body buttons and the table of treated areas in step."""

    refused = Signal(str)  # a typed name that is not one area, said in words

    def __init__(
        self,
        face_map: FaceMap,
        body_layout: QHBoxLayout,
        add_area: QLineEdit,
        areas: AreaTable,
    ):
        super().__init__(areas)
        self.face_map, self.add_area, self.areas = face_map, add_area, areas
        face_map.area_clicked.connect(areas.add_area)
        self.body_buttons: dict[str, QPushButton] = {}
        for index, (area, name) in enumerate(BODY_AREAS.items(), start=1):  # after "Body:"
            button = QPushButton(name)
            button.setCheckable(True)
            button.toggled.connect(lambda on, a=area: self._body_toggled(a, on))
            self.body_buttons[area] = button
            body_layout.insertWidget(index, button)
        # Completes as the person types; adds one area on Enter or a click on a completion.
        completer = QCompleter(list(AREAS.values()), add_area)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self.add_by_name)
        add_area.setCompleter(completer)
        add_area.returnPressed.connect(lambda: self.add_by_name(add_area.text()))
        areas.areas_changed.connect(self._areas_changed)
        QShortcut(QKeySequence.StandardKey.Delete, areas, areas.remove_selected)

    def _areas_changed(self) -> None:
        chosen = set(self.areas.areas())
        self.face_map.set_treated(chosen)
        for area, button in self.body_buttons.items():
            button.blockSignals(True)
            button.setChecked(area in chosen)
            button.blockSignals(False)

    def _body_toggled(self, area: str, on: bool) -> None:
        if on:
            self.areas.add_area(area)
        else:
            self.areas.remove_area(area)

    def add_by_name(self, typed: str) -> None:
        """Add the one area `typed` names; say which were meant when it names none or several."""
        if not typed.strip():
            return
        area, could_be = area_named(typed)
        if area is None:
            shown = self.add_area.text().strip()
            self.refused.emit(
                f"Which area? “{shown}” could be {', '.join(could_be)}."
                if could_be
                else f"No area is called “{shown}”."
            )
            return
        self.add_area.clear()
        QTimer.singleShot(0, self.add_area.clear)  # a clicked completion is written in after
        self.areas.add_area(area)
