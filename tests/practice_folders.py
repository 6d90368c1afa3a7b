"""Data folders as the world leaves them: a practice in use, then its database lost."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from dermadesk.core.audit_head import HEAD_FILE
from dermadesk.core.clock import Clock, FixedClock
from dermadesk.core.identity import identity_path
from dermadesk.core.keys import KEY_FILE, has_keys
from dermadesk.core.practice import DATABASE_NAME
from tests.built_once import built_once
from tests.helpers import TEST_NOW, connect_db, details, open_practice, photo_bytes, test_key


def folder_with_database(template: Path, data_dir: Path) -> Path:
    """A practice folder holding a copy of the (closed) practice in `template`: its database,
    key file and audit head alone. Quicker than migrating a new database when a test is not
    about building one."""
    data_dir.mkdir(mode=0o700)
    for name in (DATABASE_NAME, KEY_FILE, HEAD_FILE):
        if (template / name).exists():
            shutil.copy2(template / name, data_dir / name)
    return data_dir


def lived_in_folder(data_dir: Path, built: pytest.TempPathFactory | None = None) -> Path:
    """A practice in use in `data_dir`: two clients, three photos, one backup in its backups/
    folder. Returns the backup's path. Given the run's `built` (tmp_path_factory), a copy of
    one built once for the run: building one migrates a new database, and most tests of a
    lost practice need only its files."""
    if built is None:
        return _live_in(data_dir, None)

    def build(folder: Path) -> None:
        _live_in(folder, FixedClock(TEST_NOW))

    copied_once(built, "lived-in-folder", build, data_dir)
    (backup,) = (data_dir / "backups").iterdir()
    return backup


def plain_lived_in_folder(data_dir: Path, built: pytest.TempPathFactory) -> Path:
    """A practice as DermaDesk made them before encryption, in use (as `lived_in_folder`,
    all in the clear): a copy of one made once for the run."""

    def build(folder: Path) -> None:
        from dermadesk.core import db

        folder.mkdir(mode=0o700)
        engine = db.sqlite_engine(folder / DATABASE_NAME)
        db.migrate(engine, folder / "backups", FixedClock(TEST_NOW))
        engine.dispose()
        _live_in(folder, FixedClock(TEST_NOW))

    return copied_once(built, "plain-lived-in-folder", build, data_dir)


def copied_once(
    built: pytest.TempPathFactory, name: str, build: Callable[[Path], object], data_dir: Path
) -> Path:
    """A copy in `data_dir` of the practice folder `build` makes (in the folder it is given)
    once for the run: see tests/built_once.py."""
    template = built_once(built, name, lambda folder: build(folder / "practice")) / "practice"
    shutil.copytree(template, data_dir)
    # The identity file names the newest backup by its full path: the copy's own.
    identity = identity_path(data_dir)
    if identity.exists():
        recorded = json.loads(identity.read_text("utf-8"))
        recorded["last_backup"] = recorded["last_backup"].replace(str(template), str(data_dir))
        identity.write_text(json.dumps(recorded), "utf-8")
    return data_dir


def _live_in(data_dir: Path, clock: Clock | None, pictures: int = 3) -> Path:
    camera = data_dir.parent / f"{data_dir.name}-camera"
    camera.mkdir(parents=True, exist_ok=True)
    for shade in range(pictures):
        (camera / f"{shade}.jpg").write_bytes(photo_bytes(shade=shade + 1))
    with open_practice(data_dir, clock) as practice:
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
