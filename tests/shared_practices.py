"""One practice per store for a module's many parametrized cases, built once instead of once
a case (on a practice server a new database alone takes about half a second).

Only cases that change nothing may share one, or cases that each write a client of their own
and read back only that one by its id; a case refused must check nothing was written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest

from dermadesk.core.clock import FixedClock
from dermadesk.core.practice import Practice
from tests.helpers import TEST_NOW, open_practice
from tests.postgres_server import create_database, drop_database, open_server_practice
from tests.practice_folders import folder_with_database

STORES = ("sqlite", "postgresql")  # as `both_stores` runs `practice` (tests/conftest.py)

# The decorator of a module-scoped fixture that runs once on each store: its cases get the
# ids "sqlite" and "postgresql", as `both_stores` cases do. The fixture opens its practice
# with `shared_practice(request, ...)`. A `sqlite_only` mark does not reach it (that mark
# narrows `practice`): a case that needs SQLite alone takes `practice` instead.
per_store = pytest.fixture(scope="module", params=STORES)


@contextmanager
def shared_practice(
    request: pytest.FixtureRequest, name: str, now: datetime = TEST_NOW
) -> Iterator[Practice]:
    """A new, empty, encrypted practice on the store `request.param` names, on a fixed clock
    at `now`: a copy of the run's new practice folder, or a copy of the session's prepared
    server practice (opened as the application role), dropped at the end."""
    folder = request.getfixturevalue("tmp_path_factory").mktemp(name) / "practice"
    clock = FixedClock(now)
    if request.param == "postgresql":
        socket = request.getfixturevalue("postgres_socket")
        template = request.getfixturevalue("server_template")
        database = create_database(socket, template=template.name)
        try:
            with open_server_practice(folder, database.app_url, clock) as practice:
                yield practice
        finally:
            drop_database(database)
        return
    folder_with_database(request.getfixturevalue("new_practice_dir"), folder)
    with open_practice(folder, clock) as practice:
        yield practice


def footprint(practice: Practice) -> tuple[int, list[int]]:
    """What a write would change: how many clients (archived too), and the audit entries."""
    audit = [entry.id for entry in practice.audit.events(limit=None)]
    return practice.clients.count(include_archived=True), audit


@contextmanager
def nothing_written(practice: Practice) -> Iterator[None]:
    """Check, once the block has run, that it left no client and no audit entry behind: what
    a refused case on a shared practice must show (the next case reads the same practice)."""
    before = footprint(practice)
    yield
    assert footprint(practice) == before, "a refused change was written"
