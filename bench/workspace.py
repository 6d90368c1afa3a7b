"""The data several benchmarks share, built once per run in a temporary folder."""

from __future__ import annotations

import io
import random
import shutil
import time
from collections.abc import Callable
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

    def __init__(
        self,
        root: Path,
        clients: int = CLIENTS,
        photos: int = GALLERY_PHOTOS,
        keep: Path | None = None,
        database_url: str | None = None,
        owner_url: str | None = None,
    ):
        self.root = root  # this run's scratch folder, deleted at the end
        self.clients = clients
        self.photos = photos
        # The practices the benchmarks share: in `keep` (--keep-data) they outlive the run and
        # the next run reuses them; else in the scratch folder.
        self.shared = keep or root
        self.database_url = database_url  # a practice server's database (--database-url)
        self.owner_url = owner_url  # its owner's address, to prepare it (--owner-url)
        self.shared.mkdir(parents=True, exist_ok=True)

    def _built(self, name: str, build: Callable[[Path], str]) -> tuple[Path, str]:
        """The shared folder `name`, built by `build(folder)` unless a run before finished
        building it; with what `build` returned (kept beside it)."""
        folder, done = self.shared / name, self.shared / f"{name}.built"
        if done.exists() and folder.is_dir():
            info(f"Reusing {folder}")
            return folder, done.read_text()
        if folder.exists():
            shutil.rmtree(folder)  # a build cut short
        note = build(folder)
        done.write_text(note)
        return folder, note

    @cached_property
    def practice_50k(self) -> Path:
        """The data dir of a plain practice with 50,000 demo clients (or --clients)."""
        from dermadesk.core.demo import fill_demo_practice

        def build(data_dir: Path) -> str:
            info(f"Creating a demo practice with {self.clients:,} clients...")
            started = time.perf_counter()
            with open_bench_practice(data_dir) as practice:
                # Seed fixed: every run searches the same names.
                fill_demo_practice(practice, clients=self.clients, seed=1, history=False)
            info(f"  done in {time.perf_counter() - started:.1f} s")
            return ""

        return self._built(f"practice-{self.clients}", build)[0]

    @cached_property
    def practice_50k_encrypted(self) -> Path:
        """The same practice encrypted (`dermadesk encrypt` on a copy): the same rows, pages
        through SQLCipher; its passphrase is BENCH_PASSPHRASE."""
        return self._built(
            f"practice-{self.clients}-encrypted",
            lambda folder: _encrypted_copy(self.practice_50k, folder),
        )[0]

    @cached_property
    def gallery(self) -> tuple[Path, int]:
        """A copy of the 50,000-client practice where one client has 1,000 photos (or
        --photos; thumbnails made on import: the cache is warm); the data dir and that
        client's id."""

        def build(data_dir: Path) -> str:
            shutil.copytree(self.practice_50k, data_dir)
            return str(_import_gallery(data_dir, self.root / "gallery-pictures", self.photos))

        data_dir, client_id = self._built(f"practice-{self.clients}-gallery-{self.photos}", build)
        return data_dir, int(client_id)

    @cached_property
    def gallery_encrypted(self) -> tuple[Path, int]:
        """The gallery's practice encrypted (`dermadesk encrypt` on a copy: every photo and
        thumbnail sealed); the data dir and the client's id."""
        plain_dir, client_id = self.gallery
        name = f"practice-{self.clients}-gallery-{self.photos}-encrypted"
        return self._built(name, lambda folder: _encrypted_copy(plain_dir, folder))[0], client_id


def _encrypted_copy(plain_dir: Path, data_dir: Path) -> str:
    """`dermadesk encrypt` on a copy of `plain_dir` made at `data_dir`, with BENCH_PASSPHRASE;
    the plain folder it leaves aside is deleted."""
    from dermadesk.core.conversion_swap import plain_copies
    from dermadesk.core.encrypt_practice import encrypt_practice

    shutil.copytree(plain_dir, data_dir)
    info(f"Encrypting a copy of {plain_dir.name}...")
    started = time.perf_counter()
    encrypt_practice(data_dir, BENCH_PASSPHRASE)
    for plain in plain_copies(data_dir):
        shutil.rmtree(plain)
    info(f"  done in {time.perf_counter() - started:.1f} s")
    return ""


def _import_gallery(data_dir: Path, pictures: Path, photos: int) -> int:
    """`photos` pictures imported for the first client of the practice in `data_dir`; its id."""
    pictures.mkdir(exist_ok=True)
    info(f"Importing {photos:,} photos for one client...")
    started = time.perf_counter()
    with open_bench_practice(data_dir) as practice:
        client_id = practice.clients.search_ids("")[0]
        import_gallery_photos(practice, client_id, pictures, photos, keep_files=True)
    info(f"  done in {time.perf_counter() - started:.1f} s")
    return client_id


def import_gallery_photos(
    practice: Practice, client_id: int, pictures: Path, photos: int, keep_files: bool
) -> None:
    """Import `photos` distinct gallery pictures for `client_id`, tagged in turn by area, view
    and stage, each written to `pictures` first (and removed after, unless `keep_files`)."""
    from dermadesk.core.photo_tags import PhotoTags

    areas = ("forehead", "cheek_left", "cheek_right", "chin")
    views = ("front", "left_oblique", "right_oblique")
    stages = ("before", "after", "follow-up")
    for number in range(photos):
        path = pictures / f"IMG_{number:04d}.jpg"
        path.write_bytes(gallery_picture(number))
        tags = PhotoTags(None, areas[number % 4], views[number % 3], stages[number % 3])
        outcome = practice.photos.import_file(client_id, path, tags)
        if not outcome.ok or outcome.duplicate:
            raise BenchError(f"a gallery photo was not imported: {outcome.message()}")
        if not keep_files:
            path.unlink()


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


def open_bench_practice(data_dir: Path, encrypted: bool = False) -> Practice:
    """The practice in `data_dir`. A new one is made plain, as the baseline figures were, or
    with `encrypted` as the app makes it (Practice.create, BENCH_PASSPHRASE); an encrypted one
    is unlocked with BENCH_PASSPHRASE."""
    from dermadesk.core import db
    from dermadesk.core.clock import default_clock
    from dermadesk.core.practice import DATABASE_NAME, Practice, practice_kind

    kind = practice_kind(data_dir)
    if kind == "new" and encrypted:
        return Practice.create(data_dir, BENCH_PASSPHRASE)[0]
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
