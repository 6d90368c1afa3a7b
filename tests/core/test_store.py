"""The local store: SQLite set up for safety, owner-only files, migrations on open."""

from __future__ import annotations

import sqlite3
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from dermadesk.core import db
from dermadesk.core.errors import DatabaseError, DataDirError
from dermadesk.core.practice import Practice
from tests.helpers import INTEGRITY_ERRORS, connect_db, details, open_practice


@pytest.fixture
def new_practice(data_dir: Path) -> Iterator[Practice]:
    """A practice whose database these tests see built (`practice` is a copy of one)."""
    with open_practice(data_dir) as opened:
        yield opened


def pragma(practice: Practice, name: str) -> object:
    with practice.store.engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_database_is_safe_by_default(new_practice: Practice) -> None:
    assert pragma(new_practice, "journal_mode") == "wal"
    assert pragma(new_practice, "foreign_keys") == 1
    assert pragma(new_practice, "synchronous") == 2  # FULL
    assert pragma(new_practice, "busy_timeout") == db.BUSY_TIMEOUT_MS


def test_files_are_readable_by_their_owner_only(new_practice: Practice, data_dir: Path) -> None:
    with new_practice.store.engine.connect() as connection:
        new_practice.clients.create(details())
        wal = data_dir / "dermadesk.db-wal"
        assert wal.exists()
        assert mode(wal) == 0o600
        assert mode(data_dir / "dermadesk.db-shm") == 0o600
        connection.exec_driver_sql("SELECT 1")
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "dermadesk.db") == 0o600


def test_new_database_is_at_the_newest_migration(new_practice: Practice) -> None:
    assert db.head_revision() == db.HEAD_REVISION
    assert db.current_revision(new_practice.store.engine) == db.HEAD_REVISION


def test_migrations_build_exactly_the_schema_the_models_describe(new_practice: Practice) -> None:
    def ours(obj: object, name: str | None, kind: str, reflected: bool, _: object) -> bool:
        # The FTS5 index and its shadow tables live outside the models on purpose.
        return not (kind == "table" and name is not None and name.startswith("client_fts"))

    with new_practice.store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": ours, "compare_type": True}
        )
        assert compare_metadata(context, SQLModel.metadata) == []


def _database_at(path: Path, revision: str) -> None:
    engine = db.sqlite_engine(path)
    with engine.connect() as connection:
        command.upgrade(db._alembic_config(connection), revision)
        connection.commit()
    engine.dispose()


def test_an_older_database_is_copied_aside_then_upgraded(data_dir: Path) -> None:
    data_dir.mkdir()
    _database_at(data_dir / "dermadesk.db", "0001")
    with connect_db(data_dir) as raw:
        raw.execute(
            "INSERT INTO client (first_name, last_name, date_of_birth, phone, email, address,"
            " emergency_contact_name, emergency_contact_phone, concerns, medical_history,"
            " medications, allergies, archived, created_at, updated_at) VALUES"
            " ('Łucja', 'Wiśniewska', '1990-01-02', '', '', '', '', '', '', '', '', '', 0,"
            " '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
        )
    raw.close()

    with open_practice(data_dir) as practice:
        assert practice.upgrade_copy is not None
        assert db.current_revision(practice.store.engine) == db.HEAD_REVISION
        (found,) = practice.clients.search_ids("lucja wisn")
        assert practice.clients.get(found).last_name == "Wiśniewska"

    copy = Path(practice.upgrade_copy)
    assert copy.parent == data_dir / "backups"
    assert mode(copy) == 0o600
    with sqlite3.connect(copy) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert old.execute("SELECT first_name FROM client").fetchall() == [("Łucja",)]
    old.close()


def test_a_database_from_a_newer_dermadesk_is_refused_untouched(data_dir: Path) -> None:
    open_practice(data_dir).close()
    with connect_db(data_dir) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.close()
    with pytest.raises(DatabaseError, match="newer version of DermaDesk"):
        open_practice(data_dir)
    with connect_db(data_dir) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)
    raw.close()
    assert not (data_dir / "backups").exists()


def test_a_database_not_made_by_dermadesk_is_refused(data_dir: Path) -> None:
    data_dir.mkdir()
    with connect_db(data_dir) as raw:
        raw.execute("CREATE TABLE recipes (name TEXT)")
    raw.close()
    with pytest.raises(DatabaseError, match="not made by DermaDesk"):
        open_practice(data_dir)


def test_a_damaged_database_file_is_refused_in_words(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / "dermadesk.db").write_bytes(b"this is not a database" * 500)
    with pytest.raises(DatabaseError, match="cannot be read as a DermaDesk database"):
        open_practice(data_dir)


def test_a_data_dir_that_cannot_exist_is_refused_in_words(tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    with pytest.raises(DataDirError, match="cannot create its data folder"):
        open_practice(a_file / "practice")
    with pytest.raises(DataDirError, match="is a file, not a folder"):
        open_practice(a_file)


def test_two_writers_on_one_database_take_turns(data_dir: Path) -> None:
    """The command line writing beside the open window waits instead of failing."""
    with open_practice(data_dir) as window, open_practice(data_dir) as command_line:
        started = threading.Event()
        result: dict[str, object] = {}

        def second_writer() -> None:
            started.set()
            try:
                result["id"] = command_line.clients.create(details("Björn", "Ström"))
            except Exception as error:  # reported below
                result["error"] = error

        with window.store.writing() as session:
            session.connection().exec_driver_sql("UPDATE client SET archived = archived")
            thread = threading.Thread(target=second_writer)
            thread.start()
            started.wait()
            time.sleep(0.3)  # the second writer is now waiting on the lock
            assert "id" not in result
        thread.join(timeout=15)
        assert "error" not in result, result
        assert window.clients.search_ids("bjorn") == [result["id"]]


def test_fts_index_follows_inserts_updates_and_deletes(practice: Practice) -> None:
    client_id = practice.clients.create(details("Siobhán", "Ó Murchú"))
    assert practice.clients.search_ids("siobhan") == [client_id]
    practice.clients.update(client_id, details("Siobhán", "Byrne"))
    assert practice.clients.search_ids("murchu") == []
    with practice.store.writing() as session:
        session.connection().execute(text("DELETE FROM client WHERE id = :id"), {"id": client_id})
    assert practice.clients.search_ids("siobhan") == []
    with practice.store.engine.connect() as connection:
        check = "INSERT INTO client_fts(client_fts, rank) VALUES ('integrity-check', 1)"
        connection.exec_driver_sql(check)


def test_a_writer_that_waits_too_long_is_told_in_words(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    with open_practice(data_dir) as window, open_practice(data_dir) as command_line:
        with window.store.writing() as session:
            session.connection().exec_driver_sql("UPDATE client SET archived = archived")
            with pytest.raises(DatabaseError, match="busy with another DermaDesk task"):
                command_line.clients.create(details())
        assert command_line.clients.create(details()) > 0  # free again


OPEN_ONCE = """
import alembic.command, alembic.config, argon2, mako.template  # what making one loads
from tests.helpers import open_practice

def job(folder):
    with open_practice(folder) as practice:
        print(practice.clients.count())
"""


def test_programs_opening_a_new_data_dir_at_once_take_turns(tmp_path: Path) -> None:
    from tests.programs_at_once import at_once

    data = tmp_path / "new-practice"
    data.mkdir()
    said = at_once(4, OPEN_ONCE, str(data))
    assert [out.strip() for _code, out in said] == ["0"] * 4, said
    with open_practice(data) as practice:
        assert db.current_revision(practice.store.engine) == db.HEAD_REVISION


def test_a_practice_from_before_the_new_questions_and_search_is_upgraded_in_place(
    data_dir: Path,
) -> None:
    """0008 and 0009 on a practice of the previous schema with data: the old answers are
    not asked the new questions, the search index is rebuilt (numbers however typed, email
    domains, birth dates), and the consent form's guard triggers survive the new column."""
    data_dir.mkdir()
    _database_at(data_dir / "dermadesk.db", "0007")
    with connect_db(data_dir) as raw:
        raw.execute(
            "INSERT INTO client (first_name, last_name, date_of_birth, phone, email, address,"
            " emergency_contact_name, emergency_contact_phone, concerns, medical_history,"
            " medications, allergies, archived, sort_key, search_terms, created_at, updated_at)"
            " VALUES ('Anna', 'Kowalska', '1985-03-27', '07700 900123', 'anna.k@gmail.com', '',"
            " '', '', '', '', 'Warfarin 3 mg', 'NKDA', 0, 'kowalska\x1fanna',"
            " 'anna kowalska 07700900123 07700 900123 annakgmailcom anna k',"
            " '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
        )
        raw.execute(
            "INSERT INTO health_questionnaire (client_id, answered_on, recorded_at, active_acne,"
            " herpes_outbreak, local_infection, chronic_skin_disease, keloid_tendency,"
            " chemotherapy) VALUES (1, '2026-11-20', '2026-11-20 10:00:00', 0, 0, 0, 0, 0, 0)"
        )
        raw.execute(
            "INSERT INTO consent_template (kind, version, title, body, created_at)"
            " VALUES ('treatment', 1, 'Consent', 'Old text', '2025-01-01 00:00:00')"
        )
    raw.close()

    with open_practice(data_dir) as practice:
        assert db.current_revision(practice.store.engine) == db.HEAD_REVISION
        for typed in ("+44 7700 900123", "7700900123", "gmail", "27/03/1985", "1985-03-27"):
            assert practice.clients.search_ids(typed) == [1], typed
        answers = practice.clients.latest_screening(1)
        assert answers is not None and answers.question_set == 1
        assert answers.pregnant_or_breastfeeding is None  # never asked, not "no"
        from datetime import date

        result = practice.screen_client(1, date(2026, 11, 21))
        assert [f.rule for f in result.findings] == ["medication_of_note", "not_asked_yet"]
    raw = connect_db(data_dir)
    with pytest.raises(INTEGRITY_ERRORS):
        raw.execute("UPDATE consent_template SET body = 'Changed'")
    raw.close()
