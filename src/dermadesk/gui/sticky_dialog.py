"""A dialog the user cannot close (Escape, the window's cross) while something it stands
for is under way: a backup being written, a lock waiting for its PIN."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog


class StickyDialog(QDialog):
    """Stays until the program calls close_for_good()."""

    _may_close = False

    def reject(self) -> None:
        """Escape does nothing: the dialog goes when what it waits for is done."""

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            event.accept()
        else:
            event.ignore()

    def close_for_good(self) -> None:
        """Close and delete the dialog (the work ended, the PIN was right)."""
        self._may_close = True
        self.hide()
        self.deleteLater()
