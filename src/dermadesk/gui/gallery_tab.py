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

from PySide6.QtCore import (
    QEventLoop,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from dermadesk.core.errors import DermaDeskError
from dermadesk.core.practice import Practice
from dermadesk.gui import prompts
from dermadesk.gui.gallery_buttons import GalleryButtons
from dermadesk.gui.gallery_dialogs import GalleryDialogs
from dermadesk.gui.gallery_filters import GalleryFilterBar
from dermadesk.gui.gallery_model import (
    GalleryFilter,
    LoadedRole,
    PhotoGalleryModel,
    PhotoIdRole,
    session_titles,
)
from dermadesk.gui.gallery_read import GalleryRead, read_gallery
from dermadesk.gui.gallery_view import THUMB_BOX, GalleryView
from dermadesk.gui.thumbnails import ThumbnailLoader, WorkPool
from dermadesk.gui.workers import BackgroundTask

STATUS_SECONDS = 15


def _photos(count: int) -> str:
    return "1 photo" if count == 1 else f"{count} photos"


# Up to this many photos, the rows are read at once on the GUI thread (about 20 ms for
# 2,000); a larger gallery is read in the background, and the window waits at most
# QUICK_READ_S seconds for it before painting.
READ_AT_ONCE_UP_TO = 2000
QUICK_READ_S = 0.03


class GalleryTab(QWidget):
    """One client's photos, with import, viewing, comparison, export, tags and the bin."""

    changed = Signal()  # photos were imported, retagged, or moved in or out of the bin

    def __init__(
        self, practice: Practice, parent: QWidget | None = None, pool: WorkPool | None = None
    ):
        super().__init__(parent)
        self.practice = practice
        self.client_id: int | None = None
        self.archived = False
        self._needs_reading = False
        self.loading = False  # rows being read in the background
        self._read_token = 0  # which read is the latest; older ones are dropped
        self.in_bin = False
        self._bin_count = 0
        self.dialogs = GalleryDialogs(self)
        self.first_screen_painted = False  # a paint showed every thumbnail on screen
        self._build_grid(pool)
        self._build_bars()
        self._build_status()
        layout = QVBoxLayout(self)
        layout.addWidget(self.buttons)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.bin_banner)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self._update_buttons()

    def _build_grid(self, pool: WorkPool | None) -> None:
        """The thumbnails' loader, model and view, and what the view answers to."""
        self.loader = ThumbnailLoader(
            self.practice.photos, THUMB_BOX, pool=pool, parent=self, ratio=self.devicePixelRatioF()
        )
        self.model = PhotoGalleryModel(self.loader, self)
        self.view = GalleryView()
        self.view.setModel(self.model)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.view.activated.connect(self._on_activated)
        self.view.files_dropped.connect(self.dialogs.import_paths)
        self.view.painted.connect(self._on_painted)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)  # only while the grid has focus
        delete.activated.connect(self.move_to_bin)

    def _build_bars(self) -> None:
        """The buttons and the filters over the grid, and the bin's banner."""
        self.buttons = GalleryButtons()
        self.buttons.import_button.clicked.connect(self.dialogs.import_files)
        self.buttons.import_folder_button.clicked.connect(self.dialogs.import_folder)
        self.buttons.view_button.clicked.connect(lambda: self.dialogs.view_photo())
        self.buttons.compare_button.clicked.connect(self.dialogs.compare)
        self.buttons.export_button.clicked.connect(self.dialogs.export)
        self.buttons.tags_button.clicked.connect(self.dialogs.edit_tags)
        self.buttons.bin_action_button.clicked.connect(self._bin_action)
        self.buttons.bin_button.toggled.connect(self.show_bin)
        self.filter_bar = GalleryFilterBar()
        self.filter_bar.changed.connect(self._on_filter_changed)
        self.bin_banner = QLabel(
            "The bin: photos moved out of the gallery. Their files are kept. Select photos "
            "and press Take out of bin to put them back."
        )
        self.bin_banner.setWordWrap(True)
        self.bin_banner.setStyleSheet(
            "background: #fff6e0; border: 1px solid #ecd9a6; border-radius: 4px; padding: 6px"
        )
        self.bin_banner.setVisible(False)

    def _build_status(self) -> None:
        """The line under the grid saying what was just done, cleared after a while."""
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #2f6b4f")
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.timeout.connect(self.status.clear)

    # --- which client ------------------------------------------------------------------------

    def show_client(self, client_id: int, archived: bool = False) -> None:
        """Show client `client_id`'s gallery (read now if on screen, else when first shown)."""
        if client_id != self.client_id:
            self._read_token += 1  # a read under way is for the client no longer shown
            self.loading = False
            self._reset_view()
            self.model.set_photos([], [], GalleryFilter())  # never another client's photos
            self.filter_bar.count_label.clear()
        self.client_id = client_id
        self.archived = archived
        self.view.setAcceptDrops(not archived)
        if self.isVisible():
            self.refresh()
        else:
            self._needs_reading = True
            self._update_buttons()

    def clear(self) -> None:
        """Show nobody (a new file, not saved yet)."""
        self.client_id = None
        self.archived = False
        self._read_token += 1  # a read under way is for somebody no longer shown
        self.loading = False
        self._reset_view()
        self.model.set_photos([], [], GalleryFilter())
        self._needs_reading = False
        self.filter_bar.count_label.clear()
        self._update_buttons()

    def _reset_view(self) -> None:
        self.in_bin = False
        self.buttons.set_bin_checked(False)
        self.filter_bar.reset()
        self.status.clear()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._needs_reading:
            self.refresh()

    def refresh(self) -> None:
        """Read the client's photos again: at once when there are few enough to read within
        a frame, so the first paint shows them; else on a worker thread, the grid filling in
        when they come (the window never waits long for a large gallery).
        """
        self._needs_reading = False
        if self.client_id is None:
            return
        self.first_screen_painted = False
        if self._few_enough_to_read_at_once():
            self.reload()
            return
        self._read_token += 1
        practice, client_id, in_bin = self.practice, self.client_id, self.in_bin
        token = self._read_token
        self.loading = True
        if not self.model.photos:
            self.view.empty_text = "Loading photos…"
            self.view.viewport().update()
        self._update_buttons()
        task = BackgroundTask(lambda _progress: read_gallery(practice, client_id, in_bin, token))
        task.succeeded.connect(self._on_read)
        task.failed.connect(self._on_read_failed)
        task.start()
        # A usual gallery is read in a few milliseconds: waiting that long lets the first
        # paint show the photos, not "Loading photos…" and then the photos. A slower read (a
        # huge gallery, a busy disk) goes on in the background as before.
        task.deliver_if_done_within(QUICK_READ_S)

    def _few_enough_to_read_at_once(self) -> bool:
        assert self.client_id is not None
        try:
            return self.practice.photos.count(self.client_id, self.in_bin) <= READ_AT_ONCE_UP_TO
        except DermaDeskError:
            return False  # the read in the background says what is wrong

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
            read = read_gallery(self.practice, self.client_id, self.in_bin, self._read_token)
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
        self.filter_bar.offer(read.photos, session_titles(read.sessions))
        self.model.set_photos(read.photos, read.sessions, self.filter_bar.chosen())
        self._select(keep)
        self._after_change()

    def _on_read_failed(self, error: object) -> None:
        self.loading = False
        self._after_change()
        text = str(error) if isinstance(error, DermaDeskError) else f"{error}"
        prompts.show_error(self, "Photos not shown", text)

    def _after_change(self) -> None:
        shown, total = len(self.model.shown_photos()), len(self.model.photos)
        self.filter_bar.show_count(shown, total, self.in_bin, self.loading)
        bin_text = f"Bin ({self._bin_count})" if self._bin_count else "Bin"
        self.buttons.bin_button.setText(bin_text)
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

    def set_filter(self, chosen: GalleryFilter) -> None:
        """Choose the filters (as a practitioner would in the four lists)."""
        self.filter_bar.choose(chosen)
        self._on_filter_changed()

    def _on_filter_changed(self) -> None:
        keep = set(self.selected_ids())
        self.model.set_filter(self.filter_bar.chosen())
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
        writable = has_client and not self.archived
        selected = len(self.view.selectionModel().selectedIndexes()) if has_client else 0
        self.buttons.update_for(
            has_client,
            writable,
            selected,
            len(self.model.photos),
            loading=self.loading,
            in_bin=self.in_bin,
        )
        self.filter_bar.set_usable(has_client and len(self.model.photos) > 0)

    def say(self, message: str) -> None:
        """Say under the grid what was just done; it goes after a while."""
        self.status.setText(message)
        self._status_timer.start(STATUS_SECONDS * 1000)

    # --- the dialogs and the bin -------------------------------------------------------------

    def _on_activated(self, index: QModelIndex) -> None:
        photo_id = index.data(PhotoIdRole)
        if photo_id is not None:
            self.dialogs.view_photo(photo_id)

    def show_bin(self, on: bool) -> None:
        """Show the bin (photos moved out of the gallery) instead of the gallery, or back."""
        if on == self.in_bin:
            return
        self.in_bin = on
        self.buttons.set_bin_checked(on)
        self.bin_banner.setVisible(on)
        self.view.setAcceptDrops(not on and not self.archived)
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
        if self.client_id is None or self.archived or not photo_ids or binned == self.in_bin:
            return
        photos = self.practice.photos
        try:
            for photo_id in photo_ids:
                (photos.delete if binned else photos.recover)(photo_id)
        except DermaDeskError as error:
            prompts.show_error(self, "Not changed", str(error))
        self.reload()
        count = len(photo_ids)
        if binned:
            them = "it" if count == 1 else "them"
            self.say(f"{_photos(count)} moved to the bin. Open the bin to take {them} back out.")
        else:
            self.say(f"{_photos(count)} back in the gallery.")
        self.changed.emit()

    def _context_menu(self, position: QPoint) -> None:
        self.buttons.menu_at(self, self.view.viewport().mapToGlobal(position))

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
