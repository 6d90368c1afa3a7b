"""The consent flow: check the screening answers, read the form, sign, countersign, save.

Three steps in one dialog (built in Designer: ui/consent_dialog.ui). Changed answers are
kept as new dated answers before signing, so the record carries exactly what the client
confirmed. The signed record is made by core (never edited afterwards).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QWidget

from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import KINDS, PHOTO, PHOTO_LEVELS, TREATMENT
from dermadesk.core.dates import long_date
from dermadesk.core.errors import DermaDeskError, Problem, ValidationError
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.gui.consent_sealing import seal_in_background
from dermadesk.gui.dates import DateFormat
from dermadesk.gui.form_html import form_html
from dermadesk.gui.forms.ui_consent_dialog import Ui_ConsentDialog
from dermadesk.gui.screen_fit import resize_within_screen
from dermadesk.gui.screening_fields import ScreeningFields
from dermadesk.gui.signature_field import SignatureField
from dermadesk.gui.tab_order import tab_in_layout_order
from dermadesk.gui.workers import BackgroundTask

STEPS = ("Screening answers", "The form", "Signatures")
SCREENING_STEP, FORM_STEP, SIGN_STEP = range(3)


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
        self.seal_task: BackgroundTask | None = None  # sealing the signed copy, once signed
        client = practice.clients.get(client_id)
        self.client_name = f"{client.first_name} {client.last_name}"
        self.ui = ui = Ui_ConsentDialog()
        ui.setupUi(self)
        self.setWindowTitle(f"{KINDS[kind]}: {self.client_name}")
        resize_within_screen(self, 820, 720)  # a small screen still shows the buttons
        self.steps_label, self.stack, self.form_view = ui.stepsLabel, ui.stack, ui.formText
        self.problems_label, self.cleared_note = ui.problemsLabel, ui.signaturesCleared
        self.back_button, self.next_button = ui.backButton, ui.nextButton
        self.sign_button, self.witness_check = ui.signButton, ui.witnessCheck
        self._shown_problems: list[Problem] = []
        self._build_screening(practice.clients.latest_screening(client_id))
        template = practice.consents.current_template(kind)
        self._template_title = template.title
        self._form_text = practice.consents.form_text(template, client)
        self._build_levels()
        self._show_form_text()
        ui.versionLabel.setText(f"{KINDS[kind]}, version {template.version}")
        self._build_signatures(practice.settings.practice_details().practitioner_name)
        self.back_button.clicked.connect(lambda: self._go(self.stack.currentIndex() - 1))
        self.next_button.clicked.connect(self._next)
        self.sign_button.clicked.connect(self.sign)
        ui.cancelButton.clicked.connect(self.reject)
        tab_in_layout_order(self)
        self._first_step = 0 if kind == TREATMENT else 1
        self._go(self._first_step)

    def _build_screening(self, latest: ScreeningAnswers | None) -> None:
        """Step 1, the screening answers (treatment consent only), filled in as last given."""
        questions = self._practice.settings.screening().custom_questions
        self.screening = ScreeningFields(DateFormat(), questions=questions)
        self.screening.load(latest)
        self.ui.screeningFieldsLayout.addWidget(self.screening)
        asked = (
            f"Last answered on {long_date(latest.answered_on)}. "
            if latest
            else "Not answered before. "
        )
        self.ui.screeningIntro.setText(  # plain text: a name is never markup
            f"{asked}Go through each question with {self.client_name}; "
            "a changed answer is kept as a new, dated answer."
        )

    def _build_levels(self) -> None:
        """Step 2 of a photo consent: what the photographs may be used for, chosen first."""
        self.level_checks: dict[str, QCheckBox] = {}
        self.ui.levelsLabel.setVisible(self.kind == PHOTO)
        if self.kind != PHOTO:
            return
        for level, label in PHOTO_LEVELS.items():
            check = QCheckBox(label)
            check.setObjectName(f"{level}Level")
            check.toggled.connect(self._levels_changed)
            self.ui.levelsLayout.addWidget(check)
            self.level_checks[level] = check

    def _build_signatures(self, practitioner: str) -> None:
        """Step 3: the client, the practitioner, a witness if wanted."""
        self.client_sign = SignatureField("Client", self.client_name, name_editable=False)
        self.practitioner_sign = SignatureField("Practitioner", practitioner, name_editable=True)
        self.witness_sign = SignatureField("Witness", "", name_editable=True)
        self.ui.signersLayout.addWidget(self.client_sign)
        self.ui.signersLayout.addWidget(self.practitioner_sign)
        self.ui.witnessLayout.addWidget(self.witness_sign)
        self.witness_sign.setVisible(False)
        self.witness_check.toggled.connect(self.witness_sign.setVisible)
        for field in (self.client_sign, self.practitioner_sign, self.witness_sign):
            field.pad.changed.connect(self._signatures_changed)

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
                given, problems = self.screening.answers(practice.clock.today())
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
            self.seal_task = seal_in_background(practice, [self.record_id])
        except ValidationError as error:
            self._show_problems(error.problems)
            return False
        except DermaDeskError as error:
            self._show_problems([Problem("", str(error))])
            return False
        self.accept()
        return True
