"""import: one 12-megapixel JPEG imported into the vault, against Pillow's own pipeline on it."""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from harness import BenchError, Result, benchmark, info
from workspace import Workspace, open_bench_practice

if TYPE_CHECKING:
    from dermadesk.core.practice import Practice

IMPORT_ROUNDS = 9
IMPORT_SIZE = (4000, 3000)  # 12 megapixels, as a phone's main camera


def camera_jpeg(size: tuple[int, int]) -> bytes:
    """A JPEG about as large as a phone photo of skin: fine detail everywhere, EXIF inside."""
    from PIL import Image, ImageFilter

    width, height = size
    # Noise blurred a little compresses like skin texture (a few MB), not like flat colour.
    grain = Image.effect_noise((width, height), 24).filter(ImageFilter.GaussianBlur(0.6))
    picture = Image.merge(
        "RGB",
        (
            grain.point(lambda v: 150 + v // 3),
            grain.point(lambda v: 110 + v // 4),
            grain.point(lambda v: 90 + v // 4),
        ),
    )
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8769)[36867] = "2026:11:20 10:30:00"
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def _variant(jpeg: bytes, number: int) -> bytes:
    """The same picture with a JPEG comment after the start marker: other bytes, other hash."""
    comment = f"bench {number}".encode()
    return jpeg[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + jpeg[2:]


def camera_files(folder: Path, count: int) -> list[Path]:
    """`count` 12-megapixel JPEGs in `folder` (made once there), each with other bytes."""
    if folder.exists():
        return sorted(folder.iterdir())[:count]
    info(f"Making a {IMPORT_SIZE[0]}x{IMPORT_SIZE[1]} JPEG...")
    jpeg = camera_jpeg(IMPORT_SIZE)
    info(f"  {len(jpeg) / 1e6:.1f} MB")
    folder.mkdir()
    files = []
    for number in range(count):
        path = folder / f"IMG_{number:04d}.JPG"
        path.write_bytes(_variant(jpeg, number))
        files.append(path)
    return files


def import_timer(practice: Practice) -> Callable[[Path], float]:
    """Seconds `photos.import_file` takes on a picture, for a new client of `practice`."""
    from dermadesk.core.client_details import ClientDetails
    from dermadesk.core.photo_tags import PhotoTags

    client = practice.clients.create(ClientDetails("Ana", "Lima", date(1990, 3, 2)))

    def app_import(path: Path) -> float:
        started = time.perf_counter()
        outcome = practice.photos.import_file(client, path, PhotoTags(area="forehead"))
        elapsed = time.perf_counter() - started
        if not outcome.ok or outcome.duplicate:
            raise BenchError(f"the import did not store the picture: {outcome.message()}")
        return elapsed

    return app_import


@benchmark("import", target="ratio <= 1.5")
def bench_import(workspace: Workspace) -> Result:
    """Median time to import one 12-megapixel JPEG, against Pillow's own pipeline on it.

    The import is the whole of `photos.import_file`: copy into the vault while
    hashing, fsync, decode in draft mode at thumbnail size (which checks the
    picture), write the thumbnail, rename, fsync the folder, and the row with
    its audit entry. The baseline is what DESIGN names: Pillow's draft-mode
    decode, the thumbnail and a SHA-256 of the same file, in memory. On a practice
    server (--database-url), photo_import_server.py.
    """
    import hashlib

    from PIL import Image

    from dermadesk.core.photo_vault import THUMB_SIZE

    if workspace.database_url:
        from photo_import_server import bench_server_import

        return bench_server_import(workspace)
    files = camera_files(workspace.root / "camera", IMPORT_ROUNDS + 2)

    def raw_pipeline(path: Path) -> float:
        started = time.perf_counter()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        with Image.open(path) as picture:
            picture.draft("RGB", (THUMB_SIZE, THUMB_SIZE))
            picture.thumbnail((THUMB_SIZE, THUMB_SIZE))
        assert digest
        return time.perf_counter() - started

    with open_bench_practice(workspace.root / "practice-import") as practice:
        app_import = import_timer(practice)

        for path in files[:2]:  # warm-up: imports, the first folders in the vault
            app_import(path)
            raw_pipeline(path)
        app_times, raw_times = [], []
        for number, path in enumerate(files[2:]):
            if number % 2:
                raw_times.append(raw_pipeline(path))
                app_times.append(app_import(path))
            else:
                app_times.append(app_import(path))
                raw_times.append(raw_pipeline(path))
    app_ms = statistics.median(app_times) * 1000
    raw_ms = statistics.median(raw_times) * 1000
    info(f"  import {app_ms:.1f} ms, Pillow draft + thumbnail + sha256 {raw_ms:.1f} ms")
    return Result(value=app_ms, baseline=raw_ms, unit="ms")
