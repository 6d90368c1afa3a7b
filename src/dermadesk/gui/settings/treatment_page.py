"""The settings page of the device's needle depths and the aftercare advice
(ui/treatment_page.ui)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from dermadesk.core.settings import DeviceSettings, SettingsChange
from dermadesk.gui.forms.ui_treatment_page import Ui_TreatmentPage
from dermadesk.gui.settings.page import SettingsPage
from dermadesk.paths import resource_path


class TreatmentPage(SettingsPage):
    """The device filled into new sessions, its depth range, and the aftercare sheet's text."""

    NAME = "treatment"
    TITLE = "Device and &aftercare"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_TreatmentPage()
        self.ui.setupUi(self)
        self._loaded_aftercare = ""
        self.ui.defaultAftercareButton.clicked.connect(self._default_aftercare)
        self._fields = {
            "device": [self.ui.minDepth, self.ui.maxDepth],
            "aftercare": [self.ui.aftercareText],
        }

    def load(self, device: DeviceSettings, aftercare: str) -> None:
        """Show the device kept and the advice given now."""
        self.ui.deviceEdit.setText(device.name)
        self.ui.minDepth.setValue(device.min_depth_mm)
        self.ui.maxDepth.setValue(device.max_depth_mm)
        self._loaded_aftercare = aftercare
        self.ui.aftercareText.setPlainText(aftercare)

    def aftercare_edited(self) -> bool:
        """True when the advice differs from what was loaded."""
        return self.ui.aftercareText.toPlainText().strip() != self._loaded_aftercare

    def values(self) -> SettingsChange:
        """The device as typed, and the advice only when edited."""
        ui = self.ui
        aftercare = ui.aftercareText.toPlainText().strip()
        return SettingsChange(
            device=DeviceSettings(
                name=ui.deviceEdit.text(),
                min_depth_mm=ui.minDepth.value(),
                max_depth_mm=ui.maxDepth.value(),
            ),
            # An untouched default stays the default (and follows DermaDesk's updates).
            aftercare=aftercare if self.aftercare_edited() else None,
        )

    def _default_aftercare(self) -> None:
        default = resource_path("templates", "aftercare.txt").read_text("utf-8").strip()
        self.ui.aftercareText.setPlainText(default)
