"""The settings page of the screening rules and intervals (ui/screening_page.ui)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QWidget

from dermadesk.core.practice import Practice
from dermadesk.core.screening_rules import RULES, ScreeningSettings
from dermadesk.core.settings import ConsentSettings, SettingsChange
from dermadesk.gui.forms.ui_screening_page import Ui_ScreeningPage
from dermadesk.gui.own_questions_dialog import OwnQuestionsDialog
from dermadesk.gui.settings.page import SettingsPage


def _names(typed: str) -> tuple[str, ...]:
    """Medicine names typed with commas between them, each once, in lower case."""
    return tuple(dict.fromkeys(n.strip().casefold() for n in typed.split(",") if n.strip()))


class ScreeningPage(SettingsPage):
    """Which findings block, how long each interval is, the medicines of note, and the way
    to the practice's own questions."""

    NAME = "screening"
    TITLE = "&Screening rules"

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self._practice = practice
        self.ui = Ui_ScreeningPage()
        self.ui.setupUi(self)
        self.block_checks: dict[str, QCheckBox] = {}
        self.medicine_edits: dict[str, QLineEdit] = {}
        self._add_rule_rows()
        self._add_medicine_rows()
        self.ui.ownQuestionsButton.clicked.connect(self.edit_own_questions)
        self._fields = {
            "screening": [self.ui.intervalsGroup],
            "renewal_days": [self.ui.renewalDays],
        }

    def _add_rule_rows(self) -> None:
        grid = self.ui.findingsGrid
        for row, (rule, label) in enumerate(RULES.items(), start=1):
            check = QCheckBox("blocks")
            check.setObjectName(f"{rule}Blocks")
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(check, row, 1)
            self.block_checks[rule] = check
        grid.setRowStretch(len(RULES) + 1, 1)  # rows at the top, the room below
        grid.setColumnStretch(0, 1)

    def _add_medicine_rows(self) -> None:
        for family in ScreeningSettings().medicines_of_note:
            edit = QLineEdit()
            edit.setObjectName(f"{family.key}Medicines")
            edit.setToolTip(f"Named in a client's medications, these warn: {family.why}.")
            self.ui.medicinesForm.addRow(family.label[:1].upper() + family.label[1:], edit)
            self.medicine_edits[family.key] = edit

    def load(self, rules: ScreeningSettings, consent: ConsentSettings) -> None:
        """Show the rules kept and how long a treatment consent holds."""
        ui = self.ui
        for rule, check in self.block_checks.items():
            check.setChecked(rule in rules.blocking)
        ui.toxinDays.setValue(rules.botulinum_toxin_days)
        ui.retinoidDays.setValue(rules.retinoid_days)
        ui.isotretinoinDays.setValue(rules.isotretinoin_days)
        ui.minimumGapDays.setValue(rules.minimum_gap_days)
        ui.minimumAge.setValue(rules.minimum_age)
        ui.answersValidDays.setValue(rules.answers_valid_days)
        ui.renewalDays.setValue(consent.renewal_days)
        for family in rules.medicines_of_note:
            edit = self.medicine_edits[family.key]
            edit.setText(", ".join(family.names))
            edit.setCursorPosition(0)
        self._show_own_questions(rules)

    def values(self) -> SettingsChange:
        """The rules as ticked and typed; what no field here edits stays as kept."""
        ui = self.ui
        kept = self._practice.settings.screening()
        return SettingsChange(
            screening=replace(
                kept,
                blocking=frozenset(
                    rule for rule, check in self.block_checks.items() if check.isChecked()
                ),
                botulinum_toxin_days=ui.toxinDays.value(),
                retinoid_days=ui.retinoidDays.value(),
                isotretinoin_days=ui.isotretinoinDays.value(),
                minimum_gap_days=ui.minimumGapDays.value(),
                minimum_age=ui.minimumAge.value(),
                answers_valid_days=ui.answersValidDays.value(),
                medicines_of_note=tuple(
                    replace(family, names=_names(self.medicine_edits[family.key].text()))
                    for family in kept.medicines_of_note
                ),
            ),
            consent=ConsentSettings(renewal_days=ui.renewalDays.value()),
        )

    def _show_own_questions(self, rules: ScreeningSettings) -> None:
        asked = rules.questions_in_use()
        self.ui.ownQuestionsLine.setText(
            f"{len(asked)} of your own question{'s' if len(asked) != 1 else ''} asked"
            if asked
            else "None yet: add a question your practice asks (a recent laser, a pacemaker…)."
        )

    def edit_own_questions(self) -> None:
        """Open the practice's own questions; they are kept by that dialog's Save."""
        dialog = OwnQuestionsDialog(self._practice, self)
        dialog.exec()
        dialog.deleteLater()
        self._show_own_questions(self._practice.settings.screening())
