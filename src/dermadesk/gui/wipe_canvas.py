"""One photo wiped over the other: a divider dragged (or moved with the arrow keys) across both."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QWidget

from dermadesk.gui.photo_canvas import PhotoCanvas, ZoomPan

GRAB_DISTANCE = 14  # how near the divider (in pixels) a press takes hold of it


class WipeCanvas(PhotoCanvas):
    """One photo over the other: left of the divider the first, right of it the second."""

    divider_moved = Signal(float)

    def __init__(self, state: ZoomPan, parent: QWidget | None = None):
        super().__init__(state, parent)
        self.after: QImage | None = None
        self._after_pixmap: QPixmap | None = None
        self.divider = 0.5  # where the divider stands, as a fraction of the width
        self.labels = ("", "")
        self._holding_divider = False
        self.setMouseTracking(True)

    def set_after(self, image: QImage | None) -> None:
        """The picture shown right of the divider."""
        self.after = image if image is not None and not image.isNull() else None
        self._after_pixmap = QPixmap.fromImage(self.after) if self.after is not None else None
        self.update()

    def divider_x(self) -> float:
        """The divider's position on the canvas, in pixels."""
        return self.divider * self.width()

    def set_divider(self, fraction: float) -> None:
        """Move the divider (0: all of the second photo shows, 1: all of the first)."""
        fraction = min(max(fraction, 0.0), 1.0)
        if fraction != self.divider:
            self.divider = fraction
            self.update()
            self.divider_moved.emit(fraction)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#2a2d31"))
        if self._pixmap is None and self._after_pixmap is None:
            self._paint_message(painter)
            painter.end()
            return
        x = self.divider_x()
        if self._pixmap is not None:
            left = QRectF(0, 0, x, self.height())
            self.draw_picture(painter, self._pixmap, self.image_rect(self._pixmap), left)
        if self._after_pixmap is not None:
            right = QRectF(x, 0, self.width() - x, self.height())
            self.draw_picture(
                painter, self._after_pixmap, self.image_rect(self._after_pixmap), right
            )
        self._paint_divider(painter, x)
        self._paint_labels(painter)
        painter.end()

    def _paint_divider(self, painter: QPainter, x: float) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(255, 255, 255, 230), 2))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        middle = QPointF(x, self.height() / 2)
        painter.setBrush(QColor(255, 255, 255, 235))
        painter.setPen(QPen(QColor(0, 0, 0, 60), 1))
        painter.drawEllipse(middle, 14, 14)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#4a5561"))
        for direction in (-1, 1):  # a small arrow each way: "drag me sideways"
            tip = QPointF(x + direction * 9, middle.y())
            arrow = QPainterPath(tip)
            arrow.lineTo(x + direction * 3, middle.y() - 5)
            arrow.lineTo(x + direction * 3, middle.y() + 5)
            arrow.closeSubpath()
            painter.drawPath(arrow)

    def _paint_labels(self, painter: QPainter) -> None:
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        for text, on_left in ((self.labels[0], True), (self.labels[1], False)):
            if not text:
                continue
            width = metrics.horizontalAdvance(text) + 16
            left = 10 if on_left else self.width() - width - 10
            box = QRectF(left, 10, width, metrics.height() + 6)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 150))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(QColor("white"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _near_divider(self, x: float) -> bool:
        return abs(x - self.divider_x()) <= GRAB_DISTANCE

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._near_divider(event.position().x()):
            self._holding_divider = True
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._holding_divider:
            self.set_divider(event.position().x() / max(self.width(), 1))
            event.accept()
            return
        if self._near_divider(event.position().x()) and event.buttons() == Qt.MouseButton.NoButton:
            self.setCursor(Qt.CursorShape.SplitHCursor)
        elif event.buttons() == Qt.MouseButton.NoButton:
            self.unsetCursor()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._holding_divider:
            self._holding_divider = False
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self._near_divider(event.position().x()):
            self.set_divider(0.5)  # back to the middle
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = 0.05 if event.key() == Qt.Key.Key_Right else -0.05
            self.set_divider(self.divider + step)
            event.accept()
            return
        super().keyPressEvent(event)
