"""A before-and-after pair as one picture: the two photos side by side, captioned below.

The photos arrive upright (EXIF orientation applied); the result is a fresh
image, so no metadata of either original comes along.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dermadesk.core.records import PhotoInfo
from dermadesk.paths import resource_path

if TYPE_CHECKING:
    from PIL import Image, ImageFont

HEIGHT = 1200  # each photo is scaled to this height: sharp on screen and in print
GUTTER = 24
CAPTION = 110
BACKGROUND = (255, 255, 255)
INK, MUTED = (31, 41, 51), (82, 96, 109)


@dataclass(frozen=True)
class ComparisonSide:
    """One side of a comparison: the picture (a fresh JPEG, no metadata) and its caption facts."""

    jpeg: bytes
    width: int
    height: int
    stage: str  # "Before", "Follow-up"
    taken_on: str  # "14 Mar 2026"
    session: str  # "Session 1", or "" when not linked to one


@dataclass(frozen=True)
class Comparison:
    """Two photos of one client, checked for export, earlier first, with their sides."""

    before: PhotoInfo
    after: PhotoInfo
    sides: tuple[ComparisonSide, ComparisonSide]


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont  # Pillow loads with the first picture, not at start-up

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(resource_path("fonts", name)), size)


def side_by_side(
    before: Image.Image, after: Image.Image, captions: tuple[tuple[str, str], tuple[str, str]]
) -> Image.Image:
    """`before` and `after` at one height, a white gutter between, each with a caption:
    (a bold first line, a muted second line)."""
    from PIL import Image, ImageDraw  # Pillow loads with the first picture, not at start-up

    scaled = [
        photo.resize(
            (max(1, round(photo.width * HEIGHT / photo.height)), HEIGHT),
            Image.Resampling.LANCZOS,
        )
        for photo in (before, after)
    ]
    width = scaled[0].width + scaled[1].width + 3 * GUTTER
    sheet = Image.new("RGB", (width, HEIGHT + 2 * GUTTER + CAPTION), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    heading, detail = _font(34, bold=True), _font(26)
    left = GUTTER
    for photo, (first, second) in zip(scaled, captions, strict=True):
        sheet.paste(photo.convert("RGB"), (left, GUTTER))
        draw.text((left, HEIGHT + GUTTER + 18), first, font=heading, fill=INK)
        draw.text((left, HEIGHT + GUTTER + 64), second, font=detail, fill=MUTED)
        left += photo.width + GUTTER
    return sheet
