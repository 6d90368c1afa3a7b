"""One photo large and upright: zoom (wheel, + and -, fit), pan by dragging, previous and next.

Pictures are decoded upright by core (EXIF orientation applied) on a worker
thread into a QImage; the thumbnail shows meanwhile. How far in and where the
view looks lives in a ZoomPan, kept in the picture's own proportions (zoom 1
fits the picture to the window; the centre is a fraction of its width and
height), so that two canvases sharing one ZoomPan show the same part of two
pictures: that is how the comparison keeps its sides together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.dates import long_date
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.photo_tags import describe_tags
from dermadesk.core.photos import Photos
from dermadesk.core.practice import Practice
from dermadesk.gui.screen_fit import resize_within_screen
from dermadesk.gui.workers import BackgroundTask

MAX_ZOOM = 16.0
ZOOM_STEP = 1.25
VIEWER_PIXELS = 3072  # longest side decoded for viewing: skin texture close up, without 48 MB
BACKDROP = QColor("#2a2d31")  # a quiet dark grey: skin tones read true against it


def to_qimage(picture: object) -> QImage:
    """A Pillow image as a QImage that owns its pixels (safe to make off the GUI thread)."""
    from PIL import Image

    assert isinstance(picture, Image.Image)
    rgb = picture if picture.mode == "RGB" else picture.convert("RGB")
    data = rgb.tobytes("raw", "RGB")
    image = QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888)
    return image.copy()  # the bytes above go away with this function


def load_photo_image(photos: Photos, sha256: str, longest: int) -> QImage:
    """The stored picture, upright and reduced to `longest`, as a QImage (on a worker thread)."""
    from dermadesk.core.images import load_upright

    return to_qimage(load_upright(photos.original_path(sha256), longest))


@dataclass(frozen=True)
class LoadedPicture:
    """A photo decoded for showing, or why it could not be."""

    photo_id: int
    image: QImage | None
    problem: str = ""


def load_in_background(photos: Photos, photo_id: int, sha256: str, longest: int) -> BackgroundTask:
    """Decode a photo on the thread pool; the task's `succeeded` carries a LoadedPicture.

    The task has no parent: it keeps itself alive until it reports, and a
    window closed meanwhile simply never hears from it (connect bound methods
    of the window, which Qt disconnects when the window goes).
    """

    def work(_progress: object) -> LoadedPicture:
        try:
            return LoadedPicture(photo_id, load_photo_image(photos, sha256, longest))
        except DermaDeskError as error:  # missing or damaged: the message names the file
            return LoadedPicture(photo_id, None, str(error))

    return BackgroundTask(work)


class ZoomPan(QObject):
    """How far in (1 = fitted) and where (a fraction of the picture) one or more canvases look."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.zoom = 1.0
        self.center = QPointF(0.5, 0.5)

    def set(self, zoom: float, center: QPointF) -> None:
        """Look at `center` at `zoom`, telling every canvas that shares this."""
        zoom = min(max(zoom, 1.0), MAX_ZOOM)
        center = QPointF(min(max(center.x(), 0.0), 1.0), min(max(center.y(), 0.0), 1.0))
        if zoom == self.zoom and center == self.center:
            return
        self.zoom, self.center = zoom, center
        self.changed.emit()

    def fit(self) -> None:
        """The whole picture in the window."""
        self.set(1.0, QPointF(0.5, 0.5))


class PhotoCanvas(QWidget):
    """A picture fitted, zoomed and panned as its ZoomPan says; the wheel zooms, a drag pans."""

    def __init__(self, state: ZoomPan | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state or ZoomPan(self)
        self.state.changed.connect(self.update)
        self._pixmap: QPixmap | None = None
        self.image: QImage | None = None  # what is shown, upright, as decoded
        self.message = ""
        self._drag_from: QPointF | None = None
        self._drag_center = QPointF(0.5, 0.5)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 150)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def sizeHint(self) -> QSize:
        return QSize(800, 600)

    # --- the picture ------------------------------------------------------------------------

    def set_image(self, image: QImage | None, message: str = "") -> None:
        """Show `image` (None: show `message` instead, e.g. while loading)."""
        self.image = image if image is not None and not image.isNull() else None
        self._pixmap = QPixmap.fromImage(self.image) if self.image is not None else None
        self.message = message
        self.update()

    def fit_scale(self, image: QImage | QPixmap | None = None) -> float:
        """Pixels on screen per picture pixel when the picture just fits."""
        shown = image if image is not None else self.image
        if shown is None or shown.width() == 0 or shown.height() == 0:
            return 1.0
        return min(self.width() / shown.width(), self.height() / shown.height())

    def scale(self, image: QImage | QPixmap | None = None) -> float:
        """Pixels on screen per picture pixel now."""
        return self.fit_scale(image) * self.state.zoom

    def image_rect(self, image: QImage | QPixmap | None = None) -> QRectF:
        """Where on the canvas the whole picture is drawn now (parts may be off screen)."""
        shown = image if image is not None else self.image
        if shown is None:
            return QRectF()
        scale = self.scale(shown)
        width, height = shown.width() * scale, shown.height() * scale
        center = self._clamped(self.state.center, width, height)
        left = self.width() / 2 - center.x() * width
        top = self.height() / 2 - center.y() * height
        return QRectF(left, top, width, height)

    def _clamped(self, center: QPointF, width: float, height: float) -> QPointF:
        """The centre moved so that no needless empty band shows beside the picture."""

        def axis(value: float, shown: float, room: float) -> float:
            if shown <= room:
                return 0.5
            half = room / (2 * shown)
            return min(max(value, half), 1 - half)

        return QPointF(
            axis(center.x(), width, self.width()), axis(center.y(), height, self.height())
        )

    # --- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKDROP)
        if self._pixmap is None:
            self._paint_message(painter)
        else:
            self.draw_picture(painter, self._pixmap, self.image_rect(self._pixmap))
        painter.end()

    def _paint_message(self, painter: QPainter) -> None:
        if self.message:
            painter.setPen(QColor("#c8ccd1"))
            painter.drawText(
                self.rect().adjusted(16, 16, -16, -16),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.message,
            )

    def draw_picture(
        self, painter: QPainter, pixmap: QPixmap, target: QRectF, clip: QRectF | None = None
    ) -> None:
        """Draw the part of `pixmap` that lands on screen (within `clip`), smoothly scaled."""
        visible = target.intersected(QRectF(self.rect()))
        if clip is not None:
            visible = visible.intersected(clip)
        if visible.isEmpty():
            return
        sx = pixmap.width() / target.width()
        sy = pixmap.height() / target.height()
        source = QRectF(
            (visible.left() - target.left()) * sx,
            (visible.top() - target.top()) * sy,
            visible.width() * sx,
            visible.height() * sy,
        )
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(visible, pixmap, source)

    # --- zoom and pan -----------------------------------------------------------------------

    def zoom_at(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom by `factor`, keeping the picture's point under `anchor` (or the middle) still."""
        if self.image is None:
            return
        anchor = anchor if anchor is not None else QPointF(self.width() / 2, self.height() / 2)
        before = self.image_rect()
        if before.isEmpty():
            return
        # The picture's point under the anchor, as a fraction of the picture.
        point = QPointF(
            (anchor.x() - before.left()) / before.width(),
            (anchor.y() - before.top()) / before.height(),
        )
        zoom = min(max(self.state.zoom * factor, 1.0), MAX_ZOOM)
        width, height = (
            before.width() * zoom / self.state.zoom,
            before.height() * zoom / self.state.zoom,
        )
        center = QPointF(
            point.x() - (anchor.x() - self.width() / 2) / width,
            point.y() - (anchor.y() - self.height() / 2) / height,
        )
        self.state.set(zoom, self._clamped(center, width, height))

    def zoom_in(self) -> None:
        """One step closer."""
        self.zoom_at(ZOOM_STEP)

    def zoom_out(self) -> None:
        """One step back."""
        self.zoom_at(1 / ZOOM_STEP)

    def fit(self) -> None:
        """The whole picture in the window."""
        self.state.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_at(ZOOM_STEP**steps, event.position())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.image is not None:
            self._drag_from = event.position()
            rect = self.image_rect()
            self._drag_center = self._clamped(self.state.center, rect.width(), rect.height())
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            rect = self.image_rect()
            moved = event.position() - self._drag_from
            center = QPointF(
                self._drag_center.x() - moved.x() / rect.width(),
                self._drag_center.y() - moved.y() / rect.height(),
            )
            self.state.set(self.state.zoom, self._clamped(center, rect.width(), rect.height()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = None
            self.unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        # A double click goes in on that spot, or back out to the whole picture.
        if self.state.zoom > 1.0:
            self.fit()
        else:
            self.zoom_at(2.5, event.position())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.update()


class ZoomLabel(QLabel):
    """How far in the view is: "Whole picture", or "2.5 × closer"."""

    def __init__(self, state: ZoomPan, parent: QWidget | None = None):
        super().__init__(parent)
        self._state = state
        state.changed.connect(self.refresh)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("Whole picture") + 8)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.refresh()

    def refresh(self) -> None:
        """Say the zoom now."""
        zoom = self._state.zoom
        self.setText("Whole picture" if zoom <= 1.0 else f"{zoom:.1f} × closer")


class Zoomable(Protocol):
    """What zoom buttons act on: a canvas, or a view choosing its visible canvas."""

    def zoom_in(self) -> None: ...

    def zoom_out(self) -> None: ...

    def fit(self) -> None: ...


def zoom_buttons(canvas: Zoomable) -> list[QToolButton]:
    """−, Fit and + buttons acting on `canvas` (and whatever shares its ZoomPan)."""
    made = []
    for text, tip, action in (
        ("−", "Zoom out (−, or the mouse wheel)", canvas.zoom_out),
        ("Fit", "The whole picture (0)", canvas.fit),
        ("+", "Zoom in (+, or the mouse wheel)", canvas.zoom_in),
    ):
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setMinimumWidth(36)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys go on reaching the canvas
        button.clicked.connect(action)
        made.append(button)
    return made


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
        for button in zoom_buttons(self.canvas):
            bar.addWidget(button)
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
        thumbnail = photos.thumbnail_path(photo.sha256)
        self.canvas.set_image(QImage(str(thumbnail)) if thumbnail.exists() else None, "Loading…")
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
