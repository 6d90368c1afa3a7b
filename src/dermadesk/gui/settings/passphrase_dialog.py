"""Changing the practice passphrase (Settings, Lock): the current passphrase or the recovery
code, then the new one twice. Only key.json's passphrase slot is rewritten (no data is
re-encrypted); the change is audited. Argon2id runs on a worker: up to a second, twice."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core import keys
from dermadesk.core.passphrase_change import set_passphrase
from dermadesk.core.practice import Practice
from dermadesk.gui.unlock_fields import NewPassphrase, Working, big_button, big_field, problem_label
from dermadesk.gui.unlock_screen import failure_words
from dermadesk.gui.workers import BackgroundTask


class ChangePassphrase(QDialog):
    """The current passphrase (or the recovery code) and the new one, typed twice."""

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("changePassphrase")
        self.setWindowTitle("Change the practice passphrase")
        self.practice = practice
        self.task: BackgroundTask | None = None
        self.with_passphrase = QRadioButton("with the c&urrent passphrase")
        self.with_code = QRadioButton("with the &recovery code")
        self.with_passphrase.setChecked(True)
        self.with_passphrase.toggled.connect(self._show_way)
        self.current = big_field("currentPassphrase", "The passphrase used until now")
        self.code = big_field("changeRecoveryCode", "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX", False)
        self.code.hide()
        self.new = NewPassphrase()
        self.problem = problem_label("changePassphraseProblem")
        self.working = Working()
        self.cancel_button = big_button("Cancel", "cancelChange")
        self.cancel_button.clicked.connect(self.reject)
        self.change_button = big_button("&Change the passphrase", "changePassphraseButton")
        self.change_button.setDefault(True)
        self.change_button.clicked.connect(self.change)
        self._lay_out()

    def _lay_out(self) -> None:
        ways = QHBoxLayout()
        ways.addWidget(self.with_passphrase)
        ways.addWidget(self.with_code)
        ways.addStretch(1)
        form = QFormLayout()
        form.addRow("Confirm it", ways)
        form.addRow("", self.current)
        form.addRow("", self.code)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.change_button)
        words = QLabel(
            "The new passphrase is asked at every start and at the lock from now on. The "
            "recovery code stays the same, and every backup made before still opens with the "
            "passphrase it was made under."
        )
        words.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(words)
        layout.addLayout(form)
        layout.addWidget(self.new)
        layout.addWidget(self.problem)
        layout.addWidget(self.working)
        layout.addLayout(buttons)
        self.resize(640, self.sizeHint().height())

    def _show_way(self) -> None:
        by_code = self.with_code.isChecked()
        self.current.setVisible(not by_code)
        self.code.setVisible(by_code)
        (self.code if by_code else self.current).setFocus()

    def change(self) -> None:
        """Check what was typed, then rewrap the key under the new passphrase on a worker."""
        if self.task is not None and self.task.running:
            return
        by_code = self.with_code.isChecked()
        given = (self.code if by_code else self.current).text()
        if not given:
            what = "the recovery code" if by_code else "the current passphrase"
            self.problem.setText(f"Type {what} first: it shows the change is yours to make.")
            return
        if problem := self.new.problem():
            self.problem.setText(problem)
            self.new.again.clear()
            return
        data_dir, held, new = self.practice.data_dir, self.practice.key, self.new.text()

        def work(_progress: object) -> None:
            if by_code:
                key = keys.unlock_with_recovery_code(data_dir, given)
            else:
                key = keys.unlock(data_dir, given)
            if key != held:  # key.json replaced meanwhile: never wrap another key
                raise keys.KeyError_("The key file no longer belongs to the open practice.")
            set_passphrase(self.practice, new, recovered=by_code)  # audited with it

        self.problem.clear()
        self._busy(True)
        self.task = BackgroundTask(work)
        self.task.succeeded.connect(lambda _none: self._changed())
        self.task.failed.connect(self._refused)
        self.task.start()

    def _busy(self, busy: bool) -> None:
        for widget in (self.current, self.code, self.new, self.change_button, self.cancel_button):
            widget.setEnabled(not busy)
        if busy:
            self.working.start("Changing the passphrase…")
        else:
            self.working.stop()

    def _changed(self) -> None:
        self._busy(False)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self._busy(False)
        self.problem.setText(f"{failure_words(error)} The passphrase was not changed.")

    def reject(self) -> None:
        if self.task is None or not self.task.running:
            super().reject()
