"""The commands that copy a practice whole: `backup`, `restore` and `encrypt`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dermadesk.paths import resolve_data_dir

if TYPE_CHECKING:
    from dermadesk.core.backup_keys import Unlock

EXIT_OK = 0
Opener = Callable[[], Any]  # opens the command's practice (folder or server), unlocked


def backup(args: argparse.Namespace, opened: Opener) -> int:
    """`dermadesk backup DEST`: a verified backup of the practice, in a folder or on a server."""
    with opened() as practice:
        result = practice.backup(args.destination)
    size = f"{result.size / 1_000_000:.1f} MB"
    print(f"Backup written and verified: {result.path} ({result.files} files, {size}).")
    if result.damage:  # made all the same: a backup is never refused in an emergency
        print(
            f"The practice has problems, so the backup is named as holding damage "
            f"({result.damage[0]}). `dermadesk check` shows them all.",
            file=sys.stderr,
        )
    return EXIT_OK


def restore(args: argparse.Namespace, _opened: Opener) -> int:
    """`dermadesk restore SRC`: into an empty folder, or (with --database-url) an empty,
    prepared practice server; the backup's passphrase or recovery code checked first."""
    from dermadesk.core.practice import Practice

    data_dir = resolve_data_dir(args.data_dir)
    if url := getattr(args, "database_url", None):
        from dermadesk.core.clock import default_clock
        from dermadesk.core.server_backup import restore_into_server
        from dermadesk.core.server_db import check_server_url, describe

        url = check_server_url(url)
        files = restore_into_server(args.source, data_dir, url, default_clock(), _unlock(args))
        where = f"the practice server ({describe(url)})"
    else:
        files = Practice.restore(args.source, data_dir, unlock=_unlock(args))
        where = str(data_dir)
    print(f"Restored {files} files from {args.source.name} into {where}, every one verified.")
    return EXIT_OK


def _unlock(args: argparse.Namespace) -> Unlock | None:
    """What opens the backup: its recovery code (--recovery-code) or its passphrase; None for
    a backup made before encryption."""
    from dermadesk.cli_unlock import given_or_asked, passphrase
    from dermadesk.core.backup_keys import by_passphrase, by_recovery_code, is_encrypted_backup

    if not (args.source.is_file() and is_encrypted_backup(args.source)):
        return None
    if args.recovery_code:
        return by_recovery_code(read_secret("The backup's recovery code: "))
    asked = "The passphrase of the practice in the backup: "
    return by_passphrase(given_or_asked(passphrase(args), asked))


def read_secret(prompt: str) -> str:
    """A line typed at the terminal without echo, or the first line of standard input."""
    from dermadesk.cli_unlock import ask, on_terminal

    return ask(prompt) if on_terminal() else sys.stdin.readline().strip()


def encrypt(args: argparse.Namespace, _opened: Opener) -> int:
    """`dermadesk encrypt`: a plain practice converted, verified, resumable."""
    from dermadesk.cli_unlock import choose_passphrase, passphrase, recovery_notice
    from dermadesk.core.encrypt_practice import encrypt_practice, plain_copies

    data_dir = resolve_data_dir(args.data_dir)
    chosen = choose_passphrase(passphrase(args), "the encrypted practice")
    code = encrypt_practice(data_dir, chosen)
    print(f"{data_dir} is encrypted now, every record and photo checked.")
    print(recovery_notice(code))
    for copy in plain_copies(data_dir):
        print(
            f"The practice as it was, unencrypted, is kept in {copy}. It still holds health "
            "data in the clear: once DermaDesk opens the encrypted practice as it should, "
            "delete that folder (and any older backups, which are not encrypted either).",
            file=sys.stderr,
        )
    return EXIT_OK
