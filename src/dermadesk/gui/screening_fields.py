"""The screening questions as tick boxes and dates, for the client form and the consent flow."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from dermadesk.core.errors import Problem
from dermadesk.core.screening import CONDITION_QUESTIONS, DATE_QUESTIONS, ScreeningAnswers
from dermadesk.gui.dates import DateFormat


class ScreeningFields(QWidget):
    """One tick box per condition and one date field per dated question."""

    edited = Signal()  # by the user, not by `load`

    def __init__(self, dates: DateFormat, parent: QWidget | None = None):
        super().__init__(parent)
        self.dates = dates
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.condition_checks: dict[str, QCheckBox] = {}
        for name, question in CONDITION_QUESTIONS.items():
            check = QCheckBox(question)
            check.setObjectName(f"{name}Check")
            check.toggled.connect(self._on_edit)
            layout.addWidget(check)
            self.condition_checks[name] = check
        dates_form = QFormLayout()
        self.date_edits: dict[str, QLineEdit] = {}
        for name, question in DATE_QUESTIONS.items():
            edit = QLineEdit()
            edit.setObjectName(f"{name}Edit")
            edit.setPlaceholderText(f"{dates.placeholder}, or empty if never")
            edit.textEdited.connect(self._on_edit)
            dates_form.addRow(question, edit)
            self.date_edits[name] = edit
        layout.addLayout(dates_form)

    def load(self, answers: ScreeningAnswers | None) -> None:
        """Show `answers` (all unticked and empty when there are none)."""
        self._loading = True
        try:
            for name, check in self.condition_checks.items():
                check.setChecked(bool(answers and getattr(answers, name)))
            for name, edit in self.date_edits.items():
                edit.setText(self.dates.show(getattr(answers, name) if answers else None))
        finally:
            self._loading = False

    def answers(self, answered_on: date) -> tuple[ScreeningAnswers, list[Problem]]:
        """The answers as shown, dated `answered_on`, and the dates that could not be read."""
        problems: list[Problem] = []
        dated: dict[str, date | None] = {}
        for name, edit in self.date_edits.items():
            try:
                dated[name] = self.dates.read(edit.text(), DATE_QUESTIONS[name])
            except ValueError as error:
                problems.append(Problem(name, str(error)))
                dated[name] = None
        conditions = {name: check.isChecked() for name, check in self.condition_checks.items()}
        return ScreeningAnswers(answered_on=answered_on, **conditions, **dated), problems

    def _on_edit(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()
