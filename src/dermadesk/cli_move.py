"""`dermadesk move-to-server URL` and `dermadesk --database-url URL restore SRC`: a practice
into an empty server database, every row and photo proved on arrival."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def refuse_password(url: str) -> None:
    """A password written on the command line is seen by anyone listing this computer's
    programs (`ps`) and stays in the shell's history: refused, pointing to ~/.pgpass."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from dermadesk.core.errors import DataDirError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return  # said in words by check_server_url
    if parsed.password or "password" in {k.lower() for k in parsed.query}:
        raise DataDirError(
            "The server's address holds a password. Written on the command line, it can be "
            "read by anyone who lists this computer's programs, and it stays in the shell's "
            "history. Put the password in this computer's ~/.pgpass file instead (one line: "
            "host:port:database:user:password, readable only by you) and give the address "
            "without it. Nothing was moved."
        )


def move_command(args: argparse.Namespace, data_dir: Path) -> int:
    """Move the folder practice in `data_dir` to the server at args.url; this computer then
    uses the server (the folder is kept, read-only)."""
    from dermadesk.cli_unlock import open_practice
    from dermadesk.core.errors import DataDirError
    from dermadesk.core.moved_practice import refuse_if_moved
    from dermadesk.core.practice import DATABASE_NAME
    from dermadesk.core.server_address import remember_server, without_password
    from dermadesk.core.server_db import check_server_url
    from dermadesk.core.server_move import move_to_server

    refuse_password(args.url)
    url = check_server_url(args.url)
    if not (data_dir / DATABASE_NAME).exists():
        raise DataDirError(
            f"There is no DermaDesk practice in {data_dir} to move. Check --data-dir."
        )
    refuse_if_moved(data_dir)  # before the passphrase is asked
    with open_practice(args, data_dir) as practice:
        result = move_to_server(practice, url)
    try:
        remember_server(data_dir, url)
    except OSError as error:
        print(f"dermadesk: the server's address was not remembered ({error})", file=sys.stderr)
    if result.finished_earlier:
        print(
            f"The move started earlier is finished: the practice was already on the practice "
            f"server ({result.server}), and nothing there was changed. The folder {data_dir} "
            f"is now marked as moved, read-only; this computer uses the server "
            f"({without_password(url)}) from now on."
        )
        return 0
    print(
        f"The practice moved to the practice server ({result.server}): {result.rows} records "
        f"in {len(result.tables)} tables and {result.photos} photos, every one checked on "
        f"arrival. This computer now uses the server ({without_password(url)}); the folder "
        f"{data_dir} is kept as it was, read-only. Other computers connect with the same "
        "address."
    )
    return 0
