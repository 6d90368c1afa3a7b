"""Small dialogs for the course of treatment: a plan, and booking a session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.plans import MAX_INTERVAL_WEEKS, MAX_PLAN_SESSIONS, PlanDetails
from dermadesk.core.records import Plan


def _date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    return edit


def _py_date(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class _FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b42318;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)


class PlanDialog(_FormDialog):
    """A new plan, or changes to one: concerns, how many sessions, how far apart, from when."""

    def __init__(self, today: date, plan: Plan | None = None, concerns: str = "",
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__("Treatment plan" if plan else "New treatment plan", parent)
        self.concerns = QLineEdit(plan.concerns if plan else concerns)
        self.concerns.setPlaceholderText("e.g. acne scars on both cheeks")
        self.sessions = QSpinBox()
        self.sessions.setRange(1, MAX_PLAN_SESSIONS)
        self.sessions.setValue(plan.sessions_planned if plan else 4)
        self.interval = QSpinBox()
        self.interval.setRange(1, MAX_INTERVAL_WEEKS)
        self.interval.setSuffix(" weeks")
        self.interval.setValue(plan.interval_weeks if plan else 4)
        self.starts = _date_edit(plan.starts_on if plan else today)
        self.notes = QLineEdit(plan.notes if plan else "")
        self.form.addRow("&Concerns", self.concerns)
        self.form.addRow("&Sessions", self.sessions)
        self.form.addRow("&Interval", self.interval)
        self.form.addRow("Sta&rts on", self.starts)
        self.form.addRow("&Notes", self.notes)
        self.resize(460, self.sizeHint().height())

    def show_details(self, details: PlanDetails) -> None:
        """Fill the fields with `details` (the user's edits, kept over a refused save)."""
        self.concerns.setText(details.concerns)
        self.sessions.setValue(details.sessions_planned)
        self.interval.setValue(details.interval_weeks)
        starts = details.starts_on
        self.starts.setDate(QDate(starts.year, starts.month, starts.day))
        self.notes.setText(details.notes)

    def details(self) -> PlanDetails:
        """The plan as entered."""
        return PlanDetails(
            concerns=self.concerns.text(),
            sessions_planned=self.sessions.value(),
            interval_weeks=self.interval.value(),
            starts_on=_py_date(self.starts),
            notes=self.notes.text(),
        )

    def accept(self) -> None:
        if problems := self.details().problems():
            self.message.setText(" ".join(p.message for p in problems))
            return
        super().accept()


# Checks a booking before the dialog closes: "" to book, or why not (the dialog stays open).
BookingCheck = Callable[[datetime, int, "int | None"], str]


class BookDialog(_FormDialog):
    """Book a session: day, time, length and the plan it belongs to."""

    def __init__(self, plans: list[tuple[int, str]], suggested: date,
                 parent: QWidget | None = None, moving: datetime | None = None,
                 check: BookingCheck | None = None):  # fmt: skip
        super().__init__("Move the session" if moving else "Book a session", parent)
        self._check = check
        self.day = _date_edit(suggested)
        self.time = QTimeEdit(QTime(moving.hour, moving.minute) if moving else QTime(10, 0))
        self.time.setDisplayFormat("HH:mm")
        self.duration = QSpinBox()
        self.duration.setRange(10, 480)
        self.duration.setSingleStep(15)
        self.duration.setValue(60)
        self.duration.setSuffix(" minutes")
        self.plan = QComboBox()
        for plan_id, label in plans:
            self.plan.addItem(label, plan_id)
        self.plan.addItem("No plan (a single session)", None)
        self.form.addRow("&Day", self.day)
        self.form.addRow("&Time", self.time)
        if moving is None:  # a move keeps the session's length and plan
            self.form.addRow("&Length", self.duration)
            self.form.addRow("&Plan", self.plan)
        else:
            self.duration.hide()
            self.plan.hide()
        self.resize(420, self.sizeHint().height())

    def when(self) -> datetime:
        """The appointment's wall-clock time."""
        moment = self.time.time()
        return datetime.combine(_py_date(self.day), datetime.min.time()).replace(
            hour=moment.hour(), minute=moment.minute()
        )

    def plan_id(self) -> int | None:
        """The plan chosen, if any."""
        chosen = self.plan.currentData()
        return chosen if isinstance(chosen, int) else None

    def accept(self) -> None:
        """Close only for a booking the check allows; otherwise say why and stay open."""
        if self._check is not None:
            refused = self._check(self.when(), self.duration.value(), self.plan_id())
            if refused:
                self.message.setText(refused)
                return
        super().accept()
