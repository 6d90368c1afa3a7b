"""What happens to an exception nobody expected: logged, then shown as a report to copy.

The program keeps running where it can; the report holds what a developer
needs (version, platform, traceback) and never a client's data beyond what
the traceback itself names.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dermadesk import __version__

LOG_NAME = "dermadesk.log"
logger = logging.getLogger("dermadesk")


def start_logging(log_dir: Path) -> Path:
    """Log to `log_dir`/dermadesk.log (owner-only, rotated); returns the log's path."""
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    log_file = log_dir / LOG_NAME
    for old in [h for h in logger.handlers if isinstance(h, RotatingFileHandler)]:
        if Path(old.baseFilename) == log_file.absolute():
            return log_file  # logging there already
        logger.removeHandler(old)  # one log at a time: the one asked for, never another's
        old.close()
    handler = RotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return log_file


def report_text(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """The copyable report: versions, platform and the traceback."""
    from PySide6 import __version__ as pyside_version

    lines = [
        f"DermaDesk {__version__}",
        f"Python {platform.python_version()}, PySide6 {pyside_version}, {platform.platform()}",
        "",
        *traceback.format_exception(exc_type, exc, tb),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


class CrashDialog(QDialog):
    """Tells the user something went wrong, with the report to copy and send."""

    def __init__(self, report: str, log_file: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("DermaDesk ran into a problem")
        self.resize(640, 420)
        where = f" It was also saved in {log_file}." if log_file else ""
        intro = QLabel(
            "Something went wrong that DermaDesk did not expect. Your saved records are safe; "
            "the last action may not have finished. Please copy this report and send it to "
            f"your DermaDesk support.{where}"
        )
        intro.setWordWrap(True)
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton("&Copy report", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.report)
        layout.addWidget(buttons)

    def copy_report(self) -> None:
        """Put the report on the clipboard."""
        QGuiApplication.clipboard().setText(self.report.toPlainText())


class CrashHandler:
    """Installed as sys.excepthook while the window runs."""

    def __init__(self, log_file: Path | None):
        self.log_file = log_file
        self.dialogs: list[CrashDialog] = []

    def install(self) -> None:
        """Catch every exception that reaches the top of the GUI thread."""
        sys.excepthook = self

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        report = report_text(exc_type, exc, tb)
        logger.error("Unexpected error\n%s", report)
        dialog = CrashDialog(report, self.log_file, QApplication.activeWindow())
        dialog.finished.connect(lambda _result, d=dialog: self.dialogs.remove(d))
        self.dialogs.append(dialog)
        dialog.open()  # window-modal, but does not start a nested event loop
