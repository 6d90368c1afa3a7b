"""The offer to encrypt a plain (older) practice, made once each start before its window:
a warning, the new passphrase twice, the conversion on a worker with its progress, then the
recovery code, and the practice opened again, encrypted.

The conversion itself is core's (encrypt_practice): it works in a new folder and swaps the
folders only once all is checked, so stopping half way loses nothing. The plain practice is
closed while it runs: nothing may hold its database during the swap.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core import keys
from dermadesk.core.clock import Clock
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.practice import Practice
from dermadesk.gui import prompts
from dermadesk.gui.screen_fit import resize_within_screen
from dermadesk.gui.unlock_code import RecoveryCodeView
from dermadesk.gui.unlock_fields import NewPassphrase, big_button, problem_label
from dermadesk.gui.unlock_screen import failure_words
from dermadesk.gui.workers import BackgroundTask

WARNING = (
    "<p><b>This practice's records are not encrypted.</b> Anyone who gets hold of this "
    "computer, its disk or a backup can read every client's details and photos.</p>"
    "<p>Encrypting locks them under a passphrase you choose now:</p><ul>"
    "<li>It takes a while: every record and photo is copied, encrypted and checked. With many "
    "photos this can take several minutes. Leave DermaDesk open meanwhile.</li>"
    "<li>Make sure there is a recent backup first (File ▸ Back up now); if not, choose "
    "<i>Not now</i>, back up, and start DermaDesk again.</li>"
    "<li>The old, unencrypted copy is kept aside, beside this folder. Once you have checked "
    "the encrypted practice, delete that copy: it is still readable by anyone.</li></ul>"
)


class EncryptOffer(QDialog):
    """Offers to encrypt the plain `practice`; `practice` is the one to go on with after."""

    def __init__(
        self, practice: Practice, clock: Clock | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("encryptOffer")
        self.setWindowTitle("Encrypt this practice?")
        self.practice = practice
        self.data_dir = practice.data_dir
        self._clock = clock
        self.task: BackgroundTask | None = None
        self.code = ""
        self.reopen_failed = ""  # why the plain practice could not be opened again
        self.stack = QStackedWidget()
        self.stack.addWidget(self._offer_page())
        self.stack.addWidget(self._progress_page())
        self.code_view = RecoveryCodeView(self.data_dir, practice.settings.practice_details().name)
        self.open_button = big_button("&Open the encrypted practice", "openEncrypted")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_encrypted)
        self.code_view.ticked.connect(self.open_button.setEnabled)
        code_page = QWidget()
        code_layout = QVBoxLayout(code_page)
        self.done_label = QLabel("<b>The practice is encrypted.</b>")
        self.done_label.setWordWrap(True)
        code_layout.addWidget(self.done_label)
        code_layout.addWidget(self.code_view)
        code_layout.addStretch(1)  # the words at the top, the button at the bottom
        code_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignRight)
        self.stack.addWidget(code_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        resize_within_screen(self, 720, 640)

    def _offer_page(self) -> QWidget:
        page = QWidget()
        warning = QLabel(WARNING)
        warning.setWordWrap(True)
        self.passphrase = NewPassphrase("The new &passphrase")
        self.problem = problem_label("encryptProblem")
        self.not_now_button = big_button("&Not now", "notNow")
        self.not_now_button.clicked.connect(self.reject)
        self.encrypt_button = big_button("&Encrypt now", "encryptNow")
        self.encrypt_button.clicked.connect(self.encrypt)
        buttons = QHBoxLayout()
        buttons.addWidget(self.not_now_button)
        buttons.addStretch(1)
        buttons.addWidget(self.encrypt_button)
        layout = QVBoxLayout(page)
        layout.addWidget(warning)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _progress_page(self) -> QWidget:
        page = QWidget()
        self.progress_words = QLabel("Encrypting the practice… Leave DermaDesk open.")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.progress_words)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        return page

    def encrypt(self) -> None:
        """Check the passphrase, close the plain practice and convert it on a worker."""
        if problem := self.passphrase.problem():
            self.problem.setText(problem)
            self.passphrase.again.clear()
            self.passphrase.first.setFocus()
            return
        from dermadesk.core.encrypt_practice import encrypt_practice  # only when asked

        self.problem.clear()
        passphrase, data_dir = self.passphrase.text(), self.data_dir
        self.practice.close()  # nothing may hold the database while the folders are swapped
        self.stack.setCurrentIndex(1)
        self.task = BackgroundTask(
            lambda progress: encrypt_practice(data_dir, passphrase, progress)
        )
        self.task.progressed.connect(self._progressed)
        self.task.succeeded.connect(self._encrypted)
        self.task.failed.connect(self._failed)
        self.task.start()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _encrypted(self, code: str) -> None:
        from dermadesk.core.encrypt_practice import plain_copies

        kept = plain_copies(self.data_dir)
        if kept:  # where the copy in the clear is, so that it can be deleted once checked
            self.done_label.setText(
                "<b>The practice is encrypted.</b> The old, unencrypted copy is kept in "
                f"{html.escape(str(kept[-1]))}: delete it once the encrypted practice opens "
                "as it should."
            )
        self.code = code
        self.passphrase.clear()
        self.code_view.show_code(code)
        self.stack.setCurrentIndex(2)

    def _failed(self, error: BaseException) -> None:
        self.stack.setCurrentIndex(0)
        try:
            self.practice = Practice.open(self.data_dir, self._clock)  # as it was: plain
        except DermaDeskError as reopening:
            self.reopen_failed = failure_words(reopening)
            prompts.show_error(
                self,
                "The practice was not encrypted",
                f"{failure_words(error)}\n\nIt cannot be opened as it was either: "
                f"{self.reopen_failed}",
            )
            super().reject()
            return
        self.problem.setText(f"The practice was not encrypted: {failure_words(error)}")

    def open_encrypted(self) -> None:
        """Open the encrypted practice (the code unlocks it at once) and go on with it."""
        key = keys.unlock_with_recovery_code(self.data_dir, self.code)
        self.practice = Practice.open(self.data_dir, self._clock, key)
        self.accept()

    def reject(self) -> None:
        if self.task is not None and self.task.running:
            return  # the conversion finishes (or stops whole) first
        if self.code and self.stack.currentIndex() == 2:
            if self.code_view.is_kept():
                self.open_encrypted()
            else:
                self.code_view.problem.setText(
                    "Print the sheet or write the code down, then tick the box below: the "
                    "code cannot be shown again."
                )
            return
        super().reject()


def offer_to_encrypt(practice: Practice, clock: Clock | None = None) -> Practice | None:
    """Offer to encrypt the plain `practice`; the practice to go on with (encrypted or not),
    or None when a failed conversion left it unable to open (said on screen)."""
    dialog = EncryptOffer(practice, clock)
    dialog.exec()
    dialog.deleteLater()
    return None if dialog.reopen_failed else dialog.practice
