"""A folder practice that moved to a practice server: marked, then kept read-only.

After a move (core/server_move.py) the folder is left as it was, with one file of its own,
moved-to-server.json, saying when and where the practice went. Opened again, the folder
practice can still be read (the window shows a banner), but every write is refused in words:
two copies of one practice, both changing, would part ways for good.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dermadesk.core.errors import DataDirError
from dermadesk.core.files import write_private_file

if TYPE_CHECKING:
    from dermadesk.core.clock import Clock
    from dermadesk.core.db import Store

MARKER = "moved-to-server.json"
FORMAT = "dermadesk-moved"


def moved_to(data_dir: Path) -> dict[str, Any] | None:
    """What the marker says ({"server", "address", "moved_at"}); None for a folder not moved.
    A marker that cannot be read still counts as moved: better read-only than parted ways."""
    path = Path(data_dir) / MARKER
    if not path.exists():
        return None
    try:
        content = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        content = {}
    if not isinstance(content, dict):
        content = {}
    return {
        "server": str(content.get("server") or "a practice server"),
        "address": str(content.get("address") or ""),
        "moved_at": str(content.get("moved_at") or ""),
    }


def moved_words(record: dict[str, Any]) -> str:
    """Where the practice went, in words for the banner, the command line and refusals."""
    from datetime import datetime

    from dermadesk.core.dates import long_date

    try:
        when = f" on {long_date(datetime.fromisoformat(record['moved_at']).date())}"
    except ValueError:
        when = ""
    return (
        f"This practice moved to the practice server ({record['server']}){when}. This folder "
        "is kept as it was, read-only: connect to the server to work on it."
    )


def mark_moved(data_dir: Path, address: str, server: str, clock: Clock) -> None:
    """Write the marker: from now on the folder opens read-only."""
    content = {
        "format": FORMAT,
        "server": server,
        "address": address,
        "moved_at": clock.now().isoformat(),
    }
    write_private_file(Path(data_dir) / MARKER, (json.dumps(content, indent=2) + "\n").encode())


def refuse_if_moved(data_dir: Path) -> None:
    """A moved folder is never moved again."""
    record = moved_to(data_dir)
    if record is not None:
        raise DataDirError(moved_words(record) + " Nothing was changed.")


def keep_read_only(store: Store, data_dir: Path) -> str | None:
    """Make the store of a moved folder refuse every write, in words; those words (None when
    the folder did not move)."""
    record = moved_to(data_dir)
    if record is None:
        return None
    store.read_only = moved_words(record) + " Nothing was saved."
    return moved_words(record)
