"""The memory benchmark's program: the main window on the 50,000-client practice, the
1,000-photo client's gallery open and scrolled end to end (every thumbnail through the
memory cache), then its /proc status (the peak resident size) on stdout.

    python memory_app.py DATA_DIR CLIENT_ID
"""

import os
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop

from dermadesk.core.practice import Practice
from dermadesk.gui.app import make_application
from dermadesk.gui.gallery_tab import show_first_screen
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.ui_state import UiState

data_dir, client_id = sys.argv[1], int(sys.argv[2])
app = make_application(sys.argv[:1])
practice = Practice.open(data_dir)
window = MainWindow(practice, UiState(practice.data_dir))
window.show()
app.processEvents()
tab = show_first_screen(practice, client_id)
bar = tab.view.verticalScrollBar()
while bar.value() < bar.maximum():
    bar.setValue(bar.value() + bar.pageStep())
    tab.view.viewport().repaint()
    while not tab.first_screen_ready():  # this screen's thumbnails all in place
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)
print(Path("/proc/self/status").read_text(), flush=True)
os._exit(0)  # measured; the tear-down is not what this benchmark is about
