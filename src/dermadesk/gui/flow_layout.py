"""A row of buttons that wraps onto a second line when the window is narrow.

Used where a row of buttons would otherwise set the window's minimum width
beyond a 1024-pixel screen. addStretch() and addSpacing() work as in a
QHBoxLayout within each line, so a row reads the same when it does fit.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QSpacerItem, QWidget


class FlowLayout(QLayout):
    """Lays items left to right, starting a new line where the next one does not fit."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    # --- as a QHBoxLayout ---------------------------------------------------------------

    def addStretch(self, _stretch: int = 1) -> None:
        """Push what follows to the end of its line."""
        self.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum))

    def addSpacing(self, size: int) -> None:
        """A fixed gap (dropped at the start of a line)."""
        self.addItem(QSpacerItem(size, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum))

    # --- QLayout ------------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        width = sum(item.sizeHint().width() for item in self._shown()) + self.spacing() * max(
            0, len(self._shown()) - 1
        )
        height = max((item.sizeHint().height() for item in self._shown()), default=0)
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(), height)

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # --- laying out ---------------------------------------------------------------------

    def _shown(self) -> list[QLayoutItem]:
        shown = []
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            shown.append(item)
        return shown

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            hint = item.sizeHint().width()
            spacer = item.spacerItem() is not None
            if lines[-1] and not spacer and used + self.spacing() + hint > width:
                lines.append([])
                used = 0
            if spacer and not lines[-1]:
                continue  # no gap or stretch at the start of a line
            used += (self.spacing() if lines[-1] else 0) + hint
            lines[-1].append(item)
        return [line for line in lines if line]

    def _arrange(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        y = area.y()
        for line in self._lines(area.width()):
            height = max(item.sizeHint().height() for item in line)
            if move:
                self._place_line(line, area.x(), y, area.width(), height)
            y += height + self.spacing()
        return max(0, y - self.spacing() - area.y()) + margins.top() + margins.bottom()

    def _place_line(self, line: list[QLayoutItem], x: int, y: int, width: int, height: int) -> None:
        stretches = [
            item
            for item in line
            if item.spacerItem() is not None
            and item.expandingDirections() & Qt.Orientation.Horizontal
        ]
        taken = sum(item.sizeHint().width() for item in line) + self.spacing() * (len(line) - 1)
        spare = max(0, width - taken)
        share = spare // len(stretches) if stretches else 0
        for item in line:
            item_width = item.sizeHint().width() + (share if item in stretches else 0)
            item_width = min(item_width, width)
            item.setGeometry(QRect(QPoint(x, y), QSize(item_width, height)))
            x += item_width + self.spacing()
