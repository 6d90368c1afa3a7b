"""A folder practice that moved to a practice server: marked, then kept read-only.

After a move (core/server_move.py) the folder is left as it was, with one file of its own,
moved-to-server.json, saying when and where the practice went. Opened again, the folder
practice can still be read (the window shows a banner), but every write is refused in words:
two copies of one practice, both changing, would part ways for good.

Before anything reaches the server, the move writes moving-to-server.json: the folder opens
read-only from then on too, saying a move was under way, until the move is run again (which
finishes it, or removes the mark when the server never took the practice).
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
MOVING = "moving-to-server.json"  # the intent, written before the server commits
FORMAT = "dermadesk-moved"


def moved_to(data_dir: Path) -> dict[str, Any] | None:
    """What the marker says ({"server", "address", "moved_at", "moving"}); None for a folder
    neither moved nor being moved. A marker that cannot be read still counts: better
    read-only than parted ways."""
    path = Path(data_dir) / MARKER
    moving = not path.exists()
    if moving:
        path = Path(data_dir) / MOVING
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
        "moving": moving,
    }


def moved_words(record: dict[str, Any]) -> str:
    """Where the practice went, in words for the banner, the command line and refusals."""
    from datetime import datetime

    from dermadesk.core.dates import long_date

    try:
        when = f" on {long_date(datetime.fromisoformat(record['moved_at']).date())}"
    except ValueError:
        when = ""
    if record.get("moving"):
        return (
            f"A move of this practice to the practice server ({record['server']}) was started"
            f"{when} and did not finish. This folder is kept read-only until the move is run "
            "again (File ▸ Move to a practice server…, or `dermadesk move-to-server`): that "
            "finishes it, or makes the folder writable again if the server never took it."
        )
    return (
        f"This practice moved to the practice server ({record['server']}){when}. This folder "
        "is kept as it was, read-only: connect to the server to work on it."
    )


def mark_moved(data_dir: Path, address: str, server: str, clock: Clock, name: str = MARKER) -> None:
    """Write the marker (or, with name=MOVING, the intent): from now on the folder opens
    read-only."""
    content = {
        "format": FORMAT,
        "server": server,
        "address": address,
        "moved_at": clock.now().isoformat(),
    }
    write_private_file(Path(data_dir) / name, (json.dumps(content, indent=2) + "\n").encode())
    if name == MARKER:
        (Path(data_dir) / MOVING).unlink(missing_ok=True)  # the intent is done with


def moving(data_dir: Path) -> bool:
    """True while a move started here is not finished (or not undone) yet."""
    return (Path(data_dir) / MOVING).exists() and not (Path(data_dir) / MARKER).exists()


def clear_moving(data_dir: Path) -> None:
    """The server never took the practice: the folder is its only copy, writable again."""
    (Path(data_dir) / MOVING).unlink(missing_ok=True)


def refuse_if_moved(data_dir: Path) -> None:
    """A moved folder is never moved again (one whose move was cut short is moved again, to
    finish it)."""
    record = moved_to(data_dir)
    if record is not None and not record["moving"]:
        raise DataDirError(moved_words(record) + " Nothing was changed.")


def keep_read_only(store: Store, data_dir: Path) -> str | None:
    """Make the store of a moved folder refuse every write, in words; those words (None when
    the folder did not move)."""
    record = moved_to(data_dir)
    if record is None:
        return None
    store.read_only = moved_words(record) + " Nothing was saved."
    return moved_words(record)
