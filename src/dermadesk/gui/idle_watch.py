"""Notices someone at the computer, so the lock counts idle minutes from the last key or click."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QWidget

# What counts as someone at the computer: input from the keyboard, mouse, touch or
# pen, as the windowing system delivers it, never events the program sends itself.
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
    }
)


class IdleWatch(QObject):
    """Calls `on_activity` whenever someone types, clicks, scrolls or moves the mouse in one of
    the program's windows.

    It watches the windows themselves (the main window, and every window that
    takes the keyboard: dialogs too), not the whole application: a filter on
    the application would run Python for every paint and timer of every widget.
    """

    def __init__(self, main: QWidget, on_activity: Callable[[], None]):
        super().__init__(main)
        self._main = main
        self._on_activity = on_activity
        self._watched: list[QWindow] = []
        self.watching = False

    def start(self) -> None:
        """Begin watching (again, harmlessly, when already watching)."""
        if self.watching:
            return
        self.watching = True
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.focusWindowChanged.connect(self._watch)
        self._watch(self._main.windowHandle())
        self._watch(app.focusWindow())

    def stop(self) -> None:
        """Stop watching every window."""
        if not self.watching:
            return
        self.watching = False
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.focusWindowChanged.disconnect(self._watch)
        for window in self._watched:
            if shiboken6.isValid(window):
                window.removeEventFilter(self)
        self._watched = []

    def _watch(self, window: QWindow | None) -> None:
        self._watched = [w for w in self._watched if shiboken6.isValid(w)]
        if window is not None and window not in self._watched:
            window.installEventFilter(self)
            self._watched.append(window)
        if window is not None:
            self._on_activity()  # a window taking the keyboard is someone's doing

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and event.spontaneous():
            self._on_activity()
        return False
