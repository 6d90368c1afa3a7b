"""How a command gets the practice's passphrase, and opens (or makes) the practice with it.

In order: `--passphrase-file FILE` (its first line), the DERMADESK_PASSPHRASE environment
variable, the OS keychain if the practice was remembered there, then a prompt on the
terminal (no echo). A command with none of these is refused, naming the three ways.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dermadesk.core.errors import DermaDeskError
from dermadesk.core.keys import DataKey, KeyError_, WrongPassphrase, WrongRecoveryCode

if TYPE_CHECKING:
    from dermadesk.core.practice import Practice

PASSPHRASE_ENV = "DERMADESK_PASSPHRASE"
NEW_PASSPHRASE_ENV = "DERMADESK_NEW_PASSPHRASE"
MAX_SECRET_CHARACTERS = 4096
TRIES = 3  # on a terminal: a typo gets another chance, a guesser does not get many


@dataclass(frozen=True)
class Secret:
    """One secret a command needs, and where a script may give it."""

    what: str  # "the passphrase", in the messages
    option: str  # the command-line option naming a file that holds it
    file: Path | None
    env: str | None  # the environment variable that may hold it

    def given(self) -> str | None:
        """The secret from its file, else its environment variable; None if neither is set
        (an empty variable counts as not set: a script's slip, not a passphrase)."""
        if self.file is not None:
            return read_secret_file(self.file, self.option)
        if self.env and (value := os.environ.get(self.env)):
            return value
        return None

    def where(self) -> str:
        """Where a script's secret came from, for a message about it."""
        return str(self.file) if self.file is not None else str(self.env)

    def refusal(self) -> DermaDeskError:
        env = f", or in the {self.env} environment variable" if self.env else ""
        return DermaDeskError(
            f"This command needs {self.what}, and there is no terminal to ask it on. Give it "
            f"with {self.option} FILE (its first line){env}, or run the command in a terminal "
            "to be asked for it."
        )


def passphrase(args: argparse.Namespace) -> Secret:
    return Secret("the practice passphrase", "--passphrase-file",
                  getattr(args, "passphrase_file", None), PASSPHRASE_ENV)  # fmt: skip


def new_passphrase_secret(args: argparse.Namespace) -> Secret:
    return Secret("the new passphrase", "--new-passphrase-file",
                  getattr(args, "new_passphrase_file", None), NEW_PASSPHRASE_ENV)  # fmt: skip


def recovery_code_secret(args: argparse.Namespace) -> Secret:
    return Secret("the recovery code", "--recovery-code-file",
                  getattr(args, "recovery_code_file", None), None)  # fmt: skip


def read_secret_file(path: Path, option: str) -> str:
    """The first line of `path`, without its line ending; a file others can read is used,
    with a warning (whoever reads it can unlock the practice)."""
    try:
        with path.open(encoding="utf-8") as handle:
            line = handle.readline(MAX_SECRET_CHARACTERS)  # not a whole disk image by mistake
            mode = os.fstat(handle.fileno()).st_mode
    except FileNotFoundError:
        raise DermaDeskError(f"{option}: there is no file {path}.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DermaDeskError(f"{option}: {path} cannot be read ({error}).") from None
    if os.name == "posix" and mode & (stat.S_IRGRP | stat.S_IROTH):
        print(
            f"dermadesk: warning: other users of this computer can read {path}, and with it "
            f"unlock the practice. Make it yours only: chmod 600 {path}",
            file=sys.stderr,
        )
    secret = line.rstrip("\r\n")
    if not secret:
        raise DermaDeskError(f"{option}: the first line of {path} is empty; put it there.")
    return secret


def on_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def ask(prompt: str) -> str:
    """A secret typed on the terminal, not shown as it is typed."""
    import getpass

    return getpass.getpass(prompt)


def say(text: str) -> None:
    print(text, file=sys.stderr)


def given_or_asked(secret: Secret, prompt: str) -> str:
    """The secret a script gave, else typed once on the terminal (no echo); refused in words
    without either. For secrets checked elsewhere, e.g. a backup's passphrase."""
    given = secret.given()
    if given is not None:
        return given
    if not on_terminal():
        raise secret.refusal()
    return ask(prompt)


def practice_key(args: argparse.Namespace, data_dir: Path) -> DataKey:
    """The data key of the encrypted practice in `data_dir`, unlocked the first way given."""
    from dermadesk.core import keys
    from dermadesk.core.keychain import unlock_from_keychain

    source = passphrase(args)
    given = source.given()
    if given is not None:
        try:
            return keys.unlock(data_dir, given)
        except WrongPassphrase:  # say which: a stale variable may stand in for the right file
            raise WrongPassphrase(
                f"The passphrase in {source.where()} does not unlock this practice. "
                "A forgotten passphrase is replaced with `dermadesk recover`."
            ) from None
    if (remembered := unlock_from_keychain(data_dir)) is not None:
        return remembered
    if not on_terminal():
        raise source.refusal()
    for attempt in range(1, TRIES + 1):
        try:
            return keys.unlock(data_dir, ask(f"Passphrase for the practice in {data_dir}: "))
        except WrongPassphrase as wrong:
            if attempt == TRIES:
                raise
            say(str(wrong))
    raise AssertionError("unreachable")


def key_if_encrypted(args: argparse.Namespace, data_dir: Path) -> DataKey | None:
    """The data key for a command on an existing practice (check, restore's source...): None
    for a plain practice or a folder without keys."""
    from dermadesk.core.keys import has_keys

    return practice_key(args, data_dir) if has_keys(data_dir) else None


def key_from_passphrase_or_code(data_dir: Path, text: str) -> tuple[DataKey, bool]:
    """The data key from `text`, a passphrase or the recovery code; True when it was the code."""
    from dermadesk.core import keys

    try:
        return keys.unlock(data_dir, text), False
    except WrongPassphrase:
        try:
            keys.normalise_recovery_code(text)
        except WrongRecoveryCode:
            if _shaped_like_a_code(text):
                raise  # a code with a typing mistake: say so, not "wrong passphrase"
            raise WrongPassphrase(
                "That is neither this practice's passphrase nor its recovery code. Check Caps "
                "Lock and try again."
            ) from None
        return keys.unlock_with_recovery_code(data_dir, text), True


def _shaped_like_a_code(text: str) -> bool:
    """Thirty of the code's letters and digits (dashes and spaces aside), whatever its check."""
    from dermadesk.core.keys import CODE_ALPHABET, CODE_GROUP_LENGTH, CODE_GROUPS

    compact = "".join(c for c in text.upper() if c not in " -\t\n")
    readable = set(CODE_ALPHABET) | set("OILU")  # letters read as digits, as the keys do
    return len(compact) == CODE_GROUPS * CODE_GROUP_LENGTH and set(compact) <= readable


def choose_passphrase(secret: Secret, what_for: str) -> str:
    """A new passphrase that the rules accept: given by a script, or typed twice on a terminal."""
    from dermadesk.core.passphrase_rules import passphrase_problem

    given = secret.given()
    if given is not None:
        if problem := passphrase_problem(given):
            raise KeyError_(f"The passphrase given for {what_for} is not accepted. {problem}")
        return given
    if not on_terminal():
        raise secret.refusal()
    say(f"Choose a passphrase for {what_for}: at least 10 characters, or 4 words.")
    for attempt in range(1, TRIES + 1):
        chosen = ask("New passphrase: ")
        problem = passphrase_problem(chosen)
        if problem is None and ask("The same passphrase again: ") != chosen:
            problem = "The two passphrases typed are not the same."
        if problem is None:
            return chosen
        if attempt == TRIES:
            raise KeyError_(f"{problem} Nothing was changed.")
        say(f"{problem} Try again.")
    raise AssertionError("unreachable")


def recovery_notice(code: str) -> str:
    """What a person is told, once, with the recovery code of a new practice."""
    return (
        "The practice is encrypted. Its recovery code, shown only this once:\n\n"
        f"    {code}\n\n"
        "Write it down or print it, and keep it away from this computer. If the passphrase is\n"
        "ever forgotten, `dermadesk recover` sets a new one with this code. Without both, no\n"
        "one can open the records, not even you."
    )


def open_practice(args: argparse.Namespace, data_dir: Path) -> Practice:
    """The practice in `data_dir`, unlocked; a new one is made encrypted, its recovery code
    printed (or, with --json, kept in `args.new_recovery_code` for the command's JSON)."""
    from dermadesk.core.practice import Practice, practice_kind

    kind = practice_kind(data_dir)
    if kind == "plain":
        return Practice.open(data_dir)
    if kind == "encrypted":
        return Practice.open(data_dir, key=practice_key(args, data_dir))
    from dermadesk.core.lost_practice import refuse_if_lost
    from dermadesk.core.practice import prepare_data_dir

    if data_dir.exists() and not data_dir.is_dir():
        prepare_data_dir(data_dir)  # a file given as the folder: said in words
    refuse_if_lost(data_dir)  # a folder that held a practice: said before a passphrase is asked
    chosen = choose_passphrase(passphrase(args), "the new practice")
    practice, code = Practice.create(data_dir, chosen)
    args.new_recovery_code = code
    if not getattr(args, "json", False):
        print(recovery_notice(code) + "\n")
    return practice
