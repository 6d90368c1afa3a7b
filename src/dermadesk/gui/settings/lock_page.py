"""The settings page of the practice PIN and the idle lock (ui/lock_page.ui)."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dermadesk.core.errors import DermaDeskError, Problem
from dermadesk.core.lock import pin_problems
from dermadesk.core.practice import Practice
from dermadesk.core.settings import LockSettings, PracticeSettings, SettingsChange
from dermadesk.gui import prompts
from dermadesk.gui.forms.ui_lock_page import Ui_LockPage
from dermadesk.gui.settings.keychain_box import KeychainChoice
from dermadesk.gui.settings.page import SettingsPage


class LockPage(SettingsPage):
    """A new PIN typed twice, the PIN's removal, and the idle minutes that lock the window."""

    NAME = "lock"
    TITLE = "&Lock"

    def __init__(
        self,
        settings: PracticeSettings,
        parent: QWidget | None = None,
        practice: Practice | None = None,
    ):
        super().__init__(parent)
        self._settings = settings
        self._practice = practice
        self.ui = Ui_LockPage()
        self.ui.setupUi(self)
        self.ui.removePinButton.clicked.connect(self.remove_pin)
        self.change_passphrase_button: QPushButton | None = None
        self.keychain: KeychainChoice | None = None
        if practice is not None and practice.encrypted:
            self.ui.lockLayout.insertWidget(0, self._passphrase_group())
            self.ui.pinNote.setText(
                "A PIN, or a passphrase of a few words. DermaDesk keeps only a one-way "
                "fingerprint of it, so it cannot show a forgotten PIN. After three wrong tries "
                "each try waits longer; after five, only the practice passphrase unlocks."
            )
            self.ui.idleNote.setText(
                "Locked, DermaDesk hides every client's data, open forms included, until the "
                "PIN or the passphrase is typed; nothing typed is lost. File ▸ Lock (Ctrl+L) "
                "locks at once."
            )
        self._fields = {
            "pin": [self.ui.newPin],
            "pin_again": [self.ui.confirmPin],
            "idle_minutes": [self.ui.idleMinutes],
        }

    def _passphrase_group(self) -> QGroupBox:
        group = QGroupBox("The practice passphrase")
        words = QLabel(
            "It unlocks the practice at every start, and the lock at any time. Change it when "
            "someone may have seen it."
        )
        words.setWordWrap(True)
        self.change_passphrase_button = QPushButton("C&hange passphrase…")
        self.change_passphrase_button.setObjectName("changePassphraseOpen")
        self.change_passphrase_button.clicked.connect(self.change_passphrase)
        row = QHBoxLayout()
        row.addWidget(words, 1)
        row.addWidget(self.change_passphrase_button)
        assert self._practice is not None
        self.keychain = KeychainChoice(self._practice)
        column = QVBoxLayout(group)
        column.addLayout(row)
        column.addWidget(self.keychain)
        return group

    def change_passphrase(self) -> None:
        """The dialog that changes the passphrase (with the current one or the code)."""
        from dermadesk.gui.settings.passphrase_dialog import ChangePassphrase

        assert self._practice is not None
        dialog = ChangePassphrase(self._practice, self)
        if dialog.exec():
            self.said.emit("The passphrase is changed: use the new one from now on.", False)
        dialog.deleteLater()

    def load(self, lock: LockSettings) -> None:
        """Show whether a PIN is set and the idle time; the PIN fields start empty."""
        self.ui.newPin.clear()
        self.ui.confirmPin.clear()
        self.ui.idleMinutes.setValue(lock.idle_minutes)
        self._show_pin_state(lock.has_pin)
        if self.keychain is not None:
            self.keychain.load()

    def pin_typed(self) -> bool:
        """True when something is typed into either PIN field."""
        return bool(self.ui.newPin.text() or self.ui.confirmPin.text())

    def problems(self) -> list[Problem]:
        """What is wrong with a newly typed PIN (nothing when none was typed)."""
        new, again = self.ui.newPin.text(), self.ui.confirmPin.text()
        if not new and not again:
            return []
        if found := pin_problems(new):
            return [Problem("pin", found[0])]
        if new != again:
            return [
                Problem("pin_again", "The two PINs typed are not the same. Type the new PIN twice.")
            ]
        return []

    def outline(self, field: str) -> QWidget | None:
        """Outline the field at fault; a second PIN that differs is cleared to be typed again."""
        if field == "pin_again":
            self.ui.confirmPin.clear()
        return super().outline(field)

    def values(self) -> SettingsChange:
        """The idle minutes, and the new PIN when one was typed."""
        return SettingsChange(
            lock_idle_minutes=self.ui.idleMinutes.value(), new_pin=self.ui.newPin.text() or None
        )

    def keep_keychain_choice(self) -> None:
        """Write a changed keychain choice, first of the save: a refusal (raised in words)
        leaves every setting as it was."""
        if self.keychain is not None:
            self.keychain.keep()

    def undo_keychain_choice(self) -> None:
        """Put the keychain back as it was: the rest of the save failed."""
        if self.keychain is not None:
            self.keychain.undo()

    def _show_pin_state(self, has_pin: bool) -> None:
        if has_pin:
            self.ui.pinState.setText(
                "A PIN is set: DermaDesk locks after the idle time below and with Ctrl+L. "
                "Type a new one twice to change it."
            )
        elif self._practice is not None and self._practice.encrypted:
            self.ui.pinState.setText(
                "No PIN yet: DermaDesk locks after the idle time and with Ctrl+L, and the "
                "passphrase unlocks it. A PIN is quicker to type; type one twice and save."
            )
        else:
            self.ui.pinState.setText(
                "<span style='color:#9a5b00'><b>No PIN yet:</b> DermaDesk cannot lock. Type "
                "one twice and save.</span>"
            )
        self.ui.removePinButton.setEnabled(has_pin)

    def remove_pin(self) -> None:
        """Remove the PIN after asking: the window can no longer lock."""
        encrypted = self._practice is not None and self._practice.encrypted
        after = (
            "Only the passphrase then unlocks DermaDesk when it locks."
            if encrypted
            else "DermaDesk then no longer locks, after idle time or with Ctrl+L, until a new "
            "PIN is set."
        )
        if not prompts.ask_yes_no(self, "Remove the PIN", f"Remove the practice PIN? {after}"):
            return
        try:
            self._settings.clear_lock_pin()
        except DermaDeskError as error:
            self.said.emit(str(error), True)
            return
        self._show_pin_state(False)
        encrypted = self._practice is not None and self._practice.encrypted
        self.said.emit(
            "The PIN is removed; the passphrase unlocks DermaDesk."
            if encrypted
            else "The PIN is removed; DermaDesk no longer locks.",
            False,
        )
