"""The screening questions as tick boxes and dates, for the client form and the consent flow.

Answers given before a question was on the questionnaire are not "no": such a
question shows "not asked yet" until someone clicks it (or types its date, or
"never"), and until then the answer set records it as unanswered.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from dermadesk.core.errors import Problem
from dermadesk.core.screening import (
    ADDED_IN_SET_2,
    CONDITION_QUESTIONS,
    DATE_QUESTIONS,
    QUESTION_SET,
    ScreeningAnswers,
)
from dermadesk.core.screening_rules import CustomQuestion
from dermadesk.gui.dates import DateFormat
from dermadesk.gui.own_question_fields import NEVER, NOT_ASKED_STYLE, OwnQuestionFields


class ScreeningFields(QWidget):
    """One tick box per condition and one date field per dated question, then the
    practice's own questions."""

    edited = Signal()  # by the user, not by `load`

    def __init__(
        self,
        dates: DateFormat,
        parent: QWidget | None = None,
        questions: tuple[CustomQuestion, ...] = (),
    ):
        super().__init__(parent)
        self.dates = dates
        self._loading = False
        self._not_asked: set[str] = set()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.condition_checks: dict[str, QCheckBox] = {}
        for name, question in CONDITION_QUESTIONS.items():
            check = QCheckBox(question)
            check.setObjectName(f"{name}Check")
            check.toggled.connect(lambda _on, name=name: self._answered(name))
            self._layout.addWidget(check)
            self.condition_checks[name] = check
        dates_form = QFormLayout()
        self.date_edits: dict[str, QLineEdit] = {}
        for name, question in DATE_QUESTIONS.items():
            edit = QLineEdit()
            edit.setObjectName(f"{name}Edit")
            edit.setPlaceholderText(f"{dates.placeholder}, or empty if never")
            edit.textEdited.connect(lambda _text, name=name: self._answered(name))
            dates_form.addRow(question, edit)
            self.date_edits[name] = edit
        self._layout.addLayout(dates_form)
        self.own = OwnQuestionFields(dates, questions)
        self.own.edited.connect(self._on_edit)
        self._layout.addWidget(self.own)

    def set_questions(self, questions: tuple[CustomQuestion, ...]) -> None:
        """Ask the practice's own questions as they stand now (after a settings change)."""
        if tuple(q for q in questions if q.in_use) == self.own.questions:
            return
        replacement = OwnQuestionFields(self.dates, questions)
        replacement.edited.connect(self._on_edit)
        self._layout.replaceWidget(self.own, replacement)
        self.own.deleteLater()
        self.own = replacement
        replacement.setVisible(bool(replacement.questions))

    def load(self, answers: ScreeningAnswers | None) -> None:
        """Show `answers` (all unticked and empty when there are none); questions the set
        was never asked say so."""
        self._loading = True
        try:
            for name, check in self.condition_checks.items():
                check.setChecked(bool(answers and getattr(answers, name)))
            for name, edit in self.date_edits.items():
                edit.setText(self.dates.show(getattr(answers, name) if answers else None))
            self.own.load(answers)
        finally:
            self._loading = False
        self._not_asked = set(answers.not_asked()) if answers else set()
        for name in ADDED_IN_SET_2:
            self._show_asked(name)

    def answers(self, answered_on: date) -> tuple[ScreeningAnswers, list[Problem]]:
        """The answers as shown, dated `answered_on`, and the dates that could not be read."""
        problems: list[Problem] = []
        dated: dict[str, date | None] = {}
        for name, edit in self.date_edits.items():
            typed = edit.text().strip()
            try:
                never = typed.casefold().rstrip(".") in NEVER
                dated[name] = None if never else self.dates.read(typed, DATE_QUESTIONS[name])
            except ValueError as error:
                problems.append(Problem(name, str(error)))
                dated[name] = None
        conditions: dict[str, bool | None] = {
            name: None if name in self._not_asked else check.isChecked()
            for name, check in self.condition_checks.items()
        }
        custom, own_problems = self.own.answers()
        # The newer date question stays unanswered (question set 1) until it is asked.
        question_set = 1 if "isotretinoin_last" in self._not_asked else QUESTION_SET
        answers = ScreeningAnswers(
            answered_on=answered_on,
            **conditions,  # type: ignore[arg-type]
            **dated,  # type: ignore[arg-type]
            question_set=question_set,
            custom=custom,
        )
        return answers, problems + own_problems

    def _answered(self, name: str) -> None:
        if self._loading:
            return
        if name in self._not_asked:
            self._not_asked.discard(name)
            self._show_asked(name)
        self.edited.emit()

    def _show_asked(self, name: str) -> None:
        asked = name not in self._not_asked
        if name in self.condition_checks:
            check = self.condition_checks[name]
            wording = CONDITION_QUESTIONS[name]
            check.setText(wording if asked else f"{wording}  (not asked yet)")
            check.setStyleSheet("" if asked else NOT_ASKED_STYLE)
        else:
            edit = self.date_edits[name]
            edit.setPlaceholderText(
                f"{self.dates.placeholder}, or empty if never"
                if asked
                else "Not asked yet: the date, or “never”"
            )
            edit.setStyleSheet("" if asked else f"QLineEdit {{ {NOT_ASKED_STYLE} }}")

    def _on_edit(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()
