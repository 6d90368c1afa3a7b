"""Answer a program's modal dialog through its buttons, as a person does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMessageBox, QWidget


class ModalAnswers:
    """Answers each modal dialog that opens, in order, and keeps what each one said."""

    def __init__(self) -> None:
        self.seen: list[str] = []  # each dialog's title and text, as it was asked
        self.dialogs: list[QWidget] = []
        self._plans: list[tuple[str, Callable[[QDialog], None] | None]] = []

    def click(self, button: str, before: Callable[[QDialog], None] | None = None) -> None:
        """Answer the next dialog by clicking `button` (by its text, without "&"); `before`
        does what a person does first, such as typing a reason."""
        self._plans.append((button, before))
        if len(self._plans) == 1:
            QTimer.singleShot(0, self._answer)

    def forget(self) -> None:
        """Expect no more dialogs (a test's safety answer that was not needed)."""
        self._plans.clear()

    @property
    def pending(self) -> int:
        """Dialogs expected that have not opened yet."""
        return len(self._plans)

    def _answer(self) -> None:
        if not self._plans:
            return
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or not dialog.isVisible():
            QTimer.singleShot(10, self._answer)
            return
        button_text, before = self._plans[0]
        buttons = {b.text().replace("&", ""): b for b in dialog.findChildren(QAbstractButton)}
        if button_text not in buttons:
            QTimer.singleShot(10, self._answer)  # not the dialog expected (yet)
            return
        text = dialog.text() if isinstance(dialog, QMessageBox) else ""
        self.seen.append(f"{dialog.windowTitle()}: {text}")
        self.dialogs.append(dialog)
        if before is not None:
            before(dialog)
        self._plans.pop(0)
        if self._plans:  # before the click, which may wait in the next dialog at once
            QTimer.singleShot(10, self._answer)
        buttons[button_text].click()
