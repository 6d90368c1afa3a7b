"""One photo large and upright: zoom (wheel, + and -, fit), pan by dragging, previous and next.

Pictures are decoded upright by core (EXIF orientation applied) on a worker
thread into a QImage; the thumbnail shows meanwhile (photo_loading). The
zooming canvas is photo_canvas's, shared with the comparison.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dermadesk.core.dates import long_date
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.photo_tags import describe_tags
from dermadesk.core.practice import Practice
from dermadesk.gui.photo_canvas import PhotoCanvas, ZoomLabel, zoom_buttons
from dermadesk.gui.photo_loading import LoadedPicture, load_in_background, thumbnail_image
from dermadesk.gui.screen_fit import resize_within_screen
from dermadesk.gui.workers import BackgroundTask

VIEWER_PIXELS = 3072  # longest side decoded for viewing: skin texture close up, without 48 MB


class PhotoViewer(QDialog):
    """A window showing one photo at a time from a list, large, with previous and next."""

    image_shown = Signal(int)  # a photo id, once its full picture is on screen

    def __init__(
        self,
        practice: Practice,
        photo_ids: Sequence[int],
        index: int = 0,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._practice = practice
        self.photo_ids = list(photo_ids)
        self.index = min(max(index, 0), len(self.photo_ids) - 1)
        self._task: BackgroundTask | None = None
        self.loaded_id: int | None = None  # whose full picture is on show
        self.setWindowTitle("Photo")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.setSizeGripEnabled(True)

        self.canvas = PhotoCanvas()
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setWordWrap(True)
        self.position = QLabel()
        self.previous_button = QPushButton("◀ &Previous")
        self.previous_button.clicked.connect(self.previous)
        self.next_button = QPushButton("&Next ▶")
        self.next_button.clicked.connect(self.next)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        for button in (self.previous_button, self.next_button, close):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrows and +/- stay with the picture
        bar = QHBoxLayout()
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.position)
        bar.addStretch(1)
        bar.addWidget(ZoomLabel(self.canvas.state))
        for zoom in zoom_buttons(self.canvas):
            bar.addWidget(zoom)
        bar.addSpacing(12)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.caption)
        layout.addLayout(bar)
        for keys, action in (
            (Qt.Key.Key_Left, self.previous),
            (Qt.Key.Key_PageUp, self.previous),
            (Qt.Key.Key_Right, self.next),
            (Qt.Key.Key_PageDown, self.next),
        ):
            QShortcut(QKeySequence(keys), self, action)
        resize_within_screen(self, 1000, 760)
        self.show_photo(self.index)

    @property
    def photo_id(self) -> int:
        """The photo on show."""
        return self.photo_ids[self.index]

    def previous(self) -> None:
        """The photo before this one in the list."""
        if self.index > 0:
            self.show_photo(self.index - 1)

    def next(self) -> None:
        """The photo after this one in the list."""
        if self.index < len(self.photo_ids) - 1:
            self.show_photo(self.index + 1)

    def show_photo(self, index: int) -> None:
        """Show the list's photo number `index`: the thumbnail at once, the full picture soon."""
        self.index = index
        photo_id = self.photo_ids[index]
        photos = self._practice.photos
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.photo_ids) - 1)
        self.position.setText(f"{index + 1} of {len(self.photo_ids)}")
        self.loaded_id = None
        try:
            photo = photos.get(photo_id)
        except DermaDeskError as error:
            self.caption.setText("")
            self.canvas.set_image(None, str(error))
            return
        taken = photo.taken_at
        self.caption.setText(
            f"{describe_tags(photo)}  ·  taken {long_date(taken.date())}, "
            f"{taken:%H:%M}  ·  {photo.original_name}"
        )
        self.canvas.state.fit()
        self.canvas.set_image(thumbnail_image(photos, photo.sha256), "Loading…")
        task = load_in_background(photos, photo_id, photo.sha256, VIEWER_PIXELS)
        task.succeeded.connect(self._on_loaded)
        task.failed.connect(self._on_failed)
        self._task = task.start()

    def _on_loaded(self, loaded: LoadedPicture) -> None:
        if loaded.photo_id != self.photo_id:
            return  # the practitioner has moved on to another photo
        if loaded.image is None:
            self.canvas.set_image(None, loaded.problem)
            return
        self.canvas.set_image(loaded.image)
        self.loaded_id = loaded.photo_id
        self.image_shown.emit(loaded.photo_id)

    def _on_failed(self, _error: object) -> None:
        if self.loaded_id is None:
            self.canvas.set_image(None, "This picture cannot be shown.")
