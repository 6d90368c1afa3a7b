"""The settings page of the consent forms' wording (ui/forms_page.ui).

A form's edit is kept as a new version, a record of its own, so records signed earlier
keep the text they were signed under.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from dermadesk.core.consent import Consents
from dermadesk.core.consent_status import KINDS
from dermadesk.core.consent_templates import PLACEHOLDERS
from dermadesk.core.errors import DermaDeskError, Problem
from dermadesk.core.placeholders import unknown_placeholders, unknown_placeholders_message
from dermadesk.gui import prompts
from dermadesk.gui.forms.ui_forms_page import Ui_FormsPage
from dermadesk.gui.settings.page import SettingsPage


class FormsPage(SettingsPage):
    """One consent form at a time: its title and text, saved as a new version."""

    NAME = "forms"
    TITLE = "Consent &forms"

    def __init__(self, consents: Consents, parent: QWidget | None = None):
        super().__init__(parent)
        self._consents = consents
        self.ui = Ui_FormsPage()
        self.ui.setupUi(self)
        for kind, label in KINDS.items():
            self.ui.kindCombo.addItem(label, kind)
        self._form_kind: str | None = None
        self._loaded_form = ("", "")
        self.ui.newVersionButton.clicked.connect(self.save_form)
        self.ui.kindCombo.currentIndexChanged.connect(self._switch_form)
        self._fields = {"title": [self.ui.titleEdit], "body": [self.ui.templateBody]}

    def load(self) -> None:
        """Show the newest version of the form chosen."""
        kind = self.ui.kindCombo.currentData()
        template = self._consents.current_template(kind)
        self._form_kind = kind
        self._loaded_form = (template.title, template.body)
        self.ui.versionLabel.setText(f"Version {template.version}")
        self.ui.titleEdit.setText(template.title)
        self.ui.templateBody.setPlainText(template.body)

    def form_edited(self) -> bool:
        """True when the form's title or text differ from the version shown."""
        return (self.ui.titleEdit.text(), self.ui.templateBody.toPlainText()) != self._loaded_form

    def problems(self) -> list[Problem]:
        """What stops the edited form being kept (nothing when it is not edited)."""
        if not self.form_edited():
            return []
        title, body = self.ui.titleEdit.text().strip(), self.ui.templateBody.toPlainText().strip()
        found = []
        if not title:
            found.append(Problem("title", "The form needs a title."))
        if not body:
            found.append(Problem("body", "The form needs its text."))
        if unknown := unknown_placeholders(f"{title}\n{body}", PLACEHOLDERS):
            found.append(Problem("body", unknown_placeholders_message(unknown, PLACEHOLDERS)))
        return found

    def _switch_form(self) -> None:
        previous = self._form_kind
        if previous is not None and self.form_edited():
            save = prompts.ask_yes_no(
                self,
                "Edited consent form",
                f"Save your changes to the {KINDS[previous].lower()} as a new version first?",
            )
            if save and not self._save_form_of(previous):
                combo = self.ui.kindCombo
                combo.blockSignals(True)  # stay on the form with the problem
                combo.setCurrentIndex(combo.findData(previous))
                combo.blockSignals(False)
                return
        self.load()

    def save_form(self) -> bool:
        """Keep the edited form as a new version (nothing new when unchanged)."""
        return self._save_form_of(self.ui.kindCombo.currentData())

    def _save_form_of(self, kind: str) -> bool:
        before = self._consents.current_template(kind).version
        try:
            saved = self._consents.save_template(
                kind, self.ui.titleEdit.text(), self.ui.templateBody.toPlainText()
            )
        except DermaDeskError as error:
            self.said.emit(str(error), True)
            return False
        self.ui.versionLabel.setText(f"Version {saved.version}")
        self._loaded_form = (saved.title, saved.body)
        if saved.version == before:
            self.said.emit("No change to the form: it stays at this version.", False)
        else:
            self.said.emit(f"{KINDS[kind]} saved as version {saved.version}.", False)
        return True
