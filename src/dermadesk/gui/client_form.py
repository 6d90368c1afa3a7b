"""The client file's details form (built in Designer: ui/client_form.ui).

It shows and collects a client's details and screening answers; saving is
the ClientView's job. Problems are shown under the form in the user's words,
with the fields at fault outlined.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from dermadesk.core.client_details import SKIN_TYPES, ClientDetails, entry_problems
from dermadesk.core.dates import long_date
from dermadesk.core.errors import Problem
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.gui.dates import DateFormat
from dermadesk.gui.forms.ui_client_form import Ui_ClientForm
from dermadesk.gui.screening_fields import ScreeningFields

SKIN_TYPE_DESCRIPTIONS = {
    1: "always burns, never tans",
    2: "usually burns, tans minimally",
    3: "sometimes burns, tans gradually",
    4: "burns minimally, tans well",
    5: "rarely burns, tans deeply",
    6: "never burns, deeply pigmented",
}
# What the closed box shows: short enough never to be cut in a narrow window; the
# whole description is in the list, and on hover.
SKIN_TYPE_SHORT = {
    1: "always burns",
    2: "usually burns",
    3: "sometimes burns",
    4: "burns minimally",
    5: "rarely burns",
    6: "never burns",
}
PENDING_CHANGED = "Changed answers will be recorded as given today when you save."
PENDING_CONFIRMED = "These answers will be recorded as given today when you save."
_PROBLEM_OUTLINE = "border: 2px solid #c62828; border-radius: 3px;"


class ClientForm(QWidget):
    """Editable details and screening answers of one client (or of a new one)."""

    save_requested = Signal()
    discard_requested = Signal()

    def __init__(self, date_format: DateFormat | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_ClientForm()
        self.ui.setupUi(self)
        self.dates = date_format or DateFormat()
        self._loading = False
        self._dirty = False
        self._screening_pending = False
        self._shown_problems: list[Problem] = []  # the problems on show
        self._checked_on: date | None = None

        self._build_skin_types()
        self.ui.dateOfBirthEdit.setPlaceholderText(self.dates.placeholder)
        self.ui.problemsLabel.setStyleSheet(
            "QLabel { background: #fdecea; color: #8e1b1b; border: 1px solid #f3b7b2;"
            " border-radius: 4px; padding: 8px; }"
        )
        self.ui.savedLabel.setStyleSheet("color: #2e7d32;")
        self.screening_fields = ScreeningFields(self.dates)
        self.ui.screeningLayout.addWidget(self.screening_fields)
        self.condition_checks = self.screening_fields.condition_checks
        self.screening_date_edits = self.screening_fields.date_edits
        self._build_pending_row()
        self._watch_fields()
        self.ui.saveButton.clicked.connect(self.save_requested)
        self.ui.discardButton.clicked.connect(self.discard_requested)
        self._update_buttons()

    def _build_skin_types(self) -> None:
        """Short names in the closed box; the whole description in the list and on hover."""
        combo = self.ui.skinTypeCombo
        combo.addItem("Not assessed", None)
        for number, roman in SKIN_TYPES.items():
            combo.addItem(f"{roman} – {SKIN_TYPE_SHORT[number]}", number)
            whole = f"{roman} – {SKIN_TYPE_DESCRIPTIONS[number]}"
            combo.setItemData(combo.count() - 1, whole, Qt.ItemDataRole.ToolTipRole)
        combo.currentIndexChanged.connect(self._show_skin_type_tip)

    def _build_pending_row(self) -> None:
        """Under the answers: the button that confirms them as asked today, or what saving
        will record."""
        # A changed answer is always recorded (as given today). Unchanged answers are
        # recorded only when someone says the questions were asked again: an untouched
        # form must never turn into "no contraindications". The button can only add
        # answers, never drop them, so pressing it "to be sure" loses nothing.
        self.asked_today_button = QPushButton("Record these answers as given today")
        self.asked_today_button.setObjectName("askedTodayButton")
        self.asked_today_button.setToolTip(
            "The questions were asked today and nothing changed (an unticked question means “no”)"
        )
        self.asked_today_button.clicked.connect(self._confirm_asked_today)
        self.pending_label = QLabel()
        self.pending_label.setObjectName("screeningPending")
        self.pending_label.setWordWrap(True)
        self.pending_label.setStyleSheet("color: #1b5e20; font-weight: bold;")
        pending_row = QHBoxLayout()
        pending_row.addWidget(self.asked_today_button)
        pending_row.addWidget(self.pending_label, 1)
        self.ui.screeningLayout.addLayout(pending_row)

    def _watch_fields(self) -> None:
        """Each field by the name its problems use; typing in any of them makes the form dirty."""
        ui = self.ui
        self._field_widgets: dict[str, QWidget] = {
            "first_name": ui.firstNameEdit,
            "last_name": ui.lastNameEdit,
            "date_of_birth": ui.dateOfBirthEdit,
            "skin_type": ui.skinTypeCombo,
            "phone": ui.phoneEdit,
            "email": ui.emailEdit,
            "address": ui.addressEdit,
            "emergency_contact_name": ui.emergencyNameEdit,
            "emergency_contact_phone": ui.emergencyPhoneEdit,
            "concerns": ui.concernsEdit,
            "medical_history": ui.medicalHistoryEdit,
            "medications": ui.medicationsEdit,
            "allergies": ui.allergiesEdit,
            **self.screening_date_edits,
        }
        for widget in self._field_widgets.values():
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(self._on_edit)
                widget.textChanged.connect(lambda _t, e=widget: self._show_text_tip(e))
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(self._on_edit)
        ui.skinTypeCombo.currentIndexChanged.connect(self._on_edit)
        self.screening_fields.edited.connect(self._on_screening_edit)

    # --- showing ---------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Never narrower than its longest item (measured once shown, in its real font):
        # the short texts fit a narrow window.
        combo = self.ui.skinTypeCombo
        combo.setMinimumWidth(combo.sizeHint().width())

    def load(self, details: ClientDetails | None, screening: ScreeningAnswers | None) -> None:
        """Show a client's details and latest answers (an empty form for a new client)."""
        self._loading = True
        try:
            ui = self.ui
            d = details or ClientDetails("", "", None)
            ui.firstNameEdit.setText(d.first_name)
            ui.lastNameEdit.setText(d.last_name)
            ui.dateOfBirthEdit.setText(self.dates.show(d.date_of_birth))
            ui.skinTypeCombo.setCurrentIndex(max(0, ui.skinTypeCombo.findData(d.skin_type)))
            ui.phoneEdit.setText(d.phone)
            ui.emailEdit.setText(d.email)
            ui.addressEdit.setPlainText(d.address)
            ui.emergencyNameEdit.setText(d.emergency_contact_name)
            ui.emergencyPhoneEdit.setText(d.emergency_contact_phone)
            ui.concernsEdit.setText(d.concerns)
            ui.medicalHistoryEdit.setPlainText(d.medical_history)
            ui.medicationsEdit.setPlainText(d.medications)
            ui.allergiesEdit.setPlainText(d.allergies)
            self.screening_fields.load(screening)
            ui.screeningDateLabel.setText(
                f"Answered on {long_date(screening.answered_on)}. Changes are kept as new, "
                "dated answers; earlier ones stay in the history."
                if screening
                else "Not asked yet."
            )
            ui.screeningDateLabel.setWordWrap(True)
            self._set_screening_pending(None)
        finally:
            self._loading = False
        self._dirty = False
        self.clear_problems()
        for edit in self._line_edits():
            # A text longer than its box shows its start (Qt would show its end);
            # one that fits keeps the cursor at its end, ready to add to.
            if edit.fontMetrics().horizontalAdvance(edit.text()) > edit.width() - 12:
                edit.setCursorPosition(0)
        self.ui.savedLabel.clear()
        self.ui.scrollArea.verticalScrollBar().setValue(0)  # each file opens at its top
        self._update_buttons()

    def show_saved(self, message: str) -> None:
        """Confirm a save beside the buttons."""
        self.ui.savedLabel.setText(message)

    def show_problems(self, problems: list[Problem], focus: bool = True) -> None:
        """List what stops saving under the form and outline the fields at fault."""
        self.clear_problems()
        if not problems:
            return
        self._shown_problems = list(problems)
        lines = "".join(f"<li>{html.escape(p.message)}</li>" for p in problems)
        self.ui.problemsLabel.setText(
            f"<b>Not saved yet. Please check:</b><ul style='margin:0'>{lines}</ul>"
        )
        self.ui.problemsLabel.setVisible(True)
        first = None
        for problem in problems:
            widget = self._field_widgets.get(problem.field)
            if widget is not None:
                widget.setStyleSheet(_PROBLEM_OUTLINE)
                widget.setToolTip(problem.message)
                first = first or widget
        if first is not None and focus:
            self.ui.scrollArea.ensureWidgetVisible(first)
            first.setFocus()

    def clear_problems(self) -> None:
        """Hide the problem list and the outlines."""
        self._shown_problems = []
        self.ui.problemsLabel.setVisible(False)
        self.ui.problemsLabel.clear()
        for widget in self._field_widgets.values():
            widget.setStyleSheet("")
            widget.setToolTip("")
        for edit in self._line_edits():
            self._show_text_tip(edit)
        self._show_skin_type_tip()

    # --- reading ---------------------------------------------------------------

    @property
    def is_dirty(self) -> bool:
        """True when something was typed since the form was loaded or saved."""
        return self._dirty

    @property
    def screening_touched(self) -> bool:
        """True when the answers are to be recorded (changed, or confirmed as asked today)."""
        return self._screening_pending

    def current_problems(
        self, today: date
    ) -> tuple[ClientDetails, ScreeningAnswers | None, list[Problem]]:
        """The details, the answers to record (if any) and everything that stops saving them."""
        self._checked_on = today  # the day a shown problem is checked against again
        details, problems = self.details()
        screening = None
        if self.screening_touched:
            screening, screening_problems = self.screening_answers(today)
            problems += screening_problems
        unreadable = {problem.field for problem in problems}
        problems += [
            problem
            for problem in entry_problems(details, screening, today)
            if problem.field not in unreadable  # "not a real date" says it already
        ]
        return details, screening, problems

    def details(self) -> tuple[ClientDetails, list[Problem]]:
        """The details as entered, and the dates that could not be read."""
        ui = self.ui
        problems: list[Problem] = []
        birth = self._read_date(ui.dateOfBirthEdit, "date_of_birth", "Date of birth", problems)
        details = ClientDetails(
            first_name=ui.firstNameEdit.text(),
            last_name=ui.lastNameEdit.text(),
            date_of_birth=birth,
            phone=ui.phoneEdit.text(),
            email=ui.emailEdit.text(),
            address=ui.addressEdit.toPlainText(),
            emergency_contact_name=ui.emergencyNameEdit.text(),
            emergency_contact_phone=ui.emergencyPhoneEdit.text(),
            skin_type=ui.skinTypeCombo.currentData(),
            concerns=ui.concernsEdit.text(),
            medical_history=ui.medicalHistoryEdit.toPlainText(),
            medications=ui.medicationsEdit.toPlainText(),
            allergies=ui.allergiesEdit.toPlainText(),
        )
        return details, problems

    def screening_answers(self, answered_on: date) -> tuple[ScreeningAnswers, list[Problem]]:
        """The screening answers as ticked, dated `answered_on`, and unreadable dates."""
        return self.screening_fields.answers(answered_on)

    def _read_date(
        self, edit: QLineEdit, field: str, label: str, problems: list[Problem]
    ) -> date | None:
        try:
            return self.dates.read(edit.text(), label)
        except ValueError as error:
            problems.append(Problem(field, str(error)))
            return None

    # --- changes ---------------------------------------------------------------

    def _on_edit(self, *_args: object) -> None:
        if self._loading:
            return
        self._dirty = True
        self.ui.savedLabel.clear()
        self._update_buttons()
        self._drop_problems_put_right()

    def mark_edited(self, screening_changed: bool) -> None:
        """Count what is shown as unsaved edits (after a reapply over a change made elsewhere)."""
        if screening_changed:
            self._set_screening_pending(PENDING_CHANGED)
        self._on_edit()

    def _on_screening_edit(self, *_args: object) -> None:
        if self._loading:
            return
        self._set_screening_pending(PENDING_CHANGED)  # changing an answer is giving it today
        self._on_edit()

    def _confirm_asked_today(self) -> None:
        if not self._screening_pending:
            self._set_screening_pending(PENDING_CONFIRMED)
            self._on_edit()

    def _set_screening_pending(self, message: str | None) -> None:
        self._screening_pending = message is not None
        self.pending_label.setText(message or "")
        self.pending_label.setVisible(message is not None)
        self.asked_today_button.setVisible(message is None)  # the message takes its place

    def _drop_problems_put_right(self) -> None:
        """Take a message away as soon as it stops being true; never add one while typing."""
        if not self._shown_problems or self._checked_on is None:
            return
        watched = {problem.field for problem in self._shown_problems}
        _details, _screening, problems = self.current_problems(self._checked_on)
        still = [problem for problem in problems if problem.field in watched]
        if not still:
            self.clear_problems()
        elif still != self._shown_problems:
            self.show_problems(still, focus=False)

    def _line_edits(self) -> list[QLineEdit]:
        return [w for w in self._field_widgets.values() if isinstance(w, QLineEdit)]

    def _show_text_tip(self, edit: QLineEdit) -> None:
        # The whole text on hover, for a text longer than its box.
        if self._shown_problems and edit.styleSheet():
            return  # the problem's message is the tip for now
        edit.setToolTip(edit.text() or edit.placeholderText())

    def _show_skin_type_tip(self, *_args: object) -> None:
        combo = self.ui.skinTypeCombo
        if any(problem.field == "skin_type" for problem in self._shown_problems):
            return
        combo.setToolTip(str(combo.currentData(Qt.ItemDataRole.ToolTipRole) or ""))

    def _update_buttons(self) -> None:
        self.ui.saveButton.setEnabled(self._dirty)
        self.ui.discardButton.setEnabled(self._dirty)
