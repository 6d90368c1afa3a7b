"""`dermadesk passphrase` (change it) and `dermadesk recover` (a new one from the recovery
code). Only key.json changes: the data key stays, so no record or photo is re-encrypted."""

from __future__ import annotations

import argparse
from pathlib import Path

from dermadesk.cli_unlock import (
    TRIES,
    Secret,
    ask,
    choose_passphrase,
    key_from_passphrase_or_code,
    new_passphrase_secret,
    on_terminal,
    passphrase,
    recovery_code_secret,
    say,
)
from dermadesk.core.errors import DataDirError
from dermadesk.core.keys import DataKey, KeyError_, WrongPassphrase, WrongRecoveryCode
from dermadesk.paths import resolve_data_dir


def _encrypted_practice(args: argparse.Namespace) -> tuple[Path, Path, str | None]:
    """The practice's data dir, the folder of its keys (on a server, this computer's copy of
    the server's, refreshed), and the server's address when it is on one."""
    from dermadesk.cli_server import database_url
    from dermadesk.core.practice import practice_kind

    data_dir = resolve_data_dir(args.data_dir)
    if url := database_url(args, data_dir):
        from dermadesk.core.server_db import check_server_url, describe
        from dermadesk.core.server_keys import server_home
        from dermadesk.core.server_practice import server_kind

        check_server_url(url)
        if server_kind(data_dir, url) == "new":
            raise DataDirError(
                f"The practice server ({describe(url)}) holds no practice yet, so it has no "
                "passphrase. Set it up first: `dermadesk --database-url URL demo`, or the "
                "window's setup."
            )
        return data_dir, server_home(data_dir, url), url
    kind = practice_kind(data_dir)
    if kind == "new":
        raise DataDirError(f"There is no DermaDesk practice in {data_dir}. Check --data-dir.")
    if kind == "plain":
        raise KeyError_(
            f"The practice in {data_dir} is not encrypted yet, so it has no passphrase. "
            "Encrypt it first with `dermadesk encrypt`."
        )
    return data_dir, data_dir, None


def _unlocked(data_dir: Path, secret: Secret, prompt: str, code_only: bool) -> tuple[DataKey, bool]:
    """The data key from `secret` (a script's, or typed: TRIES chances); True if by the code."""
    from dermadesk.core import keys

    def unlock(text: str) -> tuple[DataKey, bool]:
        if code_only:
            return keys.unlock_with_recovery_code(data_dir, text), True
        return key_from_passphrase_or_code(data_dir, text)

    given = secret.given()
    if given is not None:
        return unlock(given)
    if not on_terminal():
        raise secret.refusal()
    for attempt in range(1, TRIES + 1):
        try:
            return unlock(ask(prompt))
        except (WrongPassphrase, WrongRecoveryCode) as wrong:
            if attempt == TRIES:
                raise
            say(str(wrong))
    raise AssertionError("unreachable")


def _set_passphrase(
    data_dir: Path, url: str | None, key: DataKey, new: str, recovered: bool
) -> None:
    from dermadesk.core.passphrase_change import set_passphrase
    from dermadesk.core.practice import Practice

    with Practice.open(data_dir, key=key, database_url=url) as practice:
        set_passphrase(practice, new, recovered)


def change_passphrase(args: argparse.Namespace) -> int:
    """`dermadesk passphrase`: the current passphrase (or the recovery code), then a new one."""
    data_dir, keys_dir, url = _encrypted_practice(args)
    key, by_code = _unlocked(
        keys_dir, passphrase(args), "Current passphrase (or the recovery code): ", False
    )
    new = choose_passphrase(new_passphrase_secret(args), "the practice")
    _set_passphrase(data_dir, url, key, new, recovered=by_code)
    print("The passphrase is changed: the old one no longer opens the practice. The recovery "
          "code still does.")  # fmt: skip
    return 0


def recover(args: argparse.Namespace) -> int:
    """`dermadesk recover`: the recovery code, then a new passphrase (for a forgotten one)."""
    data_dir, keys_dir, url = _encrypted_practice(args)
    key, _ = _unlocked(keys_dir, recovery_code_secret(args), "Recovery code: ", True)
    new = choose_passphrase(new_passphrase_secret(args), "the practice")
    _set_passphrase(data_dir, url, key, new, recovered=True)
    print("A new passphrase is set. The recovery code stays the same: keep it safe.")
    return 0
