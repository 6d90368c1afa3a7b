"""Reading pictures safely with Pillow: what a file is, upright, small, and without metadata.

Everything here refuses bad input with an ImageRefused whose message names
the file and says what is wrong in the practitioner's words. Pictures are
always turned upright by their EXIF orientation before they are shown,
thumbnailed or exported; exported pictures carry no metadata at all.
"""

from __future__ import annotations

import functools
import os
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from dermadesk.core.errors import DermaDeskError

if TYPE_CHECKING:
    from PIL import Image

# Phones reach 200 megapixels (as JPEG, which is decoded at a reduced scale for
# checking and thumbnails); anything beyond is no clinical photo but a
# decompression bomb, refused before it is decoded. Other formats are decoded
# whole, so their ceiling is lower: 64 MP already takes about 200 MB to decode.
MAX_MEGAPIXELS = 210
MAX_MEGAPIXELS_DECODED_WHOLE = 64
MAX_FILE_BYTES = 200 * 1024 * 1024

# Pillow format names DermaDesk takes, and how a practitioner knows them.
ACCEPTED_FORMATS = {
    "JPEG": "JPEG",
    "MPO": "JPEG",  # a JPEG some cameras write with a second, smaller picture inside
    "PNG": "PNG",
    "HEIF": "HEIC",
    "TIFF": "TIFF",
    "WEBP": "WebP",
}
ACCEPTED_WORDS = "JPEG, PNG, HEIC, TIFF or WebP"
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".heif", ".tif", ".tiff", ".webp")

_EXIF_IFD = 0x8769
_DATE_TIME_ORIGINAL = 36867


class ImageRefused(DermaDeskError):
    """A file that cannot be taken as a photo; the message says which and why."""


@dataclass(frozen=True)
class PictureFacts:
    """What an imported picture is: format, upright size, and when the camera took it."""

    format: str
    width: int
    height: int
    taken_at: datetime | None


def _refuse(name: str, why: str) -> ImageRefused:
    return ImageRefused(f"{name}: {why}")


@functools.cache
def _set_up_pillow() -> None:
    """Once, before the first picture is opened: HEIC opens, and the pixel ceiling is ours."""
    import pillow_heif  # with Pillow, loaded on the first picture, not at start-up
    from PIL import Image

    pillow_heif.register_heif_opener()
    Image.MAX_IMAGE_PIXELS = MAX_MEGAPIXELS * 1_000_000


def _size(source: Path | BinaryIO, name: str) -> int:
    if not isinstance(source, Path):
        size = source.seek(0, os.SEEK_END)
        source.seek(0)
        return size
    try:
        return source.stat().st_size
    except FileNotFoundError:
        raise _refuse(name, "the file is not there any more.") from None
    except OSError as error:
        raise _refuse(name, f"the file cannot be read ({error.strerror}).") from None


def open_picture(source: Path | BinaryIO, name: str | None = None) -> Image.Image:
    """Open (not yet decode) a picture, a file or bytes in memory (a photo decrypted from the
    vault), refusing what is not one in words."""
    from PIL import Image, UnidentifiedImageError  # Pillow loads with the first picture

    _set_up_pillow()
    name = name or (source.name if isinstance(source, Path) else "The picture")
    size = _size(source, name)
    if size == 0:
        raise _refuse(name, "the file is empty.")
    if size > MAX_FILE_BYTES:
        raise _refuse(name, f"the file is too big to be a photo ({size // 2**20} MB).")
    try:
        with warnings.catch_warnings():
            # Above MAX_IMAGE_PIXELS Pillow only warns; here that is a refusal too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(source)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(
            name, f"the picture is far too large (over {MAX_MEGAPIXELS} megapixels)."
        ) from None
    except UnidentifiedImageError:
        raise _refuse(
            name, f"this is not a picture DermaDesk can read (it takes {ACCEPTED_WORDS})."
        ) from None
    except PermissionError:
        raise _refuse(name, "DermaDesk may not read this file.") from None
    except OSError as error:
        raise _refuse(name, f"the file cannot be read ({error}).") from None
    if image.format not in ACCEPTED_FORMATS:
        shown = image.format or "this kind of"
        image.close()
        raise _refuse(name, f"{shown} pictures are not taken; use {ACCEPTED_WORDS}.")
    width, height = image.size
    ceiling = MAX_MEGAPIXELS if image.format in ("JPEG", "MPO") else MAX_MEGAPIXELS_DECODED_WHOLE
    if width * height > ceiling * 1_000_000:
        image.close()
        raise _refuse(name, f"the picture is far too large (over {ceiling} megapixels).")
    return image


def _taken_at(image: Image.Image) -> datetime | None:
    """The camera's DateTimeOriginal, when the picture has a sensible one."""
    try:
        value = image.getexif().get_ifd(_EXIF_IFD).get(_DATE_TIME_ORIGINAL)
    except (OSError, ValueError, SyntaxError):  # damaged EXIF: no date rather than no photo
        return None
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None


def _decode(image: Image.Image, name: str, longest: int | None) -> Image.Image:
    """Decode fully (reduced to about `longest` when the format allows), upright, RGB."""
    from PIL import Image, ImageOps  # Pillow loads with the first picture

    try:
        if longest and image.format in ("JPEG", "MPO"):
            image.draft("RGB", (longest, longest))  # decode at 1/2, 1/4 or 1/8 scale: quick
        image.load()
        upright = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        detail = str(error).lower()
        if "truncated" in detail or "broken" in detail or "premature" in detail:
            raise _refuse(
                name, "the picture is damaged or incomplete (the file ends early)."
            ) from None
        raise _refuse(name, "the picture is damaged and cannot be shown.") from None
    if upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    return upright


def read_picture(
    source: Path | BinaryIO, longest: int, name: str
) -> tuple[PictureFacts, Image.Image]:
    """Check a picture by decoding it: what it is, and its upright thumbnail (`longest`).

    The decode is what finds a damaged file; doing it at thumbnail size
    (JPEG's draft mode) keeps an import close to the cost of the thumbnail.
    """
    from PIL import Image  # Pillow loads with the first picture

    with open_picture(source, name) as image:
        width, height = image.size
        shown_as = ACCEPTED_FORMATS[image.format or ""]
        taken_at = _taken_at(image)
        small = _decode(image, name, longest)
        # The decoded picture is upright; the full size follows its shape. (Asking the EXIF
        # orientation instead goes wrong for TIFF, whose size Pillow already turns.)
        if (small.width >= small.height) != (width >= height):
            width, height = height, width
        facts = PictureFacts(shown_as, width, height, taken_at)
        small.thumbnail((longest, longest), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return facts, small


def load_upright(
    source: Path | BinaryIO, longest: int | None = None, name: str | None = None
) -> Image.Image:
    """A stored picture decoded upright (RGB), reduced to about `longest` pixels if given."""
    from PIL import Image  # Pillow loads with the first picture

    name = name or (source.name if isinstance(source, Path) else "The picture")
    with open_picture(source, name) as image:
        picture = _decode(image, name, longest)
        if longest and max(picture.size) > longest:
            picture.thumbnail((longest, longest), Image.Resampling.LANCZOS)
        return picture


def jpeg_bytes(image: Image.Image, quality: int = 92, note: str = "") -> bytes:
    """`image` encoded as a JPEG with no metadata but `note` (a JPEG comment, for DermaDesk's
    own records)."""
    import io

    from PIL import Image  # Pillow loads with the first picture

    clean = Image.new(image.mode if image.mode in ("RGB", "L") else "RGB", image.size)
    clean.paste(image)  # a fresh image: no EXIF, GPS, ICC, XMP or comments come along
    out = io.BytesIO()
    extra = {"comment": note.encode("ascii")} if note else {}
    clean.save(out, "JPEG", quality=quality, optimize=False, **extra)
    return out.getvalue()


def save_jpeg(image: Image.Image, destination: Path, quality: int = 92, note: str = "") -> None:
    """Write `image` as a JPEG with no metadata but `note` (see jpeg_bytes), atomically (temp
    name, then rename)."""
    from dermadesk.core.files import write_private_file

    write_private_file(destination, jpeg_bytes(image, quality, note))
