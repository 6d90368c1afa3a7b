"""Answer a modal dialog the way a person does: read it, then click one of its buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
    QWidget,
)


def dialog_text(dialog: QWidget) -> str:
    """Everything the dialog says, its labels joined."""
    return "\n".join(label.text() for label in dialog.findChildren(QLabel) if label.text())


class ModalAnswer:
    """Clicks the button named `button` in the next modal dialog; keeps what it said."""

    def __init__(self, button: str, tries: int = 200):
        self.button = button
        self.said: str | None = None
        self.title: str | None = None
        self._tries = tries
        QTimer.singleShot(0, self._answer)

    def _answer(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            self._tries -= 1
            if self._tries > 0:
                QTimer.singleShot(10, self._answer)
            return
        self.title = dialog.windowTitle()
        self.said = dialog_text(dialog)
        for candidate in dialog.findChildren(QAbstractButton):
            if candidate.text().replace("&", "") == self.button and candidate.isVisible():
                QTest.mouseClick(candidate, Qt.MouseButton.LeftButton)
                return
        names = [b.text() for b in dialog.findChildren(QAbstractButton)]
        dialog.close()  # never leave a test hanging on a dialog
        raise AssertionError(f"No button “{self.button}” in “{self.title}”: {names}")


class OnModal:
    """Runs `act(dialog)` on the next modal dialog, as a person working in it would."""

    def __init__(self, act, tries: int = 200):  # type: ignore[no-untyped-def]
        self._act = act
        self._tries = tries
        self.done = False
        self.error: BaseException | None = None
        QTimer.singleShot(0, self._run)

    def _run(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            self._tries -= 1
            if self._tries > 0:
                QTimer.singleShot(10, self._run)
            return
        try:
            self._act(dialog)
            self.done = True
        except BaseException as error:  # reported by check(); a test must not hang here
            self.error = error
            dialog.close()

    def check(self) -> None:
        """Fail the test with what went wrong inside the dialog, if anything did."""
        if self.error is not None:
            raise self.error
        assert self.done, "no dialog opened"


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
