"""The first screen of an encrypted practice: its passphrase, or (for a lost passphrase) its
recovery code and a new passphrase. Nothing is shown of the practice until it is unlocked.

Unwrapping the data key with the passphrase (Argon2id) takes up to a second: it runs on a
worker thread while the screen says so and stays responsive. A wrong passphrase or code is
refused in words, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core import keys
from dermadesk.core.errors import DermaDeskError
from dermadesk.gui.lock_widgets import Padlock
from dermadesk.gui.screen_fit import resize_within_screen
from dermadesk.gui.unlock_fields import (
    NewPassphrase,
    Working,
    big_button,
    big_field,
    code_font,
    problem_label,
)
from dermadesk.gui.workers import BackgroundTask

TITLE = "Unlock DermaDesk"
_PAGE_BACKGROUND = "#eef1f4"


def _words(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #3e4c59;")
    return label


def failure_words(error: BaseException) -> str:
    """What to say when unlocking failed: DermaDesk's own words, or what the system said."""
    if isinstance(error, DermaDeskError):
        return str(error)
    return f"DermaDesk could not read the practice's key file ({error}). Nothing was changed."


class UnlockScreen(QDialog):
    """Asks for the passphrase (Enter unlocks) or the recovery code; `key` holds the data key
    once accepted, `used_recovery_code` says how."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("unlockScreen")
        self.setWindowTitle(TITLE)
        self.data_dir = data_dir
        self.key: keys.DataKey | None = None
        self.used_recovery_code = False
        self.task: BackgroundTask | None = None
        self.setAutoFillBackground(True)
        self.setStyleSheet(f"#unlockScreen {{ background: {_PAGE_BACKGROUND}; }}")
        self.card = card = QFrame()
        card.setObjectName("unlockCard")
        card.setStyleSheet(
            "#unlockCard { background: #ffffff; border: 1px solid #d5dbe1; border-radius: 10px; }"
        )
        card.setFixedWidth(600)
        card.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
        self.passphrase_page = self._build_passphrase_page()
        self.recovery_page = self._build_recovery_page()
        self.recovery_page.hide()  # one way in at a time; a hidden one takes no room
        inside = QVBoxLayout(card)
        inside.setContentsMargins(28, 24, 28, 20)
        inside.setSpacing(12)
        inside.addLayout(self._heading())
        inside.addWidget(self.passphrase_page)
        inside.addWidget(self.recovery_page)
        self.folder_label = folder = QLabel(f"Practice folder: {data_dir}")
        folder.setObjectName("unlockFolder")
        folder.setWordWrap(True)
        folder.setEnabled(False)
        inside.addWidget(folder)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(3)
        resize_within_screen(self, 1024, 700)
        self._fit()
        self.passphrase_edit.setFocus()

    def _heading(self) -> QHBoxLayout:
        self.title_label = title = QLabel("This practice is locked")
        title.setObjectName("unlockTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        words = QVBoxLayout()
        words.addWidget(title)
        self.explained = _words(
            "Client records are encrypted on this computer. "
            "They open with the practice's passphrase."
        )
        words.addWidget(self.explained)
        heading = QHBoxLayout()
        heading.setSpacing(16)
        heading.addWidget(Padlock(), 0, Qt.AlignmentFlag.AlignTop)
        heading.addLayout(words, 1)
        return heading

    def _build_passphrase_page(self) -> QWidget:
        page = QWidget()
        self.passphrase_edit = big_field("unlockPassphrase", "The practice passphrase")
        self.passphrase_edit.returnPressed.connect(self.unlock)
        self.unlock_button = big_button("&Unlock", "unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        label = QLabel("&Passphrase")
        label.setBuddy(self.passphrase_edit)
        self.message = problem_label("unlockMessage")
        self.working = Working()
        self.recovery_button = QPushButton("Use the &recovery code…")
        self.recovery_button.setObjectName("useRecoveryCode")
        self.recovery_button.setFlat(True)
        self.recovery_button.setStyleSheet("color: #1f5fa8; text-decoration: underline;")
        self.recovery_button.clicked.connect(self.show_recovery)
        row = QHBoxLayout()
        row.addWidget(self.passphrase_edit, 1)
        row.addWidget(self.unlock_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.working)
        layout.addWidget(self.recovery_button, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _build_recovery_page(self) -> QWidget:
        page = QWidget()
        self.code_edit = big_field("recoveryCode", "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX", False)
        self.code_edit.setFont(code_font(self.code_edit.font()))
        code_label = QLabel("Recovery &code")
        code_label.setBuddy(self.code_edit)
        self.new_passphrase = NewPassphrase()
        self.recover_message = problem_label("recoveryMessage")
        self.recover_working = Working()
        self.back_button = big_button("&Back to the passphrase", "backToPassphrase")
        self.back_button.clicked.connect(self.show_passphrase)
        self.recover_button = big_button("Unlock and &keep the new passphrase", "recoverButton")
        self.recover_button.clicked.connect(self.recover)
        self.new_passphrase.again.returnPressed.connect(self.recover)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.recover_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(
            _words(
                "Lost the passphrase? Type the recovery code from the sheet printed when the "
                "practice was set up, then choose a new passphrase. The old one stops working."
            )
        )
        layout.addWidget(code_label)
        layout.addWidget(self.code_edit)
        layout.addWidget(self.new_passphrase)
        layout.addWidget(self.recover_message)
        layout.addWidget(self.recover_working)
        layout.addLayout(buttons)
        return page

    # --- going between the two ways in ----------------------------------------------

    def show_recovery(self) -> None:
        self._show_page(self.recovery_page)
        self.code_edit.setFocus()

    def show_passphrase(self) -> None:
        self._show_page(self.passphrase_page)
        self.passphrase_edit.setFocus()

    def _show_page(self, page: QWidget) -> None:
        other = self.recovery_page if page is self.passphrase_page else self.passphrase_page
        other.hide()
        page.show()
        self._fit()

    def _fit(self) -> None:
        """Keep the card as tall as its words need: wrapped lines are measured short."""
        layout = self.card.layout()
        assert layout is not None
        layout.activate()
        needed = max(self.card.sizeHint().height(), layout.totalHeightForWidth(600))
        self.card.setMinimumHeight(needed + 32)  # and a little air for the last wrapped line

    def busy(self) -> bool:
        return self.task is not None and self.task.running

    def _set_busy(self, words: str | None) -> None:
        for widget in (
            self.passphrase_edit,
            self.unlock_button,
            self.recovery_button,
            self.code_edit,
            self.new_passphrase,
            self.back_button,
            self.recover_button,
        ):
            widget.setEnabled(words is None)
        for working in (self.working, self.recover_working):
            if words is None:
                working.stop()
            else:
                working.start(words)

    # --- unlocking -------------------------------------------------------------------

    def unlock(self) -> None:
        """Unlock with the passphrase typed (Enter or the Unlock button)."""
        if self.busy():
            return
        passphrase = self.passphrase_edit.text()
        if not passphrase:
            self.message.setText("Type the practice passphrase, then press Enter.")
            self._fit()
            return
        self.message.clear()
        data_dir = self.data_dir
        self._start(lambda _progress: keys.unlock(data_dir, passphrase), "Unlocking…", False)

    def recover(self) -> None:
        """Unlock with the recovery code, keeping the new passphrase typed twice."""
        if self.busy():
            return
        code, data_dir = self.code_edit.text(), self.data_dir
        try:
            keys.normalise_recovery_code(code)  # a mistyped code is said before anything
        except keys.KeyError_ as error:
            self.recover_message.setText(str(error))
            self._fit()
            self.code_edit.setFocus()
            return
        if problem := self.new_passphrase.problem():
            self.recover_message.setText(problem)
            self._fit()
            self.new_passphrase.again.clear()
            self.new_passphrase.first.setFocus()
            return
        new = self.new_passphrase.text()
        self.recover_message.clear()

        def work(_progress: object) -> keys.DataKey:
            key = keys.unlock_with_recovery_code(data_dir, code)  # refused: nothing written
            keys.change_passphrase(data_dir, key, new)
            return key

        self._start(work, "Checking the code and keeping the new passphrase…", True)

    def _start(self, work: object, words: str, recovery: bool) -> None:
        self._set_busy(words)
        self.task = BackgroundTask(work)  # type: ignore[arg-type]
        self.task.succeeded.connect(lambda key: self._unlocked(key, recovery))
        self.task.failed.connect(lambda error: self._refused(error, recovery))
        self.task.start()

    def _unlocked(self, key: keys.DataKey, recovery: bool) -> None:
        self._set_busy(None)
        self.key = key
        self.used_recovery_code = recovery
        self.accept()

    def _refused(self, error: BaseException, recovery: bool) -> None:
        self._set_busy(None)
        if recovery:
            self.recover_message.setText(failure_words(error))
            self._fit()
            self.code_edit.setFocus()
            self.code_edit.selectAll()
        else:
            self.message.setText(failure_words(error))
            self._fit()
            self.passphrase_edit.selectAll()
            self.passphrase_edit.setFocus()

    def say(self, message: str) -> None:
        """Show `message` where the passphrase is asked (e.g. the environment's was wrong)."""
        self.message.setText(message)
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.activateWindow()
        self.passphrase_edit.setFocus()  # typing can start at once

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Escape would close the screen, and DermaDesk with it: a slip of a gloved finger.
        if event.key() != Qt.Key.Key_Escape:
            super().keyPressEvent(event)

    def reject(self) -> None:
        if not self.busy():  # the worker finishes first; closing then quits DermaDesk
            super().reject()
