"""An unexpected error: logged under the data dir and shown as a report to copy."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dermadesk.gui.crash_report import CrashDialog, CrashHandler, start_logging


def test_an_unexpected_error_is_logged_and_shown_with_a_copyable_report(
    tmp_path: Path, qtbot: QtBot
) -> None:
    log_file = start_logging(tmp_path / "logs")
    handler = CrashHandler(log_file)
    try:
        raise ZeroDivisionError("the bug itself")
    except ZeroDivisionError:
        handler(*sys.exc_info())  # type: ignore[arg-type]

    (dialog,) = handler.dialogs
    qtbot.addWidget(dialog)
    assert isinstance(dialog, CrashDialog) and dialog.isVisible()
    report = dialog.report.toPlainText()
    assert "ZeroDivisionError: the bug itself" in report
    assert "DermaDesk " in report and "Traceback" in report

    qtbot.mouseClick(
        dialog.copy_button, __import__("PySide6.QtCore").QtCore.Qt.MouseButton.LeftButton
    )
    assert QApplication.clipboard().text() == report

    for handler_ in __import__("logging").getLogger("dermadesk").handlers:
        handler_.flush()
    logged = log_file.read_text(encoding="utf-8")
    assert "ZeroDivisionError: the bug itself" in logged
    assert log_file.parent == tmp_path / "logs"

    dialog.reject()
    assert handler.dialogs == []


def test_logging_started_again_for_another_folder_writes_there(tmp_path: Path) -> None:
    # A second start (another data folder in the same process) must log where it says it does.
    first = start_logging(tmp_path / "first" / "logs")
    second = start_logging(tmp_path / "second" / "logs")
    again = start_logging(tmp_path / "second" / "logs")
    logger = __import__("logging").getLogger("dermadesk")
    logger.warning("after the second start")
    for handler in logger.handlers:
        handler.flush()
    assert again == second
    assert "after the second start" in second.read_text(encoding="utf-8")
    assert not first.exists() or "after the second start" not in first.read_text("utf-8")
    assert len([h for h in logger.handlers if hasattr(h, "baseFilename")]) == 1
