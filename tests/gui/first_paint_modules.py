"""Starts DermaDesk on a data dir as `dermadesk --data-dir DIR` does and prints, as JSON, the
modules that were loaded when the client list first painted, and the garbage collector's state
then.

    python first_paint_modules.py DATA_DIR

Run in a fresh process by test_startup_imports.py, so no test's imports are counted.
"""

import gc
import json
import os
import sys

from PySide6.QtCore import QEvent, QObject

import dermadesk.gui.app as gui_app
from dermadesk.cli import main

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ[gui_app.QUIT_WHEN_READY_ENV] = "1"  # quits once the client list has painted
at_first_paint: list[str] = []
collector: dict[str, object] = {}
quit_on_paint = gui_app._QuitOnFirstPaint.eventFilter


def record_then_quit(self: QObject, watched: QObject, event: QEvent) -> bool:
    if event.type() == QEvent.Type.Paint and not at_first_paint:
        at_first_paint.extend(sys.modules)
        collector.update(enabled=gc.isenabled(), frozen=gc.get_freeze_count())
    return quit_on_paint(self, watched, event)  # type: ignore[arg-type]


gui_app._QuitOnFirstPaint.eventFilter = record_then_quit  # type: ignore[method-assign]
status = main(["--data-dir", sys.argv[1]])
print(json.dumps({"status": status, "modules": at_first_paint, "collector": collector}))
