"""The client list: a model that holds a page or two, and the search box that filters it.

The model knows how many clients match (the index counts them) and fetches
the rows on screen a page at a time, so 50,000 clients cost a few pages of
ids and names, never 50,000 objects.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent, QPalette
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

from dermadesk.core.client_details import ClientSummary
from dermadesk.core.client_search import ClientQuery
from dermadesk.core.clients import Clients
from dermadesk.core.dates import long_date
from dermadesk.core.search import MIN_PHONE_DIGITS
from dermadesk.core.validation import age_on
from dermadesk.gui.dates import DateFormat

AnyIndex = QModelIndex | QPersistentModelIndex
NARROW_LIST, VERY_NARROW_LIST = 480, 300  # px: below these, Born and then Phone give way


class ClientListModel(QAbstractTableModel):
    """Clients matching the current search, in name order, fetched a page at a time."""

    NAME, AGE, BORN, PHONE = range(4)
    HEADERS = ("Name", "Age", "Born", "Phone")
    CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
    PAGE_SIZE = 100
    PAGES_KEPT = 20

    def __init__(self, clients: Clients, parent: QObject | None = None, day_first: bool = True):
        super().__init__(parent)
        self._clients = clients
        self._day_first = day_first  # how a typed birth date is read (the computer's order)
        self._query: ClientQuery | None = None
        self._pages: OrderedDict[int, list[ClientSummary | None]] = OrderedDict()
        self._search = ""
        self._include_archived = False
        self._today = date.today()
        self._italic = QFont()
        self._italic.setItalic(True)

    # --- filtering -------------------------------------------------------------

    def set_search(self, typed: str, include_archived: bool | None = None) -> None:
        """Show the clients matching `typed` (everyone when empty)."""
        self._search = typed
        if include_archived is not None:
            self._include_archived = include_archived
        self.refresh()

    def refresh(self) -> None:
        """Read the list again (after a client was added, edited or archived)."""
        self.beginResetModel()
        self._query = self._clients.query(self._search, self._include_archived, self._day_first)
        self._pages.clear()
        self._today = date.today()
        self.endResetModel()

    @property
    def include_archived(self) -> bool:
        """Whether archived clients are listed too."""
        return self._include_archived

    def client_id(self, row: int) -> int | None:
        """The id of the client on `row`."""
        client = self._summary(row)
        return client.id if client is not None else None

    def row_of(self, client_id: int) -> int | None:
        """The row showing `client_id`, if it is in the list."""
        return self._query.position(client_id) if self._query is not None else None

    # --- Qt model --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._query is None:
            return 0
        return self._query.count

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        if role == self.CLIENT_ID_ROLE:
            return self.client_id(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return (
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                if index.column() == self.AGE
                else None
            )
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            return None
        client = self._summary(index.row())
        if client is None:  # removed since the list was read
            return "…" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.FontRole:
            return self._italic if client.archived else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QPalette().brush(QPalette.ColorRole.PlaceholderText) if client.archived else None
        column = index.column()
        if column == self.NAME:
            name = f"{client.last_name}, {client.first_name}"
            return f"{name}  (archived)" if client.archived else name
        if column == self.AGE:
            return str(age_on(client.date_of_birth, self._today))
        if column == self.BORN:
            return long_date(client.date_of_birth)
        if column == self.PHONE:
            return client.phone
        return None

    def _summary(self, row: int) -> ClientSummary | None:
        if self._query is None or not 0 <= row < self._query.count:
            return None
        page_number, offset = divmod(row, self.PAGE_SIZE)
        page = self._pages.get(page_number)
        if page is None:
            ids = self._query.ids(page_number * self.PAGE_SIZE, self.PAGE_SIZE)
            found = self._clients.summaries(ids)
            page = [found.get(client_id) for client_id in ids]
            self._pages[page_number] = page
            if len(self._pages) > self.PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        # A client removed by another program since the count shows as a gap.
        return page[offset] if offset < len(page) else None


class ClientListPanel(QWidget):
    """The search box above the client list; emits the client the user picks."""

    client_selected = Signal(int)

    def __init__(self, clients: Clients, parent: QWidget | None = None):
        super().__init__(parent)
        dates = DateFormat()
        self.model = ClientListModel(clients, self, day_first=dates.order != "MDY")

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
