"""The change feed: a write by another program reaches this one within 2 s, on a practice
server (NOTIFY, from a second real process) and on SQLite (data_version, a second Practice)."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from dermadesk.core.audit import Audit
from dermadesk.core.clients import Clients
from dermadesk.core.clock import Clock
from dermadesk.core.db import Store, migrate
from dermadesk.core.live_changes import LISTENER_NAME, POLL_SECONDS, Change, LiveChanges
from tests.helpers import details, open_practice
from tests.postgres_server import ServerDatabase

WITHIN_S = 2.0


def _server_store(url: str, clock: Clock, backups: Path) -> Store:
    """A practice store on the server, opened as core/practice.py opens one (until the
    practice-server opening lands, this is the one place that says how)."""
    engine = create_engine(url)
    migrate(engine, backups, clock)
    return Store(engine, clock)


@pytest.fixture
def server_store(server_database: ServerDatabase, clock: Clock, tmp_path: Path) -> Iterator[Store]:
    store = _server_store(server_database.owner_url, clock, tmp_path / "backups")
    yield store
    store.dispose()


# A second program on another computer: opens the same server database and saves a client.
_WRITER = """
import sys
import time
from pathlib import Path
from tests.core.test_live_changes import _server_store
from dermadesk.core.audit import Audit
from dermadesk.core.clients import Clients
from dermadesk.core.clock import default_clock
from dermadesk.core.live_changes import LiveChanges
from tests.helpers import details

store = _server_store(sys.argv[1], default_clock(), Path(sys.argv[2]))
LiveChanges(store)
print(Clients(store, Audit(store)).create(details("Maria", "Nowak")))
"""


def _next(changes: queue.Queue[Change]) -> Change:
    try:
        return changes.get(timeout=WITHIN_S)
    except queue.Empty:
        raise AssertionError(f"no change reached the listener within {WITHIN_S} s") from None


def test_a_write_in_another_process_reaches_the_listener_within_2s(
    server_database: ServerDatabase, server_store: Store, tmp_path: Path
) -> None:
    feed = LiveChanges(server_store)
    changes: queue.Queue[Change] = queue.Queue()
    feed.listen(changes.put)
    assert feed.ready.wait(WITHIN_S)
    try:
        Clients(server_store, Audit(server_store)).create(details())
        assert _next(changes).elsewhere is False
        written = subprocess.run(
            [sys.executable, "-c", _WRITER, server_database.owner_url, str(tmp_path / "b")],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parents[2],
        )
        client_id = int(written.stdout.strip())
        change = _next(changes)
        assert change.elsewhere is True
        assert "client" in change.kinds
        assert change.client_ids == frozenset({client_id})
    finally:
        feed.stop()
    assert feed._thread is None


def test_the_note_names_no_person() -> None:
    note = Change(frozenset({"client"}), frozenset({7}), False).payload("me")
    assert json.loads(note) == {"origin": "me", "kinds": ["client"], "clients": [7]}
    assert Change.from_payload(note, "me") == Change(frozenset({"client"}), frozenset({7}), False)
    assert Change.from_payload("not json", "me") == Change()


def test_sqlite_a_second_practice_on_the_same_folder_is_noticed(tmp_path: Path) -> None:
    window = open_practice(tmp_path / "practice")
    beside = open_practice(tmp_path / "practice")  # the command line beside the window
    changes: queue.Queue[Change] = queue.Queue()
    window.live.listen(changes.put)
    assert window.live.ready.wait(WITHIN_S)
    try:
        beside.clients.create(details("Maria", "Nowak"))
        assert _next(changes).elsewhere is True
        window.clients.create(details("Ola", "Lis"))  # its own: no news to it
        time.sleep(POLL_SECONDS * 4)
        assert changes.empty()
    finally:
        beside.close()
        window.close()
    assert window.live._thread is None


def test_the_listener_comes_back_when_the_server_drops_it(
    server_database: ServerDatabase, server_store: Store
) -> None:
    import psycopg

    feed = LiveChanges(server_store)
    changes: queue.Queue[Change] = queue.Queue()
    feed.listen(changes.put)
    assert feed.ready.wait(WITHIN_S)
    try:
        with psycopg.connect(server_database.superuser_url.replace("+psycopg", "")) as admin:
            admin.execute(
                # This test's listener only: another test's, on another database, runs at once.
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s AND datname = current_database()",
                (LISTENER_NAME,),
            )
        first = _next(changes)  # back again: whatever was missed, refresh it all
        assert first.elsewhere and not first.kinds and first.client_ids is None
        assert feed.ready.is_set()
        beside = _server_store(server_database.owner_url, server_store.clock, Path("unused"))
        LiveChanges(beside)
        client_id = Clients(beside, Audit(beside)).create(details("Maria", "Nowak"))
        assert _next(changes).client_ids == frozenset({client_id})
        beside.dispose()
    finally:
        feed.stop()
