"""The GUI tests' own guard: an exception nobody caught is seen, even behind the crash dialog."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from dermadesk.gui.crash_report import CrashDialog, CrashHandler
from tests.gui.conftest import CrashWatch
from tests.gui.paths import answering


def fail() -> None:
    raise ZeroDivisionError("the bug itself")


@pytest.mark.qt_no_exception_capture
def test_an_exception_behind_dermadesks_crash_dialog_is_still_seen(
    crash_watch: CrashWatch, qtbot: QtBot
) -> None:
    CrashHandler(None).install()  # as the program does when it starts
    with answering() as answerer:  # the crash dialog is closed through its Close button
        QTimer.singleShot(0, fail)
        qtbot.waitUntil(lambda: any("CrashDialog" in s for s in answerer.seen))
        answerer.crashes.clear()  # seen here on purpose
    caught = crash_watch.take()
    assert len(caught) == 1 and "ZeroDivisionError: the bug itself" in caught[0]
    assert not [w for w in qtbot_dialogs() if w.isVisible()]


def qtbot_dialogs() -> list[CrashDialog]:
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog)]


def test_an_exception_in_a_thread_is_seen(crash_watch: CrashWatch) -> None:
    worker = threading.Thread(target=fail, name="worker")
    worker.start()
    worker.join()
    (caught,) = crash_watch.take()
    assert caught.startswith("in worker:") and "ZeroDivisionError" in caught
