"""Photos decoded for showing large: upright, reduced, on a worker thread, as QImages."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QImage

from dermadesk.core.errors import DermaDeskError
from dermadesk.core.photos import Photos
from dermadesk.gui.workers import BackgroundTask


def to_qimage(picture: object) -> QImage:
    """A Pillow image as a QImage that owns its pixels (safe to make off the GUI thread)."""
    from PIL import Image

    assert isinstance(picture, Image.Image)
    rgb = picture if picture.mode == "RGB" else picture.convert("RGB")
    data = rgb.tobytes("raw", "RGB")
    image = QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888)
    return image.copy()  # the bytes above go away with this function


def load_photo_image(photos: Photos, sha256: str, longest: int) -> QImage:
    """The stored picture (decrypted and checked against its hash), upright and reduced to
    `longest`, as a QImage (on a worker thread)."""
    from dermadesk.core.images import load_upright

    return to_qimage(load_upright(photos.open_original(sha256), longest))


def thumbnail_image(photos: Photos, sha256: str) -> QImage | None:
    """The photo's thumbnail when it is already made, to show while the picture loads."""
    data = photos.cached_thumbnail(sha256)
    if data is None:
        return None
    image = QImage.fromData(data)
    return None if image.isNull() else image


@dataclass(frozen=True)
class LoadedPicture:
    """A photo decoded for showing, or why it could not be."""

    photo_id: int
    image: QImage | None
    problem: str = ""


def load_in_background(photos: Photos, photo_id: int, sha256: str, longest: int) -> BackgroundTask:
    """Decode a photo on the thread pool; the task's `succeeded` carries a LoadedPicture.

    The task has no parent: it keeps itself alive until it reports, and a
    window closed meanwhile simply never hears from it (connect bound methods
    of the window, which Qt disconnects when the window goes).
    """

    def work(_progress: object) -> LoadedPicture:
        try:
            return LoadedPicture(photo_id, load_photo_image(photos, sha256, longest))
        except DermaDeskError as error:  # missing or damaged: the message names the file
            return LoadedPicture(photo_id, None, str(error))

    return BackgroundTask(work)
