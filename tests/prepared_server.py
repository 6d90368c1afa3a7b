"""Empty server databases its administrator has prepared (`server prepare`): the schema and
the application role's grants, no practice yet. Preparing runs every migration on the server;
tests get a copy of one prepared once per test process.

A test module takes the fixtures by naming them: `prepared_template, prepared =
prepared_server.prepared_template, prepared_server.prepared`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dermadesk.core.clock import FixedClock
from dermadesk.core.server_roles import prepare_server
from tests.helpers import TEST_NOW
from tests.postgres_server import APP_ROLE, ServerDatabase, create_database, drop_database


@pytest.fixture(scope="session")
def prepared_template(
    postgres_socket: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerDatabase]:
    """An empty database prepared once for the session; tests get copies of it."""
    template = create_database(postgres_socket)
    try:
        admin = tmp_path_factory.mktemp("prepared-admin")
        prepare_server(template.owner_url, APP_ROLE, admin, FixedClock(TEST_NOW))
        yield template  # prepare_server closed its connections: a template may have none
    finally:
        drop_database(template)


@pytest.fixture
def prepared(postgres_socket: str, prepared_template: ServerDatabase) -> Iterator[ServerDatabase]:
    """An empty, prepared server database of the test's own, dropped afterwards."""
    database = create_database(postgres_socket, template=prepared_template.name)
    try:
        yield database
    finally:
        drop_database(database)
