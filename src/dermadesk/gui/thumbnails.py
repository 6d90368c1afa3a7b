"""Thumbnails for the gallery: decoded off the GUI thread, kept in a cache bounded in bytes.

The vault's thumbs/ folder (core) holds an upright 256-pixel JPEG of every
photo (sealed when the practice is encrypted: core gives it decrypted, and Qt
decodes it from memory). Reading one and scaling it to the grid's size
happens on a worker thread, into a QImage: a QPixmap may only be made on the GUI thread, which
turns each QImage into a QPixmap once and keeps the most recently used ones
in a least-recently-used cache bounded in bytes, so a 1,000-photo gallery
never holds 1,000 pictures in memory.

Every request carries the generation of the grid that asked for it. When the
filter or the client changes the generation moves on: work queued for the
old grid is skipped before anything is decoded, and a result of the old
generation that still arrives is dropped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QRectF, QSize, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap

from dermadesk.core.errors import DermaDeskError
from dermadesk.core.photo_vault import THUMB_SIZE
from dermadesk.core.photos import Photos

DEFAULT_BUDGET = 64 * 2**20  # bytes of decoded thumbnails kept in memory


class WorkPool(Protocol):
    """Where decoding runs: a QThreadPool, or in tests a pool that runs work when told."""

    def start(self, work: Callable[[], None]) -> None: ...

    def clear(self) -> None: ...


class ThumbnailCache:
    """Pixmaps by key, the least recently used dropped once their bytes pass the budget."""

    def __init__(self, budget_bytes: int = DEFAULT_BUDGET):
        self.budget = budget_bytes
        self.used = 0
        self._pixmaps: OrderedDict[str, QPixmap] = OrderedDict()

    def get(self, key: str) -> QPixmap | None:
        """The pixmap for `key` (now the most recently used), or None."""
        pixmap = self._pixmaps.get(key)
        if pixmap is not None:
            self._pixmaps.move_to_end(key)
        return pixmap

    def put(self, key: str, pixmap: QPixmap) -> None:
        """Keep `pixmap`, forgetting the least recently used ones beyond the budget."""
        if key in self._pixmaps:
            self.used -= _cost(self._pixmaps.pop(key))
        self._pixmaps[key] = pixmap
        self.used += _cost(pixmap)
        while self.used > self.budget and len(self._pixmaps) > 1:
            _key, oldest = self._pixmaps.popitem(last=False)
            self.used -= _cost(oldest)

    def clear(self) -> None:
        """Forget every pixmap."""
        self._pixmaps.clear()
        self.used = 0

    def __contains__(self, key: object) -> bool:
        return key in self._pixmaps

    def __len__(self) -> int:
        return len(self._pixmaps)


def _cost(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * max(pixmap.depth(), 8) // 8


class _Reports(QObject):
    """Carries results from worker threads to the GUI thread.

    Parentless, and held by every queued piece of work: a worker finishing
    after the gallery has closed still has a live object to report to (Qt
    then drops the report, as nobody listens).
    """

    decoded = Signal(int, str, object)  # generation, sha256, QImage (null when it failed)


class ThumbnailLoader(QObject):
    """Gives the grid a thumbnail pixmap at once when cached, else decodes it in the background.

    `ready(sha256)` tells the grid a thumbnail it asked for can now be shown.
    """

    ready = Signal(str)

    def __init__(
        self,
        photos: Photos,
        box: int,
        cache: ThumbnailCache | None = None,
        pool: WorkPool | None = None,
        parent: QObject | None = None,
        ratio: float = 1.0,
    ):
        super().__init__(parent)
        self._photos = photos
        self.box = box
        # On a high-density screen a thumbnail has more pixels than its place has points.
        self._ratio = max(ratio, 1.0)
        self._pixels = round(box * self._ratio)
        self._source_size = THUMB_SIZE if self._pixels <= THUMB_SIZE else 2 * THUMB_SIZE
        self.cache = cache if cache is not None else ThumbnailCache()
        if pool is None:
            own = QThreadPool(self)  # destroyed with the loader, after its work has finished
            own.setMaxThreadCount(max(1, min(4, QThreadPool.globalInstance().maxThreadCount())))
            pool = own
        self._pool = pool
        self._generation = 0
        self._pending: set[str] = set()  # asked for in this generation, not back yet
        self._failed: set[str] = set()  # no picture to be had: shown as missing, not retried
        self._lock = threading.Lock()
        self.decoded_count = 0  # how many thumbnails were actually decoded (benchmarks, tests)
        self._reports = _Reports()
        self._reports.decoded.connect(self._on_decoded)

    @property
    def generation(self) -> int:
        """The generation of the grid now on show."""
        return self._generation

    def new_generation(self) -> int:
        """The grid changed: skip work asked for until now, and drop its late results."""
        self._generation += 1
        self._pool.clear()
        self._pending.clear()
        return self._generation

    def pixmap(self, sha256: str) -> QPixmap | None:
        """The thumbnail when it is cached; otherwise None, and it is on its way."""
        pixmap = self.cache.get(sha256)
        if pixmap is None and sha256 not in self._failed:
            self.request(sha256)
        return pixmap

    def failed(self, sha256: str) -> bool:
        """True when this picture's thumbnail could not be made (its file is missing)."""
        return sha256 in self._failed

    def request(self, sha256: str) -> None:
        """Decode `sha256`'s thumbnail in the background (once per generation)."""
        if sha256 in self._pending or sha256 in self.cache:
            return
        self._pending.add(sha256)
        generation = self._generation
        reports = self._reports  # held by the work: see _Reports

        def work() -> None:
            if generation != self._generation:
                return  # the grid moved on before this was reached
            image = self._decode(sha256)
            reports.decoded.emit(generation, sha256, image)

        self._pool.start(work)

    def decode_now(self, sha256: str) -> QPixmap | None:
        """The thumbnail decoded here and now when it is already made (a small JPEG, decrypted
        in microseconds when sealed, decoded in about a millisecond), so a paint can show it
        at once; None when it must first be made from the original, in the background."""
        if sha256 in self._failed:
            return None
        data = self._photos.cached_thumbnail(sha256, self._source_size)
        if data is None:
            return None
        image = self._read(data)
        if image.isNull():
            return None  # damaged: the background path finds out and marks it missing
        self._pending.discard(sha256)
        return self._keep(sha256, image)

    def _decode(self, sha256: str) -> QImage:  # on a worker thread
        try:
            data = self._photos.thumbnail_bytes(sha256, self._source_size)
        except (DermaDeskError, OSError):
            return QImage()  # the original is missing, unreadable or altered: `check` says
        return self._read(data)

    def _read(self, data: bytes) -> QImage:  # on any thread
        image = QImage.fromData(data)  # from memory: the file on disk may be sealed
        if image.isNull():
            return image
        with self._lock:
            self.decoded_count += 1
        if max(image.width(), image.height()) > self._pixels:
            image = image.scaled(
                self._pixels,
                self._pixels,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        return image

    def _keep(self, sha256: str, image: QImage) -> QPixmap:
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self._ratio)
        self.cache.put(sha256, pixmap)
        return pixmap

    @Slot(int, str, object)
    def _on_decoded(self, generation: int, sha256: str, image: QImage) -> None:
        if generation != self._generation:
            return  # for a grid no longer on show
        self._pending.discard(sha256)
        if sha256 in self.cache:
            return  # decoded meanwhile for a paint that could not wait: already on screen
        if image.isNull():
            self._failed.add(sha256)
        else:
            self._keep(sha256, image)
        self.ready.emit(sha256)


def placeholder(size: int, missing: bool = False) -> QPixmap:
    """The square shown while a thumbnail loads (or, crossed, when its picture is missing)."""
    pixmap = QPixmap(QSize(size, size))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    frame = QRectF(0.5, 0.5, size - 1, size - 1)
    painter.setPen(QPen(QColor("#c9d0d8"), 1))
    painter.setBrush(QColor("#eef1f4"))
    painter.drawRoundedRect(frame, 6, 6)
    if missing:
        painter.setPen(QPen(QColor("#b04a4a"), 2))
        inset = size * 0.35
        painter.drawLine(int(inset), int(inset), int(size - inset), int(size - inset))
        painter.drawLine(int(size - inset), int(inset), int(inset), int(size - inset))
    painter.end()
    return pixmap
