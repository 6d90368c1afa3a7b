"""The consent flow: check the screening answers, read the form, sign, countersign, save.

Three steps in one dialog. Changed answers are kept as new dated answers
before signing, so the record carries exactly what the client confirmed.
The signed record is made by core (never edited afterwards).
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import KINDS, PHOTO, PHOTO_LEVELS, TREATMENT
from dermadesk.core.dates import long_date
from dermadesk.core.errors import DermaDeskError, Problem, ValidationError
from dermadesk.core.practice import Practice
from dermadesk.gui.dates import DateFormat
from dermadesk.gui.form_html import form_html
from dermadesk.gui.screen_fit import resize_within_screen
from dermadesk.gui.screening_fields import ScreeningFields
from dermadesk.gui.signature_pad import SignaturePad

STEPS = ("Screening answers", "The form", "Signatures")
SCREENING_STEP, FORM_STEP, SIGN_STEP = range(3)
TOO_SHORT = "too short to be a signature: please sign again."
LEVELS_CHANGED = (
    "What the photographs may be used for changed after signing, so the signatures were "
    "cleared. Please sign again."
)
_NOTE_STYLE = "color: #8e1b1b;"


def _scrolled(page: QWidget) -> QScrollArea:
    """`page` in a scroll area: more questions, or a witness, never push the buttons off."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class _SignatureField(QWidget):
    """A name, a pad and a Clear button for one person who signs."""

    def __init__(self, role: str, name: str, name_editable: bool):
        super().__init__()
        self.role = role
        self.name_edit = QLineEdit(name)
        self.name_edit.setReadOnly(not name_editable)
        self.name_edit.setPlaceholderText(f"{role}'s full name")
        self.pad = SignaturePad()
        self.pad.setObjectName(f"{role.lower()}Pad")
        clear = QPushButton("Clear")
        clear.setObjectName(f"{role.lower()}Clear")
        clear.clicked.connect(self.pad.clear)
        self.note = QLabel()  # says at once when a mark is too short to count
        self.note.setStyleSheet(_NOTE_STYLE)
        self.note.hide()
        self.pad.changed.connect(self._show_note)
        top = QHBoxLayout()
        top.addWidget(QLabel(f"<b>{role}</b>"))
        top.addWidget(self.name_edit, 1)
        top.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.pad)
        layout.addWidget(self.note)

    def problem(self, field: str) -> Problem | None:
        """Why this signature does not count yet, if it does not."""
        if self.pad.is_too_short():
            return Problem(field, f"The {self.role.lower()}'s mark is {TOO_SHORT}")
        if self.pad.is_empty():
            return Problem(field, f"The {self.role.lower()} has not signed yet.")
        return None

    def _show_note(self) -> None:
        short = self.pad.is_too_short()
        self.note.setText(f"This mark is {TOO_SHORT}" if short else "")
        self.note.setVisible(short)


class ConsentDialog(QDialog):
    """Sign one consent (treatment or photo) for one client."""

    def __init__(
        self,
        practice: Practice,
        client_id: int,
        kind: str = TREATMENT,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._practice = practice
        self._client_id = client_id
        self.kind = kind
        self.record_id: int | None = None
        client = practice.clients.get(client_id)
        self.client_name = f"{client.first_name} {client.last_name}"
        template = practice.consents.current_template(kind)
        self.setWindowTitle(f"{KINDS[kind]}: {self.client_name}")
        resize_within_screen(self, 820, 720)  # a small screen still shows the buttons

        self.steps_label = QLabel()
        self.stack = QStackedWidget()

        # 1. Screening answers (treatment consent only).
        latest = practice.clients.latest_screening(client_id)
        questions = practice.settings.screening().custom_questions
        self.screening = ScreeningFields(DateFormat(), questions=questions)
        self.screening.load(latest)
        asked = (
            f"Last answered on {long_date(latest.answered_on)}. "
            if latest
            else "Not answered before. "
        )
        screening_page = QWidget()
        screening_layout = QVBoxLayout(screening_page)
        intro = QLabel(
            f"{asked}Go through each question with {self.client_name}; "
            "a changed answer is kept as a new, dated answer."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)  # a name is never markup
        intro.setWordWrap(True)
        screening_layout.addWidget(intro)
        screening_layout.addWidget(self.screening)
        screening_layout.addStretch(1)
        self.stack.addWidget(_scrolled(screening_page))

        # 2. The form, as the client reads it.
        self.form_view = QTextBrowser()
        self.form_view.setObjectName("formText")
        self._template_title = template.title
        self._form_text = practice.consents.form_text(template, client)
        self.level_checks: dict[str, QCheckBox] = {}
        form_page = QWidget()
        form_layout = QVBoxLayout(form_page)
        form_layout.addWidget(self.form_view, 1)
        if kind == PHOTO:
            choose = QLabel("<b>The client chooses, before anyone signs:</b>")
            form_layout.addWidget(choose)
            for level, label in PHOTO_LEVELS.items():
                check = QCheckBox(label)
                check.setObjectName(f"{level}Level")
                check.toggled.connect(self._levels_changed)
                form_layout.addWidget(check)
                self.level_checks[level] = check
        self._show_form_text()
        version = QLabel(f"{KINDS[kind]}, version {template.version}")
        version.setEnabled(False)
        form_layout.addWidget(version)
        self.stack.addWidget(form_page)

        # 3. Signatures: the client, the practitioner, a witness if wanted.
        practitioner = practice.settings.practice_details().practitioner_name
        self.client_sign = _SignatureField("Client", self.client_name, name_editable=False)
        self.practitioner_sign = _SignatureField("Practitioner", practitioner, name_editable=True)
        self.witness_check = QCheckBox("A witness signs too")
        self.witness_sign = _SignatureField("Witness", "", name_editable=True)
        self.witness_sign.setVisible(False)
        self.witness_check.toggled.connect(self.witness_sign.setVisible)
        for field in (self.client_sign, self.practitioner_sign, self.witness_sign):
            field.pad.changed.connect(self._signatures_changed)
        self.cleared_note = QLabel(LEVELS_CHANGED)
        self.cleared_note.setObjectName("signaturesCleared")
        self.cleared_note.setWordWrap(True)
        self.cleared_note.setStyleSheet(_NOTE_STYLE + " font-weight: bold;")
        self.cleared_note.hide()
        sign_page = QWidget()
        sign_layout = QVBoxLayout(sign_page)
        sign_layout.addWidget(self.cleared_note)
        sign_layout.addWidget(self.client_sign)
        sign_layout.addWidget(self.practitioner_sign)
        sign_layout.addWidget(self.witness_check)
        sign_layout.addWidget(self.witness_sign)
        sign_layout.addStretch(1)
        self.stack.addWidget(_scrolled(sign_page))

        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet(
            "QLabel { background: #fdecea; color: #8e1b1b; border: 1px solid #f3b7b2;"
            " border-radius: 4px; padding: 8px; }"
        )
        self.problems_label.hide()
        self._shown_problems: list[Problem] = []
        self.back_button = QPushButton("&Back")
        self.next_button = QPushButton("&Next")
        self.sign_button = QPushButton("&Sign and save")
        self.sign_button.setDefault(True)
        cancel = QPushButton("Cancel")
        self.back_button.clicked.connect(lambda: self._go(self.stack.currentIndex() - 1))
        self.next_button.clicked.connect(self._next)
        self.sign_button.clicked.connect(self.sign)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.sign_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.steps_label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.problems_label)
        layout.addLayout(buttons)
        self._first_step = 0 if kind == TREATMENT else 1
        self._go(self._first_step)

    def _go(self, step: int) -> None:
        step = max(self._first_step, min(step, len(STEPS) - 1))
        self.stack.setCurrentIndex(step)
        shown = [
            f"<b>{n}. {title}</b>" if i == step else f"{n}. {title}"
            for n, (i, title) in enumerate(
                ((i, t) for i, t in enumerate(STEPS) if i >= self._first_step), start=1
            )
        ]
        self.steps_label.setText("  →  ".join(shown))
        self.back_button.setEnabled(step > self._first_step)
        self.next_button.setVisible(step < len(STEPS) - 1)
        self.sign_button.setVisible(step == len(STEPS) - 1)
        self._show_problems([])
        if step == SIGN_STEP:
            self.client_sign.pad.setFocus(Qt.FocusReason.OtherFocusReason)  # not a name field

    def _next(self) -> None:
        step = self.stack.currentIndex()
        if step == FORM_STEP and self.level_checks and not self._levels():
            self._show_problems(
                [Problem("photo_levels", "Choose what the photographs may be used for first.")]
            )
            return
        self._go(step + 1)

    def _levels(self) -> tuple[str, ...]:
        return tuple(level for level, check in self.level_checks.items() if check.isChecked())

    def _show_form_text(self) -> None:
        levels = {level: c.isChecked() for level, c in self.level_checks.items()} or None
        self.form_view.setHtml(form_html(self._template_title, self._form_text, levels))

    def _levels_changed(self) -> None:
        """The form shows the choice; a signature given for another choice no longer counts."""
        self._show_form_text()
        fields = (self.client_sign, self.practitioner_sign, self.witness_sign)
        if any(not f.pad.is_empty() or f.pad.is_too_short() for f in fields):
            for field in fields:
                field.pad.clear()
            self.cleared_note.show()
        self._drop_problems_put_right()

    def _signatures_changed(self) -> None:
        if any(not f.pad.is_empty() for f in (self.client_sign, self.practitioner_sign)):
            self.cleared_note.hide()
        self._drop_problems_put_right()

    def _signature_problems(self) -> list[Problem]:
        fields = [
            ("client_signature", self.client_sign),
            ("practitioner_signature", self.practitioner_sign),
        ]
        if self.witness_check.isChecked():
            fields.append(("witness_signature", self.witness_sign))
        found = [field.problem(name) for name, field in fields]
        return [problem for problem in found if problem is not None]

    def _drop_problems_put_right(self) -> None:
        """A message goes as soon as it stops being true (a signature drawn, a level chosen)."""
        if not self._shown_problems:
            return
        now = {p.field: p for p in self._signature_problems()}
        if self._levels():
            now_levels = None
        else:
            now_levels = next((p for p in self._shown_problems if p.field == "photo_levels"), None)
        still = []
        for problem in self._shown_problems:
            if problem.field.endswith("_signature"):
                if problem.field in now:
                    still.append(now[problem.field])
            elif problem.field == "photo_levels":
                if now_levels is not None:
                    still.append(problem)
            else:
                still.append(problem)
        if still != self._shown_problems:
            self._show_problems(still)

    def _show_problems(self, problems: list[Problem]) -> None:
        self._shown_problems = list(problems)
        if not problems:
            self.problems_label.hide()
            self.problems_label.clear()
            return
        items = "".join(f"<li>{html.escape(p.message, quote=False)}</li>" for p in problems)
        self.problems_label.setText(f"<b>Not signed yet:</b><ul style='margin:0'>{items}</ul>")
        self.problems_label.show()

    def sign(self) -> bool:
        """Record the answers if they changed, then sign; False with the problems shown."""
        practice, client_id = self._practice, self._client_id
        answers = None
        try:
            if self.kind == TREATMENT:
                given, problems = self.screening.answers(date.today())
                if problems:
                    self._go(0)
                    self._show_problems(problems)
                    return False
            if signature_problems := self._signature_problems():
                self._show_problems(signature_problems)
                return False
            if self.kind == TREATMENT:
                practice.clients.record_screening(client_id, given)  # no-op when unchanged
                answers = practice.clients.latest_screening(client_id)
            witness = self.witness_check.isChecked()
            signing = Signing(
                client_id=client_id,
                kind=self.kind,
                practitioner_name=self.practitioner_sign.name_edit.text(),
                client_signature=self.client_sign.pad.to_png(),
                practitioner_signature=self.practitioner_sign.pad.to_png(),
                witness_name=self.witness_sign.name_edit.text() if witness else "",
                witness_signature=self.witness_sign.pad.to_png() if witness else None,
                photo_levels=self._levels(),
            )
            self.record_id = practice.consents.sign(signing, answers)
        except ValidationError as error:
            self._show_problems(error.problems)
            return False
        except DermaDeskError as error:
            self._show_problems([Problem("", str(error))])
            return False
        self.accept()
        return True
