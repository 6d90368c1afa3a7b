"""One file per person, kept by the database's unique index (migration 0010): an import
never adds someone already on file, a knowing second file is still allowed, and a
database that already holds such pairs upgrades without losing or changing either."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy.exc import IntegrityError

from dermadesk.core import db
from dermadesk.core.client_import import import_clients
from dermadesk.core.errors import ImportFileError
from dermadesk.core.practice import Practice
from tests.helpers import connect_db, details, open_practice

pytestmark = pytest.mark.both_stores


def identity_of(practice: Practice, client_id: int) -> str | None:
    """The identity the database holds for a client file (a derived column, kept in core)."""
    from sqlmodel import select

    from dermadesk.core.models import Client

    with practice.store.reading() as session:
        return session.exec(select(Client.identity_key).where(Client.id == client_id)).one()


BORN = date(1985, 3, 27)


def _client_sql(first: str, last: str, sort_key: str) -> str:
    return (
        "INSERT INTO client (first_name, last_name, date_of_birth, phone, email, address,"
        " emergency_contact_name, emergency_contact_phone, concerns, medical_history,"
        " medications, allergies, archived, sort_key, search_terms, created_at, updated_at)"
        f" VALUES ('{first}', '{last}', '1985-03-27', '', '', '', '', '', '', '', '', '', 0,"
        f" '{sort_key}', '', '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
    )


def test_a_database_holding_the_same_person_twice_upgrades_with_both_files(
    data_dir: Path,
) -> None:
    """Files saved before 0010 for one identity (Zoë and ZOE Dubois, one birth date) are
    kept as they are: the oldest holds the identity, the later is a known second file."""
    data_dir.mkdir()
    engine = db.sqlite_engine(data_dir / "dermadesk.db")
    with engine.connect() as connection:
        command.upgrade(db._alembic_config(connection), "0009")
        connection.commit()
    engine.dispose()
    with connect_db(data_dir) as raw:
        raw.execute(_client_sql("Zoë", "Dubois", "dubois\x1fzoe"))
        raw.execute(_client_sql("ZOE", "DUBOIS", "dubois\x1fzoe"))
        raw.execute(_client_sql("Ana", "Lima", "lima\x1fana"))
    raw.close()

    with open_practice(data_dir) as practice:
        assert db.current_revision(practice.store.engine) == db.HEAD_REVISION >= "0010"
        assert [identity_of(practice, i) for i in (1, 2, 3)] == [
            f"dubois\x1fzoe\x1f{BORN}",
            None,
            f"lima\x1fana\x1f{BORN}",
        ]
        assert practice.clients.find_same_person(details("Zoe", "Dubois", date_of_birth=BORN)) == 1
        # A knowing second file is still saved; the index holds the first one's identity.
        third = practice.clients.create(details("Zoe", "Dubois", date_of_birth=BORN))
        assert identity_of(practice, third) is None
        assert practice.clients.count() == 4


def test_the_database_refuses_a_second_file_when_one_per_person_is_asked(
    practice: Practice,
) -> None:
    first = practice.clients.create(details("Zoë", "Dubois"))
    with pytest.raises(IntegrityError):
        practice.clients.create_many([(details("zoe", "DUBOIS"), None)], one_file_per_person=True)
    assert practice.clients.search_ids("dubois") == [first]


def test_an_edited_file_takes_its_new_identity_only_while_no_other_file_holds_it(
    practice: Practice,
) -> None:
    ana = practice.clients.create(details("Ana", "Lima"))
    bea = practice.clients.create(details("Bea", "Sousa"))
    practice.clients.update(bea, details("Ana", "Lima"))  # the same person as Ana now
    assert identity_of(practice, bea) is None
    practice.clients.update(ana, details("Anabela", "Lima"))  # the identity is free again
    practice.clients.update(bea, details("Ana", "Lima", phone="07700 900123"))
    assert identity_of(practice, ana) == "lima\x1fanabela\x1f1988-05-17"
    assert identity_of(practice, bea) == "lima\x1fana\x1f1988-05-17"


def test_an_import_meeting_the_index_is_refused_in_words_with_nothing_saved(
    practice: Practice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race, in one process: the file is checked while nobody is on file, then someone
    in it is added before the import writes (another import finishing first)."""
    path = tmp_path / "clients.csv"
    path.write_text(
        "first_name,last_name,date_of_birth\nAna,Lima,1990-03-02\nBea,Sousa,1991-04-05\n",
        encoding="utf-8",
    )
    clients = practice.clients
    checked = clients.same_people

    def checked_then_overtaken(people):  # type: ignore[no-untyped-def]
        found = checked(people)
        monkeypatch.setattr(clients, "same_people", checked)
        clients.create(details("Bea", "Sousa", date_of_birth=date(1991, 4, 5)))
        return found

    monkeypatch.setattr(clients, "same_people", checked_then_overtaken)
    with pytest.raises(ImportFileError) as refused:
        import_clients(clients, path)
    assert "clients.csv was not imported" in str(refused.value)
    assert "Nothing was saved" in str(refused.value)
    assert [p.message for p in refused.value.problems] == ["Bea Sousa is already a client (id 1)."]
    assert clients.count() == 1


def test_an_import_after_other_clients_gives_each_row_its_own_id_and_answers(
    practice: Practice, tmp_path: Path
) -> None:
    """The quick insert finds the new rows' ids after the old largest: each id is its row's
    client, and each set of answers is with its own client."""
    for first in ("Ana", "Bea", "Cai"):
        practice.clients.create(details(first, "Earlier"))
    path = tmp_path / "clients.csv"
    path.write_text(
        "first_name,last_name,date_of_birth,active_acne\n"
        "Dora,Lima,1990-03-02,yes\nEli,Lima,1991-04-05,\nFay,Lima,1992-05-06,no\n",
        encoding="utf-8",
    )
    ids = import_clients(practice.clients, path)
    assert ids == [4, 5, 6]
    assert [practice.clients.get(i).first_name for i in ids] == ["Dora", "Eli", "Fay"]
    answers = [practice.clients.latest_screening(i) for i in ids]
    assert answers[0] is not None and answers[0].active_acne
    assert answers[1] is None
    assert answers[2] is not None and not answers[2].active_acne
    assert [identity_of(practice, i) for i in ids] == [
        "lima\x1fdora\x1f1990-03-02",
        "lima\x1feli\x1f1991-04-05",
        "lima\x1ffay\x1f1992-05-06",
    ]
