"""The session's own questions: each a real dialog whose safe answer is the default, so a
stray Enter never marks a session done, goes ahead past the screening or books twice."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.screening_rules import Level, ScreeningResult
from dermadesk.core.session_screening import reason_problem
from dermadesk.gui.forms.ui_reason_dialog import Ui_ReasonDialog

BLOCK_COLOUR, BLOCK_BACK = "#b42318", "#fdecea"
WARN_COLOUR, WARN_BACK = "#8a5a00", "#fff4dc"


def confirm(parent: QWidget | None, title: str, text: str, go: str, back: str) -> bool:
    """Ask before a step that cannot be taken back; True only when `go` is clicked
    (`back`, the default, answers Enter and Escape)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)  # names and products, never markup
    box.setText(text)
    yes = box.addButton(go, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(back, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    box.deleteLater()
    return box.clickedButton() is yes


def _findings_box(
    level: Level, heading: str, colours: tuple[str, str], found: list[str]
) -> QGroupBox:
    """The findings of one level, framed in its colour."""
    colour, back = colours
    box = QGroupBox(heading)
    box.setObjectName(level.value)
    box.setStyleSheet(
        f"QGroupBox {{ border: 2px solid {colour}; border-radius: 4px; "
        f"background: {back}; margin-top: 1.2em; padding: 6px; }} "
        f"QGroupBox::title {{ color: {colour}; font-weight: bold; "
        "subcontrol-origin: margin; left: 8px; }"
    )
    text = QLabel("<br>".join(f"• {html.escape(m)}" for m in found))
    text.setTextFormat(Qt.TextFormat.RichText)
    text.setWordWrap(True)
    text.setStyleSheet(f"color: {colour}; background: transparent;")
    QVBoxLayout(box).addWidget(text)
    return box


class ReasonDialog(QDialog):
    """Why the practitioner goes ahead despite the screening: blocks in red, warnings in
    amber, and a reason of a few words (checked as core checks it) before it closes."""

    def __init__(self, result: ScreeningResult, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = ui = Ui_ReasonDialog()
        ui.setupUi(self)
        blocked = any(f.level is Level.BLOCK for f in result.findings)
        self.setWindowTitle(
            "Screening blocks treatment" if blocked else "Screening needs your judgement"
        )
        for level, heading, colour, back in (
            (Level.BLOCK, "Blocks treatment", BLOCK_COLOUR, BLOCK_BACK),
            (Level.WARN, "Needs your judgement", WARN_COLOUR, WARN_BACK),
        ):
            if found := [f.message for f in result.findings if f.level is level]:
                ui.findingsLayout.addWidget(_findings_box(level, heading, (colour, back), found))
        ui.askLabel.setText(
            ("To go ahead anyway, say why" if blocked else "Say why treating today is right")
            + ". The reason is kept with the session."
        )
        self.reason, self.message = ui.reason, ui.message
        self.reason.textChanged.connect(self._clear_when_fixed)
        self.go_button = QPushButton("&Go ahead")
        self.back_button = QPushButton("Do&n't start")
        for button in (self.go_button, self.back_button):
            button.setAutoDefault(False)  # Enter in the reason types a new line, nothing more
        self.back_button.setDefault(True)  # else the button box makes "Go ahead" the default
        ui.buttons.addButton(self.go_button, QDialogButtonBox.ButtonRole.AcceptRole)
        ui.buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.RejectRole)
        ui.buttons.accepted.connect(self.accept)
        ui.buttons.rejected.connect(self.reject)
        self.resize(520, self.sizeHint().height())
        self.reason.setFocus()

    def text(self) -> str:
        """The reason as typed, trimmed."""
        return self.reason.toPlainText().strip()

    def accept(self) -> None:
        """Close only with a reason of a few words; otherwise say what is missing."""
        if problem := reason_problem(self.text()):
            self.message.setText(problem)
            return
        super().accept()

    def _clear_when_fixed(self) -> None:
        if self.message.text() and not reason_problem(self.text()):
            self.message.clear()


def ask_reason(parent: QWidget | None, result: ScreeningResult) -> str | None:
    """The practitioner's reason to go ahead (None when they do not start)."""
    dialog = ReasonDialog(result, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return dialog.text() if accepted else None
