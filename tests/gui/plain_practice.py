"""A plain (unencrypted) practice, as DermaDesk made them before issue 15: the migrations run on
a plain SQLite file, then clients added through the services."""

from __future__ import annotations

from pathlib import Path

from dermadesk.core import db
from dermadesk.core.clock import default_clock
from dermadesk.core.practice import DATABASE_NAME, Practice
from tests.helpers import details


def make_plain_practice(data_dir: Path, clients: int = 1) -> Path:
    """A plain practice in `data_dir`, as DermaDesk made them before encryption (the schema
    built in the clear, its audit chain plain SHA-256), holding `clients` clients."""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    engine = db.sqlite_engine(data_dir / DATABASE_NAME)
    db.migrate(engine, data_dir / "backups", default_clock())
    engine.dispose()
    with Practice.open(data_dir) as opened:  # as it is: plain
        assert not opened.encrypted
        for number in range(clients):
            opened.clients.create(details(first=f"Plain{number}"))
    return data_dir
