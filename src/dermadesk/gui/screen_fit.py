"""Dialogs open at a comfortable size, but never larger than the screen they open on: a
1024×700 screen in a treatment room shows every button of every window."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room left for a window manager's title bar and frame, and the desktop's panels.
_FRAME_WIDTH, _FRAME_HEIGHT = 24, 48


def resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """Resize `window` to width × height, or to the available screen where that is smaller."""
    parent = window.parentWidget()
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    if screen is None:  # no screen at all (never on a desktop): keep the size asked for
        window.resize(width, height)
        return
    room = screen.availableGeometry()
    window.resize(
        min(width, room.width() - _FRAME_WIDTH), min(height, room.height() - _FRAME_HEIGHT)
    )
