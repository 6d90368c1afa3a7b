"""The client file's Photos tab: the gallery, its filters, and what can be done with photos.

Thumbnails grouped by session, filtered by session, area, view and stage;
import (files, a folder, or pictures dropped on the grid), view, compare,
export, change tags, and the bin (photos moved out of the gallery, kept and
recoverable). The tab reads the client's photos only when it is first shown,
so opening a client file costs nothing for a gallery nobody looks at, and
reads them on a worker thread, so a thousand-photo gallery never holds up
the window. show_first_screen() is the benchmarks' way in.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEventLoop, QItemSelectionModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.areas import area_name, area_order
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.photo_tags import STAGES, VIEWS
from dermadesk.core.practice import Practice
from dermadesk.core.session_records import SessionSummary
from dermadesk.gui import prompts
from dermadesk.gui.flow_layout import FlowLayout
from dermadesk.gui.gallery_model import (
    ANY,
    NO_SESSION,
    NOT_LINKED,
    GalleryFilter,
    GalleryPhoto,
    LoadedRole,
    PhotoGalleryModel,
    PhotoIdRole,
    session_titles,
)
from dermadesk.gui.gallery_view import THUMB_BOX, GalleryView
from dermadesk.gui.thumbnails import ThumbnailLoader, WorkPool
from dermadesk.gui.workers import BackgroundTask

STATUS_SECONDS = 15


@dataclass(frozen=True)
class GalleryRead:
    """A client's photos (or their bin) and sessions, as read for the grid."""

    token: int
    client_id: int
    photos: list[GalleryPhoto]
    sessions: list[SessionSummary]
    bin_count: int


def read_gallery(practice: Practice, client_id: int, in_bin: bool, token: int) -> GalleryRead:
    """Read what the grid shows (any thread: core opens a database session per call)."""
    photos = practice.photos
    rows = photos.for_client(client_id, in_bin=in_bin)
    binned = len(rows) if in_bin else len(photos.for_client(client_id, in_bin=True))
    items = [GalleryPhoto.of(row) for row in rows]
    return GalleryRead(token, client_id, items, practice.sessions.for_client(client_id), binned)


def _photos(count: int) -> str:
    return "1 photo" if count == 1 else f"{count} photos"


class GalleryTab(QWidget):
    """One client's photos, with import, viewing, comparison, export, tags and the bin."""

    changed = Signal()  # photos were imported, retagged, or moved in or out of the bin

    def __init__(
        self, practice: Practice, parent: QWidget | None = None, pool: WorkPool | None = None
    ):
        super().__init__(parent)
        self._practice = practice
        self.client_id: int | None = None
        self._archived = False
        self._needs_reading = False
        self.loading = False  # rows being read in the background
        self._read_token = 0  # which read is the latest; older ones are dropped
        self.in_bin = False
        self._bin_count = 0
        # Dialogs open without blocking (tests drive them; the window stays usable).
        self.import_dialog: QWidget | None = None
        self.tags_dialog: QWidget | None = None
        self.viewer: QWidget | None = None
        self.compare_dialog: QWidget | None = None
        self.export_dialog: QWidget | None = None

        self.loader = ThumbnailLoader(
            practice.photos, THUMB_BOX, pool=pool, parent=self, ratio=self.devicePixelRatioF()
        )
        self.model = PhotoGalleryModel(self.loader, self)
        self.view = GalleryView()
        self.view.setModel(self.model)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.view.activated.connect(self._on_activated)
        self.view.files_dropped.connect(self.import_paths)
        self.view.painted.connect(self._on_painted)
        self.first_screen_painted = False  # a paint showed every thumbnail on screen
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)  # only while the grid has focus
        delete.activated.connect(self.move_to_bin)

        self.import_button = QPushButton("Im&port…")
        self.import_button.setToolTip("Import pictures for this client (or drop them on the grid)")
        self.import_button.clicked.connect(self.import_files)
        self.import_folder_button = QPushButton("Import f&older…")
        self.import_folder_button.setToolTip(
            "Import every picture in a folder, such as a camera card"
        )
        self.import_folder_button.clicked.connect(self.import_folder)
        self.view_button = QPushButton("&View")
        self.view_button.setToolTip("Show the selected photo large (or double-click it)")
        self.view_button.clicked.connect(lambda: self.view_photo())
        self.compare_button = QPushButton("Co&mpare")
        self.compare_button.setToolTip(
            "Compare two photos: the two selected, or else the first “before” and the "
            "latest “after” of one area"
        )
        self.compare_button.clicked.connect(self.compare)
        self.export_button = QPushButton("E&xport…")
        self.export_button.setToolTip("Save the selected photo, or two selected as a comparison")
        self.export_button.clicked.connect(self.export)
        self.tags_button = QPushButton("&Tags…")
        self.tags_button.setToolTip(
            "Change the session, area, view or stage of the selected photos"
        )
        self.tags_button.clicked.connect(self.edit_tags)
        self.bin_action_button = QPushButton("Move to &bin")
        self.bin_action_button.clicked.connect(self._bin_action)
        self.bin_button = QPushButton("Bin")
        self.bin_button.setCheckable(True)
        self.bin_button.setToolTip("Photos moved to the bin: see them and take them back out")
        self.bin_button.toggled.connect(self.show_bin)

        self.session_filter = QComboBox()
        self.area_filter = QComboBox()
        self.view_filter = QComboBox()
        self.stage_filter = QComboBox()
        for box in self._filters():
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(self._on_filter_changed)
        self.count_label = QLabel()
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.bin_banner = QLabel(
            "The bin: photos moved out of the gallery. Their files are kept. Select photos "
            "and press Take out of bin to put them back."
        )
        self.bin_banner.setWordWrap(True)
        self.bin_banner.setStyleSheet(
            "background: #fff6e0; border: 1px solid #ecd9a6; border-radius: 4px; padding: 6px"
        )
        self.bin_banner.setVisible(False)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #2f6b4f")
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.timeout.connect(self.status.clear)

        actions = FlowLayout()  # wraps in a narrow window
        for button in (self.import_button, self.import_folder_button):
            actions.addWidget(button)
        actions.addSpacing(16)
        for button in (
            self.view_button,
            self.compare_button,
            self.export_button,
            self.tags_button,
            self.bin_action_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.bin_button)
        filters = FlowLayout()
        filters.addWidget(QLabel("Show:"))
        for box in self._filters():
            filters.addWidget(box)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.bin_banner)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self._update_buttons()

    def _filters(self) -> tuple[QComboBox, QComboBox, QComboBox, QComboBox]:
        return self.session_filter, self.area_filter, self.view_filter, self.stage_filter

    # --- which client ------------------------------------------------------------------------

    def show_client(self, client_id: int, archived: bool = False) -> None:
        """Show client `client_id`'s gallery (read now if on screen, else when first shown)."""
        if client_id != self.client_id:
            self._read_token += 1  # a read under way is for the client no longer shown
            self.loading = False
            self._reset_view()
            self.model.set_photos([], [], GalleryFilter())  # never another client's photos
            self.count_label.clear()
        self.client_id = client_id
        self._archived = archived
        self.view.setAcceptDrops(not archived)
        if self.isVisible():
            self.refresh()
        else:
            self._needs_reading = True
            self._update_buttons()

    def clear(self) -> None:
        """Show nobody (a new file, not saved yet)."""
        self.client_id = None
        self._archived = False
        self._read_token += 1  # a read under way is for somebody no longer shown
        self.loading = False
        self._reset_view()
        self.model.set_photos([], [], GalleryFilter())
        self._needs_reading = False
        self.count_label.clear()
        self._update_buttons()

    def _reset_view(self) -> None:
        self.in_bin = False
        self.bin_button.blockSignals(True)
        self.bin_button.setChecked(False)
        self.bin_button.blockSignals(False)
        for box in self._filters():
            box.blockSignals(True)
            box.clear()
            box.blockSignals(False)
        self.status.clear()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._needs_reading:
            self.refresh()

    def refresh(self) -> None:
        """Read the client's photos again on a worker thread; the grid fills in when they come.

        Reading a thousand photos' rows takes a noticeable moment: the window
        goes on answering meanwhile (the performance target says the gallery
        never blocks it).
        """
        self._needs_reading = False
        if self.client_id is None:
            return
        self._read_token += 1
        practice, client_id, in_bin = self._practice, self.client_id, self.in_bin
        token = self._read_token
        self.loading = True
        if not self.model.photos:
            self.view.empty_text = "Loading photos…"
            self.view.viewport().update()
        self._update_buttons()
        self.first_screen_painted = False
        task = BackgroundTask(lambda _progress: read_gallery(practice, client_id, in_bin, token))
        task.succeeded.connect(self._on_read)
        task.failed.connect(self._on_read_failed)
        task.start()

    def reload(self) -> None:
        """Read the client's photos again now, keeping the filters and selection where possible.

        Used after a change made here (an import, new tags, the bin), so what
        the practitioner just did shows at once.
        """
        self._needs_reading = False
        if self.client_id is None:
            return
        self._read_token += 1  # a background read started earlier would be older than this
        try:
            read = read_gallery(self._practice, self.client_id, self.in_bin, self._read_token)
        except DermaDeskError as error:
            self._on_read_failed(error)
            return
        self._on_read(read)

    def _on_read(self, read: GalleryRead) -> None:
        if read.token != self._read_token or read.client_id != self.client_id:
            return  # the client, or the bin, changed while this was read
        self.loading = False
        keep = set(self.selected_ids())
        self._bin_count = read.bin_count
        self._fill_filters(read.photos, session_titles(read.sessions))
        self.model.set_photos(read.photos, read.sessions, self._chosen_filter())
        self._select(keep)
        self._after_change()

    def _on_read_failed(self, error: object) -> None:
        self.loading = False
        self._after_change()
        text = str(error) if isinstance(error, DermaDeskError) else f"{error}"
        prompts.show_error(self, "Photos not shown", text)

    def _after_change(self) -> None:
        shown, total = len(self.model.shown_photos()), len(self.model.photos)
        noun = "photo" if total == 1 else "photos"
        if self.loading and not total:
            self.count_label.clear()
        elif self.in_bin:
            self.count_label.setText(f"{total} {noun} in the bin")
        elif shown == total:
            self.count_label.setText(f"{total} {noun}")
        else:
            self.count_label.setText(f"{shown} of {total} {noun} shown")
        self.bin_button.setText(f"Bin ({self._bin_count})" if self._bin_count else "Bin")
        if self.in_bin:
            self.view.empty_text = "The bin is empty."
        elif total:
            self.view.empty_text = "No photos match these choices. Choose “All” to see every photo."
        else:
            self.view.empty_text = (
                "No photos yet.\n\nPress Import… or Import folder…, "
                "or drop pictures or a folder here."
            )
        if self.loading and not total:
            self.view.empty_text = "Loading photos…"
        self.view.viewport().update()
        self._update_buttons()

    # --- filters -----------------------------------------------------------------------------

    def _fill_filters(self, items: Sequence[GalleryPhoto], titles: dict[int, str]) -> None:
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
        views = [v for v in (*VIEWS, "") if any(p.view == v for p in items)]
        stages = [s for s in (*STAGES, "") if any(p.stage == s for p in items)]
        choices = (
            ("All sessions", sessions),
            ("All areas", [(area_name(a) if a else "No area", a) for a in areas]),
            ("All views", [(VIEWS[v] if v else "No view", v) for v in views]),
            ("All stages", [(STAGES[s] if s else "No stage", s) for s in stages]),
        )
        for box, (everything, options) in zip(self._filters(), choices, strict=True):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, ANY)
            for text, value in options:
                box.addItem(text, value)
            found = box.findData(current) if current is not None else -1
            box.setCurrentIndex(max(found, 0))
            box.blockSignals(False)

    def _chosen_filter(self) -> GalleryFilter:
        session, area, view, stage = (box.currentData() for box in self._filters())
        return GalleryFilter(
            session=ANY if session is None else session,
            area=ANY if area is None else area,
            view=ANY if view is None else view,
            stage=ANY if stage is None else stage,
        )

    def set_filter(self, chosen: GalleryFilter) -> None:
        """Choose the filters (as a practitioner would in the four lists)."""
        for box, value in zip(
            self._filters(), (chosen.session, chosen.area, chosen.view, chosen.stage), strict=True
        ):
            box.blockSignals(True)
            box.setCurrentIndex(max(box.findData(value), 0))
            box.blockSignals(False)
        self._on_filter_changed()

    def _on_filter_changed(self) -> None:
        keep = set(self.selected_ids())
        self.model.set_filter(self._chosen_filter())
        self._select(keep)
        self._after_change()

    # --- selection ---------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """The selected photos' ids, in the grid's order."""
        rows = sorted(index.row() for index in self.view.selectionModel().selectedIndexes())
        return [
            pid
            for row in rows
            if (pid := self.model.data(self.model.index(row, 0), PhotoIdRole)) is not None
        ]

    def select_photos(self, photo_ids: Sequence[int]) -> None:
        """Select these photos (those shown), scrolling to the first."""
        self._select(set(photo_ids))

    def _select(self, photo_ids: set[int]) -> None:
        selection = self.view.selectionModel()
        selection.clearSelection()
        first: QModelIndex | None = None
        for photo_id in photo_ids:
            row = self.model.row_of(photo_id)
            if row is None:
                continue
            index = self.model.index(row, 0)
            selection.select(index, QItemSelectionModel.SelectionFlag.Select)
            if first is None or index.row() < first.row():
                first = index
        if first is not None:
            selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.view.scrollTo(first)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_client = self.client_id is not None
        writable = has_client and not self._archived
        selected = len(self.view.selectionModel().selectedIndexes()) if has_client else 0
        total = len(self.model.photos)
        for button in (self.import_button, self.import_folder_button):
            button.setEnabled(writable and not self.in_bin)
        self.view_button.setEnabled(total > 0)
        # While the rows are read, Compare already works: it asks core, not the grid.
        self.compare_button.setEnabled(
            has_client and not self.in_bin and (self.loading or total >= 2)
        )
        self.export_button.setEnabled(not self.in_bin and selected in (1, 2))
        self.tags_button.setEnabled(writable and not self.in_bin and selected > 0)
        self.bin_action_button.setText("&Take out of bin" if self.in_bin else "Move to &bin")
        self.bin_action_button.setToolTip(
            "Put the selected photos back in the gallery"
            if self.in_bin
            else "Move the selected photos out of the gallery; the bin keeps them"
        )
        self.bin_action_button.setEnabled(writable and selected > 0)
        self.bin_button.setEnabled(has_client)
        for box in self._filters():
            box.setEnabled(has_client and total > 0)

    def _say(self, message: str) -> None:
        self.status.setText(message)
        self._status_timer.start(STATUS_SECONDS * 1000)

    # --- import ------------------------------------------------------------------------------

    def import_files(self) -> None:
        """Ask which pictures to import, then their tags."""
        from dermadesk.gui.photo_import import PICTURE_FILTERS

        if self.client_id is None:
            return
        chosen = prompts.ask_open_paths(self, "Import photos", PICTURE_FILTERS)
        if chosen:
            self.import_paths([Path(path) for path in chosen])

    def import_folder(self) -> None:
        """Ask which folder to import every picture from, then their tags."""
        if self.client_id is None:
            return
        folder = prompts.ask_folder(self, "Import a folder of photos", str(Path.home()))
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: Sequence[Path]) -> None:
        """Offer these files and folders for import (the dialog asks for their tags)."""
        from dermadesk.gui.photo_import import ImportDialog

        if self.client_id is None or not paths:
            return
        if self._archived:
            self._say("This client's file is archived: restore it to add photos.")
            return
        if self.in_bin:
            self.bin_button.setChecked(False)  # new photos go to the gallery: show it
        chosen = self._chosen_filter().session
        session_id = chosen if isinstance(chosen, int) and chosen != NO_SESSION else None
        dialog = ImportDialog(self._practice, self.client_id, list(paths), self, session_id)
        dialog.finished_import.connect(self._on_imported)
        self.import_dialog = dialog
        dialog.open()

    def _on_imported(self, report: object) -> None:
        from dermadesk.gui.photo_import import ImportReport

        assert isinstance(report, ImportReport)
        self.reload()
        # The new photos are selected; when there are none, the ones that were there already.
        fresh = [o.photo_id for o in report.outcomes if not o.duplicate or o.recovered]
        again = [o.photo_id for o in report.duplicates]
        new = [pid for pid in (fresh if any(fresh) else again) if pid is not None]
        if new:
            # Show the new photos: the filters may hide them, so they go back to "All".
            if any(self.model.row_of(pid) is None for pid in new):
                self.set_filter(GalleryFilter())
            self.select_photos(new)
        self._say(report.headline())
        if report.imported or any(o.recovered for o in report.outcomes):
            self.changed.emit()

    # --- viewing, comparing, exporting ---------------------------------------------------------

    def _on_activated(self, index: QModelIndex) -> None:
        photo_id = index.data(PhotoIdRole)
        if photo_id is not None:
            self.view_photo(photo_id)

    def view_photo(self, photo_id: int | None = None) -> None:
        """Show a photo large (the selected one by default), stepping through those shown."""
        from dermadesk.gui.photo_viewer import PhotoViewer

        shown = [photo.id for photo in self.model.shown_photos()]
        if not shown:
            return
        if photo_id is None:
            selected = self.selected_ids()
            photo_id = selected[0] if selected else shown[0]
        if self.viewer is not None:
            self.viewer.close()
        viewer = PhotoViewer(self._practice, shown, shown.index(photo_id), self)
        self.viewer = viewer
        viewer.show()

    def compare(self) -> None:
        """Compare the two selected photos, or else the natural before-and-after pair."""
        from dermadesk.gui.photo_compare import CompareDialog, pair_to_compare

        if self.client_id is None:
            return
        chosen = self._chosen_filter()
        area = chosen.area if chosen.area not in (ANY, "") else None
        view = chosen.view if chosen.view not in (ANY, "") else None
        selected = self.selected_ids()
        pair = pair_to_compare(
            self._practice, self.client_id, selected[:2] if len(selected) <= 2 else [], area, view
        )
        if pair is None:
            prompts.show_error(
                self,
                "Nothing to compare yet",
                "A comparison needs two photos of this client. Import a “before” and an "
                "“after” photo of the same area and view, then press Compare.",
            )
            return
        if self.compare_dialog is not None:
            self.compare_dialog.close()
        dialog = CompareDialog(self._practice, self.client_id, pair, self)
        self.compare_dialog = dialog
        dialog.show()

    def export(self) -> None:
        """Export the selected photo, or the two selected as a comparison (earlier on the left)."""
        from dermadesk.gui.photo_compare import pair_to_compare
        from dermadesk.gui.photo_export import ExportDialog

        selected = self.selected_ids()
        if self.client_id is None or len(selected) not in (1, 2):
            return
        if len(selected) == 2:
            pair = pair_to_compare(self._practice, self.client_id, selected)
            assert pair is not None
            selected = list(pair)
        dialog = ExportDialog(self._practice, self.client_id, selected, self)
        dialog.exported.connect(self._say)
        self.export_dialog = dialog
        dialog.open()

    # --- tags and the bin --------------------------------------------------------------------

    def edit_tags(self) -> None:
        """Change the tags of the selected photos."""
        from dermadesk.gui.photo_tags import TagsDialog

        selected = self.selected_ids()
        if self.client_id is None or not selected:
            return
        dialog = TagsDialog(self._practice, self.client_id, selected, self)
        dialog.accepted.connect(lambda: self._on_retagged(len(selected)))
        self.tags_dialog = dialog
        dialog.open()

    def _on_retagged(self, count: int) -> None:
        self.reload()
        self._say("Tags saved." if count == 1 else f"Tags of {count} photos saved.")
        self.changed.emit()

    def show_bin(self, on: bool) -> None:
        """Show the bin (photos moved out of the gallery) instead of the gallery, or back."""
        if on == self.in_bin:
            return
        self.in_bin = on
        self.bin_button.blockSignals(True)
        self.bin_button.setChecked(on)
        self.bin_button.blockSignals(False)
        self.bin_banner.setVisible(on)
        self.view.setAcceptDrops(not on and not self._archived)
        self.model.set_photos([], [], self.model.filter)  # the gallery's or the bin's, not both
        self.refresh()
        self._after_change()

    def _bin_action(self) -> None:
        if self.in_bin:
            self.take_out_of_bin()
        else:
            self.move_to_bin()

    def move_to_bin(self) -> None:
        """Move the selected photos to the bin (nothing is deleted; the bin gives them back)."""
        self._set_binned(self.selected_ids(), True)

    def take_out_of_bin(self) -> None:
        """Put the selected photos from the bin back into the gallery."""
        self._set_binned(self.selected_ids(), False)

    def _set_binned(self, photo_ids: list[int], binned: bool) -> None:
        if self.client_id is None or self._archived or not photo_ids or binned == self.in_bin:
            return
        photos = self._practice.photos
        try:
            for photo_id in photo_ids:
                (photos.delete if binned else photos.recover)(photo_id)
        except DermaDeskError as error:
            prompts.show_error(self, "Not changed", str(error))
        self.reload()
        count = len(photo_ids)
        if binned:
            them = "it" if count == 1 else "them"
            self._say(f"{_photos(count)} moved to the bin. Open the bin to take {them} back out.")
        else:
            self._say(f"{_photos(count)} back in the gallery.")
        self.changed.emit()

    def _context_menu(self, position: object) -> None:
        menu = QMenu(self)
        for button in (
            self.view_button,
            self.compare_button,
            self.export_button,
            self.tags_button,
            self.bin_action_button,
        ):
            action = menu.addAction(button.text().replace("&", ""))
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
        menu.exec(self.view.viewport().mapToGlobal(position))  # type: ignore[arg-type]

    # --- for benchmarks and tests ------------------------------------------------------------

    def _on_painted(self) -> None:
        if not self.first_screen_painted and self.first_screen_ready():
            self.first_screen_painted = True

    def first_screen_ready(self) -> bool:
        """True when every photo on screen has its real thumbnail (or its missing mark)."""
        if self.loading or self._needs_reading or self.client_id is None:
            return False
        for row in self.view.visible_rows():
            index = self.model.index(row, 0)
            photo = self.model.photo_at(row)
            if (
                photo is not None
                and not index.data(LoadedRole)
                and not self.loader.failed(photo.sha256)
            ):
                return False
        return True


def show_first_screen(
    practice: Practice,
    client_id: int,
    size: QSize = QSize(1100, 800),  # noqa: B008 - an immutable value
    timeout: float = 30.0,
) -> GalleryTab:
    """Open a Photos tab on `client_id` and return once its first screen of thumbnails is painted.

    For benchmarks: time the call, then close the returned tab. A QApplication
    must exist. The tab is shown as a window of `size`; the return comes after
    a paint in which every thumbnail on screen was the real one.
    """
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("show_first_screen needs a QApplication")
    tab = GalleryTab(practice)
    tab.resize(size)
    tab.show_client(client_id)
    tab.show()
    deadline = time.monotonic() + timeout
    waker = QTimer()  # wakes the wait below now and then to look at the clock
    waker.start(50)
    loop = QEventLoop()
    while not tab.first_screen_painted:
        if time.monotonic() > deadline:
            raise TimeoutError("the gallery's first screen was not painted in time")
        # Sleeps until something happens: no busy loop taking the workers' CPU.
        loop.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    waker.stop()
    return tab
