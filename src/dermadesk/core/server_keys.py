"""A practice server's keys: the record of key.json kept in the server database.

Every computer unlocks a server practice with the passphrase or the recovery code, and no key
file is copied between them. The server's `practice_key_record` table (migration 0013) holds
key.json's content; the practice's folder on this computer (see `server_home`) keeps a copy
that is refreshed from the server before each unlock, and every change (a new passphrase, a
new recovery code, the practice's signing key) is sent to the server before the copy is
written. The OS keychain's wrapping is this computer's own and never leaves it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from dermadesk.core.errors import DatabaseError
from dermadesk.core.keys import SERVER_HOMES, key_file

if TYPE_CHECKING:
    from sqlalchemy import Engine

RECORD = "key.json"
SERVERS_DIR = "servers"
_PER_COMPUTER = ("keychain",)  # slots that stay on the computer that made them
_TABLE_EXISTS = text(
    "SELECT 1 FROM information_schema.tables WHERE table_name = 'practice_key_record' "
    "AND table_schema = current_schema()"
)


def server_home(data_dir: Path, database_url: str) -> Path:
    """This computer's folder for the server practice at `database_url`, inside `data_dir`:
    its copy of the keys, its thumbnails and backups' scratch. A folder practice in the same
    data dir is never touched."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    host = url.host or str(url.query.get("host", "local"))
    port = f"-{url.port}" if url.port else ""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{url.database}@{host}{port}").strip("_")
    home = (Path(data_dir) / SERVERS_DIR / slug).absolute()
    SERVER_HOMES[home] = database_url
    return home


def _shared(content: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in content.items() if name not in _PER_COMPUTER}


def read_record(engine: Engine) -> dict[str, Any] | None:
    """The key record the server holds; None for a server practice not made yet."""
    with engine.connect() as connection:
        if connection.execute(_TABLE_EXISTS).first() is None:
            return None
        stored = connection.execute(
            text("SELECT content FROM practice_key_record WHERE name = :name"), {"name": RECORD}
        ).scalar()
    if stored is None:
        return None
    content = json.loads(stored)
    if not isinstance(content, dict):
        raise DatabaseError("The practice server's key record is damaged; nothing was changed.")
    return content


def pull_keys(engine: Engine, home: Path) -> bool:
    """Refresh this computer's copy of the keys from the server; False when it has none yet.
    A copy this computer holds is then kept as it is: it may be the only one left."""
    from dermadesk.core.files import write_atomically

    record = read_record(engine)
    path = key_file(home)
    if record is None:
        return False
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        local = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        local = {}
    merged = record | {n: local[n] for n in _PER_COMPUTER if isinstance(local, dict) and n in local}
    if merged != local:
        write_atomically(path, (json.dumps(merged, indent=2) + "\n").encode("utf-8"))
    return True


def push_keys(database_url: str, content: dict[str, Any], new: bool = False) -> None:
    """Send key.json's `content` to the server (all but this computer's own slots). `new`:
    the first record of a new practice, refused if another computer has made one."""
    from dermadesk.core.server_db import server_engine

    engine = server_engine(database_url)
    try:
        with engine.begin() as connection:
            values = {
                "name": RECORD,
                "content": json.dumps(_shared(content), sort_keys=True),
            }
            if new:
                made = connection.execute(
                    text(
                        "INSERT INTO practice_key_record (name, content) "
                        "VALUES (:name, :content) ON CONFLICT (name) DO NOTHING"
                    ),
                    values,
                ).rowcount
                if not made:
                    raise DatabaseError(
                        "Another computer has just made a practice in this server database; "
                        "open that one with its passphrase. Nothing was changed."
                    )
            else:
                connection.execute(
                    text("UPDATE practice_key_record SET content = :content WHERE name = :name"),
                    values,
                )
    except DatabaseError:
        raise
    except Exception as error:
        from dermadesk.core.db import known_database_error

        known = known_database_error(error)
        if known is None:
            raise
        raise known from error
    finally:
        engine.dispose()


def publish_new_keys(home: Path) -> None:
    """Send a new server practice's keys, just made in `home`, to its server."""
    from dermadesk.core.keys import read_key_file

    push_keys(SERVER_HOMES[home.absolute()], read_key_file(home), new=True)


@contextmanager
def server_keys_lock(database_url: str, home: Path) -> Iterator[None]:
    """Hold the server's lock on the practice's keys (another computer's change waits), with
    this computer's copy refreshed from the server first."""
    from dermadesk.core.server_db import KEYS_LOCK, advisory_lock, server_engine

    engine = server_engine(database_url)
    try:
        with engine.begin() as connection:
            advisory_lock(connection, KEYS_LOCK)
            pull_keys(engine, home)
            yield
    finally:
        engine.dispose()
