"""The settings page of the daily backup (ui/backups_page.ui)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from dermadesk.core.errors import Problem
from dermadesk.core.settings import BackupSettings, SettingsChange
from dermadesk.gui import prompts
from dermadesk.gui.forms.ui_backups_page import Ui_BackupsPage
from dermadesk.gui.settings.page import SettingsPage


class BackupsPage(SettingsPage):
    """Where the daily backup goes and how many daily, weekly and monthly ones are kept."""

    NAME = "backups"
    TITLE = "&Backups"

    def __init__(self, default_folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self._default_folder = default_folder
        self.ui = Ui_BackupsPage()
        self.ui.setupUi(self)
        ui = self.ui
        ui.backupFolder.setPlaceholderText(str(default_folder))
        ui.defaultBackupFolderButton.setToolTip(str(default_folder))
        ui.defaultBackupFolderButton.clicked.connect(ui.backupFolder.clear)
        ui.chooseBackupFolderButton.clicked.connect(self.choose_backup_folder)
        self._fields = {
            "folder": [ui.backupFolder],
            "daily": [ui.backupDaily],
            "weekly": [ui.backupWeekly],
            "monthly": [ui.backupMonthly],
        }

    def load(self, backup: BackupSettings) -> None:
        """Show the folder and how many backups of each kind are kept."""
        self.ui.backupFolder.setText(backup.folder)
        self.ui.backupDaily.setValue(backup.daily)
        self.ui.backupWeekly.setValue(backup.weekly)
        self.ui.backupMonthly.setValue(backup.monthly)

    def problems(self) -> list[Problem]:
        """A folder given other than as a full path."""
        folder = self.ui.backupFolder.text().strip()
        if folder and not Path(folder).expanduser().is_absolute():
            return [Problem("folder", "Give the backup folder as a full path (or use Choose…).")]
        return []

    def values(self) -> SettingsChange:
        """The folder ("" for the standard one) and how many of each kind to keep."""
        ui = self.ui
        chosen = BackupSettings(
            folder=ui.backupFolder.text().strip(),
            daily=ui.backupDaily.value(),
            weekly=ui.backupWeekly.value(),
            monthly=ui.backupMonthly.value(),
        )
        return SettingsChange(backup=chosen)

    def choose_backup_folder(self) -> None:
        """Pick the folder for the daily backups."""
        start = self.ui.backupFolder.text().strip() or str(self._default_folder)
        chosen = prompts.ask_folder(self, "Folder for the daily backups", start)
        if chosen:
            self.ui.backupFolder.setText(chosen)
