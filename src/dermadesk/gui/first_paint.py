"""Work that waits until a widget has first painted, so start-up shows the window first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterFirstPaint(QObject):
    def __init__(self, widget: QWidget, work: tuple[Callable[[], object], ...]):
        super().__init__(widget)
        self._work = work
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            for work in self._work:  # queued: the paint itself finishes first
                QTimer.singleShot(0, work)
            self.deleteLater()
        return False


def after_first_paint(widget: QWidget, *work: Callable[[], object]) -> None:
    """Run each of `work`, in order, once `widget` has painted for the first time."""
    _AfterFirstPaint(widget, work)
