"""The Photos tab's row of filters (session, area, view, stage) and its count of photos shown."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from dermadesk.core.areas import area_name, area_order
from dermadesk.core.photo_tags import STAGES, VIEWS
from dermadesk.core.records import PhotoInfo
from dermadesk.gui.flow_layout import FlowLayout
from dermadesk.gui.gallery_model import ANY, NO_SESSION, NOT_LINKED, GalleryFilter


class GalleryFilterBar(QWidget):
    """ "Show:" and four lists offering only what the client's photos have; the count at the end."""

    changed = Signal()  # the practitioner chose in one of the lists

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session_filter = QComboBox()
        self.area_filter = QComboBox()
        self.view_filter = QComboBox()
        self.stage_filter = QComboBox()
        for box in self.boxes():
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(self.changed)
        self.count_label = QLabel()
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row = FlowLayout(self)  # wraps in a narrow window
        row.addWidget(QLabel("Show:"))
        for box in self.boxes():
            row.addWidget(box)
        row.addStretch(1)
        row.addWidget(self.count_label)

    def boxes(self) -> tuple[QComboBox, QComboBox, QComboBox, QComboBox]:
        """The four lists: session, area, view, stage."""
        return self.session_filter, self.area_filter, self.view_filter, self.stage_filter

    def reset(self) -> None:
        """Empty the lists and the count (another client, or nobody)."""
        for box in self.boxes():
            box.blockSignals(True)
            box.clear()
            box.blockSignals(False)

    def set_usable(self, usable: bool) -> None:
        """Let the lists be chosen in, or grey them (no client, no photos)."""
        for box in self.boxes():
            box.setEnabled(usable)

    def offer(self, items: Sequence[PhotoInfo], titles: dict[int, str]) -> None:
        """Offer in each filter only what this client's photos have, keeping what was chosen."""
        sessions: list[tuple[str, object]] = [
            (titles[s], s)
            for s in sorted(
                {p.session_id for p in items if p.session_id in titles},
                key=lambda s: list(titles).index(s),
                reverse=True,
            )
        ]
        if any(p.session_id not in titles for p in items):
            sessions.append((NOT_LINKED, NO_SESSION))
        areas = sorted({p.area for p in items}, key=lambda a: (a == "", area_order(a)))
        seen_views = {p.view for p in items}
        seen_stages = {p.stage for p in items}
        views = [v for v in (*VIEWS, "") if v in seen_views]
        stages = [s for s in (*STAGES, "") if s in seen_stages]
        choices: tuple[tuple[str, Sequence[tuple[str, object]]], ...] = (
            ("All sessions", sessions),
            ("All areas", [(area_name(a) if a else "No area", a) for a in areas]),
            ("All views", [(VIEWS[v] if v else "No view", v) for v in views]),
            ("All stages", [(STAGES[s] if s else "No stage", s) for s in stages]),
        )
        for box, (everything, options) in zip(self.boxes(), choices, strict=True):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, ANY)
            for text, value in options:
                box.addItem(text, value)
            found = box.findData(current) if current is not None else -1
            box.setCurrentIndex(max(found, 0))
            box.blockSignals(False)

    def chosen(self) -> GalleryFilter:
        """What the four lists have chosen."""
        session, area, view, stage = (box.currentData() for box in self.boxes())
        return GalleryFilter(
            session=ANY if session is None else session,
            area=ANY if area is None else area,
            view=ANY if view is None else view,
            stage=ANY if stage is None else stage,
        )

    def choose(self, chosen: GalleryFilter) -> None:
        """Choose in the four lists without saying so (the caller applies it)."""
        for box, value in zip(
            self.boxes(), (chosen.session, chosen.area, chosen.view, chosen.stage), strict=True
        ):
            box.blockSignals(True)
            box.setCurrentIndex(max(box.findData(value), 0))
            box.blockSignals(False)

    def show_count(self, shown: int, total: int, in_bin: bool, loading: bool) -> None:
        """Say how many photos there are, and how many the filters let through."""
        noun = "photo" if total == 1 else "photos"
        if loading and not total:
            self.count_label.clear()
        elif in_bin:
            self.count_label.setText(f"{total} {noun} in the bin")
        elif shown == total:
            self.count_label.setText(f"{total} {noun}")
        else:
            self.count_label.setText(f"{shown} of {total} {noun} shown")
