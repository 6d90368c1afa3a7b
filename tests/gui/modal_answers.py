"""Answering a modal dialog that a call is about to show and wait on (the unlock screen, the
offer to encrypt): from inside its own event loop, as a person would."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

Shown = TypeVar("Shown", bound=QDialog)


def answer_when_shown(kind: type[Shown], act: Callable[[Shown], None]) -> dict[str, object]:
    """Do `act` on the first `kind` dialog once it is up; what went wrong, under "error"
    (the dialog is then closed, so the test never hangs on it)."""
    seen: dict[str, object] = {}

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, kind):
            QTimer.singleShot(20, look)
            return
        try:
            act(modal)
        except BaseException as error:  # reported by the test, never left hanging
            seen["error"] = error
            modal.done(0)

    QTimer.singleShot(0, look)
    return seen
