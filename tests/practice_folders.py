"""Data folders as the world leaves them: a practice in use, then its database lost."""

from __future__ import annotations

import shutil
from pathlib import Path

from dermadesk.core.audit_head import HEAD_FILE
from dermadesk.core.keys import KEY_FILE, has_keys
from dermadesk.core.practice import DATABASE_NAME
from tests.helpers import connect_db, details, open_practice, photo_bytes, test_key


def folder_with_database(template: Path, data_dir: Path) -> Path:
    """A practice folder holding a copy of the (closed) practice in `template`: its database,
    key file and audit head alone. Quicker than migrating a new database when a test is not
    about building one."""
    data_dir.mkdir(mode=0o700)
    for name in (DATABASE_NAME, KEY_FILE, HEAD_FILE):
        if (template / name).exists():
            shutil.copy2(template / name, data_dir / name)
    return data_dir


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
