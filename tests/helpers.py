"""Small builders shared by the tests."""

from __future__ import annotations

import io
import os
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from sqlcipher3 import dbapi2

from dermadesk.core import keys
from dermadesk.core.backup_keys import by_passphrase
from dermadesk.core.client_details import ClientDetails
from dermadesk.core.clock import Clock
from dermadesk.core.db import connect_file, driver_errors
from dermadesk.core.errors import DataDirError
from dermadesk.core.keys import DataKey, has_keys, unlock
from dermadesk.core.practice import Practice, practice_kind

# The moment the suite's fixed clock starts at (see the `clock` fixture in conftest): a plain
# weekday morning, or DERMADESK_TEST_NOW (naive ISO, wall clock), e.g. 2026-12-31T23:59:59.
TEST_NOW = datetime.fromisoformat(os.environ.get("DERMADESK_TEST_NOW", "2026-11-18T10:00:00"))


# Argon2id at its real cost (~0.2-0.8 s) for every practice made would slow the suite by
# minutes; the practices tests make (in the suite's process or the helpers' children, which
# import this module) record this cheap setting in their key.json, so they unlock fast too.
keys.DEFAULT_KDF = keys.FAST_KDF_FOR_TESTS

# Every practice the suite makes is encrypted under this passphrase (with the fast Argon2
# setting tests/conftest.py puts in place; key.json records it, so unlocking is fast too).
TEST_PASSPHRASE = "suite passphrase, not for real use"


# How the suite unlocks its practices' backups when restoring them.
UNLOCK = by_passphrase(TEST_PASSPHRASE)


def test_key(data_dir: str | os.PathLike[str]) -> DataKey:
    """The data key of a practice the suite made."""
    return unlock(Path(data_dir), TEST_PASSPHRASE)


test_key.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


def open_practice(data_dir: str | os.PathLike[str], clock: Clock | None = None) -> Practice:
    """Open the practice in `data_dir` as the suite does: made (encrypted, under
    TEST_PASSPHRASE) if new, unlocked if encrypted, as it is if plain. A server practice's
    folder on this computer (`practice.data_dir` of one) opens that practice again."""
    from dermadesk.core.keys import SERVER_HOMES

    if (server := SERVER_HOMES.get(Path(data_dir).absolute())) is not None:
        from tests.postgres_server import open_server_practice

        return open_server_practice(Path(data_dir).parent.parent, server, clock)  # type: ignore[no-any-return]
    kind = practice_kind(Path(data_dir))
    if kind == "new":
        try:
            return Practice.create(data_dir, TEST_PASSPHRASE, clock)[0]
        except DataDirError:  # another program made it at the same moment: open theirs
            kind = practice_kind(Path(data_dir))
            if kind == "new":
                raise
    key = test_key(data_dir) if kind == "encrypted" else None
    return Practice.open(data_dir, clock, key)


def connect_db(
    data_dir: str | os.PathLike[str], name: str = "dermadesk.db", read_only: bool = False
) -> Any:
    """A raw DB-API connection on a practice's database (what a SQLite shell would give
    someone who holds the key): keyed as the suite's practices are, plain for a plain one."""
    folder = Path(data_dir)
    key = test_key(folder) if has_keys(folder) else None
    return connect_file(folder / name, key, read_only)


# What either driver raises for SQL refused (a trigger's RAISE, a constraint): the
# encrypted practices' connections are SQLCipher's, with their own exception classes.
DB_ERRORS: tuple[type[Exception], ...] = driver_errors()
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, dbapi2.IntegrityError)


def details(first: str = "Anna", last: str = "Kowalska", **more: object) -> ClientDetails:
    """Valid client details, changed where a test says."""
    values: dict[str, object] = {
        "first_name": first,
        "last_name": last,
        "date_of_birth": date(1988, 5, 17),
        **more,
    }
    return ClientDetails(**values)  # type: ignore[arg-type]


def signature(scrawl: int = 0) -> bytes:
    """A real PNG of a drawn line, different for each `scrawl`."""
    image = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(10, 80), (80 + scrawl, 20), (290, 70)], fill="black", width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# --- pictures -------------------------------------------------------------------------------

# How a camera stores an upright scene under each EXIF orientation tag: the file only
# looks right once a viewer applies the tag (turning 6 back by 270 degrees, and so on).
_STORED_AS = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def upright_marker(size: tuple[int, int] = (240, 160)) -> Image.Image:
    """A picture whose way up is plain: red top-left quarter, blue bottom edge, grey elsewhere."""
    image = Image.new("RGB", size, (128, 128, 128))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle([0, 0, width // 2 - 1, height // 2 - 1], fill=(220, 30, 30))
    draw.rectangle([0, height - height // 6, width - 1, height - 1], fill=(30, 30, 220))
    return image


def looks_upright(image: Image.Image) -> bool:
    """True when `image` is upright_marker the right way up (at any size)."""
    rgb = image.convert("RGB")
    width, height = rgb.size
    top_left = rgb.getpixel((width // 8, height // 8))
    top_right = rgb.getpixel((width * 7 // 8, height // 8))
    bottom = rgb.getpixel((width // 2, height - 2))
    return top_left[0] > 180 > top_right[0] and bottom[2] > 180 > bottom[0]  # type: ignore[index]


def photo_bytes(
    orientation: int = 1,
    taken: str | None = "2026:03:14 10:30:00",
    gps: bool = False,
    size: tuple[int, int] = (240, 160),
    shade: int = 0,
    fmt: str = "JPEG",
) -> bytes:
    """A camera-like picture: EXIF orientation, DateTimeOriginal, a device and optionally GPS."""
    picture = upright_marker(size)
    if shade:
        # Written out, so that every shade makes a different picture (and different bytes).
        ImageDraw.Draw(picture).text((size[0] // 2, size[1] // 2), str(shade), fill="white")
    if (stored_as := _STORED_AS[orientation]) is not None:
        picture = picture.transpose(stored_as)
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15 Pro"  # Model
    if taken:
        exif.get_ifd(0x8769)[36867] = taken
    if gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})
    if fmt == "HEIF":  # DermaDesk registers the HEIF plugin only once it opens a picture
        import pillow_heif

        pillow_heif.register_heif_opener()
    out = io.BytesIO()
    picture.save(out, fmt, exif=exif.tobytes(), quality=90)
    return out.getvalue()
