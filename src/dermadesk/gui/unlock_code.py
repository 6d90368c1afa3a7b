"""The recovery code, shown once: large and grouped, with "Print this sheet" and the tick
"I have written down or printed the recovery code" that lets the person go on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from dermadesk.core.clock import default_clock
from dermadesk.core.errors import DermaDeskError
from dermadesk.gui.unlock_fields import big_button, code_font, problem_label

TICK_TEXT = "I have &written down or printed the recovery code"


class RecoveryCodeView(QWidget):
    """The code in large grouped characters, its sheet to print, and the tick to go on."""

    ticked = Signal(bool)

    def __init__(self, data_dir: Path, practice_name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.data_dir = data_dir
        self.practice_name = practice_name
        self.code = ""
        self.code_label = QLabel()
        self.code_label.setObjectName("recoveryCodeShown")
        self.code_label.setFont(code_font(self.font()))
        font = self.code_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setStyleSheet(
            "background: #ffffff; border: 2px solid #52606d; border-radius: 8px; padding: 14px;"
        )
        self.print_button = big_button("&Print this sheet…", "printRecoverySheet")
        self.print_button.clicked.connect(self.print_sheet)
        self.tick = QCheckBox(TICK_TEXT)
        self.tick.setObjectName("recoveryCodeKept")
        self.tick.setStyleSheet("QCheckBox::indicator { width: 26px; height: 26px; }")
        self.tick.setMinimumHeight(40)
        self.tick.toggled.connect(self.ticked)
        self.problem = problem_label("recoverySheetProblem")
        explanation = QLabel(
            "If the passphrase is ever forgotten, this code is the only way back into the "
            "client records. It is shown this once: print the sheet or write the code down, "
            "and keep it locked away from the computer and its backups."
        )
        explanation.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(explanation)
        layout.addWidget(self.code_label)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(self.tick)

    def show_code(self, code: str) -> None:
        """Show `code` as two lines of three groups (as the sheet prints it)."""
        self.code = code
        groups = code.split("-")
        self.code_label.setText("  ".join(groups[:3]) + "\n" + "  ".join(groups[3:]))
        self.tick.setChecked(False)

    def is_kept(self) -> bool:
        return self.tick.isChecked()

    def sheet_pdf(self) -> bytes:
        """The one-page sheet with this code (made here, never saved to disk)."""
        from dermadesk.core.dates import long_date
        from dermadesk.documents.recovery_sheet import RecoverySheet, render_recovery_sheet

        sheet = RecoverySheet(
            code=self.code,
            practice_name=self.practice_name,
            data_folder=str(self.data_dir),
            made_on=long_date(default_clock().today()),
        )
        return render_recovery_sheet(sheet)

    def print_sheet(self) -> None:
        """The sheet in the print preview, printed from there as every sheet is."""
        from dermadesk.documents.recovery_sheet import TITLE
        from dermadesk.gui.printing import preview_and_print

        self.problem.clear()
        try:
            preview_and_print([self.sheet_pdf()], TITLE, self)
        except DermaDeskError as error:
            self.problem.setText(f"The sheet was not printed: {error} Write the code down.")
