"""A new practice's first two steps, before its details: the passphrase that locks its records
(typed twice, checked by the rules), then the recovery code, shown once, to print or write down.

The practice is made (Practice.create: its keys, then its encrypted database) when the
passphrase step is left, on a worker thread: Argon2id takes up to a second. Closing before
that makes nothing; once made, the code must be kept (the tick) before going on.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from dermadesk.core.keys import DataKey
from dermadesk.core.practice import Practice
from dermadesk.gui.screen_fit import resize_within_screen
from dermadesk.gui.unlock_code import RecoveryCodeView
from dermadesk.gui.unlock_fields import NewPassphrase, Working, problem_label
from dermadesk.gui.unlock_screen import failure_words
from dermadesk.gui.workers import BackgroundTask


def _made(data_dir: Path, passphrase: str, database_url: str | None) -> tuple[DataKey, str]:
    """Make the practice (on a worker; in the empty server database at `database_url` when
    given); its key and recovery code. It is closed again here: the window opens it on its
    own thread."""
    practice, code = Practice.create(data_dir, passphrase, database_url=database_url)
    key = practice.key
    practice.close()
    assert key is not None
    return key, code


def _home(data_dir: Path, database_url: str) -> Path:
    from dermadesk.core.server_keys import server_home

    return server_home(data_dir, database_url)


class PassphraseStep(QWizardPage):
    """The practice passphrase, typed twice; leaving the step makes the practice."""

    def __init__(
        self, data_dir: Path, database_url: str | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.data_dir = data_dir
        self.database_url = database_url
        self.setTitle("First, a passphrase for the practice")
        where = "on the practice server" if database_url else "on this computer"
        self.setSubTitle(f"It locks every client record {where} and in every backup.")
        self.made: tuple[DataKey, str] | None = None
        self.task: BackgroundTask | None = None
        self.passphrase = NewPassphrase("&Passphrase")
        self.problem = problem_label("setupPassphraseProblem")
        self.working = Working()
        words = QLabel(
            "DermaDesk asks for it each time it starts, and when it was locked. Choose at least "
            "10 characters, or 4 ordinary words that mean something only to you: a short "
            "sentence is easy to remember and hard to guess. The next step gives a recovery "
            "code for the day it is forgotten."
        )
        words.setWordWrap(True)
        layout = QVBoxLayout(self)
        if database_url is not None:
            from dermadesk.gui.server_words import server_words

            server = QLabel(
                f"<b>The practice is made on the practice server: "
                f"{html.escape(server_words(database_url))}.</b>"
            )
            server.setObjectName("setupServer")
            server.setWordWrap(True)
            layout.addWidget(server)
        layout.addWidget(words)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.problem)
        layout.addWidget(self.working)
        layout.addStretch(1)
        if database_url is None:  # a new folder: or is the practice on a server already?
            self.server_button = QPushButton("Connect to a practice &server instead…")
            self.server_button.setObjectName("connectToServer")
            self.server_button.setToolTip(
                "When the practice already lives on a practice server (several computers), "
                "connect to it instead of making a new practice here."
            )
            layout.addWidget(self.server_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.setCommitPage(True)  # once made, there is no going back to another passphrase
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Make the practice")

    def validatePage(self) -> bool:
        if self.made is not None:
            return True
        if self.task is not None and self.task.running:
            return False
        if problem := self.passphrase.problem():
            self.problem.setText(problem)
            self.passphrase.again.clear()
            self.passphrase.first.setFocus()
            return False
        self.problem.clear()
        self.passphrase.setEnabled(False)
        self.working.start("Making the practice's keys…")
        data_dir, passphrase, url = self.data_dir, self.passphrase.text(), self.database_url
        self.task = BackgroundTask(lambda _progress: _made(data_dir, passphrase, url))
        self.task.succeeded.connect(self._made)
        self.task.failed.connect(self._failed)
        self.task.start()
        return False  # the wizard goes on when the practice is made

    def _made(self, made: tuple[DataKey, str]) -> None:
        self.working.stop()
        self.made = made
        self.passphrase.clear()
        wizard = self.wizard()
        if wizard is not None:
            wizard.next()

    def _failed(self, error: BaseException) -> None:
        self.working.stop()
        self.passphrase.setEnabled(True)
        self.problem.setText(failure_words(error))


class CodeStep(QWizardPage):
    """The recovery code, shown once, with its sheet; Finish only once it is kept."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("Keep the recovery code")
        self.setSubTitle("The practice is made. Its recovery code is shown only now.")
        self.view = RecoveryCodeView(data_dir)
        self.view.ticked.connect(lambda _ticked: self.completeChanged.emit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addStretch(1)

    def isComplete(self) -> bool:
        return self.view.is_kept()


class NewPracticeKeys(QWizard):
    """The passphrase and recovery-code steps of a new practice; `key` once finished."""

    def __init__(
        self, data_dir: Path, database_url: str | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.data_dir = data_dir
        self.chosen_server: str | None = None  # "connect to it" chose this server instead
        self.setWindowTitle("Set up DermaDesk")
        self.setObjectName("newPracticeKeys")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        resize_within_screen(self, 720, 560)
        self.passphrase_step = PassphraseStep(data_dir, database_url)
        if database_url is None:
            self.passphrase_step.server_button.clicked.connect(self.connect_to_server)
        self.code_step = CodeStep(
            data_dir if database_url is None else _home(data_dir, database_url)
        )
        self.addPage(self.passphrase_step)
        self.addPage(self.code_step)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Go on to the practice details")
        self.currentIdChanged.connect(self._shown)

    @property
    def key(self) -> DataKey | None:
        made = self.passphrase_step.made
        return None if made is None else made[0]

    def connect_to_server(self) -> None:
        """The practice is on a server already: its address instead of a new practice."""
        from dermadesk.gui.server_connect import ServerConnectDialog

        step = self.passphrase_step
        if step.made is not None or (step.task is not None and step.task.running):
            return  # a practice is being made here already
        dialog = ServerConnectDialog(self.data_dir, self)
        if dialog.exec() and dialog.address is not None:
            self.chosen_server = dialog.address.sqlalchemy_url
            self.done(QDialog.DialogCode.Rejected)  # nothing was made here
        dialog.deleteLater()

    def _shown(self, _page_id: int) -> None:
        made = self.passphrase_step.made
        if self.currentPage() is self.code_step and made is not None:
            self.code_step.view.show_code(made[1])
            self.button(QWizard.WizardButton.CancelButton).setEnabled(False)

    def reject(self) -> None:
        """Before the practice is made, closing makes nothing; after, the code must be kept."""
        if self.passphrase_step.task is not None and self.passphrase_step.task.running:
            return
        if self.passphrase_step.made is None:
            super().reject()
        elif self.code_step.view.is_kept():
            self.accept()
        else:
            self.code_step.view.problem.setText(
                "Print the sheet or write the code down, then tick the box below: the code "
                "cannot be shown again."
            )
