"""The settings page of who the practice is (ui/practice_page.ui)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from dermadesk.core.settings import PracticeDetails, SettingsChange
from dermadesk.gui.forms.ui_practice_page import Ui_PracticePage
from dermadesk.gui.settings.page import SettingsPage


class PracticePage(SettingsPage):
    """The practice's name, address, phone and practitioner, printed on every sheet."""

    NAME = "practice"
    TITLE = "&Practice"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_PracticePage()
        self.ui.setupUi(self)
        self._fields = {"name": [self.ui.nameEdit]}

    def load(self, details: PracticeDetails) -> None:
        """Show the details kept."""
        ui = self.ui
        ui.nameEdit.setText(details.name)
        ui.addressEdit.setPlainText(details.address)
        ui.phoneEdit.setText(details.phone)
        ui.practitionerEdit.setText(details.practitioner_name)
        ui.credentialsEdit.setText(details.credentials)

    def values(self) -> SettingsChange:
        """The details as typed."""
        ui = self.ui
        return SettingsChange(
            practice=PracticeDetails(
                name=ui.nameEdit.text(),
                address=ui.addressEdit.toPlainText(),
                phone=ui.phoneEdit.text(),
                practitioner_name=ui.practitionerEdit.text(),
                credentials=ui.credentialsEdit.text(),
            )
        )
