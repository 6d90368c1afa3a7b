"""The client file's header: who this is, readable from a step away, with the file's buttons."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dermadesk.core.client_details import ClientDetails
from dermadesk.core.dates import long_date
from dermadesk.core.text_rules import visible
from dermadesk.core.validation import age_on
from dermadesk.gui.elided_label import ElidedLabel
from dermadesk.gui.menu_button import MenuButton


class ClientHeader(QWidget):
    """Name, age and state of the open client, readable from a step away."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.name_label = ElidedLabel()  # a long name never widens the window
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.name_label.setFont(font)  # plain text: a name is never markup
        self.facts_label = ElidedLabel()  # one line, so the header keeps its height
        # The plans' progress varies in length: ClientView shows it with the alerts,
        # in the area that keeps the tabs in place.
        self.plan_label = QLabel()
        self.plan_label.setTextFormat(Qt.TextFormat.PlainText)
        self.plan_label.setWordWrap(True)
        self.consent_button = MenuButton("Si&gn consent")
        self.consent_menu = self.consent_button.choices
        self.archive_button = QPushButton()
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.name_label)
        text.addWidget(self.facts_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 8)
        layout.addLayout(text, 1)
        layout.addWidget(self.consent_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.archive_button, 0, Qt.AlignmentFlag.AlignTop)

    def show_client(self, details: ClientDetails, archived: bool, today: date) -> None:
        """Show an existing client."""
        self.name_label.setText(visible(f"{details.first_name} {details.last_name}"))
        assert details.date_of_birth is not None
        facts = [
            f"{age_on(details.date_of_birth, today)} years",
            f"born {long_date(details.date_of_birth)}",
        ]
        if details.phone:
            facts.append(details.phone)
        if archived:
            facts.append("archived")
        self.facts_label.setText("  ·  ".join(facts))
        # No Alt key for archiving: it is rare, and must never happen by a slip.
        self.archive_button.setText("&Restore client" if archived else "Archive client")
        self.archive_button.setVisible(True)
        self.consent_button.setVisible(not archived)

    def show_plans(self, lines: list[str]) -> None:
        """The open plans' progress, one line each (hidden when there are none)."""
        self.plan_label.setText("\n".join(lines))
        self.plan_label.setVisible(bool(lines))

    def show_new(self) -> None:
        """Show the header of a file not saved yet."""
        self.name_label.setText("New client")
        self.facts_label.setText("Fill in at least the names and date of birth, then save.")
        self.archive_button.setVisible(False)
        self.consent_button.setVisible(False)
