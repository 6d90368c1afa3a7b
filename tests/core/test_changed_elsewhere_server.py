"""On a practice server, a save over a change another computer made is refused the same way,
and is told as a change at another computer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import Session

from dermadesk.core.audit import Audit
from dermadesk.core.client_details import ClientDetails
from dermadesk.core.clients import Clients
from dermadesk.core.clock import FixedClock
from dermadesk.core.db import Store, migrate
from dermadesk.core.errors import ChangedElsewhere, DatabaseError, Difference
from tests.helpers import TEST_NOW
from tests.postgres_server import ServerDatabase

ANNA = ClientDetails("Anna", "Berg", date(1988, 4, 2), phone="07700 900111")


@pytest.fixture
def computers(
    server_database: ServerDatabase, clock: FixedClock, tmp_path: Path
) -> Iterator[Callable[[str], Clients]]:
    """`computer(actor)`: the client files as one computer of the practice reaches them,
    on one migrated server database; every connection closed after the test."""
    engines = [create_engine(server_database.owner_url)]
    migrate(engines[0], tmp_path, clock)

    def computer(actor: str, name: str = "") -> Clients:
        engines.append(create_engine(server_database.owner_url))
        store = Store(engines[-1], clock)
        store.computer = name or f"{actor}-pc"  # one test process plays several computers
        return Clients(store, Audit(store, actor=actor, source="window"))

    yield computer
    for engine in engines:
        engine.dispose()


def test_a_save_over_another_computers_change_is_refused_on_the_server(
    computers: Callable[..., Clients], clock: FixedClock
) -> None:
    treatment_room = computers("ada")
    reception = computers("reception")
    client_id = treatment_room.create(ANNA)
    loaded = treatment_room.get(client_id)
    reception.update(client_id, replace(ANNA, phone="07700 900222"))

    try:
        treatment_room.update(
            client_id, replace(ANNA, email="a@example.com"), version=loaded.version
        )
    except ChangedElsewhere as error:
        refused = error
    else:
        raise AssertionError("the save went over the other computer's change")

    assert refused.headline() == (
        f"Changed at another computer by reception at {clock.local_now():%H:%M}."
    )
    assert refused.differences == [
        Difference("Phone", "07700 900222", "07700 900111"),
        Difference("Email", "(empty)", "a@example.com"),
    ]
    assert treatment_room.get(client_id).phone == "07700 900222"


def test_a_change_committed_between_the_check_and_the_write_is_caught_too(
    computers: Callable[..., Clients], server_database: ServerDatabase
) -> None:
    treatment_room = computers("ada")
    client_id = treatment_room.create(ANNA)
    loaded = treatment_room.get(client_id)
    interleaved: list[bool] = []
    reception = create_engine(server_database.owner_url, isolation_level="AUTOCOMMIT")

    def reception_saves_first(session: Session, *_args: object) -> None:
        # READ COMMITTED lets a writer commit after this save read the row: its UPDATE then
        # finds the row at another version and must not go through. Made in SQL: DermaDesk's
        # own save would wait for the write lock this save (on this same thread) holds.
        if not interleaved:
            interleaved.append(True)
            with reception.connect() as connection:
                connection.execute(
                    text(
                        "UPDATE client SET phone = '07700 900222', version = version + 1 "
                        "WHERE id = :id"
                    ),
                    {"id": client_id},
                )

    event.listen(Session, "before_flush", reception_saves_first)
    try:
        with pytest.raises(ChangedElsewhere) as refused:
            treatment_room.update(
                client_id, replace(ANNA, email="a@example.com"), version=loaded.version
            )
    finally:
        event.remove(Session, "before_flush", reception_saves_first)
        reception.dispose()

    assert Difference("Phone", "07700 900222", "07700 900111") in refused.value.differences
    kept = treatment_room.get(client_id)
    assert (kept.phone, kept.email) == ("07700 900222", "")


def test_archiving_at_the_same_moment_as_another_computer_is_told_in_words(
    computers: Callable[..., Clients], server_database: ServerDatabase
) -> None:
    treatment_room = computers("ada")
    client_id = treatment_room.create(ANNA)
    interleaved: list[bool] = []
    reception = create_engine(server_database.owner_url, isolation_level="AUTOCOMMIT")

    def reception_saves_first(session: Session, *_args: object) -> None:
        # Reception's save commits between the archive's read and its write. Made in SQL:
        # reception's own service would wait for the server's write lock, which the archive
        # (on this same thread) holds until it ends.
        if not interleaved:
            interleaved.append(True)
            with reception.connect() as connection:
                connection.execute(
                    text(
                        "UPDATE client SET phone = '07700 900222', version = version + 1 "
                        "WHERE id = :id"
                    ),
                    {"id": client_id},
                )

    event.listen(Session, "before_flush", reception_saves_first)
    try:
        with pytest.raises(DatabaseError, match="changed at another computer at the same moment"):
            treatment_room.archive(client_id)
    finally:
        event.remove(Session, "before_flush", reception_saves_first)
        reception.dispose()

    kept = treatment_room.get(client_id)
    assert (kept.archived, kept.phone) == (False, "07700 900222")


def test_the_trail_names_the_computer_each_change_came_from(
    computers: Callable[..., Clients],
) -> None:
    reception = computers("reception", "reception-pc")
    client_id = reception.create(ANNA)

    (entry,) = reception._audit.events(client_id=client_id)
    assert entry.source == "window on reception-pc"


def test_a_change_from_another_window_of_this_computer_is_told_as_this_computers(
    computers: Callable[..., Clients], clock: FixedClock
) -> None:
    first_window = computers("ada", "treatment-room")
    second_window = computers("reception", "treatment-room")
    client_id = first_window.create(ANNA)
    loaded = first_window.get(client_id)
    second_window.update(client_id, replace(ANNA, phone="07700 900222"))

    with pytest.raises(ChangedElsewhere) as refused:
        first_window.update(client_id, replace(ANNA, email="a@example.com"), version=loaded.version)

    assert refused.value.headline() == (
        f"Changed elsewhere on this computer by reception at {clock.local_now():%H:%M}."
    )


def test_a_server_practice_knows_this_computers_name(server_database: ServerDatabase) -> None:
    import socket

    engine = create_engine(server_database.owner_url)
    try:
        assert Store(engine, FixedClock(TEST_NOW)).computer == socket.gethostname()
    finally:
        engine.dispose()
