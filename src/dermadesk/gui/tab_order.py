"""Tab in the order a window shows its fields.

A form from Designer is built first and the widgets made in code are put into it after, so
they would come last on Tab; this puts every field back in the order of its layouts.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QScrollArea, QWidget


def _in_layout(layout: QLayout) -> Iterator[QWidget]:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        if (widget := item.widget()) is not None:
            yield from _in_order(widget)
        elif (inner := item.layout()) is not None:
            yield from _in_layout(inner)


def _in_order(widget: QWidget) -> Iterator[QWidget]:
    """`widget` (when Tab stops on it) and then what its layout holds, in that layout's order."""
    if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        yield widget
    inside = widget.widget() if isinstance(widget, QScrollArea) else None
    if inside is not None:
        yield from _in_order(inside)
    elif (layout := widget.layout()) is not None:
        yield from _in_layout(layout)


def tab_in_layout_order(window: QWidget) -> None:
    """Make Tab go through `window`'s fields in the order its layouts place them."""
    layout = window.layout()
    if layout is None:
        return
    for before, after in pairwise(list(_in_layout(layout))):
        QWidget.setTabOrder(before, after)
