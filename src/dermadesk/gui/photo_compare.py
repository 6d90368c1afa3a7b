"""Before and after: two photos side by side, or one wiped over the other with a slider.

Both sides share one ZoomPan, so zooming or panning either side moves the
other to the same part of the picture. The comparison opens on the natural
pair (the first "before" and the latest "after" of one area and view) or on
the two photos picked in the gallery; the two lists above the pictures pick
any others.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.errors import DermaDeskError
from dermadesk.core.photo_tags import STAGES
from dermadesk.core.practice import Practice
from dermadesk.gui.photo_canvas import PhotoCanvas, ZoomLabel, ZoomPan, zoom_buttons
from dermadesk.gui.photo_loading import LoadedPicture, load_in_background, thumbnail_image
from dermadesk.gui.screen_fit import resize_within_screen
from dermadesk.gui.wipe_canvas import WipeCanvas
from dermadesk.gui.workers import BackgroundTask

COMPARE_PIXELS = 2048  # longest side decoded per photo: two of them stay light in memory
SIDE_BY_SIDE, SLIDER = "side_by_side", "slider"


def pair_to_compare(
    practice: Practice,
    client_id: int,
    selected: Sequence[int] = (),
    area: str | None = None,
    view: str | None = None,
) -> tuple[int, int] | None:
    """The two photos a comparison opens on, earlier first; None when there are not two.

    Two photos picked: those. Otherwise the natural pair (within the area and
    view the gallery is filtered to, if it is), else the first and the latest.
    """
    photos = practice.photos
    if len(selected) == 2:
        chosen = sorted((photos.get(pid) for pid in selected), key=lambda p: (p.taken_at, p.id))
        assert chosen[0].id is not None and chosen[1].id is not None
        return chosen[0].id, chosen[1].id
    if len(selected) == 1:
        one = photos.get(selected[0])
        area, view = one.area or None, one.view or None  # compare what this photo shows
    pair = photos.natural_pair(client_id, area, view)
    if pair is None and (area or view):
        pair = photos.natural_pair(client_id)
    if pair is not None:
        assert pair[0].id is not None and pair[1].id is not None
        return pair[0].id, pair[1].id
    every = photos.for_client(client_id)
    if len(every) < 2:
        return None
    assert every[0].id is not None and every[-1].id is not None
    return every[0].id, every[-1].id


class CompareView(QWidget):
    """Two of a client's photos compared, side by side or with a slider, zoomed together."""

    pair_changed = Signal(int, int)
    pictures_shown = Signal()  # both full pictures of the pair are on screen

    def __init__(self, practice: Practice, client_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._practice = practice
        self.client_id = client_id
        self.pair: tuple[int, int] | None = None
        self._loaded: dict[int, QImage] = {}
        self._tasks: list[BackgroundTask] = []
        self.state = ZoomPan(self)
        self._photos = practice.photos.for_client(client_id)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_pickers())
        layout.addLayout(self._build_modes())
        layout.addWidget(self._build_pages(), 1)

    def _build_pickers(self) -> QHBoxLayout:
        """The two lists choosing the left and the right photo, and the swap between them."""
        self.before_box = QComboBox()
        self.after_box = QComboBox()
        for box in (self.before_box, self.after_box):
            box.setMinimumContentsLength(28)
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            for photo in self._photos:
                box.addItem(photo.caption(), photo.id)
            box.activated.connect(self._on_picked)
        self.swap_button = QToolButton()
        self.swap_button.setText("⇄")
        self.swap_button.setToolTip("Swap the two photos")
        self.swap_button.clicked.connect(self.swap)
        pickers = QHBoxLayout()
        before_label = QLabel("&Left:")
        before_label.setBuddy(self.before_box)
        after_label = QLabel("&Right:")
        after_label.setBuddy(self.after_box)
        pickers.addWidget(before_label)
        pickers.addWidget(self.before_box, 1)
        pickers.addWidget(self.swap_button)
        pickers.addWidget(after_label)
        pickers.addWidget(self.after_box, 1)
        return pickers

    def _build_modes(self) -> QHBoxLayout:
        """Side by side or Slider, and the zoom."""
        self.side_button = QPushButton("Side by side")
        self.slider_button = QPushButton("Slider")
        self.modes = QButtonGroup(self)
        for button, mode in ((self.side_button, SIDE_BY_SIDE), (self.slider_button, SLIDER)):
            button.setCheckable(True)
            button.setProperty("mode", mode)
            self.modes.addButton(button)
        self.side_button.setChecked(True)
        for button in (self.side_button, self.slider_button):
            # A segmented switch: the mode in use is filled, plainly.
            button.setStyleSheet(
                "QPushButton { padding: 4px 14px; }"
                "QPushButton:checked { background: palette(highlight); "
                "color: palette(highlighted-text); border: 1px solid palette(highlight); }"
            )
        self.modes.buttonClicked.connect(lambda button: self.set_mode(button.property("mode")))
        bar = QHBoxLayout()
        bar.addWidget(self.side_button)
        bar.addWidget(self.slider_button)
        bar.addStretch(1)
        bar.addWidget(ZoomLabel(self.state))
        self.zoom_buttons = zoom_buttons(self)
        for zoom in self.zoom_buttons:
            bar.addWidget(zoom)
        return bar

    def _build_pages(self) -> QStackedWidget:
        """The two pictures side by side on one page, wiped over each other on the other."""
        self.left = PhotoCanvas(self.state)
        self.right = PhotoCanvas(self.state)
        self.wipe = WipeCanvas(self.state)
        self.left_label, self.right_label = QLabel(), QLabel()
        self.wipe_left_label, self.wipe_right_label = QLabel(), QLabel()
        for label in (
            self.left_label,
            self.right_label,
            self.wipe_left_label,
            self.wipe_right_label,
        ):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
        for label in (self.left_label, self.right_label):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.wipe_right_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        side = QWidget()
        side_layout = QGridLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setHorizontalSpacing(6)
        side_layout.addWidget(self.left, 0, 0)
        side_layout.addWidget(self.right, 0, 1)
        side_layout.addWidget(self.left_label, 1, 0)
        side_layout.addWidget(self.right_label, 1, 1)
        side_layout.setRowStretch(0, 1)
        slider = QWidget()
        slider_layout = QGridLayout(slider)
        slider_layout.setContentsMargins(0, 0, 0, 0)
        slider_layout.addWidget(self.wipe, 0, 0, 1, 2)
        slider_layout.addWidget(self.wipe_left_label, 1, 0)
        slider_layout.addWidget(self.wipe_right_label, 1, 1)
        slider_layout.setRowStretch(0, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(side)
        self.pages.addWidget(slider)
        return self.pages

    # --- what is compared --------------------------------------------------------------------

    @property
    def mode(self) -> str:
        """SIDE_BY_SIDE or SLIDER."""
        return SLIDER if self.pages.currentIndex() == 1 else SIDE_BY_SIDE

    def set_mode(self, mode: str) -> None:
        """Show the photos side by side, or one over the other with a slider."""
        slider = mode == SLIDER
        self.pages.setCurrentIndex(1 if slider else 0)
        (self.slider_button if slider else self.side_button).setChecked(True)
        (self.wipe if slider else self.left).setFocus()

    def canvas(self) -> PhotoCanvas:
        """The canvas on show (the left one stands for both sides side by side)."""
        return self.wipe if self.mode == SLIDER else self.left

    def zoom_in(self) -> None:
        """Both photos one step closer."""
        self.canvas().zoom_in()

    def zoom_out(self) -> None:
        """Both photos one step back."""
        self.canvas().zoom_out()

    def fit(self) -> None:
        """Both photos whole."""
        self.state.fit()

    def set_pair(self, before_id: int, after_id: int) -> None:
        """Compare these two photos (the first on the left)."""
        self.pair = (before_id, after_id)
        for box, photo_id in ((self.before_box, before_id), (self.after_box, after_id)):
            box.setCurrentIndex(box.findData(photo_id))
        self.state.fit()
        by_id = {photo.id: photo for photo in self._photos}
        texts = []
        for photo_id in self.pair:
            photo = by_id.get(photo_id)
            texts.append(photo.caption() if photo else "")
        self.left_label.setText(texts[0])
        self.right_label.setText(texts[1])
        self.wipe_left_label.setText(f"Left: {texts[0]}")
        self.wipe_right_label.setText(f"Right: {texts[1]}")
        stages = [STAGES.get(by_id[pid].stage, "") if pid in by_id else "" for pid in self.pair]
        self.wipe.labels = (stages[0] or "Left", stages[1] or "Right")
        for side, photo_id in enumerate(self.pair):
            self._show(side, photo_id)
        self.pair_changed.emit(before_id, after_id)

    def swap(self) -> None:
        """Put the right photo on the left and the left one on the right."""
        if self.pair is not None:
            self.set_pair(self.pair[1], self.pair[0])

    def _on_picked(self) -> None:
        before, after = self.before_box.currentData(), self.after_box.currentData()
        if before is not None and after is not None and (before, after) != self.pair:
            self.set_pair(before, after)

    @property
    def loaded(self) -> bool:
        """True when both full pictures of the pair are on show."""
        return self.pair is not None and all(pid in self._loaded for pid in self.pair)

    def _show(self, side: int, photo_id: int) -> None:
        photos = self._practice.photos
        if photo_id in self._loaded:
            self._place(side, self._loaded[photo_id])
            return
        try:
            photo = photos.get(photo_id)
        except DermaDeskError as error:
            self._place(side, None, str(error))
            return
        self._place(side, thumbnail_image(photos, photo.sha256), "Loading…")
        task = load_in_background(photos, photo_id, photo.sha256, COMPARE_PIXELS)
        task.succeeded.connect(self._on_loaded)
        self._tasks = [t for t in self._tasks if t.running] + [task.start()]

    def _place(self, side: int, image: QImage | None, message: str = "") -> None:
        (self.left if side == 0 else self.right).set_image(image, message)
        if side == 0:
            self.wipe.set_image(image, message)
        else:
            self.wipe.set_after(image)

    def _on_loaded(self, loaded: LoadedPicture) -> None:
        photo_id, image = loaded.photo_id, loaded.image
        if image is None:
            if self.pair is not None:
                for side, pid in enumerate(self.pair):
                    if pid == photo_id:
                        self._place(side, None, loaded.problem)
            return
        # Only the pair on show keeps its pictures: picking through many stays light.
        self._loaded = {
            pid: img for pid, img in self._loaded.items() if self.pair and pid in self.pair
        }
        self._loaded[photo_id] = image
        if self.pair is None:
            return
        for side, pid in enumerate(self.pair):
            if pid == photo_id:
                self._place(side, image)
        if self.loaded:
            self.pictures_shown.emit()


class CompareDialog(QDialog):
    """A window comparing two photos, with export of the comparison."""

    def __init__(
        self,
        practice: Practice,
        client_id: int,
        pair: tuple[int, int],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._practice = practice
        self.client_id = client_id
        client = practice.clients.get(client_id)
        self.setWindowTitle(f"Compare – {client.first_name} {client.last_name}")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.setSizeGripEnabled(True)
        self.view = CompareView(practice, client_id)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setStyleSheet("color: #2f6b4f")
        self.export_button = QPushButton("E&xport…")
        self.export_button.setToolTip("Save this comparison as a picture or a PDF sheet")
        self.export_button.clicked.connect(self.export)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.export_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        self.export_dialog: QDialog | None = None
        resize_within_screen(self, 1180, 780)
        self.view.set_pair(*pair)

    def export(self) -> None:
        """Export the comparison on show (the dialog asks for what purpose and where)."""
        from dermadesk.gui.photo_export import ExportDialog

        if self.view.pair is None:
            return
        dialog = ExportDialog(self._practice, self.client_id, list(self.view.pair), self)
        dialog.exported.connect(self.status.setText)
        self.export_dialog = dialog
        dialog.open()
