"""Reading a -shm file for a lost -wal: only a whole, valid wal-index header says anything."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from dermadesk.core.wal_check import lost_wal, read_wal_index

_CRASH = """
import os, sqlite3, sys
raw = sqlite3.connect(sys.argv[1], isolation_level=None)
raw.execute("PRAGMA journal_mode = WAL")
raw.execute("CREATE TABLE note (text TEXT)")
for n in range(5):
    raw.execute("INSERT INTO note VALUES (?)", (f"note {n}",))
os._exit(0)
"""


def crashed_database(folder: Path) -> Path:
    database = folder / "crashed.db"
    subprocess.run([sys.executable, "-c", _CRASH, str(database)], check=True)
    return database


def test_a_crash_leaves_a_log_the_shm_describes_exactly(tmp_path: Path) -> None:
    database = crashed_database(tmp_path)
    index = read_wal_index(database.with_name("crashed.db-shm"))
    assert index is not None and index.frames > index.backfilled == 0
    wal = database.with_name("crashed.db-wal")
    assert wal.stat().st_size == 32 + index.frames * (24 + index.page_size)
    assert lost_wal(database) is None  # all there: nothing lost
    wal.unlink()
    said = lost_wal(database)
    assert said is not None and "crashed.db-wal is missing" in said


def test_another_log_in_its_place_is_told(tmp_path: Path) -> None:
    database = crashed_database(tmp_path)
    (tmp_path / "other").mkdir()
    other = crashed_database(tmp_path / "other")
    os.replace(other.with_name("crashed.db-wal"), database.with_name("crashed.db-wal"))
    said = lost_wal(database)
    assert said is not None and "is not the log" in said


def test_a_shm_that_is_reset_or_not_one_says_nothing(tmp_path: Path) -> None:
    database = tmp_path / "plain.db"
    sqlite3.connect(database).close()
    shm = tmp_path / "plain.db-shm"
    for content in (b"", b"\0" * 32768, os.urandom(32768), b"x" * 50):
        shm.write_bytes(content)
        assert read_wal_index(shm) is None and lost_wal(database) is None
    shm.unlink()
    assert lost_wal(database) is None  # a clean close leaves neither file
