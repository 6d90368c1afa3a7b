"""The client list panel: the search box, the list it filters, and the count under it.

The rows come from ClientListModel (client_list_model), a page at a time.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.clients import Clients
from dermadesk.core.search import MIN_PHONE_DIGITS
from dermadesk.gui.client_list_model import ClientListModel
from dermadesk.gui.dates import DateFormat

NARROW_LIST, VERY_NARROW_LIST = 480, 300  # px: below these, Born and then Phone give way


class ClientListPanel(QWidget):
    """The search box above the client list; emits the client the user picks."""

    client_selected = Signal(int)

    def __init__(self, clients: Clients, parent: QWidget | None = None):
        super().__init__(parent)
        dates = DateFormat()
        self.model = ClientListModel(clients, self, day_first=dates.order != "MDY")
        self._build_search(dates)
        self._build_table()
        self.archived_check = QCheckBox("Sho&w archived")
        self.archived_check.toggled.connect(self._on_archived_toggled)
        self.count_label = QLabel()
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        footer = QHBoxLayout()
        footer.addWidget(self.archived_check)
        footer.addStretch(1)
        footer.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)

        self.model.modelReset.connect(self._update_count)
        self.model.refresh()

    def _build_search(self, dates: DateFormat) -> None:
        """The search box, which says what it finds (a birth date in the computer's order)."""
        self.search_edit = QLineEdit()
        example = dates.show(date(1985, 3, 27))
        self.search_edit.setPlaceholderText(f"Name, phone, email or birth date ({example})")
        self.search_edit.setToolTip(
            "Find a client (Ctrl+F): the start of any name, any part of a phone number (from "
            "its third digit, with or without spaces, +44 or 0), an email or its domain, or a "
            "birth date "
            f"({example}, or {example[:5]} for that day in any year)."
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Find a client")
        self.search_edit.textChanged.connect(self._on_search_changed)
        self.search_edit.installEventFilter(self)

    def _build_table(self) -> None:
        """The list itself: whole rows picked one at a time, the name taking the width."""
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        # Tab leaves the list for the next part of the window; arrows move within it.
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ClientListModel.NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (ClientListModel.AGE, 48),
            (ClientListModel.BORN, 112),
            (ClientListModel.PHONE, 150),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setHighlightSections(False)
        self.table.installEventFilter(self)  # to make room for names when it is narrow
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)

    def rows_area(self) -> QWidget:
        """The table's viewport, where the rows are painted (start-up waits for its paint)."""
        # Found by the name Qt gives it: the first QAbstractScrollArea.viewport() call sets up
        # the Python types of dozens of widget classes first, some 30 ms before the first paint.
        found = self.table.findChild(QWidget, "qt_scrollarea_viewport")
        return found if found is not None else self.table.viewport()

    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected, ready to type over."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def refresh(self) -> None:
        """Re-read the list, keeping the selection where the client still is listed."""
        keep = self.selected_id()
        self.model.refresh()
        if keep is not None:
            self.select(keep)

    def clear_selection(self) -> None:
        """Pick no client (a new file is open)."""
        self.table.setCurrentIndex(QModelIndex())

    def selected_id(self) -> int | None:
        """The client currently picked in the list."""
        index = self.table.currentIndex()
        return self.model.client_id(index.row()) if index.isValid() else None

    def select(self, client_id: int) -> bool:
        """Pick `client_id` in the list if it is shown there."""
        row = self.model.row_of(client_id)
        if row is None:
            return False
        self.table.setCurrentIndex(self.model.index(row, ClientListModel.NAME))
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        # Down or Enter in the search box goes to the list, so the keyboard never leaves it.
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.model.rowCount() > 0:
                    if self.selected_id() is None or event.key() != Qt.Key.Key_Down:
                        self.table.setCurrentIndex(self.model.index(0, ClientListModel.NAME))
                    self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        # In a narrow list the name comes first: the birth date gives way (the age and
        # the open file's header still say it), then the phone.
        width = self.table.width()
        self.table.setColumnHidden(ClientListModel.BORN, width < NARROW_LIST)
        self.table.setColumnHidden(ClientListModel.PHONE, width < VERY_NARROW_LIST)

    def _on_search_changed(self, text: str) -> None:
        self.model.set_search(text)

    def _on_archived_toggled(self, checked: bool) -> None:
        self.model.set_search(self.search_edit.text(), include_archived=checked)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        client_id = self.model.client_id(current.row()) if current.isValid() else None
        if client_id is not None:
            self.client_selected.emit(client_id)

    def _update_count(self) -> None:
        shown = self.model.rowCount()
        noun = "client" if shown == 1 else "clients"
        typed = self.search_edit.text().strip()
        if typed and not shown:
            digits = sum(ch.isdigit() for ch in typed)
            if typed.replace(" ", "").lstrip("+").isdigit() and digits < MIN_PHONE_DIGITS:
                self.count_label.setText("Type a third digit to find a number")
            else:
                self.count_label.setText(f"No client found for “{typed}”")
        elif typed:
            self.count_label.setText(f"{shown:,} {noun} found")
        else:
            self.count_label.setText(f"{shown:,} {noun}")
