"""The Today panel for reception: today's appointments with what to check, and who is due."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.consent_status import ConsentState
from dermadesk.core.dates import long_date
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.practice import Practice
from dermadesk.gui import prompts
from dermadesk.gui.flow_layout import FlowLayout

if TYPE_CHECKING:  # the day's list is read after start-up's first paint (main_window)
    from dermadesk.core.day_list import DayEntry

OK, CAUTION, BLOCKED, MUTED = (QColor("#1e7b34"), QColor("#9a5b00"), QColor("#b42318"),
                               QColor("#7b8794"))  # fmt: skip
CONSENT_WORDS = {
    ConsentState.SIGNED: ("Signed", OK),
    ConsentState.NONE: ("None on file", BLOCKED),
    ConsentState.WITHDRAWN: ("Withdrawn", BLOCKED),
    ConsentState.NEEDS_RENEWAL: ("Renewal due", CAUTION),
}
# By core.screening_rules.Status's values (a StrEnum: its members find them), so the rules load
# with the day's list, after the client list's first paint.
SCREENING_WORDS = {
    "clear": ("Clear", OK),
    "caution": ("Check", CAUTION),
    "blocked": ("Blocked", BLOCKED),
}
DUE_WITHIN_DAYS = 14
REFRESH_MS = 5 * 60 * 1000  # the day moves on while the program stays open


def _tree(headers: list[str], stretch: int) -> QTreeWidget:
    """A flat list whose columns fit their contents, but for `stretch`, which takes the rest."""
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    header = tree.header()
    header.setStretchLastSection(False)
    for column in range(len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return tree


class TodayPanel(QWidget):
    """Today's sessions in time order, and the clients due for their next session."""

    client_requested = Signal(int)  # open this client's file

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self._practice = practice
        self.day = practice.clock.today()
        self.entries: list[DayEntry] = []

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_today_page(), "Today")
        self.tabs.addTab(self._build_due_page(), "Due")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    def _build_today_page(self) -> QWidget:
        """The day and its print button above the day's sessions."""
        self.day_label = QLabel()
        bold = QFont(self.day_label.font())
        bold.setBold(True)
        self.day_label.setFont(bold)
        self.print_button = QPushButton("Print the day's consent pac&ks…")
        self.print_button.setToolTip(
            "One print with every planned client's consent forms, pre-filled, in time order"
        )
        self.print_button.clicked.connect(self.print_day_packs)
        self.today = _tree(["Time", "Client", "Consent", "Screening", "Status"], stretch=1)
        self.today.setAccessibleName("Today's sessions")
        self.today.itemActivated.connect(self._activated)
        today_page = QWidget()
        today_layout = QVBoxLayout(today_page)
        today_layout.setContentsMargins(0, 4, 0, 0)
        bar = FlowLayout()  # the button goes under the day in a narrow window
        bar.addWidget(self.day_label)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        today_layout.addLayout(bar)
        today_layout.addWidget(self.today, 1)
        return today_page

    def _build_due_page(self) -> QWidget:
        """Who is due for their next session, under a line saying what the list is."""
        self.due = _tree(["Due", "Client", "Phone", "Plan"], stretch=3)
        self.due.setAccessibleName("Clients due for their next session")
        self.due.itemActivated.connect(self._activated)
        due_page = QWidget()
        due_layout = QVBoxLayout(due_page)
        due_layout.setContentsMargins(0, 4, 0, 0)
        self.due_label = QLabel()
        self.due_label.setWordWrap(True)
        due_layout.addWidget(self.due_label)
        due_layout.addWidget(self.due, 1)
        return due_page

    def refresh(self, day: date | None = None) -> None:
        """Read the day (today by default) and who is due again."""
        self.day = day or self._practice.clock.today()
        self._fill_today()
        self._fill_due()

    def _fill_today(self) -> None:
        from dermadesk.core.session_records import SessionStatus

        self.entries = self._practice.sessions.day(self.day)
        self.today.clear()
        planned = 0
        for entry in self.entries:
            consent, consent_colour = CONSENT_WORDS[entry.consent_state]
            screening, screening_colour = SCREENING_WORDS[entry.screening.status]
            item = QTreeWidgetItem(
                [f"{entry.scheduled_at:%H:%M}", entry.client_name, consent, screening,
                 entry.status.label]
            )  # fmt: skip
            item.setData(0, Qt.ItemDataRole.UserRole, entry.client_id)
            item.setToolTip(1, entry.client_name)
            item.setForeground(2, consent_colour)
            item.setForeground(3, screening_colour)
            item.setToolTip(2, entry.consent_line)
            item.setToolTip(
                3, "\n".join(f.message for f in entry.screening.findings) or "Nothing found."
            )
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if entry.status is SessionStatus.PLANNED:
                planned += 1
            else:
                for column in range(5):
                    item.setForeground(column, MUTED)
            self.today.addTopLevelItem(item)
        count = len(self.entries)
        when = f"{self.day:%A} {long_date(self.day)}"
        if count == 0:
            self.day_label.setText(f"{when}: no sessions booked.")
        else:
            self.day_label.setText(f"{when}: {count} session{'s' * (count != 1)}")
        self.print_button.setEnabled(planned > 0)
        self.tabs.setTabText(0, f"Today ({count})")

    def _fill_due(self) -> None:
        due = self._practice.sessions.due(self.day, within_days=DUE_WITHIN_DAYS)
        self.due.clear()
        for client in due:
            overdue = client.due_on < self.day
            cells = [
                long_date(client.due_on),
                client.client_name,
                client.phone,
                f"Session {client.session_number} of {client.sessions_planned} · {client.concerns}",
            ]
            item = QTreeWidgetItem(cells)
            for column, text in enumerate(cells):
                item.setToolTip(column, text)  # the whole text where a column cuts it
            item.setData(0, Qt.ItemDataRole.UserRole, client.client_id)
            if overdue:
                item.setForeground(0, CAUTION)
                item.setToolTip(0, "Overdue")
            self.due.addTopLevelItem(item)
        self.due_label.setText(
            f"Plans whose next session falls due within {DUE_WITHIN_DAYS} days and is not "
            "booked yet, overdue first. Open a client to book."
            if due
            else "Nobody is due: every open plan has its next session booked."
        )
        self.tabs.setTabText(1, f"Due ({len(due)})")

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.client_requested.emit(item.data(0, Qt.ItemDataRole.UserRole))

    def print_day_packs(self) -> None:
        """Preview and print the day's consent packs (laid out off the GUI thread)."""
        from dermadesk.gui.printing import print_day_pack

        try:
            pack = print_day_pack(self._practice, self.day, self)
            if pack is not None:
                self._practice.sheets.printed(pack)
        except DermaDeskError as error:
            prompts.show_error(self, "Not printed", str(error))
