"""A signature pad: sign with a mouse, a pen or a finger; clear and sign again.

Strokes are kept as lists of points and painted smoothly; the signature is
saved as a PNG cropped to the ink, transparent around it, so it prints
cleanly on any sheet.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

INK = QColor("#0d1b2a")
PEN_WIDTH = 2.6
MIN_INK = 40.0  # px of drawn line: a tap or a slip is not a signature


class SignaturePad(QWidget):
    """Captures one person's signature."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._strokes: list[list[QPointF]] = []
        self.setMinimumSize(320, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(150)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, False)  # touch arrives as mouse
        self.setAccessibleName("Signature pad")
        # It takes the focus when its page opens, so a stray key changes nothing.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # --- state -------------------------------------------------------------------

    def is_empty(self) -> bool:
        """True until something like a signature has been drawn (a tap does not count)."""
        return self._path().length() < MIN_INK

    def is_too_short(self) -> bool:
        """True when something was drawn, but too little to be a signature (a dot, a slip)."""
        return bool(self._strokes) and self.is_empty()

    def clear(self) -> None:
        """Wipe the pad to sign again."""
        self._strokes.clear()
        self.update()
        self.changed.emit()

    def to_png(self) -> bytes | None:
        """The signature as a PNG cropped to the ink (None when nothing was drawn)."""
        if self.is_empty():
            return None
        path = self._path()
        margin = PEN_WIDTH * 2
        bounds = path.boundingRect().adjusted(-margin, -margin, margin, margin)
        scale = 2.0  # print resolution: twice the screen's
        image = QImage(
            max(1, int(bounds.width() * scale)),
            max(1, int(bounds.height() * scale)),
            QImage.Format.Format_ARGB32,
        )
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        painter.translate(-bounds.topLeft())
        painter.setPen(self._pen())
        painter.drawPath(path)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # PySide6 takes the format as text here; its stubs say bytes, which it refuses at run time.
        image.save(buffer, "PNG")  # type: ignore[call-overload]
        buffer.close()
        return bytes(data.data())

    # --- drawing -----------------------------------------------------------------

    def _pen(self) -> QPen:
        pen = QPen(INK, PEN_WIDTH)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def _path(self) -> QPainterPath:
        path = QPainterPath()
        for stroke in self._strokes:
            if len(stroke) < 2:
                continue
            path.moveTo(stroke[0])
            for previous, point in itertools.pairwise(stroke):
                middle = (previous + point) / 2  # quadratic smoothing through midpoints
                path.quadTo(previous, middle)
            path.lineTo(stroke[-1])
        return path

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        focused = self.hasFocus()  # says where a stray key would go: nowhere harmful
        painter.setPen(QPen(QColor("#1976d2" if focused else "#b0bec5"), 2 if focused else 1))
        painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        baseline = self.height() - 32
        painter.setPen(QPen(QColor("#90a4ae"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(16, baseline, self.width() - 16, baseline)
        if self.is_empty():
            painter.setPen(QColor("#90a4ae"))
            painter.drawText(
                self.rect().adjusted(0, 0, 0, -40),
                Qt.AlignmentFlag.AlignCenter,
                "Sign here",
            )
        painter.setPen(self._pen())
        painter.drawPath(self._path())
        for stroke in self._strokes:  # a tap shows as the dot it is (too short to count)
            if all(point == stroke[0] for point in stroke):
                painter.drawPoint(stroke[0])

    # --- input ---------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._strokes.append([event.position()])
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton and self._strokes:
            self._strokes[-1].append(event.position())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._strokes:
            self._strokes[-1].append(event.position())
            self.update()
            self.changed.emit()

    def tabletEvent(self, event: QTabletEvent) -> None:
        # A pen draws with the same strokes as a mouse; accepting the event keeps
        # Qt from also sending the synthesised mouse events.
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._strokes.append([event.position()])
        elif kind == QTabletEvent.Type.TabletMove and self._strokes and event.pressure() > 0:
            self._strokes[-1].append(event.position())
        elif kind == QTabletEvent.Type.TabletRelease and self._strokes:
            self._strokes[-1].append(event.position())
            self.changed.emit()
        self.update()
        event.accept()
