"""The test PostgreSQL server that `./dev test` starts (as root) on a unix socket, and empty
databases on it for the practice-server tests.

`./dev test` exports DERMADESK_TEST_POSTGRES, the folder holding the server's socket. Without
it (not root, no PostgreSQL) the tests that need a server are skipped, saying why.

Two login roles are made once on the server, as a practice's administrator would make them
(README, "A practice server"): OWNER_ROLE owns each test database and runs the migrations;
APP_ROLE is what DermaDesk uses every day, and may not change or delete the append-only rows.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.reused_databases import Reused

SOCKET_ENV = "DERMADESK_TEST_POSTGRES"
SUPERUSER = "postgres"
OWNER_ROLE = "dermadesk_owner"
APP_ROLE = "dermadesk_app"
SKIP_REASON = (
    f"no test PostgreSQL server: {SOCKET_ENV} is not set (./dev test starts one when run "
    "as root, with Debian's postgresql installed)"
)


def server_socket() -> str | None:
    """The folder of the test server's unix socket, or None when there is no server."""
    return os.environ.get(SOCKET_ENV) or None


def url(role: str, database: str, socket: str) -> str:
    """A SQLAlchemy URL for `role` on `database` through the unix socket in `socket`."""
    return f"postgresql+psycopg://{role}@/{database}?host={socket}"


@dataclass(frozen=True)
class ServerDatabase:
    """An empty database on the test server: its name, and URLs for each role."""

    name: str
    socket: str

    @property
    def owner_url(self) -> str:
        return url(OWNER_ROLE, self.name, self.socket)

    @property
    def app_url(self) -> str:
        return url(APP_ROLE, self.name, self.socket)

    @property
    def superuser_url(self) -> str:
        return url(SUPERUSER, self.name, self.socket)


def _admin(socket: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(host=socket, user=SUPERUSER, dbname="postgres", autocommit=True)


def ensure_roles(socket: str) -> None:
    """Make the owner and application roles once (several test workers may race to)."""
    import psycopg

    with _admin(socket) as admin:
        for role in (OWNER_ROLE, APP_ROLE):
            with contextlib.suppress(psycopg.errors.DuplicateObject):
                admin.execute(f"CREATE ROLE {role} LOGIN")


def create_database(socket: str, template: str | None = None) -> ServerDatabase:
    """A new empty database owned by OWNER_ROLE (a copy of `template`, when given)."""
    name = f"dermadesk_test_{uuid.uuid4().hex[:12]}"
    with _admin(socket) as admin:
        copy = f" TEMPLATE {template}" if template else ""
        admin.execute(f"CREATE DATABASE {name} OWNER {OWNER_ROLE}{copy}")
        admin.execute(f"REVOKE ALL ON DATABASE {name} FROM PUBLIC")
        admin.execute(f"GRANT CONNECT ON DATABASE {name} TO {APP_ROLE}")
    return ServerDatabase(name, socket)


def drop_database(database: ServerDatabase) -> None:
    """Drop a test database, ending whatever connections a test left open on it."""
    with _admin(database.socket) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {database.name} WITH (FORCE)")


@pytest.fixture(scope="session")
def postgres_socket() -> str:
    """The test server's socket folder; skips the test when there is no server."""
    socket = server_socket()
    if socket is None:
        pytest.skip(SKIP_REASON)
    ensure_roles(socket)
    return socket


@pytest.fixture
def server_database(postgres_socket: str) -> Iterator[ServerDatabase]:
    """An empty database of the test's own on the test server, dropped afterwards."""
    database = create_database(postgres_socket)
    try:
        yield database
    finally:
        drop_database(database)


@pytest.fixture(scope="session")
def server_template(
    postgres_socket: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerDatabase]:
    """A server database prepared once per session (schema, the application role's grants)
    holding a new practice (keys under TEST_PASSPHRASE); tests get copies of it."""
    from dermadesk.core.clock import FixedClock
    from dermadesk.core.practice import Practice
    from dermadesk.core.server_roles import prepare_server
    from tests.helpers import TEST_NOW, TEST_PASSPHRASE

    template = create_database(postgres_socket)
    try:
        scratch = tmp_path_factory.mktemp("server-template")
        prepare_server(template.owner_url, APP_ROLE, scratch, FixedClock(TEST_NOW))
        made, _code = Practice.create(
            scratch, TEST_PASSPHRASE, FixedClock(TEST_NOW), database_url=template.app_url
        )
        made.close()  # no connection may be open on a template while it is copied
        yield template
    finally:
        drop_database(template)


@pytest.fixture(scope="session")
def _server_copies(postgres_socket: str, server_template: ServerDatabase) -> Iterator[Reused]:
    from tests.reused_databases import Reused  # it builds on this module's databases

    with Reused(postgres_socket, server_template.name) as copies:
        yield copies


@pytest.fixture
def server_practice_database(_server_copies: Reused) -> Iterator[ServerDatabase]:
    """A copy of the session's prepared server practice, the test's own: no other test sees
    it while it runs, and none sees what it left behind."""
    with _server_copies.lend() as database:
        yield database


@pytest.fixture(scope="session")
def lived_in_server_template(
    postgres_socket: str, server_template: ServerDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerDatabase]:
    """A copy of the prepared practice filled once with 12 demo clients' history (consents,
    plans, sessions), as `lived_in_practice` fills a folder; tests get copies of it."""
    from dermadesk.core.clock import FixedClock
    from dermadesk.core.demo import fill_demo_practice
    from tests.helpers import TEST_NOW

    template = create_database(postgres_socket, template=server_template.name)
    try:
        scratch = tmp_path_factory.mktemp("lived-in-server")
        with open_server_practice(scratch, template.app_url, FixedClock(TEST_NOW)) as filled:
            fill_demo_practice(filled, clients=12, seed=3, history=True)
        yield template  # closed above: a template may have no connection open while copied
    finally:
        drop_database(template)


@pytest.fixture(scope="session")
def _lived_in_server_copies(
    postgres_socket: str, lived_in_server_template: ServerDatabase
) -> Iterator[Reused]:
    from tests.reused_databases import Reused

    with Reused(postgres_socket, lived_in_server_template.name) as copies:
        yield copies


@pytest.fixture
def lived_in_server_database(_lived_in_server_copies: Reused) -> Iterator[ServerDatabase]:
    """A copy of the lived-in server practice, the test's own (a copy takes a fraction of
    filling one), as `server_practice_database` gives one."""
    with _lived_in_server_copies.lend() as database:
        yield database


def open_server_practice(data_dir: os.PathLike[str] | str, database_url: str, clock=None):  # type: ignore[no-untyped-def]
    """Open the server practice at `database_url` from `data_dir` as a computer of the
    practice does: its keys fetched from the server, unlocked with TEST_PASSPHRASE."""
    from pathlib import Path

    from dermadesk.core import keys
    from dermadesk.core.practice import Practice
    from dermadesk.core.server_keys import server_home
    from dermadesk.core.server_practice import server_kind
    from tests.helpers import TEST_PASSPHRASE

    assert server_kind(Path(data_dir), database_url) == "encrypted"
    key = keys.unlock(server_home(Path(data_dir), database_url), TEST_PASSPHRASE)
    return Practice.open(data_dir, clock, key, database_url=database_url)
