"""A practice on the test PostgreSQL server, for tests that run on both stores.

Built as core/practice.py builds one (migrations, then a Store), until Practice.open takes a
server's URL; then this becomes that call. It connects as the owner role: the application
role gets its grants from the migrations of the server-store part of issue 16.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine

from dermadesk.core.clock import Clock
from dermadesk.core.db import Store, migrate
from dermadesk.core.practice import Practice
from tests.postgres_server import ServerDatabase


@contextmanager
def server_practice(database: ServerDatabase, data_dir: Path, clock: Clock) -> Iterator[Practice]:
    """The practice in the empty server `database`, migrated; the computer's own files (the
    pre-upgrade copies a migration would make) in `data_dir`."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    engine = create_engine(database.owner_url)
    try:
        migrate(engine, data_dir / "backups", clock)
        with Practice(data_dir, Store(engine, clock)) as practice:
            yield practice
    finally:
        engine.dispose()
