"""Practice settings: who the practice is, which screening findings block, the consent forms,
the device's needle depths and the aftercare advice, the lock's PIN and idle time, and where
the daily backups go.

Every change is saved through core, which checks it; a consent form's edit
is kept as a new version, so records signed earlier keep the text they were
signed under.
"""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.consent_status import KINDS
from dermadesk.core.errors import DermaDeskError, ValidationError
from dermadesk.core.lock import pin_problems
from dermadesk.core.practice import Practice
from dermadesk.core.screening_rules import RULES
from dermadesk.core.settings import (
    BackupSettings,
    ConsentSettings,
    DeviceSettings,
    PracticeDetails,
    SettingsChange,
)
from dermadesk.gui import prompts
from dermadesk.gui.own_questions_dialog import OwnQuestionsDialog
from dermadesk.gui.screen_fit import resize_within_screen

# Which tab shows the problems of each field core names.
_FIELD_TABS = {
    "name": "practice",
    "screening": "screening",
    "renewal_days": "screening",
    "device": "treatment",
    "aftercare": "treatment",
    "keep": "backups",
    "idle_minutes": "lock",
    "pin": "lock",
}


def _depth_spin(value: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0.05, 5.0)
    spin.setDecimals(2)
    spin.setSingleStep(0.05)
    spin.setSuffix(" mm")
    spin.setValue(value)
    return spin


def _names(typed: str) -> tuple[str, ...]:
    """Medicine names typed with commas between them, each once, in lower case."""
    return tuple(dict.fromkeys(n.strip().casefold() for n in typed.split(",") if n.strip()))


def _spin(low: int, high: int, value: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


class SettingsDialog(QDialog):
    """The practice's settings, in six tabs."""

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self._practice = practice
        self.setWindowTitle("Practice settings")
        resize_within_screen(self, 780, 640)
        self.tabs = QTabWidget()
        self.practice_tab = self._practice_tab()
        self.tabs.addTab(self.practice_tab, "&Practice")
        self.screening_tab = self._rules_tab()
        self.tabs.addTab(self.screening_tab, "&Screening rules")
        self.forms_tab = self._forms_tab()
        self.tabs.addTab(self.forms_tab, "Consent &forms")
        self.treatment_tab = self._treatment_tab()
        self.tabs.addTab(self.treatment_tab, "Device and &aftercare")
        self.lock_tab = self._lock_tab()
        self.tabs.addTab(self.lock_tab, "&Lock")
        self.backups_tab = self._backups_tab()
        self.tabs.addTab(self.backups_tab, "&Backups")
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    # The tabs by the names callers open them on.
    TABS = ("practice", "screening", "forms", "treatment", "lock", "backups")

    def show_tab(self, name: str) -> None:
        """Bring the tab called `name` (one of TABS) to the front."""
        if name not in self.TABS:
            raise ValueError(f"no settings tab {name!r}")
        self.tabs.setCurrentWidget(getattr(self, f"{name}_tab"))

    # --- tabs ----------------------------------------------------------------------

    def _practice_tab(self) -> QWidget:
        details = self._practice.settings.practice_details()
        self.name_edit = QLineEdit(details.name)
        self.address_edit = QPlainTextEdit(details.address)
        self.address_edit.setFixedHeight(64)
        self.address_edit.setTabChangesFocus(True)
        self.phone_edit = QLineEdit(details.phone)
        self.practitioner_edit = QLineEdit(details.practitioner_name)
        self.credentials_edit = QLineEdit(details.credentials)
        page = QWidget()
        form = QFormLayout(page)
        form.addRow("Practice name", self.name_edit)
        form.addRow("Address", self.address_edit)
        form.addRow("Phone", self.phone_edit)
        form.addRow("Practitioner", self.practitioner_edit)
        form.addRow("Credentials", self.credentials_edit)
        note = QLabel("Printed at the top of every sheet and filled into the consent forms.")
        note.setEnabled(False)
        form.addRow(note)
        return page

    def _rules_tab(self) -> QWidget:
        rules = self._practice.settings.screening()
        self.block_checks: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Finding</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Stops treatment</b>"), 0, 1)
        for row, (rule, label) in enumerate(RULES.items(), start=1):
            check = QCheckBox("blocks")
            check.setObjectName(f"{rule}Blocks")
            check.setChecked(rule in rules.blocking)
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(check, row, 1)
            self.block_checks[rule] = check
        grid.setRowStretch(len(RULES) + 1, 1)  # rows at the top, the room below
        grid.setColumnStretch(0, 1)
        findings = QGroupBox("What each finding does (unticked: it asks for your judgement)")
        rows = QWidget()
        rows.setLayout(grid)
        scroller = QScrollArea()  # eighteen findings: they scroll on a small screen
        scroller.setWidget(rows)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        QVBoxLayout(findings).addWidget(scroller)
        consent = self._practice.settings.consent()
        self.toxin_days = _spin(0, 365, rules.botulinum_toxin_days, " days")
        self.retinoid_days = _spin(0, 365, rules.retinoid_days, " days")
        self.isotretinoin_days = _spin(0, 730, rules.isotretinoin_days, " days")
        self.minimum_gap_days = _spin(0, 365, rules.minimum_gap_days, " days")
        self.minimum_age = _spin(0, 100, rules.minimum_age, " years")
        self.answers_valid_days = _spin(1, 3650, rules.answers_valid_days, " days")
        self.renewal_days = _spin(1, 3650, consent.renewal_days, " days")
        intervals = QGroupBox("Intervals")
        form = QFormLayout(intervals)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("Wait after botulinum toxin in the area", self.toxin_days)
        form.addRow("Wait after a retinoid", self.retinoid_days)
        form.addRow("Wait after oral isotretinoin", self.isotretinoin_days)
        form.addRow("Sessions apart, when no plan says", self.minimum_gap_days)
        form.addRow("Minimum age on the treatment day", self.minimum_age)
        form.addRow("Screening answers hold for", self.answers_valid_days)
        form.addRow("A treatment consent holds for", self.renewal_days)
        medicines = QGroupBox("Medicines of note (names, separated by commas)")
        medicine_form = QFormLayout(medicines)
        self.medicine_edits: dict[str, QLineEdit] = {}
        for family in rules.medicines_of_note:
            edit = QLineEdit(", ".join(family.names))
            edit.setObjectName(f"{family.key}Medicines")
            edit.setCursorPosition(0)
            edit.setToolTip(f"Named in a client's medications, these warn: {family.why}.")
            medicine_form.addRow(family.label[:1].upper() + family.label[1:], edit)
            self.medicine_edits[family.key] = edit
        self.own_questions_button = QPushButton("Your &own questions…")
        self.own_questions_button.setObjectName("ownQuestionsButton")
        self.own_questions_button.setAutoDefault(False)
        self.own_questions_button.clicked.connect(self.edit_own_questions)
        self.own_questions_line = QLabel()
        self.own_questions_line.setWordWrap(True)
        self._show_own_questions()
        own = QHBoxLayout()
        own.addWidget(self.own_questions_button)
        own.addWidget(self.own_questions_line, 1)
        right = QVBoxLayout()
        right.addWidget(intervals)
        right.addWidget(medicines)
        right.addLayout(own)
        right.addStretch(1)
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.addWidget(findings, 1)
        layout.addLayout(right, 1)
        return page

    def _show_own_questions(self) -> None:
        asked = self._practice.settings.screening().questions_in_use()
        self.own_questions_line.setText(
            f"{len(asked)} of your own question{'s' if len(asked) != 1 else ''} asked"
            if asked
            else "None yet: add a question your practice asks (a recent laser, a pacemaker…)."
        )

    def edit_own_questions(self) -> None:
        """Open the practice's own questions; they are kept by that dialog's Save."""
        dialog = OwnQuestionsDialog(self._practice, self)
        dialog.exec()
        dialog.deleteLater()
        self._show_own_questions()

    def _forms_tab(self) -> QWidget:
        self.kind_combo = QComboBox()
        for kind, label in KINDS.items():
            self.kind_combo.addItem(label, kind)
        self.version_label = QLabel()
        self.title_edit = QLineEdit()
        self.body_edit = QPlainTextEdit()
        self.body_edit.setObjectName("templateBody")
        self.new_version_button = QPushButton("Save as a new &version")
        self.new_version_button.clicked.connect(self.save_form)
        self.kind_combo.currentIndexChanged.connect(self._load_form)
        help_text = QLabel(
            "Placeholders: {practice_name}, {practice_phone}, {practitioner_name}, "
            "{client_name}, {date_of_birth}. A line on its own before a paragraph becomes its "
            "heading. Records already signed keep the version they were signed under."
        )
        help_text.setWordWrap(True)
        help_text.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.kind_combo)
        top.addWidget(self.version_label, 1)
        top.addWidget(self.new_version_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.title_edit)
        layout.addWidget(self.body_edit, 1)
        layout.addWidget(help_text)
        self._load_form()
        return page

    def _treatment_tab(self) -> QWidget:
        device = self._practice.settings.device()
        self.device_edit = QLineEdit(device.name)
        self.device_edit.setPlaceholderText("e.g. the pen's make and model")
        self.min_depth = _depth_spin(device.min_depth_mm)
        self.max_depth = _depth_spin(device.max_depth_mm)
        device_box = QGroupBox("The device")
        device_form = QFormLayout(device_box)
        device_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        device_form.addRow("Device (filled into new sessions)", self.device_edit)
        device_form.addRow("Shallowest needle depth", self.min_depth)
        device_form.addRow("Deepest needle depth", self.max_depth)
        self.device_edit.setMinimumWidth(260)
        self._loaded_aftercare = self._practice.settings.aftercare_text()
        self.aftercare_edit = QPlainTextEdit(self._loaded_aftercare)
        self.aftercare_edit.setObjectName("aftercareText")
        self.default_aftercare_button = QPushButton("Use DermaDesk's &text")
        self.default_aftercare_button.clicked.connect(self._default_aftercare)
        help_text = QLabel(
            "The first line is the sheet's title. Placeholders: {practice_name}, "
            "{practice_phone}, {actives_days} (how long to hold off retinol and AHA, set per "
            "session). The sheet adds the client, the day, the areas treated and the next "
            "appointment itself."
        )
        help_text.setWordWrap(True)
        help_text.setEnabled(False)
        aftercare_box = QGroupBox("The aftercare sheet's advice")
        aftercare_layout = QVBoxLayout(aftercare_box)
        aftercare_layout.addWidget(self.aftercare_edit, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(help_text, 1)
        bottom.addWidget(self.default_aftercare_button, 0, Qt.AlignmentFlag.AlignTop)
        aftercare_layout.addLayout(bottom)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(device_box)
        layout.addWidget(aftercare_box, 1)
        return page

    def _lock_tab(self) -> QWidget:
        lock = self._practice.settings.lock()
        self.pin_state = QLabel()
        self.pin_state.setWordWrap(True)
        self.new_pin_edit = QLineEdit()
        self.new_pin_edit.setObjectName("newPin")
        self.confirm_pin_edit = QLineEdit()
        self.confirm_pin_edit.setObjectName("confirmPin")
        for edit in (self.new_pin_edit, self.confirm_pin_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMinimumWidth(220)
        self.remove_pin_button = QPushButton("&Remove the PIN")
        self.remove_pin_button.clicked.connect(self.remove_pin)
        pin_box = QGroupBox("The practice PIN")
        pin_form = QFormLayout(pin_box)
        pin_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        pin_form.addRow(self.pin_state)
        pin_form.addRow("New PIN (4 characters or more)", self.new_pin_edit)
        pin_form.addRow("The new PIN again", self.confirm_pin_edit)
        pin_form.addRow("", self.remove_pin_button)
        pin_note = QLabel(
            "A PIN, or a passphrase of a few words. DermaDesk keeps only a one-way "
            "fingerprint of it (scrypt), so it cannot show a forgotten PIN: choose one the "
            "practice will remember. After three wrong tries, each try waits longer."
        )
        pin_note.setWordWrap(True)
        pin_note.setEnabled(False)
        pin_form.addRow(pin_note)
        self.idle_minutes = _spin(0, 120, lock.idle_minutes, " minutes")
        self.idle_minutes.setSpecialValueText("Never (only with Ctrl+L)")
        self.idle_minutes.setMinimumWidth(220)
        idle_box = QGroupBox("Locking")
        idle_form = QFormLayout(idle_box)
        idle_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        idle_form.addRow("Lock after no key or mouse for", self.idle_minutes)
        idle_note = QLabel(
            "Locked, DermaDesk hides every client's data, open forms included, until the PIN "
            "is typed; nothing typed is lost. File ▸ Lock (Ctrl+L) locks at once."
        )
        idle_note.setWordWrap(True)
        idle_note.setEnabled(False)
        idle_form.addRow(idle_note)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(pin_box)
        layout.addWidget(idle_box)
        layout.addStretch(1)
        self._show_pin_state(lock.has_pin)
        return page

    def _show_pin_state(self, has_pin: bool) -> None:
        if has_pin:
            self.pin_state.setText(
                "A PIN is set: DermaDesk locks after the idle time below and with Ctrl+L. "
                "Type a new one twice to change it."
            )
        else:
            self.pin_state.setText(
                "<span style='color:#9a5b00'><b>No PIN yet:</b> DermaDesk cannot lock. Type "
                "one twice and save.</span>"
            )
        self.remove_pin_button.setEnabled(has_pin)

    def _backups_tab(self) -> QWidget:
        backup = self._practice.settings.backup()
        self._default_backup_folder = self._practice.data_dir / "backups"
        self.backup_folder_edit = QLineEdit(backup.folder)
        self.backup_folder_edit.setObjectName("backupFolder")
        self.backup_folder_edit.setPlaceholderText(str(self._default_backup_folder))
        self.backup_folder_edit.setMinimumWidth(360)
        self.choose_backup_folder_button = QPushButton("C&hoose…")
        self.choose_backup_folder_button.clicked.connect(self.choose_backup_folder)
        self.default_backup_folder_button = QPushButton("Use the stan&dard folder")
        self.default_backup_folder_button.setToolTip(str(self._default_backup_folder))
        self.default_backup_folder_button.clicked.connect(self.backup_folder_edit.clear)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.backup_folder_edit, 1)
        folder_row.addWidget(self.choose_backup_folder_button)
        folder_row.addWidget(self.default_backup_folder_button)
        self.backup_keep = _spin(1, 365, backup.keep, " backups")
        box = QGroupBox("The daily backup")
        form = QFormLayout(box)
        form.addRow("Backup folder", folder_row)
        keep_row = QHBoxLayout()
        keep_row.addWidget(self.backup_keep)
        keep_row.addStretch(1)
        form.addRow("Keep the newest", keep_row)
        note = QLabel(
            "When DermaDesk closes it makes one backup a day (the database and the photos, "
            "checked by restoring it) into this folder, and keeps the newest ones there; older "
            "ones are deleted. Empty: the backups folder inside the data folder. A folder on "
            "another disk or a USB stick also keeps the practice safe from a failing disk."
        )
        note.setWordWrap(True)
        note.setEnabled(False)
        form.addRow(note)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(box)
        layout.addStretch(1)
        return page

    def choose_backup_folder(self) -> None:
        """Pick the folder for the daily backups."""
        start = self.backup_folder_edit.text().strip() or str(self._default_backup_folder)
        chosen = prompts.ask_folder(self, "Folder for the daily backups", start)
        if chosen:
            self.backup_folder_edit.setText(chosen)

    def remove_pin(self) -> None:
        """Remove the PIN after asking: the window can no longer lock."""
        if not prompts.ask_yes_no(
            self,
            "Remove the PIN",
            "Remove the practice PIN? DermaDesk then no longer locks, after idle time or "
            "with Ctrl+L, until a new PIN is set.",
        ):
            return
        try:
            self._practice.settings.clear_lock_pin()
        except DermaDeskError as error:
            self._say(str(error), problem=True)
            return
        self._show_pin_state(False)
        self._say("The PIN is removed; DermaDesk no longer locks.")

    def _pin_problem(self) -> str:
        """What is wrong with a newly typed PIN ("" when fine, or when none was typed)."""
        new, again = self.new_pin_edit.text(), self.confirm_pin_edit.text()
        if not new and not again:
            return ""
        if problems := pin_problems(new):
            return problems[0]
        if new != again:
            return "The two PINs typed are not the same. Type the new PIN twice."
        return ""

    def _default_aftercare(self) -> None:
        from dermadesk.paths import resource_path

        default = resource_path("templates", "aftercare.txt").read_text("utf-8").strip()
        self.aftercare_edit.setPlainText(default)

    def _load_form(self) -> None:
        kind = self.kind_combo.currentData()
        previous = getattr(self, "_form_kind", None)
        if previous is not None and previous != kind and self.form_edited():
            save = prompts.ask_yes_no(
                self,
                "Edited consent form",
                f"Save your changes to the {KINDS[previous].lower()} as a new version first?",
            )
            if save and not self._save_form_of(previous):
                self.kind_combo.blockSignals(True)  # stay on the form with the problem
                self.kind_combo.setCurrentIndex(self.kind_combo.findData(previous))
                self.kind_combo.blockSignals(False)
                return
        template = self._practice.consents.current_template(kind)
        self._form_kind = kind
        self._loaded_form = (template.title, template.body)
        self.version_label.setText(f"Version {template.version}")
        self.title_edit.setText(template.title)
        self.body_edit.setPlainText(template.body)

    def form_edited(self) -> bool:
        """True when the form's title or text differ from the version shown."""
        return (self.title_edit.text(), self.body_edit.toPlainText()) != self._loaded_form

    # --- saving --------------------------------------------------------------------

    def _say(self, message: str, problem: bool = False) -> None:
        colour = "#8e1b1b" if problem else "#2e7d32"
        self.message.setText(f"<span style='color:{colour}'>{html.escape(message)}</span>")

    def save_form(self) -> bool:
        """Keep the edited form as a new version (nothing new when unchanged)."""
        return self._save_form_of(self.kind_combo.currentData())

    def _save_form_of(self, kind: str) -> bool:
        before = self._practice.consents.current_template(kind).version
        try:
            saved = self._practice.consents.save_template(
                kind, self.title_edit.text(), self.body_edit.toPlainText()
            )
        except DermaDeskError as error:
            self._say(str(error), problem=True)
            return False
        self.version_label.setText(f"Version {saved.version}")
        self._loaded_form = (saved.title, saved.body)
        if saved.version == before:
            self._say("No change to the form: it stays at this version.")
        else:
            self._say(f"{KINDS[kind]} saved as version {saved.version}.")
        return True

    def _change(self) -> SettingsChange:
        """Every tab's settings as typed (the aftercare only when edited, a PIN only if typed)."""
        aftercare = self.aftercare_edit.toPlainText().strip()
        screening = self._practice.settings.screening()  # what no field here edits stays
        return SettingsChange(
            practice=PracticeDetails(
                name=self.name_edit.text(),
                address=self.address_edit.toPlainText(),
                phone=self.phone_edit.text(),
                practitioner_name=self.practitioner_edit.text(),
                credentials=self.credentials_edit.text(),
            ),
            screening=replace(
                screening,
                blocking=frozenset(
                    rule for rule, check in self.block_checks.items() if check.isChecked()
                ),
                botulinum_toxin_days=self.toxin_days.value(),
                retinoid_days=self.retinoid_days.value(),
                isotretinoin_days=self.isotretinoin_days.value(),
                minimum_gap_days=self.minimum_gap_days.value(),
                minimum_age=self.minimum_age.value(),
                answers_valid_days=self.answers_valid_days.value(),
                medicines_of_note=tuple(
                    replace(family, names=_names(self.medicine_edits[family.key].text()))
                    for family in screening.medicines_of_note
                ),
            ),
            consent=ConsentSettings(renewal_days=self.renewal_days.value()),
            device=DeviceSettings(
                name=self.device_edit.text(),
                min_depth_mm=self.min_depth.value(),
                max_depth_mm=self.max_depth.value(),
            ),
            # An untouched default stays the default (and follows DermaDesk's updates).
            aftercare=aftercare if aftercare != self._loaded_aftercare else None,
            backup=BackupSettings(
                folder=self.backup_folder_edit.text().strip(), keep=self.backup_keep.value()
            ),
            lock_idle_minutes=self.idle_minutes.value(),
            new_pin=self.new_pin_edit.text() or None,
        )

    def save(self) -> bool:
        """Save every tab at once, or nothing: each tab is checked first, and any problem is
        shown on its tab with every other setting left as it was."""
        if problem := self._pin_problem():
            self.show_tab("lock")
            self.confirm_pin_edit.clear()
            self._say(problem, problem=True)
            return False
        folder = self.backup_folder_edit.text().strip()
        if folder and not Path(folder).expanduser().is_absolute():
            self.show_tab("backups")
            self._say("Give the backup folder as a full path (or use Choose…).", problem=True)
            return False
        settings = self._practice.settings
        change = self._change()
        try:
            if problems := settings.problems(change):
                self.show_tab(_FIELD_TABS.get(problems[0].field, "practice"))
                self._say(" ".join(p.message for p in problems), problem=True)
                return False
            # The form is a record of its own (a new version); it goes first, so a problem
            # in it stops the save before any setting is written.
            if self.form_edited() and not self.save_form():
                self.show_tab("forms")
                return False
            settings.save_all(change)
        except ValidationError as error:
            self._say(" ".join(p.message for p in error.problems), problem=True)
            return False
        except DermaDeskError as error:
            self._say(str(error), problem=True)
            return False
        if change.aftercare is not None:
            self._loaded_aftercare = settings.aftercare_text()
        pin_set = change.new_pin is not None
        if pin_set:
            self.new_pin_edit.clear()
            self.confirm_pin_edit.clear()
            self._show_pin_state(True)
        self._say("Settings saved; the new PIN is set." if pin_set else "Settings saved.")
        return True

    def reject(self) -> None:
        """Close; an edited form is offered for saving first rather than lost."""
        if (
            self.form_edited()
            and prompts.ask_yes_no(
                self, "Edited consent form", "Save your changes to the form as a new version?"
            )
            and not self.save_form()
        ):
            return
        if (
            self.aftercare_edit.toPlainText().strip() != self._loaded_aftercare
            and prompts.ask_yes_no(
                self, "Edited aftercare advice", "Save your changes to the aftercare advice?"
            )
            and not self.save()
        ):
            return
        if (
            (self.new_pin_edit.text() or self.confirm_pin_edit.text())
            and prompts.ask_yes_no(self, "New PIN", "Save the new PIN you typed?")
            and not self.save()
        ):
            return
        super().reject()
