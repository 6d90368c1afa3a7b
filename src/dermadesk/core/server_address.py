"""Which practice server this computer uses: remembered in its data dir, never a password.

A password in the address stays out of the file: the server's administrator gives each
computer a ~/.pgpass (or PGPASSFILE) instead, which PostgreSQL's client reads by itself.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

DATABASE_URL_ENV = "DERMADESK_DATABASE_URL"
REMEMBERED = "practice-server.json"


def without_password(database_url: str) -> str:
    """The address as it may be written down: the password left out."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    return url._replace(password=None).render_as_string(hide_password=False)  # set() keeps it


def remembered_server(data_dir: Path) -> str | None:
    """The practice server this computer was last connected to from `data_dir`, if any."""
    try:
        content = json.loads((data_dir / REMEMBERED).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    found = content.get("database_url") if isinstance(content, dict) else None
    return found if isinstance(found, str) and found else None


def remember_server(data_dir: Path, database_url: str) -> None:
    """Remember `database_url` (without its password) as this computer's practice server."""
    from dermadesk.core.files import write_atomically

    address = without_password(database_url)
    if remembered_server(data_dir) == address:
        return
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = json.dumps({"database_url": address}, indent=2) + "\n"
    write_atomically(data_dir / REMEMBERED, text.encode("utf-8"))


def forget_server(data_dir: Path) -> None:
    """This computer uses its own folder practice again."""
    (data_dir / REMEMBERED).unlink(missing_ok=True)


def chosen_server(explicit: str | None, data_dir: Path) -> tuple[str | None, bool]:
    """The practice server to use: `explicit` (--database-url), else DERMADESK_DATABASE_URL,
    else the one remembered in `data_dir`; and whether it was given rather than remembered."""
    given = explicit or os.environ.get(DATABASE_URL_ENV) or None
    if given:
        return given, True
    return remembered_server(data_dir), False
