"""What the world does to a database is told in words, whichever call meets it: SQLite's
result codes, not its messages, decide what is known (issue 13, item 7)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dermadesk.core.db import known_database_error, sqlite_result_code
from dermadesk.core.errors import DatabaseError
from dermadesk.core.practice import Practice
from tests.helpers import details, open_practice

PAGE = 4096


def damage_tables(db_file: Path) -> None:
    """Scribble over every page but the schema's first: the tables' b-trees are garbage."""
    size = db_file.stat().st_size
    with db_file.open("r+b") as raw:
        raw.seek(2 * PAGE)
        raw.write(b"\xa5" * (size - 2 * PAGE))


def test_a_damaged_database_found_on_a_read_or_a_write_is_told_in_words(
    data_dir: Path,
) -> None:
    with open_practice(data_dir) as practice:
        practice.clients.create_many([(details(f"Client{n}"), None) for n in range(300)])
        with practice.store.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        practice.store.dispose()  # no connection keeps pages read before the damage
        damage_tables(data_dir / "dermadesk.db")
        with pytest.raises(DatabaseError, match="damaged") as read:
            practice.clients.get(150)
        assert sqlite_result_code(read.value.__cause__) in (11, 26)  # CORRUPT or NOTADB
        practice.store.dispose()
        with pytest.raises(DatabaseError, match="damaged"):
            practice.clients.create(details("Anna", "Late"))


def test_a_bug_is_not_dressed_up_as_a_database_problem(practice: Practice) -> None:
    with pytest.raises(sqlite3.OperationalError) as error:
        sqlite3.connect(":memory:").execute("SELECT * FROM no_such_table")
    assert known_database_error(error.value) is None  # SQLITE_ERROR: a mistake in our SQL
    from sqlalchemy import text

    with pytest.raises(Exception) as raised, practice.store.reading() as session:
        session.connection().execute(text("SELECT * FROM no_such_table"))
    assert not isinstance(raised.value, DatabaseError)  # reaches the crash report as a bug
