"""The Lock page's choice to let this computer's login unlock the practice (core/keychain.py).

It is offered only where the computer's keychain answers. Asking may take a moment (or never
end, on a Linux desktop keyring behind a prompt no one sees), so it is asked off the GUI
thread and the choice appears when the answer comes.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from dermadesk.core import keychain
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.practice import Practice
from dermadesk.gui.workers import BackgroundTask

WORDS = (
    "Ticked, DermaDesk opens without asking for the passphrase whenever this computer account is "
    "logged in: anyone who can log in to it opens the client records too. The passphrase and "
    "the recovery code keep working, and on another computer the passphrase is still needed."
)

LOST_WORDS = (
    "This computer's keychain no longer gives the key, so the passphrase is asked at start: "
    "Save puts it back."
)


def _look(data_dir: Path) -> tuple[bool, bool]:
    """Whether the keychain answers, and whether it has lost a remembered practice's key."""
    if not keychain.keychain_available():
        return False, False
    lost = keychain.is_remembered(data_dir) and keychain.unlock_from_keychain(data_dir) is None
    return True, lost


class KeychainChoice(QWidget):
    """A checkbox, hidden until the keychain answers (or while the practice is remembered)."""

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self._practice = practice
        self.checkbox = QCheckBox("&Unlock with this computer's login (keychain)")
        self.checkbox.setObjectName("keychainCheck")
        self.words = QLabel(WORDS)
        self.words.setWordWrap(True)
        self.words.setStyleSheet("color: #3e4c59;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.checkbox)
        layout.addWidget(self.words)
        self._was_on: bool | None = None  # what key.json said when the choice was shown
        self._kept: bool | None = None  # the change the last save made, for putting it back
        self._lost = False  # remembered, but this keychain no longer gives the key
        self.load()
        self.setVisible(self.checkbox.isChecked())  # remembered: it can always be turned off
        data_dir = practice.data_dir
        self.probe = BackgroundTask(lambda _progress: _look(data_dir))
        self.probe.succeeded.connect(self._answered)
        self.probe.start()

    def _answered(self, answer: tuple[bool, bool]) -> None:
        available, lost = answer
        if available:
            self.setVisible(True)
        if lost and self._was_on and self._kept is None:
            self._lost = True
            self.words.setText(f"{LOST_WORDS} {WORDS}")

    def load(self) -> None:
        """Show whether the practice is remembered in the keychain now."""
        self._was_on = keychain.is_remembered(self._practice.data_dir)
        self.checkbox.setChecked(self._was_on)
        self._lost = False
        self.words.setText(WORDS)

    def keep(self) -> None:
        """Keep the choice if it changed: the keychain is written (or emptied) first, and a
        refusal is raised in words with nothing changed."""
        self._kept = None
        wanted = self.checkbox.isChecked()
        if self._practice.key is None or (wanted == self._was_on and not (wanted and self._lost)):
            return  # unchanged (a key the keychain lost is put back by saving it ticked)
        try:
            if wanted:
                keychain.remember_in_keychain(self._practice.data_dir, self._practice.key)
            else:
                keychain.forget_keychain(self._practice.data_dir, self._practice.key)
        except OSError as error:
            raise DermaDeskError(
                f"DermaDesk could not write the practice's key file ({error}). Nothing was changed."
            ) from None
        self._kept = wanted

    def undo(self) -> None:
        """Put back what the last `keep` changed (the rest of the save failed)."""
        if self._kept is None or self._practice.key is None:
            return
        with contextlib.suppress(DermaDeskError, OSError):  # the save's own failure is what is said
            if self._kept:
                keychain.forget_keychain(self._practice.data_dir, self._practice.key)
            else:
                keychain.remember_in_keychain(self._practice.data_dir, self._practice.key)
        self._kept = None

    def turned(self) -> bool | None:
        """True when the last save turned it on, False when off, None when unchanged."""
        return self._kept
