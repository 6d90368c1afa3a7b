"""The session's treated areas as rows: depth, passes, end point and notes for each."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHeaderView,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from dermadesk.core.areas import area_name
from dermadesk.core.session_records import MAX_PASSES, AreaNote

END_POINTS = ("Even erythema", "Mild erythema", "Pinpoint bleeding")
DEPTH_STEP = 0.25
DEFAULT_DEPTH = 0.5  # shallow: a first setting the practitioner raises, never a deep surprise
AREA, DEPTH, PASSES, END_POINT, NOTES = range(5)


class AreaTable(QTableWidget):
    """One row per treated area, in the order they were added."""

    areas_changed = Signal()
    edited = Signal()  # a depth, passes, end point or note changed

    def __init__(self, min_depth: float, max_depth: float, parent: QWidget | None = None):
        super().__init__(0, 5, parent)
        self._min_depth, self._max_depth = min_depth, max_depth
        self._areas: list[str] = []
        self.setHorizontalHeaderLabels(["Area", "Depth", "Passes", "End point", "Notes"])
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(AREA, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DEPTH, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PASSES, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(END_POINT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTES, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setDefaultSectionSize(34)

    def areas(self) -> list[str]:
        """The area ids listed, in order."""
        return list(self._areas)

    def add_area(self, area: str, note: AreaNote | None = None) -> int:
        """List `area` (or, when listed already, go to its row); its row."""
        if area in self._areas:
            row = self._areas.index(area)
            self.selectRow(row)
            self.cellWidget(row, DEPTH).setFocus()
            return row
        # A new row starts shallow, but never outside what the device allows.
        start = min(max(DEFAULT_DEPTH, self._min_depth), self._max_depth)
        note = note or AreaNote(area, start, 2)
        row = self.rowCount()
        self.insertRow(row)
        self._areas.append(area)
        name = QTableWidgetItem(area_name(area))
        name.setData(Qt.ItemDataRole.UserRole, area)
        self.setItem(row, AREA, name)
        depth = QDoubleSpinBox()
        depth.setDecimals(2)
        depth.setSingleStep(DEPTH_STEP)
        # A depth recorded under another device's range stays as recorded, never clamped.
        depth.setRange(min(self._min_depth, note.depth_mm), max(self._max_depth, note.depth_mm))
        depth.setSuffix(" mm")
        depth.setValue(note.depth_mm)
        depth.setAccessibleName(f"{area_name(area)}: needle depth")
        self.setCellWidget(row, DEPTH, depth)
        passes = QSpinBox()
        passes.setRange(1, MAX_PASSES)
        passes.setValue(note.passes)
        passes.setAccessibleName(f"{area_name(area)}: passes")
        self.setCellWidget(row, PASSES, passes)
        end_point = QComboBox()
        end_point.setEditable(True)
        end_point.addItems(["", *END_POINTS])
        end_point.setCurrentText(note.end_point)
        self.setCellWidget(row, END_POINT, end_point)
        notes = QLineEdit(note.notes)
        notes.setPlaceholderText("notes for this area")
        self.setCellWidget(row, NOTES, notes)
        depth.valueChanged.connect(self.edited)
        passes.valueChanged.connect(self.edited)
        end_point.currentTextChanged.connect(self.edited)
        notes.textChanged.connect(self.edited)
        self.selectRow(row)
        self.areas_changed.emit()
        return row

    def remove_area(self, area: str) -> None:
        """Take `area` off the list."""
        if area not in self._areas:
            return
        self.removeRow(self._areas.index(area))
        self._areas.remove(area)
        self.areas_changed.emit()

    def remove_selected(self) -> None:
        """Take the selected row's area off the list."""
        rows = self.selectionModel().selectedRows()
        if rows:
            self.remove_area(self._areas[rows[0].row()])

    def notes(self) -> tuple[AreaNote, ...]:
        """Every row as an AreaNote, in order."""
        found = []
        for row, area in enumerate(self._areas):
            depth = self.cellWidget(row, DEPTH)
            passes = self.cellWidget(row, PASSES)
            end_point = self.cellWidget(row, END_POINT)
            notes = self.cellWidget(row, NOTES)
            assert isinstance(depth, QDoubleSpinBox) and isinstance(passes, QSpinBox)
            assert isinstance(end_point, QComboBox) and isinstance(notes, QLineEdit)
            found.append(
                AreaNote(
                    area,
                    round(depth.value(), 2),
                    passes.value(),
                    end_point.currentText().strip(),
                    notes.text().strip(),
                )
            )
        return tuple(found)

    def set_notes(self, notes: tuple[AreaNote, ...]) -> None:
        """Show exactly these rows."""
        self.setRowCount(0)
        self._areas.clear()
        for note in notes:
            self.add_area(note.area, note)
        self.areas_changed.emit()
