"""Restore from a backup: a backup file into an empty or new folder, then open it if wanted.

The practice open in this window is never touched: a backup is restored
beside it, into a folder of its own, and opened there by a new DermaDesk.
Core checks every file against the backup's manifest before anything is put
in place, so a damaged backup restores nothing.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.backup_archive import Progress
from dermadesk.core.backup_keys import Unlock, is_encrypted_backup, read_backup_key
from dermadesk.core.clock import Clock
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.keys import DataKey, KeyError_
from dermadesk.core.practice import Practice
from dermadesk.gui import prompts
from dermadesk.gui.backups import backup_filter
from dermadesk.gui.crash_report import logger
from dermadesk.gui.lock_screen import when_unlocked
from dermadesk.gui.restore_key import BackupKeyRow
from dermadesk.gui.single_instance import SingleInstance
from dermadesk.gui.workers import BackgroundTask, run_in_background

_PROBLEM = "#b42318"
_DONE = "#1e7b34"


_OPENED: list[QWidget] = []  # the restored practices' windows, kept until each is closed


def open_restored(data_dir: Path, key: DataKey | None, clock: Clock | None = None) -> str:
    """Open the restored practice in a new window of this DermaDesk with the key its restore
    was unlocked with (no passphrase asked twice); why not, in words, or "" when it opened."""
    from dermadesk.gui.app import open_window  # the window and all it needs, only now

    instance = SingleInstance(data_dir)
    if not instance.acquire():
        return f"Another DermaDesk is using {data_dir} already."
    try:
        practice = Practice.open(data_dir, clock, key)
    except DermaDeskError as error:
        instance.release()
        return str(error)
    practice.audit.source = "window"
    window = open_window(practice, data_dir)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    instance.activation_requested.connect(window.bring_to_front)
    instance.listen()
    _OPENED.append(window)

    def closed() -> None:  # the window is gone: so are its database and its hold on the folder
        _OPENED.remove(window)
        practice.close()
        instance.release()

    window.destroyed.connect(closed)
    return ""


def suggested_folder(data_dir: Path, today: date) -> Path:
    """A new folder beside the practice's own, named for the day, that does not exist yet."""
    base = data_dir.parent / f"{data_dir.name} restored {today.isoformat()}"
    candidate, number = base, 2
    while candidate.exists():
        candidate = base.with_name(f"{base.name} ({number})")
        number += 1
    return candidate


class RestoreDialog(QDialog):
    """Choose a backup and an empty or new folder; restore there with progress."""

    # The practitioner wants the restored practice opened: its folder and its key (None for a
    # plain one), kept from the restore so the passphrase is not asked again.
    open_requested = Signal(Path, object)

    def __init__(
        self, data_dir: Path, today: date, parent: QWidget | None = None, in_window: bool = True
    ):
        super().__init__(parent)
        # Not in a window: offered at start-up, for a folder that lost its database.
        self._in_window = in_window
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from a backup")
        self.setMinimumWidth(760)  # the recovery code's row whole, and within 1024 pixels
        self._data_dir = data_dir
        self.task: BackgroundTask | None = None
        self.restored_to: Path | None = None
        self.restored_key: DataKey | None = None
        form = self._build_form(data_dir, today)
        note = QLabel(
            "DermaDesk restores only into an empty or new folder, so nothing is ever written "
            f"over. {'The practice open now' if in_window else 'The folder'} ({data_dir}) "
            "stays as it is. Every file is checked "
            "against the backup's list of fingerprints first: a damaged backup restores nothing."
        )
        note.setWordWrap(True)
        note.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.message = QLabel()
        self.message.setObjectName("restoreMessage")
        self.message.setWordWrap(True)
        self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _build_form(self, data_dir: Path, today: date) -> QFormLayout:
        """The backup file and the folder to restore into, each with its Choose button."""
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText("the .dermadesk-backup file")
        self.choose_file_button = QPushButton("C&hoose…")
        self.choose_file_button.clicked.connect(self.choose_file)
        self.folder_edit = QLineEdit(str(suggested_folder(data_dir, today)))
        self.choose_folder_button = QPushButton("Ch&oose…")
        self.choose_folder_button.clicked.connect(self.choose_folder)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_file_button)
        for button in (self.choose_file_button, self.choose_folder_button):
            button.setAutoDefault(False)  # Enter in a field restores; it opens no file dialog
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.choose_folder_button)
        form = QFormLayout()
        for text, row, edit in (("&Backup file", file_row, self.file_edit),
                                ("Restore &into", folder_row, self.folder_edit)):  # fmt: skip
            label = QLabel(text)
            label.setBuddy(edit)  # a row of two widgets gets no buddy by itself
            form.addRow(label, row)
        # Shown only for an encrypted backup: a plain (older) one restores without it.
        self.key_row = BackupKeyRow()
        form.addRow(self.key_row.label, self.key_row)
        self.key_row.set_shown(False)
        self.file_edit.textChanged.connect(self._show_key_row_if_encrypted)
        return form

    def _show_key_row_if_encrypted(self) -> None:
        source = Path(self.file_edit.text().strip()).expanduser()
        self.key_row.set_shown(self._encrypted(source))

    @staticmethod
    def _encrypted(source: Path) -> bool:
        """True for an encrypted backup; False for a plain one, or one core will say is no
        backup (in the restore's own words)."""
        try:
            return source.is_file() and is_encrypted_backup(source)
        except DermaDeskError:
            return False

    def _build_buttons(self) -> None:
        """Restore, Open the restored practice (shown once restored) and Close."""
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = self.buttons.addButton(
            "&Restore", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore)
        self.open_button = self.buttons.addButton(
            "&Open the restored practice", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.setVisible(False)
        self.open_button.clicked.connect(self.offer_to_open)
        self.buttons.rejected.connect(self.reject)

    def choose_file(self) -> None:
        """Pick the backup file."""
        chosen = prompts.ask_open_path(self, "Choose the backup to restore", backup_filter())
        if chosen:
            self.file_edit.setText(chosen)

    def choose_folder(self) -> None:
        """Pick (or make, in the dialog) the folder to restore into."""
        start = self.folder_edit.text().strip() or str(self._data_dir.parent)
        chosen = prompts.ask_folder(self, "Restore into which empty folder?", start)
        if chosen:
            self.folder_edit.setText(chosen)

    def _say(self, message: str, colour: str = _PROBLEM) -> None:
        self.message.setText(f"<span style='color:{colour}'>{html.escape(message)}</span>")

    def _busy(self, busy: bool) -> None:
        for widget in (self.file_edit, self.folder_edit, self.choose_file_button,
                       self.choose_folder_button, self.restore_button, self.key_row):  # fmt: skip
            widget.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setEnabled(not busy)
        self.progress.setVisible(busy)

    def restore(self) -> BackgroundTask | None:
        """Restore the chosen backup into the chosen folder off the GUI thread; None when the
        choice is incomplete (said in words)."""
        source_text, folder_text = self.file_edit.text().strip(), self.folder_edit.text().strip()
        if not source_text:
            self._say("Choose the backup file to restore first.")
            return None
        if not folder_text:
            self._say("Choose an empty or new folder to restore into.")
            return None
        source = Path(source_text).expanduser()
        target = Path(folder_text).expanduser()
        if not target.is_absolute():
            self._say("Give the folder to restore into as a full path (or use Choose…).")
            return None
        unlock: Unlock | None = None
        if self._encrypted(source):
            self.key_row.set_shown(True)
            unlock = self.key_row.unlock()
            if unlock is None:
                self._say(
                    "This backup is encrypted. Type the passphrase of the practice it holds "
                    "(or use its recovery code), then Restore."
                )
                self.key_row.ask_again()
                return None
        self.restored_to = None
        self.open_button.setVisible(False)
        self._say(
            ("Checking the passphrase, then r" if unlock else "R")
            + "estoring and checking every file…",
            "#3e4c59",
        )
        self.progress.setRange(0, 0)
        self._busy(True)
        self.task = run_in_background(lambda report: _restore(source, target, unlock, report))
        self.task.progressed.connect(self._progress)
        self.task.succeeded.connect(lambda done: self._restored(target, *done))
        self.task.failed.connect(self._failed)
        return self.task

    def _progress(self, done: int, total: int) -> None:
        if self.progress.maximum() != total:
            self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _restored(self, target: Path, files: int, key: DataKey | None) -> None:
        self._busy(False)
        self.restored_to, self.restored_key = target, key
        self.key_row.field.clear()  # not kept on screen longer than needed
        # A backup holds the database and the photos, and an encrypted one its key file.
        photos = files - 1 - (key is not None)
        what = "the database" + (
            "" if photos <= 0 else f" and {photos} photo{'s' if photos > 1 else ''}"
        )
        here = "The practice open in this window" if self._in_window else str(self._data_dir)
        self._say(f"Restored and checked: {what}, in {target}. {here} is unchanged.", _DONE)
        self.open_button.setVisible(True)
        when_unlocked(self.offer_to_open)  # never a question in front of the lock

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        if isinstance(error, DermaDeskError):
            self._say(str(error))
            if isinstance(error, KeyError_):  # a wrong passphrase or code: typed again
                self.key_row.ask_again()
            return
        logger.error("Restore failed", exc_info=error)
        self._say(
            f"Something unexpected stopped the restore ({type(error).__name__}: {error}). "
            "The details are in DermaDesk's log."
        )

    def offer_to_open(self) -> None:
        """Ask whether to open the restored practice now (this window then closes)."""
        if self.restored_to is None:
            return
        if prompts.ask_yes_no(
            self,
            "Open the restored practice?",
            f"Open the practice restored into {self.restored_to} now? DermaDesk then works on "
            "the restored data" + (", and this window closes." if self._in_window else "."),
        ):
            self.open_requested.emit(self.restored_to, self.restored_key)
            self.accept()

    def reject(self) -> None:
        """Close, unless a restore is still running (it is waited for)."""
        if self.task is not None and self.task.running:
            return
        super().reject()


def _restore(
    source: Path, target: Path, unlock: Unlock | None, report: Progress
) -> tuple[int, DataKey | None]:
    """On the worker: the key checked first (a wrong passphrase writes nothing), then the
    restore with it; the files restored and the key, to open the restored practice with."""
    key = read_backup_key(source, unlock)
    known = None if key is None else _given(key)
    return Practice.restore(source, target, report, source_label="window", unlock=known), key


def _given(key: DataKey) -> Unlock:
    return lambda _folder: key  # already unlocked: no second Argon2 step
