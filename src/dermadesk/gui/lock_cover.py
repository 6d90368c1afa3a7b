"""Hides one window's contents behind a cover while locked, and brings them back as they were."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QToolBar, QWidget

from dermadesk.gui.lock_widgets import LOCKED_TITLE


class WindowCover(QObject):
    """Hides one window's contents behind `cover` and brings them back as they were."""

    def __init__(self, window: QWidget, cover: QWidget, keep_bars: bool, dispose: bool):
        super().__init__(window)
        self.window = window
        self.cover = cover
        self.dispose = dispose
        self.title = window.windowTitle()
        self.focus = window.focusWidget()
        direct = window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        # A main window's toolbars stay (behind the cover, their actions switched off):
        # hiding them would be remembered as the window's layout if it closed while locked.
        self.hidden = [
            child
            for child in direct
            if child is not cover
            and not child.isWindow()
            and child.isVisibleTo(window)
            and not (keep_bars and isinstance(child, QToolBar))
        ]
        for child in self.hidden:
            child.hide()
        cover.setParent(window)
        cover.setGeometry(window.rect())
        cover.raise_()
        cover.show()
        window.setWindowTitle(LOCKED_TITLE)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self.cover.setGeometry(self.window.rect())
        return False

    def remove(self) -> None:
        """Show the contents again, with the window's own title and cursor."""
        if not shiboken6.isValid(self.window):  # the dialog was closed meanwhile
            return
        self.window.removeEventFilter(self)
        self.cover.hide()
        if self.dispose:
            self.cover.deleteLater()
        for child in self.hidden:
            if shiboken6.isValid(child):
                child.show()
        self.window.setWindowTitle(self.title)
        if self.focus is not None and shiboken6.isValid(self.focus):
            self.focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.deleteLater()
