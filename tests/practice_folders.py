"""Data folders as the world leaves them: a practice in use, then its database lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dermadesk.core.db import create_private_file
from dermadesk.core.practice import DATABASE_NAME, Practice
from tests.helpers import details, photo_bytes


def folder_with_database(database: Path, data_dir: Path) -> Path:
    """A practice folder holding a copy of `database` alone: quicker than migrating a new
    database when a test is not about building one."""
    data_dir.mkdir(mode=0o700)
    create_private_file(data_dir / DATABASE_NAME)
    built, copy = sqlite3.connect(database), sqlite3.connect(data_dir / DATABASE_NAME)
    try:
        built.backup(copy)
    finally:
        copy.close()
        built.close()
    return data_dir


def lived_in_folder(data_dir: Path, pictures: int = 3) -> Path:
    """A practice in use in `data_dir`: two clients, `pictures` photos, one backup in its
    backups/ folder. Returns the backup's path."""
    camera = data_dir.parent / f"{data_dir.name}-camera"
    camera.mkdir(parents=True, exist_ok=True)
    for shade in range(pictures):
        (camera / f"{shade}.jpg").write_bytes(photo_bytes(shade=shade + 1))
    with Practice.open(data_dir) as practice:
        anna = practice.clients.create(details("Anna", "Kowalska"))
        practice.clients.create(details("Łucja", "Wiśniewska"))
        practice.photos.import_files(anna, sorted(camera.iterdir()))
        (data_dir / "backups").mkdir(exist_ok=True)
        return practice.backup(data_dir / "backups").path


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under `folder` with its size and modification time."""
    found = {}
    for path in sorted(folder.rglob("*")):
        status = path.stat()
        found[str(path.relative_to(folder))] = (status.st_size, status.st_mtime_ns)
    return found


def client_names(data_dir: Path) -> list[str]:
    """The clients' first names, read with SQLite itself (nothing of DermaDesk's opens it)."""
    raw = sqlite3.connect(f"file:{data_dir / 'dermadesk.db'}?mode=ro", uri=True)
    try:
        return sorted(name for (name,) in raw.execute("SELECT first_name FROM client"))
    finally:
        raw.close()


def emptied_database(database: Path) -> None:
    """What DermaDesk before identities made of a lost database: the schema, and no data."""
    from dermadesk.core import db
    from dermadesk.core.clock import default_clock

    engine = db.sqlite_engine(database)
    db.migrate(engine, database.parent / "unused-backups", default_clock())
    engine.dispose()
    assert not (database.parent / "unused-backups").exists()
