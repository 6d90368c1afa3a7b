"""The practice's identity: an id made once, kept in the database and in practice.json beside it.

The file says that a practice lives in this folder even when its database is
gone, and where its backups went; the id in both says that the database is
this practice's own and not another's (see core.lost_practice).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from dermadesk.core.db import Store
from dermadesk.core.files import write_atomically

IDENTITY_NAME = "practice.json"
FORMAT = "dermadesk-practice"
SETTING_KEY = "identity"  # the practice_setting row holding {"id", "created"}


@dataclass(frozen=True)
class Identity:
    """Who the practice is, and where its backups were last seen."""

    id: str
    created: str  # ISO 8601, UTC
    schema: str | None = None
    backup_folder: str = ""  # the practice's chosen folder ("" for <data dir>/backups)
    last_backup: str = ""  # the newest backup written, wherever it went


def identity_path(data_dir: Path) -> Path:
    """Where the identity file of the practice in `data_dir` is."""
    return data_dir / IDENTITY_NAME


def read_identity(data_dir: Path) -> Identity | None:
    """The identity file's contents; None when there is none. An unreadable file gives an
    identity with an empty id: it still says a practice lived here."""
    path = identity_path(data_dir)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return Identity(id="", created="")
    if not isinstance(raw, dict):
        return Identity(id="", created="")

    def field(name: str) -> str:
        value = raw.get(name)
        return value if isinstance(value, str) else ""

    return Identity(
        id=field("id"),
        created=field("created"),
        schema=field("schema") or None,
        backup_folder=field("backup_folder"),
        last_backup=field("last_backup"),
    )


def write_identity(data_dir: Path, identity: Identity) -> None:
    """Write the identity file whole or not at all: a temporary name, fsync, rename."""
    body = {"format": FORMAT, **{k: v for k, v in asdict(identity).items() if v}}
    text = json.dumps(body, indent=1) + "\n"
    write_atomically(identity_path(data_dir), text.encode("utf-8"))


def database_identity(connection: Connection) -> dict[str, Any] | None:
    """The {"id", "created"} the database holds; None when it holds none (or has no table)."""
    has_table = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='practice_setting'")
        if connection.dialect.name == "sqlite"
        else text("SELECT to_regclass('practice_setting')::text")
    ).scalar()
    if not has_table:
        return None
    value = connection.execute(
        text("SELECT value FROM practice_setting WHERE key = :key"), {"key": SETTING_KEY}
    ).scalar()
    try:
        stored = json.loads(value) if value else None
    except ValueError:
        return None
    return stored if isinstance(stored, dict) and isinstance(stored.get("id"), str) else None


def claim_identity(store: Store, wanted: Identity | None) -> Identity:
    """The database's identity, stored first if it has none: `wanted`'s id (the identity
    file's) or a new one. One write transaction, so that two programs opening a new
    folder at once agree on one id."""
    from dermadesk.core.models import PracticeSetting  # the tables wait for the first paint

    with store.writing() as session:
        stored = database_identity(session.connection())
        if stored is None:
            now = store.clock.now()
            made = now.isoformat(timespec="seconds")
            stored = {
                "id": (wanted.id if wanted and wanted.id else str(uuid.uuid4())),
                "created": (wanted.created if wanted and wanted.created else made),
            }
            value = json.dumps(stored, sort_keys=True)
            session.add(PracticeSetting(key=SETTING_KEY, value=value, updated_at=now))
    return Identity(id=stored["id"], created=str(stored.get("created", "")))


def keep_identity_file(
    data_dir: Path, current: Identity | None, claimed: Identity, **changes: str | None
) -> Identity:
    """Write the identity file when it is missing or says something else than it should
    (`claimed` from the database, with `changes`); returns what the file now says."""
    base = current if current is not None and current.id == claimed.id else None
    wanted = replace(
        base or claimed, id=claimed.id, created=(base.created if base else "") or claimed.created
    )
    wanted = replace(wanted, **{k: v for k, v in changes.items() if v is not None})
    if wanted != current:
        write_identity(data_dir, wanted)
    return wanted
