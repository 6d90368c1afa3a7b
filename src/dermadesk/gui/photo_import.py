"""Importing pictures into a client's gallery: tags chosen once, a progress bar, a summary
(the dialog is built in Designer: ui/photo_import.ui).

The import runs on a worker thread (core's import_files hashes, copies and
checks every file, which takes a moment for a folder of 12-megapixel photos);
the window stays usable and Cancel stops the batch after the picture in
hand. At the end every file that was refused is named with its reason, and
pictures that were in the gallery already are told apart from new ones.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidgetItem, QPushButton, QWidget

from dermadesk.core.errors import DermaDeskError, ValidationError
from dermadesk.core.images import ACCEPTED_WORDS
from dermadesk.core.photo_import import Imported, picture_files
from dermadesk.core.photo_tags import PhotoTags
from dermadesk.core.practice import Practice
from dermadesk.gui import prompts
from dermadesk.gui.forms.ui_photo_import import Ui_ImportDialog
from dermadesk.gui.photo_tags import PhotoTagsForm, likely_session
from dermadesk.gui.tab_order import tab_in_layout_order
from dermadesk.gui.workers import BackgroundTask

PICTURE_FILTERS = "Pictures (*.jpg *.jpeg *.png *.heic *.heif *.tif *.tiff *.webp);;All files (*)"
REFUSED = QColor("#a33a3a")
MUTED = QColor("#6b7785")


@dataclass(frozen=True)
class ImportReport:
    """How a batch went: every file offered, what became of those reached, and if it was stopped."""

    files: list[Path]
    outcomes: list[Imported]
    stopped: bool

    @property
    def imported(self) -> list[Imported]:
        """The pictures new to the gallery."""
        return [o for o in self.outcomes if o.ok and not o.duplicate]

    @property
    def duplicates(self) -> list[Imported]:
        """Pictures that were in the gallery (or its bin) already: kept once."""
        return [o for o in self.outcomes if o.duplicate]

    @property
    def refused(self) -> list[Imported]:
        """Files not imported, each with its reason."""
        return [o for o in self.outcomes if o.refused]

    @property
    def not_reached(self) -> list[Path]:
        """Files the batch did not come to because it was stopped."""
        return self.files[len(self.outcomes) :]

    def headline(self) -> str:
        """The outcome in a sentence or two."""
        if not self.files:
            return f"No pictures were found there. DermaDesk takes {ACCEPTED_WORDS} files."
        parts = [f"{_count(len(self.imported), 'photo')} imported."]
        if self.duplicates:
            parts.append(
                f"{_count(len(self.duplicates), 'picture')} already in the gallery, kept once."
            )
        if self.refused:
            parts.append(f"{_count(len(self.refused), 'file')} not imported.")
        if self.stopped and self.not_reached:
            parts.append(f"Stopped: {_count(len(self.not_reached), 'file')} not imported.")
        return " ".join(parts)

    @property
    def all_plainly_imported(self) -> bool:
        """Everything offered is now in the gallery as a new photo: nothing to read."""
        return bool(self.files) and len(self.imported) == len(self.files)


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


class ImportDialog(QDialog):
    """Tags for a batch of pictures, then the import with its progress and summary.

    `finished_import(report)` is emitted once the batch has ended, however it
    ended; the gallery re-reads then.
    """

    finished_import = Signal(object)  # ImportReport

    def __init__(
        self,
        practice: Practice,
        client_id: int,
        paths: Sequence[Path],
        parent: QWidget | None = None,
        session_id: int | None = None,
    ):
        super().__init__(parent)
        self._practice = practice
        self.client_id = client_id
        self.paths = [Path(path) for path in paths]
        self.report: ImportReport | None = None
        self._task: BackgroundTask | None = None
        self._stop = threading.Event()
        self._latest: tuple[int, int, str] = (0, 0, "")  # written by the worker, read here

        self.ui = ui = Ui_ImportDialog()
        ui.setupUi(self)
        client = practice.clients.get(client_id)
        self.setWindowTitle(f"Import photos – {client.first_name} {client.last_name}")
        self.intro, self.tags_hint, self.pages = ui.intro, ui.tagsHint, ui.pages
        self.progress, self.progress_label = ui.progress, ui.progressLabel
        self.headline, self.tagged, self.details = ui.headline, ui.tagged, ui.details
        self._summary_page, self.buttons = ui.summaryPage, ui.buttons
        self.intro.setText(self._describe_paths())
        sessions = practice.sessions.for_client(client_id)
        self.tags_form = PhotoTagsForm(sessions)
        chosen = (
            session_id
            if session_id is not None
            else likely_session(sessions, practice.clock.today())
        )
        self.tags_form.set_tags(PhotoTags(session_id=chosen))
        ui.tagsLayout.insertWidget(0, self.tags_form)
        # The tags, then the progress, then the summary take the same place in turn: the
        # window keeps its size and nothing jumps. A stack sizes itself by the page on show,
        # so it has room for the tallest from the start.
        pages = (ui.tagsPage, ui.progressPage, ui.summaryPage)
        self.pages.setMinimumHeight(max(page.sizeHint().height() for page in pages))

        self.import_button = QPushButton("&Import")
        self.import_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")  # Cancel, then Stop, then Close
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        tab_in_layout_order(self)

    def _describe_paths(self) -> str:
        folders = [path for path in self.paths if path.is_dir()]
        files = [path for path in self.paths if not path.is_dir()]
        parts = []
        if files:
            names = ", ".join(path.name for path in files[:4])
            more = f" and {len(files) - 4} more" if len(files) > 4 else ""
            parts.append(f"{_count(len(files), 'file')}: {names}{more}")
        if folders:
            names = ", ".join(f"“{path.name or path}”" for path in folders[:3])
            more = f" and {len(folders) - 3} more" if len(folders) > 3 else ""
            kind = "folder" if len(folders) == 1 else "folders"
            parts.append(f"every picture in the {kind} {names}{more}")
        return "To import: " + "; ".join(parts) + "." if parts else "Nothing chosen to import."

    @property
    def running(self) -> bool:
        """True while the batch is being imported."""
        return self._task is not None and self._task.running

    # --- running ----------------------------------------------------------------------------

    def start(self) -> None:
        """Import the chosen pictures with the chosen tags, off the GUI thread."""
        if self.running or self.report is not None:
            return
        tags = self.tags_form.tags()
        photos, client_id, paths, stop = (
            self._practice.photos,
            self.client_id,
            self.paths,
            self._stop,
        )

        def work(_progress: object) -> ImportReport:  # on a worker thread: no widgets here
            files = picture_files(paths)
            self._latest = (0, len(files), files[0].name if files else "")

            def progress(done: int, total: int, name: str) -> None:
                self._latest = (done, total, name)
                _progress(done, total)  # type: ignore[operator]

            outcomes = photos.import_files(client_id, files, tags, progress, stop.is_set)
            return ImportReport(files, outcomes, stopped=stop.is_set())

        self.tagged.setText(f"Tagged: {self._tags_in_words()}.")
        self.import_button.setEnabled(False)
        self.pages.setCurrentIndex(1)
        self.progress.setRange(0, 0)  # busy until the first file is counted
        self.progress_label.setText("Looking for pictures…")
        self._task = BackgroundTask(work)  # no parent: it lives until it reports
        self._task.progressed.connect(self._on_progress)
        self._task.succeeded.connect(self._on_done)
        self._task.failed.connect(self._on_failed)
        self._task.start()

    def cancel(self) -> None:
        """Stop the batch after the picture in hand, or close when nothing runs."""
        if self.running:
            self._stop.set()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText("Stopping after this picture…")
            return
        self.reject()

    def reject(self) -> None:
        """Escape or the window's close button: stop first when a batch is running."""
        if self.running:
            self.cancel()
            return
        super().reject()

    def _on_progress(self, _done: int, _total: int) -> None:
        done, total, name = self._latest
        if self._stop.is_set() or total == 0:
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if name:
            self.progress_label.setText(f"Importing {name} ({done + 1} of {total})…")

    def _tags_in_words(self) -> str:
        form = self.tags_form
        chosen = [
            box.currentText()
            for box in (form.session, form.area, form.view, form.stage)
            if box.currentData() not in ("", -1)
        ]
        return " · ".join(chosen) if chosen else "nothing (add tags afterwards with Tags…)"

    def _on_done(self, report: ImportReport) -> None:
        self.report = report
        self._show_summary(report)
        self.finished_import.emit(report)
        if report.all_plainly_imported:
            self.accept()  # nothing to read: the gallery's status line says how many

    def _on_failed(self, error: object) -> None:
        if isinstance(error, ValidationError):
            message = "; ".join(problem.message for problem in error.problems)
        elif isinstance(error, DermaDeskError):
            message = str(error)
        else:
            message = f"Something went wrong while importing ({error})."
        self.report = ImportReport(list(self.paths), [], stopped=True)
        self.finished_import.emit(self.report)
        self.headline.setText(message)
        self.details.setVisible(False)
        self.pages.setCurrentWidget(self._summary_page)
        self._finish_buttons()
        prompts.show_error(self, "Photos not imported", message)

    def _show_summary(self, report: ImportReport) -> None:
        self.headline.setText(report.headline())
        self.tagged.setVisible(bool(report.imported))
        self.details.clear()
        for outcome in report.refused:
            item = QListWidgetItem(outcome.message())
            item.setForeground(REFUSED)
            self.details.addItem(item)
        for outcome in report.duplicates:
            item = QListWidgetItem(outcome.message())
            item.setForeground(MUTED)
            self.details.addItem(item)
        if report.stopped and report.not_reached:
            for path in report.not_reached:
                item = QListWidgetItem(f"{path.name}: not imported (the import was stopped).")
                item.setForeground(MUTED)
                self.details.addItem(item)
        self.details.setVisible(self.details.count() > 0)
        self.pages.setCurrentWidget(self._summary_page)
        self._finish_buttons()

    def _finish_buttons(self) -> None:
        self.import_button.setVisible(False)
        self.cancel_button.setText("Close")
        self.cancel_button.setEnabled(True)
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()

    def summary_text(self) -> str:
        """The summary as the practitioner reads it (headline, then one line per file)."""
        lines = [self.headline.text()]
        lines += [self.details.item(row).text() for row in range(self.details.count())]
        return "\n".join(line for line in lines if line)
