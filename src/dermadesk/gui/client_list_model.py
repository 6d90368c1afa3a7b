"""The client list's model: it holds a page or two of the clients matching the search.

The model knows how many clients match (the index counts them) and fetches
the rows on screen a page at a time, so 50,000 clients cost a few pages of
ids and names, never 50,000 objects.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette

from dermadesk.core.client_details import ClientSummary
from dermadesk.core.client_search import ClientQuery
from dermadesk.core.clients import Clients
from dermadesk.core.dates import long_date
from dermadesk.core.text_rules import visible
from dermadesk.core.validation import age_on

AnyIndex = QModelIndex | QPersistentModelIndex


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
        self._today = clients.clock.today()
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
        self._today = self._clients.clock.today()
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
            # A name kept before bidi overrides were refused shows them as \u202e: the row
            # cannot be flipped.
            name = visible(f"{client.last_name}, {client.first_name}")
            return f"{name}  (archived)" if client.archived else name
        if column == self.AGE:
            return str(age_on(client.date_of_birth, self._today))
        if column == self.BORN:
            return long_date(client.date_of_birth)
        if column == self.PHONE:
            return visible(client.phone)
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
