"""Data folders as the world leaves them: a practice in use, then its database lost."""

from __future__ import annotations

from pathlib import Path

from dermadesk.core.keys import has_keys
from tests.helpers import connect_db, details, open_practice, photo_bytes, test_key


def lived_in_folder(data_dir: Path, pictures: int = 3) -> Path:
    """A practice in use in `data_dir`: two clients, `pictures` photos, one backup in its
    backups/ folder. Returns the backup's path."""
    camera = data_dir.parent / f"{data_dir.name}-camera"
    camera.mkdir(parents=True, exist_ok=True)
    for shade in range(pictures):
        (camera / f"{shade}.jpg").write_bytes(photo_bytes(shade=shade + 1))
    with open_practice(data_dir) as practice:
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
    raw = connect_db(data_dir, read_only=True)
    try:
        return sorted(name for (name,) in raw.execute("SELECT first_name FROM client"))
    finally:
        raw.close()


def emptied_database(database: Path) -> None:
    """What DermaDesk before identities made of a lost database: the schema, and no data."""
    from dermadesk.core import db
    from dermadesk.core.clock import default_clock

    folder = database.parent
    engine = db.sqlite_engine(database, test_key(folder) if has_keys(folder) else None)
    db.migrate(engine, database.parent / "unused-backups", default_clock())
    engine.dispose()
    assert not (database.parent / "unused-backups").exists()
