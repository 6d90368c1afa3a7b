"""A practice on the test PostgreSQL server, for tests that run on both stores.

Built as core/practice.py builds one (migrations, then a Store), until Practice.open takes a
server's URL; then this becomes that call. It connects as the owner role: the application
role gets its grants from the migrations of the server-store part of issue 16.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from dermadesk.core.clock import Clock
from dermadesk.core.db import Store, migrate
from dermadesk.core.practice import Practice
from tests.postgres_server import ServerDatabase, create_database, drop_database


@contextmanager
def server_practice(database: ServerDatabase, data_dir: Path, clock: Clock) -> Iterator[Practice]:
    """The practice in the server `database`, migrated as needed; the computer's own files
    (the pre-upgrade copies a migration would make) in `data_dir`."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    engine = create_engine(database.owner_url)
    try:
        migrate(engine, data_dir / "backups", clock)
        with Practice(data_dir, Store(engine, clock)) as practice:
            yield practice
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def migrated_server_template(
    postgres_socket: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A server database migrated once for the run, copied (fast) for each test's practice."""
    from dermadesk.core.clock import FixedClock
    from tests.helpers import TEST_NOW

    database = create_database(postgres_socket)
    try:
        folder = tmp_path_factory.mktemp("server-template")
        with server_practice(database, folder, FixedClock(TEST_NOW)):
            pass  # closed: a template may have no connection open while it is copied
        yield database.name
    finally:
        drop_database(database)


@contextmanager
def new_server_practice(
    socket: str, template: str, data_dir: Path, clock: Clock
) -> Iterator[Practice]:
    """A new, empty practice in a database of its own (a copy of `template`), dropped after."""
    database = create_database(socket, template=template)
    try:
        with server_practice(database, data_dir, clock) as practice:
            yield practice
    finally:
        drop_database(database)
