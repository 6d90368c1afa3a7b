"""The gallery's grid: thumbnails in rows that wrap, a full-width heading per session.

A QListView in icon mode lays its items out like words in a paragraph; a
heading as wide as the view therefore takes a line of its own, and the
photos after it start on the next. Pictures and folders dropped on the grid
are offered for import.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from dermadesk.gui.gallery_model import DetailRole, IsHeaderRole, PhotoGalleryModel, PhotoRole

THUMB_BOX = 168  # the longest side of a thumbnail in the grid, in pixels
CELL = QSize(THUMB_BOX + 16, THUMB_BOX + 54)
HEADER_HEIGHT = 34
SPACING = 6

STAGE_COLOURS = {  # calm, and told apart without relying on colour alone (the word is written)
    "before": QColor("#5b6b7a"),
    "after": QColor("#2f7d5b"),
    "follow-up": QColor("#7a5c2e"),
}
MUTED = QColor("#7b8794")
_Index = QModelIndex | QPersistentModelIndex


class GalleryDelegate(QStyledItemDelegate):
    """Paints a session heading across the grid, or a thumbnail with its tags beneath."""

    def __init__(self, view: QListView):
        super().__init__(view)
        self._view = view
        self._pills: dict[tuple[str, str, float], QPixmap] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        # Asked for every row at every layout: the model is asked directly, not through roles.
        model = index.model()
        header = (
            model.is_header(index.row())
            if isinstance(model, PhotoGalleryModel)
            else bool(index.data(IsHeaderRole))
        )
        if header:
            # As wide as the view (less the grid's margins): the heading has a line to itself.
            width = self._view.viewport().width() - 2 * SPACING - 2
            return QSize(max(width, CELL.width()), HEADER_HEIGHT)
        return CELL

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect: QRect = option.rect
        palette: QPalette = option.palette
        state = option.state
        if index.data(IsHeaderRole):
            self._paint_header(painter, rect, palette, index)
        else:
            self._paint_photo(painter, rect, palette, state, index)
        painter.restore()

    def _paint_header(
        self, painter: QPainter, rect: QRect, palette: QPalette, index: _Index
    ) -> None:
        font = QFont(painter.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        text_rect = rect.adjusted(4, 8, -4, -4)
        title = str(index.data(Qt.ItemDataRole.DisplayRole))
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
        )
        title_width = painter.fontMetrics().horizontalAdvance(title)
        count = str(index.data(DetailRole) or "")
        painter.setFont(QFont(self._view.font()))
        painter.setPen(MUTED)
        painter.drawText(
            text_rect.adjusted(title_width + 12, 0, 0, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            count,
        )
        painter.setPen(QPen(QColor("#d5dbe1"), 1))
        painter.drawLine(rect.left() + 4, rect.bottom(), rect.right() - 4, rect.bottom())

    def _paint_photo(
        self,
        painter: QPainter,
        rect: QRect,
        palette: QPalette,
        state: QStyle.StateFlag,
        index: _Index,
    ) -> None:
        selected = bool(state & QStyle.StateFlag.State_Selected)
        if selected:
            highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
            painter.setPen(QPen(highlight, 2))
            highlight.setAlpha(40)
            painter.setBrush(highlight)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 6, 6)
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 14))
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 6, 6)
        box = QRect(
            rect.left() + (rect.width() - THUMB_BOX) // 2, rect.top() + 8, THUMB_BOX, THUMB_BOX
        )
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            size = pixmap.deviceIndependentSize().toSize()
            size = size.scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
            # Pictures sit on the box's bottom edge so that a row's captions line up.
            target = QRect(
                box.left() + (box.width() - size.width()) // 2,
                box.bottom() + 1 - size.height(),
                size.width(),
                size.height(),
            )
            painter.drawPixmap(target, pixmap)
            photo = index.data(PhotoRole)
            if photo is not None and photo.stage in STAGE_COLOURS:
                self._paint_stage(painter, target, photo.stage)
        lines = str(index.data(Qt.ItemDataRole.DisplayRole) or "").split("\n")
        metrics = painter.fontMetrics()
        text_top = box.bottom() + 6
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        for number, line in enumerate(lines[:2]):
            if number == 1:
                painter.setPen(MUTED)
            shown = metrics.elidedText(line, Qt.TextElideMode.ElideRight, rect.width() - 8)
            line_rect = QRect(
                rect.left() + 4,
                text_top + number * metrics.lineSpacing(),
                rect.width() - 8,
                metrics.lineSpacing(),
            )
            painter.drawText(line_rect, Qt.AlignmentFlag.AlignHCenter, shown)

    def _paint_stage(self, painter: QPainter, picture: QRect, stage: str) -> None:
        # Drawn once per stage and font, then copied: a pill is text and a rounded rectangle
        # with antialiasing, too dear to draw afresh for every photo of every paint.
        key = (stage, painter.font().key(), painter.device().devicePixelRatioF())
        pill = self._pills.get(key)
        if pill is None:
            pill = self._pills[key] = _stage_pill(painter.font(), stage, key[2])
        painter.drawPixmap(picture.left() + 5, picture.top() + 5, pill)


def _stage_pill(base: QFont, stage: str, ratio: float) -> QPixmap:
    """The stage written white on its colour in a pill, on a transparent pixmap."""
    from dermadesk.core.photo_tags import STAGES

    text = STAGES[stage]
    font = QFont(base)
    font.setPointSizeF(max(7.5, font.pointSizeF() * 0.8))
    font.setBold(True)
    metrics = QFontMetrics(font)
    size = QSize(metrics.horizontalAdvance(text) + 12, metrics.height() + 2)
    pill = QPixmap(size * ratio)
    pill.setDevicePixelRatio(ratio)
    pill.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pill)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    painter.setPen(Qt.PenStyle.NoPen)
    colour = QColor(STAGE_COLOURS[stage])
    colour.setAlpha(225)
    painter.setBrush(colour)
    shape = QRect(QPoint(0, 0), size)
    painter.drawRoundedRect(shape, size.height() / 2, size.height() / 2)
    painter.setPen(QColor("white"))
    painter.drawText(shape, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pill


class GalleryView(QListView):
    """The grid of thumbnails; emits `files_dropped` with the paths of what is dropped on it."""

    files_dropped = Signal(list)  # [Path], local files and folders
    painted = Signal()  # after every paint of the grid

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setSpacing(SPACING)
        self.setUniformItemSizes(False)  # headings are wider than photos
        # A long gallery is laid out a screenful at a time: the first rows show at once.
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(48)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setMouseTracking(True)  # hover highlight
        self.setDragEnabled(False)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setItemDelegate(GalleryDelegate(self))
        self.empty_text = ""

    # --- dropping files -------------------------------------------------------------------

    @staticmethod
    def _dropped_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.acceptDrops() and self._dropped_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.acceptDrops() and self._dropped_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._dropped_paths(event) if self.acceptDrops() else []
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(paths)

    # --- painting -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        model = self.model()
        if isinstance(model, PhotoGalleryModel):
            # Thumbnails already cached on disk are decoded for this paint (a screenful is a
            # few milliseconds), so the grid never flashes placeholders it could have filled.
            model.allow_decode_now(self.cells_on_screen())
        try:
            super().paintEvent(event)
        finally:
            if isinstance(model, PhotoGalleryModel):
                model.allow_decode_now(0)
        if self.empty_text and (model is None or model.rowCount() == 0):
            painter = QPainter(self.viewport())
            painter.setPen(MUTED)
            painter.drawText(
                self.viewport().rect().adjusted(24, 24, -24, -24),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
            painter.end()
        self.painted.emit()

    def cells_on_screen(self) -> int:
        """How many thumbnails the grid can show at once, at most."""
        area = self.viewport().size()
        columns = max(1, area.width() // (CELL.width() + 2 * SPACING))
        lines = area.height() // (CELL.height() + 2 * SPACING) + 2  # partly shown rows too
        return columns * lines

    def visible_rows(self) -> list[int]:
        """The rows at least partly on screen now."""
        model = self.model()
        if model is None:
            return []
        area = self.viewport().rect()
        rows = []
        for row in range(model.rowCount()):
            rect = self.visualRect(model.index(row, 0))
            if rect.intersects(area):
                rows.append(row)
            elif rows and rect.top() > area.bottom():
                break  # rows are laid out top to bottom: the rest are below the screen
        return rows
