"""Backups from the window: Back up now, the daily backup when DermaDesk closes, and the status
bar's word on when the last one was made.

The backups themselves are core's (core/backup.py): one verified file with
the database and the photos. Here they run off the GUI thread with a
progress dialog, and what went wrong is said in words.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from dermadesk.core.dates import long_date
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.practice import Practice
from dermadesk.gui import prompts
from dermadesk.gui.crash_report import logger
from dermadesk.gui.sticky_dialog import StickyDialog
from dermadesk.gui.workers import BackgroundTask, run_in_background

# The backup modules (core.backup, core.backup_rotation) load with the status bar's first look at
# the backups, after the client list's first paint, or with the first backup made.
if TYPE_CHECKING:
    from dermadesk.core.backup import BackupResult

STALE_AFTER = timedelta(days=7)  # older than this, the status bar warns
NO_BACKUP_COLOUR = "#b42318"
STALE_COLOUR = "#9a5b00"
REFRESH_MS = 15 * 60 * 1000
_SHOW_CLOSING_DIALOG_AFTER_MS = 300  # a quick (or skipped) daily backup shows nothing


def backup_age_words(last: datetime | None, now: datetime) -> str:
    """When the last backup was, as the status bar says it: today 14:02, 3 days ago, never."""
    if last is None:
        return "No backup yet"
    days = (now.date() - last.date()).days
    if days <= 0:
        return f"Last backup: today {last:%H:%M}"
    if days == 1:
        return f"Last backup: yesterday {last:%H:%M}"
    return f"Last backup: {days} days ago"


def _size_words(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, size // 1024)} KB"
    if size < 1024**3:
        return f"{size / 1024**2:.1f} MB"
    return f"{size / 1024**3:.2f} GB"


class BackupStatusLabel(QLabel):
    """The status bar's "Last backup: ..." with a warning colour when there is none for a week,
    and in red when the newest backup holds damage or markedly fewer records than an older one."""

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("backupStatus")
        self._practice = practice
        self.stale = False
        self.concerns: list[str] = []
        # "today 14:02" turns into "yesterday" at midnight while the program stays open.
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    def refresh(self, now: datetime | None = None) -> None:
        """Look at the backups again (after a backup, or a change of folder)."""
        from dermadesk.core.backup import backups_in
        from dermadesk.core.backup_rotation import backup_concerns, is_damaged

        now = now or self._practice.clock.local_now()
        folder = self._practice.backup_folder()
        newest = self._practice.last_backup()
        last, where = newest if newest is not None else (None, str(folder))
        self.setText(backup_age_words(last, now))
        how = (
            "DermaDesk makes one when it closes (once a day) and keeps the newest few; "
            "File ▸ Back up now… makes one at any time, on any disk."
        )
        if last is None:
            self.stale = True
            colour = NO_BACKUP_COLOUR
            tip = f"There is no backup in {folder} yet. {how}"
        elif now - last > STALE_AFTER:
            self.stale = True
            colour = STALE_COLOUR
            tip = (
                f"The newest backup ({where}) is from {long_date(last.date())}, more than a "
                f"week ago. Make one now: File ▸ Back up now…. {how}"
            )
        else:
            self.stale = False
            colour = ""
            when = f"{long_date(last.date())} {last:%H:%M}"
            tip = f"The newest backup ({where}) is from {when}. {how}"
        self.concerns = backup_concerns(backups_in(folder))
        if where != str(folder) and is_damaged(Path(where)):
            self.concerns.insert(0, f"The newest backup ({where}) holds damage.")
        if self.concerns:
            colour = NO_BACKUP_COLOUR
            damaged = any("holds damage" in c for c in self.concerns)
            self.setText(
                f"{self.text()} – {'holds damage' if damaged else 'fewer records than before'}"
            )
            tip = " ".join(self.concerns) + " Run Check (dermadesk check) to see what is wrong."
        self.setStyleSheet(f"color: {colour}; font-weight: bold;" if colour else "")
        self.setToolTip(tip)


class WorkingDialog(StickyDialog):
    """What the window shows while work that cannot be stopped halfway runs: a line saying
    what is happening and a bar. It stays until the work is done."""

    def __init__(self, label: str, title: str, parent: QWidget | None):
        super().__init__(parent)
        self.setObjectName("workingDialog")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(460)
        self.label = QLabel(label)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first report
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 20)
        layout.setSpacing(12)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)

    def setLabelText(self, text: str) -> None:
        """Say what is happening now."""
        self.label.setText(text)

    def show_progress(self, done: int, total: int) -> None:
        """Move the bar (a share of `total`; 0 of 0 is a busy bar)."""
        if self.bar.maximum() != total:
            self.bar.setRange(0, total)
        self.bar.setValue(done)

    def finish(self) -> None:
        """Close for good (the work ended)."""
        self.close_for_good()


def backup_filter() -> str:
    """The file dialogs' filter for backup files."""
    from dermadesk.core.backup_rotation import SUFFIX

    return f"DermaDesk backups (*{SUFFIX});;All files (*)"


def _with_suffix(path: Path) -> Path:
    from dermadesk.core.backup_rotation import SUFFIX

    return path if path.name.endswith(SUFFIX) else path.with_name(path.name + SUFFIX)


def back_up_now(
    parent: QWidget, practice: Practice, on_finished: Callable[[str | None], None]
) -> BackgroundTask | None:
    """Ask where, then write and verify a backup there with a progress dialog; None if cancelled.

    When the work ends, `on_finished` gets a line for the status bar, or None
    after a failure, which has been told in words already.
    """
    from dermadesk.core.backup import default_backup_name

    # Started where the last one went (a USB stick, say), else in Documents.
    chosen = prompts.ask_save_path(
        parent,
        "Back up the practice",
        default_backup_name(practice.clock.local_now()),
        backup_filter(),
    )
    if not chosen:
        return None
    destination = _with_suffix(Path(chosen))
    dialog = WorkingDialog(f"Backing up the practice to {destination.name}…", "Backing up", parent)
    dialog.show()

    def progress(done: int, total: int) -> None:
        dialog.show_progress(done, total)
        if done >= total:
            dialog.setLabelText("Checking every file of the backup…")

    def succeeded(result: BackupResult) -> None:
        dialog.finish()
        made = f"Backup made and checked: {result.path} ({_size_words(result.size)})."
        if result.damage:
            made = (
                f"{made} The practice has problems, so it is named as holding damage: "
                f"{result.damage[0]}."
            )
        on_finished(made)

    def failed(error: BaseException) -> None:
        dialog.finish()
        if not isinstance(error, DermaDeskError):
            logger.error("Back up now failed", exc_info=error)
        prompts.show_error(parent, "The backup was not made", _error_words(error))
        on_finished(None)

    task = run_in_background(lambda report: practice.backup(destination, report))
    task.progressed.connect(progress)
    task.succeeded.connect(succeeded)
    task.failed.connect(failed)
    return task


def _error_words(error: BaseException) -> str:
    if isinstance(error, DermaDeskError):
        return str(error)
    # Not a problem core knows how to name (a bug, or the disk gone mid-way): say what
    # it was in a line, and where the details went.
    return (
        f"Something unexpected stopped it ({type(error).__name__}: {error}). "
        "The details are in DermaDesk's log."
    )


def backup_before_closing(parent: QWidget, practice: Practice) -> BackupResult | None:
    """Today's automatic backup (core skips it when one was made today); waits for it while the
    window stays painted. Never raises: a failure is logged and told, and closing goes on."""
    from dermadesk.core.backup import BackupResult

    dialog = WorkingDialog("Making today's backup before DermaDesk closes…", "Backing up", parent)
    task = run_in_background(lambda _report: practice.automatic_backup())
    show_later = QTimer()
    show_later.setSingleShot(True)
    show_later.timeout.connect(lambda: dialog.show() if not task.done else None)
    show_later.start(_SHOW_CLOSING_DIALOG_AFTER_MS)
    if not task.done:
        loop = QEventLoop()
        task.finished.connect(loop.quit)
        # Paint and run timers, but no clicks or keys: the window is on its way out.
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    # A quitting program's event loop returns at once: then wait for the backup plainly.
    task.wait()
    show_later.stop()
    dialog.finish()
    if task.error is not None:
        logger.error("The daily backup before closing failed", exc_info=task.error)
        prompts.show_error(
            parent,
            "Today's backup was not made",
            f"{_error_words(task.error)}\n\nDermaDesk closes anyway; it tries again the next "
            "time it closes. File ▸ Back up now… makes a backup at any time.",
        )
        return None
    if isinstance(task.result, BackupResult):
        logger.info("Daily backup written to %s", task.result.path)
        return task.result
    return None  # one was made today already
