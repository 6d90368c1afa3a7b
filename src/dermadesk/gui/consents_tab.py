"""The Consents tab of a client file: every signed consent, its standing, and what to do with it.

Save a signed copy as a PDF, record a withdrawal, or record a consent signed
on paper with a scan or photo of the form. Nothing here edits a signed record.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.consent_signing import scan_problem
from dermadesk.core.consent_status import (
    KINDS,
    PAPER,
    PHOTO_LEVELS,
    TREATMENT,
    ConsentState,
    ConsentStatus,
)
from dermadesk.core.dates import long_date
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.practice import Practice
from dermadesk.core.sheets.service import Sheet
from dermadesk.gui import prompts
from dermadesk.gui.menu_button import MenuButton

SCAN_FILTERS = "Scans and photos (*.jpg *.jpeg *.png *.pdf)"
COLUMNS = ("Consent", "Signed", "How", "Version", "Standing", "Record")
_LEVEL_NAMES = {"clinical": "clinical record", "marketing": "marketing"}
assert set(_LEVEL_NAMES) == set(PHOTO_LEVELS)


class ConsentsTab(QWidget):
    """A client's signed consents."""

    changed = Signal()  # a withdrawal or a paper consent was recorded

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self._practice = practice
        self.client_id: int | None = None
        self._record_ids: list[int] = []
        self._build_table()
        self.empty_label = QLabel("No signed consents yet. Use “Sign consent” above.")
        self.empty_label.setEnabled(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        picked, paper = self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.message)
        layout.addLayout(picked)
        layout.addLayout(paper)
        self._update_buttons()

    def _build_table(self) -> None:
        """One row a record, picked whole; the consent's name takes the width."""
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the rest fit their text
        self.table.itemSelectionChanged.connect(self._update_buttons)

    def _build_buttons(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        """The picked consent's actions in one row, a new paper consent in the next."""
        self.print_copy_button = QPushButton("&Print signed copy…")
        self.print_copy_button.clicked.connect(self.print_copy)
        self.save_copy_button = QPushButton("Save signed c&opy as PDF…")
        self.save_copy_button.clicked.connect(self.save_copy)
        self.withdraw_button = QPushButton("Record wi&thdrawal…")
        self.withdraw_button.clicked.connect(self.withdraw)
        self.paper_button = MenuButton("Record a consent signed on pap&er…")
        for kind, label in KINDS.items():
            self.paper_button.choices.addAction(f"{label}…").triggered.connect(
                lambda _checked=False, k=kind: self.record_paper(k)
            )
        # Two short rows, not one long one: the picked consent's actions, then a new
        # paper consent; together they fit a 1024-pixel screen beside the client list.
        picked = QHBoxLayout()
        picked.addWidget(self.print_copy_button)
        picked.addWidget(self.save_copy_button)
        picked.addWidget(self.withdraw_button)
        picked.addStretch(1)
        paper = QHBoxLayout()
        paper.addStretch(1)
        paper.addWidget(self.paper_button)
        return picked, paper

    def show_client(self, client_id: int, standing: dict[str, ConsentStatus] | None = None) -> None:
        """List the consents of `client_id` (`standing`: their status by kind, if known)."""
        self.client_id = client_id
        consents = self._practice.consents
        records = consents.records(client_id)
        withdrawn = consents.withdrawals(client_id)
        standing_now = standing or {kind: consents.status(client_id, kind) for kind in KINDS}
        current = {status.record_id for status in standing_now.values()}
        versions = {t.id: t.version for kind in KINDS for t in consents.template_versions(kind)}
        tampered = {record_id for record_id, _ in consents.tampered(client_id)}
        self.table.setRowCount(len(records))
        self._record_ids = []
        for row, record in enumerate(records):
            assert record.id is not None
            self._record_ids.append(record.id)
            label = KINDS[record.kind]
            if record.kind != TREATMENT:
                levels = json.loads(record.photo_levels)
                label += ": " + ", ".join(_LEVEL_NAMES[level] for level in levels)
            local = record.signed_at.astimezone()
            if record.id in withdrawn:
                where = f"withdrawn {long_date(withdrawn[record.id].withdrawn_at.astimezone())}"
            elif record.id in current:
                renew = standing_now[record.kind].state is ConsentState.NEEDS_RENEWAL
                where = "needs renewal" if renew else "current"
            else:
                where = "replaced by a later one"
            paper = record.method == PAPER
            cells = (
                label,
                long_date(local) if paper else f"{long_date(local)}, {local:%H:%M}",
                "paper, scanned" if paper else "on screen",
                str(versions.get(record.template_id, "?")),
                where,
                "CHANGED since signing!" if record.id in tampered else f"#{record.id}, verified",
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # the whole text when a narrow window elides it
                if column == len(cells) - 1 and record.id in tampered:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(records))
        self.empty_label.setVisible(not records)
        self.message.clear()
        self._update_buttons()

    def selected_record(self) -> int | None:
        """The record picked in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self._record_ids[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        picked = self.selected_record() is not None
        self.save_copy_button.setEnabled(picked)
        self.print_copy_button.setEnabled(picked)
        self.withdraw_button.setEnabled(picked)

    def signed_copy(self) -> Sheet | None:
        """The picked record's signed copy, as "Print signed copy" sends it to the printer."""
        record_id = self.selected_record()
        return None if record_id is None else self._practice.sheets.signed_copy(record_id)

    def print_copy(self) -> None:
        """Preview and print the picked record's signed copy."""
        copy = self.signed_copy()
        if copy is None:
            return
        from dermadesk.gui.printing import preview_and_print

        try:
            printed = preview_and_print([copy.pdf], copy.title, self)
        except DermaDeskError as error:
            self.message.setText(str(error))
            return
        if printed:
            self._log(lambda: self._practice.sheets.printed(copy))

    def save_copy(self) -> None:
        """Write the picked record's signed copy to a PDF file the user chooses."""
        copy = self.signed_copy()
        if copy is None:
            return
        path = prompts.ask_save_path(self, "Save signed copy", f"{copy.title}.pdf", "PDF (*.pdf)")
        if path is None:
            return
        target = Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")
        try:
            self._practice.sheets.save(copy, target)  # never half-written under the real name
        except OSError as error:
            self.message.setText(f"Not saved: {error.strerror}.")
            return
        except DermaDeskError as error:  # written; say the trail missed it
            self.message.setText(f"Done, but not written to the audit trail: {error}")
            return
        self.message.setText(f"Saved to {target}.")

    def _log(self, record: Callable[[], None]) -> None:
        try:
            record()
        except DermaDeskError as error:  # done already; say the trail missed it
            self.message.setText(f"Done, but not written to the audit trail: {error}")

    def withdraw(self) -> None:
        """Record that the client withdrew the picked consent."""
        record_id = self.selected_record()
        if record_id is None or self.client_id is None:
            return
        reason = prompts.ask_text(self, "Record withdrawal", "Reason (optional):")
        if reason is None:
            return
        practitioner = self._practice.settings.practice_details().practitioner_name
        try:
            self._practice.consents.withdraw(record_id, reason, practitioner)
        except DermaDeskError as error:
            self.message.setText(str(error))
            return
        self.show_client(self.client_id)
        self.changed.emit()
        self.message.setText("Withdrawal recorded; the signed consent itself is kept unchanged.")

    def record_paper(self, kind: str) -> None:
        """Record a consent signed on paper: its scan seen, its day and witness given, confirmed."""
        if self.client_id is None:
            return
        path = prompts.ask_open_path(self, "The scan or photo of the signed form", SCAN_FILTERS)
        if path is None:
            return
        try:
            scan = Path(path).read_bytes()
        except OSError as error:
            self.message.setText(f"{Path(path).name} cannot be read: {error.strerror}.")
            return
        if problem := scan_problem(scan):
            self.message.setText(f"{Path(path).name} was not recorded: {problem}")
            return
        from dermadesk.gui.paper_consent_dialog import PaperConsentDialog

        dialog = PaperConsentDialog(self._practice, self.client_id, kind, Path(path), scan, self)
        if dialog.exec() != PaperConsentDialog.DialogCode.Accepted:
            return
        self.show_client(self.client_id)
        self.changed.emit()
        self.message.setText(f"{KINDS[kind]} signed on paper recorded with {Path(path).name}.")
