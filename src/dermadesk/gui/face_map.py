"""The face map: resources/face_map.svg drawn to fit, its regions clickable and shaded.

A region is found by where its own fill is drawn: each region is rendered
once per size, fully opaque, into an image, and a click hits the region
whose image has ink under the pointer. The SVG can therefore use any shape,
and what the practitioner sees is exactly what they can click.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from PySide6.QtCore import QByteArray, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from dermadesk.core.areas import FACE_AREAS
from dermadesk.paths import resource_path

TREATED = QColor(205, 84, 52, 150)  # a warm terracotta, see-through so the drawing shows
HOVER = QColor(41, 128, 185, 70)
CURRENT_OUTLINE = QColor(41, 128, 185)


def _opaque_regions(svg: bytes, regions: set[str]) -> QByteArray:
    """The SVG with its regions (and their groups) filled solid and unstroked, for masks:
    a faint fill on screen must still be a whole region to the pointer."""
    ElementTree.register_namespace("", "http://www.w3.org/2000/svg")
    root = ElementTree.fromstring(svg)
    for element in root.iter():
        holds_region = any(child.get("id") in regions for child in element)
        if element.get("id") in regions or holds_region:
            element.set("fill-opacity", "1")
            element.set("opacity", "1")
            element.set("stroke", "none")
    return QByteArray(ElementTree.tostring(root))


class FaceMap(QWidget):
    """A clickable face: `area_clicked` says which region was clicked; treated ones are shaded."""

    area_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        svg = resource_path("face_map.svg").read_bytes()
        self._renderer = QSvgRenderer(QByteArray(svg), self)
        self._regions = [area for area in FACE_AREAS if self._renderer.elementExists(area)]
        self._mask_renderer = QSvgRenderer(_opaque_regions(svg, set(self._regions)), self)
        self._masks: dict[str, QImage] = {}
        self._tinted: dict[tuple[str, int], QImage] = {}
        self._treated: set[str] = set()
        self._hovered: str | None = None
        self.setMouseTracking(True)
        self.setMinimumSize(220, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("")
        self.setAccessibleName("Face map: click an area to add it to the session")

    @property
    def regions(self) -> list[str]:
        """The area ids the map can show, top to bottom."""
        return list(self._regions)

    def sizeHint(self) -> QSize:
        return QSize(340, 476)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        box = self._renderer.viewBoxF()
        return round(width * box.height() / box.width())

    # --- what is shown ---------------------------------------------------------------------

    def set_treated(self, areas: set[str]) -> None:
        """Shade these areas as treated (ids the map does not draw are ignored)."""
        self._treated = set(areas) & set(self._regions)
        self.update()

    def treated(self) -> set[str]:
        """The areas shaded now."""
        return set(self._treated)

    # --- geometry --------------------------------------------------------------------------

    def _picture_rect(self) -> QRectF:
        """Where the SVG's view box lands in the widget: as large as fits, centred."""
        box = self._renderer.viewBoxF()
        scale = min(self.width() / box.width(), self.height() / box.height())
        width, height = box.width() * scale, box.height() * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def map_from_svg(self, point: QPointF) -> QPoint:
        """Where a point of the SVG's own coordinates is on the widget now."""
        box = self._renderer.viewBoxF()
        picture = self._picture_rect()
        scale = picture.width() / box.width()
        return QPoint(
            round(picture.left() + (point.x() - box.left()) * scale),
            round(picture.top() + (point.y() - box.top()) * scale),
        )

    def _region_rect(self, area: str) -> QRectF:
        box = self._renderer.viewBoxF()
        picture = self._picture_rect()
        scale = picture.width() / box.width()
        bounds = self._renderer.boundsOnElement(area)
        return QRectF(
            picture.left() + (bounds.left() - box.left()) * scale,
            picture.top() + (bounds.top() - box.top()) * scale,
            bounds.width() * scale,
            bounds.height() * scale,
        )

    def _mask(self, area: str) -> QImage:
        """Region `area` drawn alone at the widget's size (its ink says where it is)."""
        mask = self._masks.get(area)
        if mask is None:
            mask = QImage(self.size(), QImage.Format.Format_ARGB32_Premultiplied)
            mask.fill(Qt.GlobalColor.transparent)
            painter = QPainter(mask)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._mask_renderer.render(painter, area, self._region_rect(area))
            painter.end()
            self._masks[area] = mask
        return mask

    def _tint(self, area: str, color: QColor) -> QImage:
        key = (area, color.rgba())
        tinted = self._tinted.get(key)
        if tinted is None:
            tinted = self._mask(area).copy()
            painter = QPainter(tinted)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
            painter.fillRect(tinted.rect(), color)
            painter.end()
            self._tinted[key] = tinted
        return tinted

    def area_at(self, point: QPoint) -> str | None:
        """The region under `point` (widget coordinates), if any; the smallest wins."""
        if not self.rect().contains(point):
            return None
        hits = [area for area in self._regions if self._mask(area).pixelColor(point).alpha() > 0]
        if not hits:
            return None
        return min(hits, key=lambda a: self._renderer.boundsOnElement(a).width())

    # --- events ----------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._masks.clear()
        self._tinted.clear()
        super().resizeEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer.render(painter, self._picture_rect())
        for area in self._regions:
            if area in self._treated:
                painter.drawImage(0, 0, self._tint(area, TREATED))
        if self._hovered is not None:
            painter.drawImage(0, 0, self._tint(self._hovered, HOVER))
        picture = self._picture_rect()
        painter.setPen(QColor("#7b8794"))
        # The client faces the practitioner: say which side is which.
        painter.drawText(
            picture.adjusted(6, 4, -6, -4),
            int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft),
            "Client's\nright",
        )
        painter.drawText(
            picture.adjusted(6, 4, -6, -4),
            int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight),
            "Client's\nleft",
        )
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        area = self.area_at(event.position().toPoint())
        if area != self._hovered:
            self._hovered = area
            self.update()
            if area is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPosition().toPoint(), FACE_AREAS[area], self)

    def leaveEvent(self, event: object) -> None:
        self._hovered = None
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        area = self.area_at(event.position().toPoint())
        if area is not None:
            self.area_clicked.emit(area)
