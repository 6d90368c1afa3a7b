"""The command line on a practice server: `--database-url URL` (or DERMADESK_DATABASE_URL,
or the server this computer remembers), and `dermadesk server prepare` for its administrator."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dermadesk.core.keys import DataKey
    from dermadesk.core.practice import Practice


def database_url(args: argparse.Namespace, data_dir: Path) -> str | None:
    """The practice server the command is for, if any."""
    from dermadesk.core.server_address import chosen_server

    return chosen_server(getattr(args, "database_url", None), data_dir)[0]


def server_key(args: argparse.Namespace, data_dir: Path, url: str) -> DataKey | None:
    """The server practice's data key, unlocked with the keys fetched from the server; None
    for a server database with no practice yet."""
    from dermadesk.cli_unlock import practice_key
    from dermadesk.core.server_keys import server_home
    from dermadesk.core.server_practice import server_kind

    if server_kind(data_dir, url) == "new":
        return None
    return practice_key(args, server_home(data_dir, url))


def open_server_practice(
    args: argparse.Namespace, data_dir: Path, url: str, must_exist: bool
) -> Practice:
    """The practice on the server at `url`, unlocked; a new one is made in an empty server
    database (as in a new folder), its recovery code printed."""
    from dermadesk.cli_unlock import choose_passphrase, passphrase, recovery_notice
    from dermadesk.core.errors import DataDirError
    from dermadesk.core.practice import Practice
    from dermadesk.core.server_address import remember_server
    from dermadesk.core.server_db import check_server_url, describe

    check_server_url(url)
    key = server_key(args, data_dir, url)
    if key is not None:
        practice = Practice.open(data_dir, key=key, database_url=url)
    elif must_exist:
        raise DataDirError(
            f"The practice server ({describe(url)}) holds no practice yet. Set it up first: "
            "`dermadesk --database-url URL demo`, or the window's setup."
        )
    else:
        chosen = choose_passphrase(passphrase(args), "the new practice")
        practice, code = Practice.create(data_dir, chosen, database_url=url)
        args.new_recovery_code = code
        if not getattr(args, "json", False):
            print(recovery_notice(code) + "\n")
    if not (data_dir / "dermadesk.db").exists():  # a folder practice here stays the default
        try:
            remember_server(data_dir, url)
        except OSError as error:
            print(f"dermadesk: the server's address was not remembered ({error})", file=sys.stderr)
    return practice


def where_made(practice: Practice) -> str:
    """Where a practice just made lives, for the person: its folder, or its server (the
    folder then holds only this computer's own files)."""
    if practice.store.is_sqlite:
        return f"in {practice.data_dir}"
    from dermadesk.core.server_db import describe

    return f"on the practice server ({describe(str(practice.store.engine.url))})"


def server_command(args: argparse.Namespace, data_dir: Path) -> int:
    """`dermadesk --database-url OWNER_URL server prepare [--app-role ROLE]`, and
    `dermadesk move-to-server URL` (cli_move.py)."""
    if args.command == "move-to-server":
        from dermadesk.cli_move import move_command

        return move_command(args, data_dir)
    from dermadesk.core.clock import default_clock
    from dermadesk.core.errors import DermaDeskError
    from dermadesk.core.server_db import describe
    from dermadesk.core.server_roles import prepare_server
    from dermadesk.core.server_schema import APPEND_ONLY

    url = getattr(args, "database_url", None) or database_url(args, data_dir)
    if not url:
        raise DermaDeskError(
            "`server prepare` needs the server's address as its owner: "
            "dermadesk --database-url postgresql+psycopg://OWNER@HOST/DATABASE server prepare"
        )
    done = prepare_server(url, args.app_role, data_dir, default_clock())
    grants = [statement for statement in done if statement.startswith("GRANT")]
    triggers = [f"{statement} " for statement in done if "TRIGGER" in statement]
    mended = [table for table in APPEND_ONLY if any(f" {table} " in s for s in triggers)]
    if mended:
        print(f"The safeguards that keep {', '.join(mended)} unchanged were switched off or "
              "removed; they are back on.")  # fmt: skip
    print(
        f"The practice server ({describe(url)}) is ready: DermaDesk's tables are up to date, "
        f"and the role {args.app_role} may use them ({len(grants)} grants), but never change "
        "or remove signed consents or the audit trail. Each computer connects as "
        f"{args.app_role}."
    )
    return 0
