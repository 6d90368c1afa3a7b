"""The restore dialog's row for an encrypted backup: the passphrase of the practice it holds,
or its recovery code instead, turned into the Unlock that core's restore asks for."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from dermadesk.core.backup_keys import Unlock, by_passphrase, by_recovery_code

PASSPHRASE_LABEL = "&Passphrase"
CODE_LABEL = "Recovery co&de"
USE_CODE = "&Use the recovery code instead"
USE_PASSPHRASE = "&Use the passphrase instead"


class BackupKeyRow(QWidget):
    """A hidden-text field for the backup's passphrase, switchable to its recovery code."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel(PASSPHRASE_LABEL)
        self.field = QLineEdit()
        self.field.setObjectName("backupPassphrase")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText("that practice's passphrase")
        # Wide enough for a whole recovery code: a slip is found by reading it end to end.
        whole_code = self.field.fontMetrics().horizontalAdvance("MMMMM-" * 5 + "MMMMM")
        self.field.setMinimumWidth(whole_code + 16)
        self.label.setBuddy(self.field)
        words = self.label.fontMetrics()  # room for either label: switching never cuts one short
        self.label.setMinimumWidth(
            max(
                words.horizontalAdvance(text.replace("&", ""))
                for text in (PASSPHRASE_LABEL, CODE_LABEL)
            )
        )
        self.switch_button = QPushButton(USE_CODE)
        self.switch_button.setObjectName("useRecoveryCode")
        self.switch_button.setAutoDefault(False)  # Enter after the passphrase restores
        self.switch_button.clicked.connect(self.switch)
        self.using_code = False
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field, 1)
        row.addWidget(self.switch_button)

    def switch(self) -> None:
        """From the passphrase to the recovery code, or back; the field starts empty."""
        self.using_code = not self.using_code
        self.field.clear()
        self.label.setText(CODE_LABEL if self.using_code else PASSPHRASE_LABEL)
        self.switch_button.setText(USE_PASSPHRASE if self.using_code else USE_CODE)
        # A recovery code is read off paper: shown as typed, so a slip can be seen.
        self.field.setEchoMode(
            QLineEdit.EchoMode.Normal if self.using_code else QLineEdit.EchoMode.Password
        )
        self.field.setPlaceholderText(
            "the 6 groups of 5 characters printed at setup"
            if self.using_code
            else "that practice's passphrase"
        )
        self.field.setFocus()

    def unlock(self) -> Unlock | None:
        """What was typed, as an Unlock; None when nothing was."""
        typed = self.field.text()
        if not typed.strip():
            return None
        return by_recovery_code(typed) if self.using_code else by_passphrase(typed)

    def ask_again(self) -> None:
        """After a wrong one: what was typed is selected, ready to be typed over."""
        self.field.setFocus()
        self.field.selectAll()

    def set_shown(self, shown: bool) -> None:
        self.setVisible(shown)
        self.label.setVisible(shown)
