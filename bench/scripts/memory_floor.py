"""The memory floor: an empty PySide6 window with sqlmodel imported; its /proc status on
stdout."""

from pathlib import Path

import sqlmodel  # noqa: F401  (the import is part of what is measured)
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication([])
window = QMainWindow()
window.show()
app.processEvents()
print(Path("/proc/self/status").read_text())
