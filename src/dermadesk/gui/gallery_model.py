"""The gallery's Qt model: a client's photos, filtered and grouped by session, as a flat list.

Each session with photos gets a header row ("Session 2 · 12 Oct 2026"),
newest first, followed by its photos in the order they were taken; photos
linked to no session come last under their own header. The model holds
little: a few tags per photo and its hash. Thumbnails come from a
ThumbnailLoader when a view first asks for one; until then a placeholder shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QPixmap

from dermadesk.core.dates import long_date
from dermadesk.core.records import PhotoInfo
from dermadesk.core.session_records import SessionStatus, SessionSummary
from dermadesk.gui.thumbnails import ThumbnailLoader, placeholder

ANY = "*"  # a filter that lets everything through
NO_SESSION = -1  # the session filter's value for photos linked to no session

PhotoIdRole = Qt.ItemDataRole.UserRole + 1  # int, or None on a header row
IsHeaderRole = Qt.ItemDataRole.UserRole + 2  # bool
PhotoRole = Qt.ItemDataRole.UserRole + 3  # the PhotoInfo, or None on a header row
LoadedRole = Qt.ItemDataRole.UserRole + 4  # bool: the real thumbnail (not a placeholder)
DetailRole = Qt.ItemDataRole.UserRole + 5  # str: a heading's "6 photos"

ANNOUNCE_AFTER_MS = 16  # about a frame: thumbnails arriving within it share one repaint

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class GalleryFilter:
    """Which photos to show: ANY, or one session (NO_SESSION), area, view, stage ("" untagged)."""

    session: int | str = ANY
    area: str = ANY
    view: str = ANY
    stage: str = ANY

    def admits(self, photo: PhotoInfo) -> bool:
        """True when `photo` passes every part of the filter."""
        session = NO_SESSION if photo.session_id is None else photo.session_id
        return (
            (self.session == ANY or self.session == session)
            and (self.area == ANY or self.area == photo.area)
            and (self.view == ANY or self.view == photo.view)
            and (self.stage == ANY or self.stage == photo.stage)
        )

    @property
    def narrows(self) -> bool:
        """True when some photos may be hidden."""
        return any(part != ANY for part in (self.session, self.area, self.view, self.stage))


@dataclass(frozen=True)
class GalleryHeader:
    """The row that starts a session's group."""

    title: str
    count: int

    @property
    def detail(self) -> str:
        """'6 photos'."""
        return f"{self.count} photo" + ("" if self.count == 1 else "s")


def session_titles(sessions: Sequence[SessionSummary]) -> dict[int, str]:
    """Each session as the gallery names it: 'Session 2 · 12 Oct 2026'.

    Sessions are numbered in the order they happened, leaving out the
    cancelled and missed ones (nobody was treated); those keep their date.
    """
    titles: dict[int, str] = {}
    number = 0
    for summary in sorted(sessions, key=lambda s: (s.scheduled_at, s.id)):
        when = long_date(summary.scheduled_at.date())
        if summary.status in (SessionStatus.CANCELLED, SessionStatus.NO_SHOW):
            titles[summary.id] = f"Session · {when} ({summary.status.label.lower()})"
        else:
            number += 1
            titles[summary.id] = f"Session {number} · {when}"
    return titles


NOT_LINKED = "Not linked to a session"


def grouped_rows(
    photos: Sequence[PhotoInfo], sessions: Sequence[SessionSummary], chosen: GalleryFilter
) -> list[GalleryHeader | PhotoInfo]:
    """The grid's rows: a header per session (newest first), its photos in taken order."""
    titles = session_titles(sessions)
    order = {
        summary.id: place
        for place, summary in enumerate(
            sorted(sessions, key=lambda s: (s.scheduled_at, s.id), reverse=True)
        )
    }
    groups: dict[int | None, list[PhotoInfo]] = {}
    for photo in photos:
        if chosen.admits(photo):
            groups.setdefault(photo.session_id, []).append(photo)
    rows: list[GalleryHeader | PhotoInfo] = []

    # A session another window deleted meanwhile sorts with the unlinked, just before them.
    def place(key: int | None) -> tuple[bool, int]:
        return key is None, len(order) if key is None else order.get(key, len(order))

    for session_id in sorted(groups, key=place):
        members = sorted(groups[session_id], key=lambda photo: (photo.taken_at, photo.id))
        title = NOT_LINKED if session_id is None else titles.get(session_id, NOT_LINKED)
        rows.append(GalleryHeader(title, len(members)))
        rows.extend(members)
    return rows


class PhotoGalleryModel(QAbstractListModel):
    """A client's photos for a QListView: header rows and photo rows, thumbnails on demand."""

    def __init__(self, loader: ThumbnailLoader, parent: QObject | None = None):
        super().__init__(parent)
        self._loader = loader
        self._rows: list[GalleryHeader | PhotoInfo] = []
        self._row_of_sha: dict[str, int] = {}
        self._row_of_id: dict[int, int] = {}
        self._photos: list[PhotoInfo] = []
        self._sessions: list[SessionSummary] = []
        self.filter = GalleryFilter()
        self._waiting = placeholder(loader.box)
        self._missing = placeholder(loader.box, missing=True)
        self._decode_now_left = 0  # see allow_decode_now
        # Thumbnails that arrive from the background close together are announced together,
        # so the grid repaints once per batch, not once per picture.
        self._arrived_rows: set[int] = set()
        self._announce = QTimer(self)
        self._announce.setSingleShot(True)
        self._announce.setInterval(ANNOUNCE_AFTER_MS)
        self._announce.timeout.connect(self._announce_arrivals)
        loader.ready.connect(self._on_thumbnail_ready)

    # --- what to show ----------------------------------------------------------------------

    def set_photos(
        self,
        photos: Sequence[PhotoInfo],
        sessions: Sequence[SessionSummary],
        chosen: GalleryFilter | None = None,
    ) -> None:
        """Show these photos (a client's, or the bin's), grouped by these sessions."""
        self._photos = list(photos)
        self._sessions = list(sessions)
        self._regroup(chosen or self.filter)

    def set_filter(self, chosen: GalleryFilter) -> None:
        """Show only the photos `chosen` admits."""
        if chosen != self.filter:
            self._regroup(chosen)

    def _regroup(self, chosen: GalleryFilter) -> None:
        self.beginResetModel()
        self.filter = chosen
        self._loader.new_generation()  # thumbnails asked for by the old grid are not wanted
        self._arrived_rows.clear()
        self._announce.stop()
        self._rows = grouped_rows(self._photos, self._sessions, chosen)
        self._row_of_sha = {}
        self._row_of_id = {}
        for row, item in enumerate(self._rows):
            if isinstance(item, PhotoInfo):
                self._row_of_sha[item.sha256] = row
                self._row_of_id[item.id] = row
        self.endResetModel()

    @property
    def photos(self) -> list[PhotoInfo]:
        """Every photo given, shown or filtered out."""
        return list(self._photos)

    def shown_photos(self) -> list[PhotoInfo]:
        """The photos the filter lets through, in the grid's order."""
        return [item for item in self._rows if isinstance(item, PhotoInfo)]

    def photo_at(self, row: int) -> PhotoInfo | None:
        """The photo on `row` (None on a header)."""
        item = self._rows[row] if 0 <= row < len(self._rows) else None
        return item if isinstance(item, PhotoInfo) else None

    def row_of(self, photo_id: int) -> int | None:
        """The row showing photo `photo_id`, if shown."""
        return self._row_of_id.get(photo_id)

    def is_header(self, row: int) -> bool:
        """True when `row` is a session's heading (asked for every row at every layout, so
        it skips Qt's role dispatch)."""
        return isinstance(self._rows[row], GalleryHeader) if 0 <= row < len(self._rows) else False

    def allow_decode_now(self, count: int) -> None:
        """Let the coming paint decode up to `count` thumbnails that are already cached on
        disk on the spot, so they appear in that very paint instead of after a placeholder.
        The view opens this for one screenful before each paint and closes it after."""
        self._decode_now_left = count

    def session_title(self, session_id: int | None) -> str:
        """How the grid heads the group of `session_id`."""
        if session_id is None:
            return NOT_LINKED
        return session_titles(self._sessions).get(session_id, NOT_LINKED)

    # --- Qt's model interface --------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self._rows[index.row()], GalleryHeader):
            return Qt.ItemFlag.ItemIsEnabled  # a heading: seen, never selected
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if isinstance(item, PhotoInfo):
            return self._photo_data(item, role)
        return self._header_data(item, role)

    @staticmethod
    def _header_data(item: GalleryHeader, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return item.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.title}: {item.detail}"
        if role == IsHeaderRole:
            return True
        if role == DetailRole:
            return item.detail
        if role == LoadedRole:
            return False
        return None  # no photo id, no photo

    def _photo_data(self, item: PhotoInfo, role: int) -> Any:
        # The roles a paint asks for come first: they are asked for every photo on screen.
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnail(item)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{item.area_text}\n{item.view_and_stage}"
        if role == PhotoRole:
            return item
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{item.caption()}\nTaken {item.taken_at:%H:%M}  ·  {item.original_name}\n"
                f"{self.session_title(item.session_id)}"
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return item.caption()
        if role == PhotoIdRole:
            return item.id
        if role == IsHeaderRole:
            return False
        if role == LoadedRole:
            return item.sha256 in self._loader.cache
        return None

    def _thumbnail(self, item: PhotoInfo) -> QPixmap:
        pixmap = self._loader.cache.get(item.sha256)
        if pixmap is None and self._decode_now_left > 0:
            pixmap = self._loader.decode_now(item.sha256)
            if pixmap is not None:
                self._decode_now_left -= 1
        if pixmap is None:
            pixmap = self._loader.pixmap(item.sha256)  # asks for it in the background
        if pixmap is not None:
            return pixmap
        return self._missing if self._loader.failed(item.sha256) else self._waiting

    def _on_thumbnail_ready(self, sha256: str) -> None:
        row = self._row_of_sha.get(sha256)
        if row is not None:
            self._arrived_rows.add(row)
            if not self._announce.isActive():
                self._announce.start()

    def _announce_arrivals(self) -> None:
        if not self._arrived_rows:
            return
        top, bottom = min(self._arrived_rows), max(self._arrived_rows)
        self._arrived_rows.clear()
        self.dataChanged.emit(
            self.index(top, 0), self.index(bottom, 0), [Qt.ItemDataRole.DecorationRole, LoadedRole]
        )
