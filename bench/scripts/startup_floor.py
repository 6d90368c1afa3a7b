"""The start-up floor: what starting any program on PySide6 and SQLModel costs, up to a
first painted window. It quits the way DermaDesk does under DERMADESK_QUIT_WHEN_READY,
and gives up (exit 3) if nothing is ever painted."""

import sys

import sqlmodel  # noqa: F401  (the import is the cost being measured)
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class QuitOnFirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QApplication.exit(0)  # the paint finishes; nothing queued after it runs
        return False


app = QApplication(sys.argv[:1])
window = QMainWindow()
quitter = QuitOnFirstPaint(window)
window.installEventFilter(quitter)
window.show()
QTimer.singleShot(30_000, lambda: app.exit(3))
sys.exit(app.exec())
