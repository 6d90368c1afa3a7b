"""A plain (unencrypted) practice, as DermaDesk made them before issue 15: an encrypted one
exported to a plain database by SQLCipher itself, its key file gone."""

from __future__ import annotations

from pathlib import Path

from dermadesk.core.db import connect_file
from dermadesk.core.keys import KEY_FILE
from dermadesk.core.practice import DATABASE_NAME, Practice
from tests.helpers import details, open_practice, test_key


def make_plain_practice(data_dir: Path, clients: int = 1) -> Path:
    """A plain practice in `data_dir` holding `clients` clients; returns `data_dir`."""
    with open_practice(data_dir) as practice:
        for number in range(clients):
            practice.clients.create(details(first=f"Plain{number}"))
    plain = data_dir / "plain.db"
    connection = connect_file(data_dir / DATABASE_NAME, test_key(data_dir))
    try:
        connection.execute(f"ATTACH DATABASE '{plain}' AS plain KEY ''")
        connection.execute("SELECT sqlcipher_export('plain')")
        connection.execute("DETACH DATABASE plain")
    finally:
        connection.close()
    for name in (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm", KEY_FILE):
        (data_dir / name).unlink(missing_ok=True)
    plain.rename(data_dir / DATABASE_NAME)
    with Practice.open(data_dir) as opened:  # as it is: plain
        assert not opened.encrypted
    return data_dir
