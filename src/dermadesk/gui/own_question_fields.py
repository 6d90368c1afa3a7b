"""The practice's own screening questions as tick boxes and date fields, beside the built-in
ones in the client form and the consent questionnaire."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.custom_questions import DATE
from dermadesk.core.errors import Problem
from dermadesk.core.screening import CustomAnswer, ScreeningAnswers
from dermadesk.core.screening_rules import CustomQuestion
from dermadesk.gui.dates import DateFormat

# Typed for a date that never happened.
NEVER = frozenset({"never", "no", "none", "n/a", "-"})
# A question an answer set was never asked: amber and slanted until someone asks it.
NOT_ASKED_STYLE = "color: #8a5a00; font-style: italic;"


class _TickingLabel(QLabel):
    """A question's wording, wrapped, that ticks its box when clicked (as a box's text does)."""

    def __init__(self, text: str, check: QCheckBox):
        super().__init__(text)
        self.setWordWrap(True)
        self._check = check

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._check.isEnabled():
            self._check.toggle()
        super().mouseReleaseEvent(event)


class OwnQuestionFields(QWidget):
    """One tick box per yes/no question and one date field per dated one, for the questions
    in use; hidden when the practice has none."""

    edited = Signal()  # by the user, not by `load`

    def __init__(
        self,
        dates: DateFormat,
        questions: tuple[CustomQuestion, ...],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.dates = dates
        self.questions = tuple(q for q in questions if q.in_use)
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.checks: dict[str, QCheckBox] = {}
        self.labels: dict[str, QLabel] = {}
        self.date_edits: dict[str, QLineEdit] = {}
        dated = QFormLayout()
        for question in self.questions:
            if question.kind == DATE:
                edit = QLineEdit()
                edit.setObjectName(f"own-{question.slug}Edit")
                edit.setPlaceholderText(f"{dates.placeholder}, or empty if never")
                edit.setToolTip(question.wording)
                edit.setProperty("asked", True)
                edit.textEdited.connect(self._on_edit)
                label = QLabel(question.wording)
                label.setWordWrap(True)  # the practice's wording may be long
                dated.addRow(label, edit)
                self.date_edits[question.slug] = edit
            else:
                # The practice's wording may be long: a tick box beside a label that wraps
                # (a tick box's own text never does) and ticks the box when clicked.
                check = QCheckBox()
                check.setObjectName(f"own-{question.slug}Check")
                check.setAccessibleName(question.wording)
                check.setProperty("asked", True)
                check.toggled.connect(self._on_edit)
                label = _TickingLabel(question.wording, check)
                row = QHBoxLayout()
                row.addWidget(check, 0, Qt.AlignmentFlag.AlignTop)
                row.addWidget(label, 1)
                layout.addLayout(row)
                self.checks[question.slug] = check
                self.labels[question.slug] = label
        layout.addLayout(dated)
        if not self.questions:
            self.hide()  # (never show() here: without a parent yet, it would be a window)

    def load(self, answers: ScreeningAnswers | None) -> None:
        """Show the answers given to these questions (empty where never asked: a tick box
        says "not asked yet" until it is clicked, and then counts as answered)."""
        self._loading = True
        try:
            for slug, check in self.checks.items():
                asked, answer = answers.custom_answer(slug) if answers else (False, None)
                check.setChecked(answer is True)
                self._mark_asked(check, asked or answers is None)
            for slug, edit in self.date_edits.items():
                asked, answer = answers.custom_answer(slug) if answers else (False, None)
                edit.setText(self.dates.show(answer if isinstance(answer, date) else None))
                self._mark_date_asked(edit, asked or answers is None)
        finally:
            self._loading = False

    def answers(self) -> tuple[tuple[tuple[str, CustomAnswer], ...], list[Problem]]:
        """The answers as shown, by slug, and the dates that could not be read."""
        problems: list[Problem] = []
        given: dict[str, CustomAnswer] = {
            slug: check.isChecked()
            for slug, check in self.checks.items()
            if check.property("asked")  # one never asked stays unanswered, never "no"
        }
        wording = {q.slug: q.wording for q in self.questions}
        for slug, edit in self.date_edits.items():
            if not edit.property("asked"):
                continue  # never asked: unanswered, not "never"
            typed = edit.text().strip()
            if typed.casefold().rstrip(".") in NEVER:
                given[slug] = None
                continue
            try:
                given[slug] = self.dates.read(typed, wording[slug])
            except ValueError as error:
                problems.append(Problem(slug, str(error)))
                given[slug] = None
        return tuple(sorted(given.items())), problems

    def _mark_asked(self, check: QCheckBox, asked: bool) -> None:
        check.setProperty("asked", asked)
        slug = next(q.slug for q in self.questions if self.checks.get(q.slug) is check)
        label = self.labels[slug]
        wording = check.accessibleName()
        label.setText(wording if asked else f"{wording}  (not asked yet)")
        label.setStyleSheet("" if asked else NOT_ASKED_STYLE)

    def _mark_date_asked(self, edit: QLineEdit, asked: bool) -> None:
        edit.setProperty("asked", asked)
        edit.setPlaceholderText(
            f"{self.dates.placeholder}, or empty if never"
            if asked
            else "Not asked yet: the date, or “never”"
        )

    def _on_edit(self, *_args: object) -> None:
        if self._loading:
            return
        sender = self.sender()
        if isinstance(sender, QCheckBox) and not sender.property("asked"):
            self._mark_asked(sender, True)
        if isinstance(sender, QLineEdit) and not sender.property("asked"):
            self._mark_date_asked(sender, True)
        self.edited.emit()
