"""The data several benchmarks share, built once per run in a temporary folder."""

from __future__ import annotations

import io
import random
import shutil
import time
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from harness import BenchError, info

if TYPE_CHECKING:
    from dermadesk.core.keys import DataKey
    from dermadesk.core.practice import Practice

CLIENTS = 50_000  # the practice's size unless --clients says otherwise
BENCH_PASSPHRASE = "benchmark practice, not for real use"
GALLERY_PHOTOS = 1000  # photos of the one client in the gallery practice unless --photos


class Workspace:
    """Data the benchmarks share, built on first use in a temporary folder of this run."""

    def __init__(self, root: Path, clients: int = CLIENTS, photos: int = GALLERY_PHOTOS):
        self.root = root
        self.clients = clients
        self.photos = photos

    @cached_property
    def practice_50k(self) -> Path:
        """The data dir of a practice with 50,000 demo clients (or --clients; dermadesk.db
        inside)."""
        from dermadesk.core.demo import fill_demo_practice

        data_dir = self.root / f"practice-{self.clients}"
        info(f"Creating a demo practice with {self.clients:,} clients...")
        started = time.perf_counter()
        with open_bench_practice(data_dir) as practice:
            # Seed fixed: every run searches the same names.
            fill_demo_practice(practice, clients=self.clients, seed=1, history=False)
        info(f"  done in {time.perf_counter() - started:.1f} s")
        return data_dir

    @cached_property
    def practice_50k_encrypted(self) -> Path:
        """The same practice encrypted (`dermadesk encrypt` on a copy): the same rows, pages
        through SQLCipher; its passphrase is BENCH_PASSPHRASE."""
        from dermadesk.core.conversion_swap import plain_copies
        from dermadesk.core.encrypt_practice import encrypt_practice

        data_dir = self.root / f"practice-{self.clients}-encrypted"
        shutil.copytree(self.practice_50k, data_dir)
        info("Encrypting a copy of it...")
        started = time.perf_counter()
        encrypt_practice(data_dir, BENCH_PASSPHRASE)
        for plain in plain_copies(data_dir):
            shutil.rmtree(plain)
        info(f"  done in {time.perf_counter() - started:.1f} s")
        return data_dir

    @cached_property
    def gallery(self) -> tuple[Path, int]:
        """A copy of the 50,000-client practice where one client has 1,000 photos (or
        --photos; thumbnails made on import: the cache is warm); the data dir and that
        client's id."""
        from dermadesk.core.photo_tags import PhotoTags
        from dermadesk.core.practice import Practice

        data_dir = self.root / "practice-gallery"
        shutil.copytree(self.practice_50k, data_dir)
        pictures = self.root / "gallery-pictures"
        pictures.mkdir()
        info(f"Importing {self.photos:,} photos for one client...")
        started = time.perf_counter()
        with Practice.open(data_dir) as practice:
            client_id = practice.clients.search_ids("")[0]
            areas = ("forehead", "cheek_left", "cheek_right", "chin")
            views = ("front", "left_oblique", "right_oblique")
            stages = ("before", "after", "follow-up")
            for number in range(self.photos):
                path = pictures / f"IMG_{number:04d}.jpg"
                path.write_bytes(gallery_picture(number))
                tags = PhotoTags(None, areas[number % 4], views[number % 3], stages[number % 3])
                outcome = practice.photos.import_file(client_id, path, tags)
                if not outcome.ok or outcome.duplicate:
                    raise BenchError(f"a gallery photo was not imported: {outcome.message()}")
        info(f"  done in {time.perf_counter() - started:.1f} s")
        return data_dir, client_id


def gallery_picture(number: int) -> bytes:
    """A distinct 1200x900 photo-like JPEG (its number drawn in)."""
    from PIL import Image, ImageDraw

    rng = random.Random(number)
    picture = Image.new("RGB", (1200, 900), (rng.randint(150, 230), 170, 150))
    draw = ImageDraw.Draw(picture)
    for _ in range(40):
        x, y = rng.randint(0, 1150), rng.randint(0, 850)
        draw.ellipse([x, y, x + 50, y + 50], fill=(rng.randint(90, 200), 80, 70))
    draw.text((20, 20), f"photo {number}", fill="white")
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def open_bench_practice(data_dir: Path) -> Practice:
    """The practice in `data_dir`: a new one made plain, as the baseline figures were (the
    encrypted one is a converted copy), an encrypted one unlocked with BENCH_PASSPHRASE."""
    from dermadesk.core import db
    from dermadesk.core.clock import default_clock
    from dermadesk.core.practice import DATABASE_NAME, Practice, practice_kind

    kind = practice_kind(data_dir)
    if kind == "new":
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        engine = db.sqlite_engine(data_dir / DATABASE_NAME)
        db.migrate(engine, data_dir / "backups", default_clock())
        engine.dispose()
    return Practice.open(data_dir, key=bench_key(data_dir) if kind == "encrypted" else None)


def bench_key(data_dir: Path) -> DataKey:
    """The data key of a practice the benchmarks encrypted (Argon2id at its real cost)."""
    from dermadesk.core.keys import unlock

    return unlock(data_dir, BENCH_PASSPHRASE)
