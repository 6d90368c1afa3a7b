"""The audit trail on screen: who did what to which record and when, for one client or all."""

from __future__ import annotations

from datetime import UTC

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.audit import describe
from dermadesk.core.practice import Practice
from dermadesk.core.records import RecordedEntry
from dermadesk.gui.screen_fit import resize_within_screen
from dermadesk.gui.workers import run_in_background

SHOWN = 2000  # the newest entries shown; the trail itself is never cut
MATCHED_CLIENTS = 500  # a few typed letters can match thousands; their entries would drown

_Index = QModelIndex | QPersistentModelIndex


class AuditModel(QAbstractTableModel):
    """Audit entries newest first, with the client's name looked up once per client."""

    COLUMNS = ("When", "Who", "What", "Client", "Record", "Details")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._events: list[RecordedEntry] = []
        self._names: dict[int, str] = {}

    def set_events(self, events: list[RecordedEntry], names: dict[int, str]) -> None:
        """Show these entries; `names` gives each client id's name."""
        self.beginResetModel()
        self._events, self._names = events, names
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        event = self._events[index.row()]
        column = index.column()
        if column == 0:
            moment = event.at if event.at.tzinfo else event.at.replace(tzinfo=UTC)
            return moment.astimezone().strftime("%d %b %Y, %H:%M:%S")  # the computer's own time
        if column == 1:
            return f"{event.actor} ({event.source})"
        if column == 2:
            return describe(event.action)
        if column == 3:
            return "" if event.client_id is None else self._names.get(event.client_id, "")
        if column == 4:
            return event.target
        return event.detail


class AuditViewer(QDialog):
    """A window on the audit trail, filterable by client, saying whether the chain holds.

    Opened from a client file it shows that client's entries; typing a name
    shows the entries of every client it finds (as the client list searches).
    """

    def __init__(self, practice: Practice, client_id: int | None = None, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._practice = practice
        self._client_id = client_id
        self.setWindowTitle("Audit trail")
        resize_within_screen(self, 1040, 620)
        self._build_filter()
        self._build_table()

        filter_row = QHBoxLayout()
        filter_row.addWidget(self.search, 1)
        filter_row.addWidget(self.everyone_button)
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.scope_label, 1)
        scope_row.addWidget(self.count_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chain_label)
        layout.addLayout(filter_row)
        layout.addLayout(scope_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

        self._show_chain()
        self.refresh()

    def _build_filter(self) -> None:
        """The search field, the scope it shows and the state of the chain."""
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type a client's name, phone or email to see their entries")
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(self._typed)
        self.scope_label = QLabel()
        self.everyone_button = QPushButton("Show &everyone")
        self.everyone_button.clicked.connect(self.show_everyone)
        self.chain_label = QLabel()
        self.chain_label.setWordWrap(True)
        self.count_label = QLabel()
        self.count_label.setEnabled(False)

    def _build_table(self) -> None:
        """The entries, one row each, the last column taking the room left."""
        self.model = AuditModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(len(AuditModel.COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(AuditModel.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)

    def _show_chain(self) -> None:
        # Following the chain hashes every entry (seconds for a large trail): off the GUI thread.
        self.chain_label.setText("Checking that every entry is as it was written…")
        self.chain_label.setStyleSheet("")
        self.chain_task = run_in_background(lambda _progress: self._practice.audit.broken_links())
        self.chain_task.succeeded.connect(self._chain_checked)
        self.chain_task.failed.connect(
            lambda error: self.chain_label.setText(f"The chain could not be checked ({error}).")
        )

    def _chain_checked(self, broken: list[str]) -> None:
        if broken:
            self.chain_label.setText(
                "<b>The audit trail has been altered outside DermaDesk.</b> "
                + "; ".join(broken[:3])
                + ("…" if len(broken) > 3 else "")
            )
            self.chain_label.setStyleSheet("color: #a61b1b;")
        else:
            self.chain_label.setText(
                "Every entry is as it was written: the chain of entries is unbroken."
            )
            self.chain_label.setStyleSheet("color: #2f6b3a;")

    def _typed(self, _text: str) -> None:
        self._client_id = None  # typing a name replaces the client the viewer opened on
        self.refresh()

    def show_everyone(self) -> None:
        """Drop the client filter: every entry, the practice's own included."""
        self._client_id = None
        self.search.clear()
        self.refresh()

    def refresh(self) -> None:
        """Show the entries in scope, newest first."""
        clients = self._practice.clients
        typed = self.search.text().strip()
        scope: int | list[int] | None
        if self._client_id is not None:
            scope = self._client_id
            summary = clients.summaries([self._client_id]).get(self._client_id)
            who = f"{summary.first_name} {summary.last_name}" if summary else "this client"
            self.scope_label.setText(f"Entries about {who}")
        elif typed:
            scope = clients.search_ids(typed, include_archived=True)[:MATCHED_CLIENTS]
            self.scope_label.setText(
                f"Entries about the {len(scope)} client{'s' * (len(scope) != 1)} matching “{typed}”"
            )
        else:
            scope = None
            self.scope_label.setText("Every entry: all clients and the practice")
        self.everyone_button.setEnabled(scope is not None)
        events = self._practice.audit.events(scope, limit=SHOWN) if scope != [] else []
        shown_ids = sorted({e.client_id for e in events if e.client_id is not None})
        names = {
            client_id: f"{summary.first_name} {summary.last_name}"
            for client_id, summary in clients.summaries(shown_ids).items()
        }
        self.model.set_events(events, names)
        count = f"{len(events):,} entr{'y' if len(events) == 1 else 'ies'}"
        self.count_label.setText(
            count + (f" (the newest {SHOWN:,})" if len(events) == SHOWN else "")
        )
