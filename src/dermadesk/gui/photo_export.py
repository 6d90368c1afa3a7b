"""Exporting a photo or a comparison: for whom (the clinical record, or marketing), and where.

Core decides what the client's photo consent allows and writes the files
upright and without metadata (no location, no camera), recording each export
in the audit trail. This dialog asks the purpose first, says in words what
the consent allows, shows core's refusal as it is worded, and writes the
file off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QMainWindow,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.consent_status import PHOTO
from dermadesk.core.dates import long_date
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.photo_export import CLINICAL, MARKETING, ExportRefused
from dermadesk.core.photo_tags import describe_tags
from dermadesk.core.practice import Practice
from dermadesk.gui import prompts
from dermadesk.gui.workers import BackgroundTask

PURPOSES = {CLINICAL: "For the &clinical record", MARKETING: "For &marketing or publication"}
JPEG_FILTER = "JPEG picture (*.jpg *.jpeg)"
PDF_FILTER = "PDF sheet (*.pdf)"


def tell_window(widget: QWidget, message: str) -> None:
    """Put `message` in the status bar of the main window `widget` belongs to, if any."""
    parent: QWidget | None = widget
    while parent is not None:
        if isinstance(parent, QMainWindow):
            parent.statusBar().showMessage(message, 10_000)
            return
        parent = parent.parentWidget()


class ExportDialog(QDialog):
    """Export one photo, or a comparison of two (left first), for a purpose the consent allows.

    `exported(message)` carries a sentence saying what was written where.
    """

    exported = Signal(str)

    def __init__(
        self,
        practice: Practice,
        client_id: int,
        photo_ids: Sequence[int],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        if len(photo_ids) not in (1, 2):
            raise ValueError("export one photo or a comparison of two")
        self._practice = practice
        self.client_id = client_id
        self.photo_ids = list(photo_ids)
        self.written: Path | None = None
        self._task: BackgroundTask | None = None
        photos = [practice.photos.get(pid) for pid in self.photo_ids]
        self._photos = photos
        self.comparison = len(photos) == 2
        self.setWindowTitle("Export comparison" if self.comparison else "Export photo")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_what())
        layout.addWidget(self._build_purpose())
        layout.addWidget(self._build_format())
        self._build_buttons()
        layout.addWidget(self.working)
        layout.addWidget(self.buttons)

    def _build_what(self) -> QGroupBox:
        """What is exported: the photo, or the comparison's two, with tags and dates."""
        lines = [f"{describe_tags(p)}, taken {long_date(p.taken_at.date())}" for p in self._photos]
        if self.comparison:
            lines = [f"Left: {lines[0]}", f"Right: {lines[1]}"]
        what = QGroupBox("The comparison" if self.comparison else "The photo")
        what_text = QLabel("\n".join(lines))
        what_text.setTextFormat(Qt.TextFormat.PlainText)
        what_text.setWordWrap(True)
        QVBoxLayout(what).addWidget(what_text)
        return what

    def _build_purpose(self) -> QGroupBox:
        """The clinical record or marketing, and what the client's photo consent allows."""
        practice, client_id = self._practice, self.client_id
        self.purpose_buttons = {purpose: QRadioButton(text) for purpose, text in PURPOSES.items()}
        self.purpose_buttons[CLINICAL].setChecked(True)
        self._purposes = QButtonGroup(self)
        purpose_box = QGroupBox("What is it for?")
        purpose_layout = QVBoxLayout(purpose_box)
        for button in self.purpose_buttons.values():
            self._purposes.addButton(button)
            purpose_layout.addWidget(button)
        standing = practice.consents.status(client_id, PHOTO)
        note = standing.describe()
        try:
            practice.photos.check_export(client_id, MARKETING)
        except ExportRefused:
            note += " It does not allow marketing or publication."
        self.consent_note = QLabel(
            f"{note} Exported pictures are upright, without location or camera details."
        )
        self.consent_note.setTextFormat(Qt.TextFormat.PlainText)
        self.consent_note.setWordWrap(True)
        self.consent_note.setStyleSheet("color: #5b6b7a")
        purpose_layout.addWidget(self.consent_note)
        return purpose_box

    def _build_format(self) -> QGroupBox:
        """A comparison's format: one JPEG picture or a PDF sheet (hidden for one photo)."""
        self.jpeg_button = QRadioButton("One picture, the two side by side (&JPEG)")
        self.pdf_button = QRadioButton("A one-page &PDF sheet with dates and tags")
        self.jpeg_button.setChecked(True)
        self._formats = QButtonGroup(self)
        self.format_box = QGroupBox("Format")
        format_layout = QVBoxLayout(self.format_box)
        for button in (self.jpeg_button, self.pdf_button):
            self._formats.addButton(button)
            format_layout.addWidget(button)
        self.format_box.setVisible(self.comparison)
        return self.format_box

    def _build_buttons(self) -> None:
        """Export… and Cancel, and the word shown while the file is written."""
        self.working = QLabel("Exporting…")
        self.working.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.export_button = QPushButton("&Export…")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)

    @property
    def purpose(self) -> str:
        """CLINICAL or MARKETING, as chosen."""
        return MARKETING if self.purpose_buttons[MARKETING].isChecked() else CLINICAL

    @property
    def as_pdf(self) -> bool:
        """True when a comparison is to be written as a PDF sheet."""
        return self.comparison and self.pdf_button.isChecked()

    def suggested_name(self) -> str:
        """A file name saying what the export shows; for marketing, never the client's name."""
        first = self._photos[0]
        what = describe_tags(first) if first.area or first.view or first.stage else "Photo"
        if self.comparison:
            what = what.replace(", before", "").replace(", after", "") + ", comparison"
        stamp = f"{self._photos[-1].taken_at:%Y-%m-%d}"
        if self.purpose == CLINICAL:
            client = self._practice.clients.get(self.client_id)
            what = f"{client.last_name} {client.first_name} - {what}"
        name = f"{what} {stamp}".replace("/", "-").replace(",", "")
        return name + (".pdf" if self.as_pdf else ".jpg")

    def export(self) -> None:
        """Check the consent, ask where, and write the file in the background."""
        if self._task is not None and self._task.running:
            return
        purpose, as_pdf = self.purpose, self.as_pdf
        photos = self._practice.photos
        try:
            photos.check_export(self.client_id, purpose)
        except ExportRefused as refusal:
            prompts.show_error(self, "Not exported", str(refusal))
            return
        title = "Export comparison" if self.comparison else "Export photo"
        chosen = prompts.ask_save_path(
            self,
            title,
            str(Path.home() / self.suggested_name()),
            PDF_FILTER if as_pdf else JPEG_FILTER,
        )
        if not chosen:
            return
        destination = Path(chosen)
        wanted = ".pdf" if as_pdf else ".jpg"
        if destination.suffix.lower() not in ((".pdf",) if as_pdf else (".jpg", ".jpeg")):
            destination = destination.with_name(destination.name + wanted)
        ids = self.photo_ids
        sheets = self._practice.sheets

        def work(_progress: object) -> Path:  # on a worker thread
            if len(ids) == 1:
                return photos.export_photo(ids[0], destination, purpose)
            if as_pdf:
                return sheets.export_comparison(ids[0], ids[1], destination, purpose)
            return photos.export_comparison(ids[0], ids[1], destination, purpose)

        self.export_button.setEnabled(False)
        self.working.setVisible(True)
        self._task = BackgroundTask(work)  # no parent: it lives until it reports
        self._task.succeeded.connect(self._on_written)
        self._task.failed.connect(self._on_failed)
        self._task.start()

    def _on_written(self, path: Path) -> None:
        self.written = Path(path)
        what = "Comparison" if self.comparison else "Photo"
        message = f"{what} exported {PURPOSES[self.purpose].replace('&', '').lower()}: {path}"
        self.exported.emit(message)
        tell_window(self, message)
        self.accept()

    def _on_failed(self, error: object) -> None:
        self.working.setVisible(False)
        self.export_button.setEnabled(True)
        if isinstance(error, DermaDeskError):
            text = str(error)
        elif isinstance(error, AttributeError) and "export_comparison" in str(error):
            text = "Exporting a comparison is not available in this version yet."
        elif isinstance(error, OSError):
            text = f"The file could not be written ({error.strerror or error})."
        else:
            text = f"The export failed ({error})."
        prompts.show_error(self, "Not exported", text)
