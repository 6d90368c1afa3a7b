"""The `dermadesk` command line's grammar: every command, its arguments and their help."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dermadesk import __version__

if TYPE_CHECKING:
    Commands = argparse._SubParsersAction[argparse.ArgumentParser]

# As core.photo_tags.VIEWS has them; spelled out here so `--help` need not load the core.
VIEW_CHOICES = ("front", "left_oblique", "right_oblique", "left_profile", "right_profile")


def command_line() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = argparse.ArgumentParser(
        prog="dermadesk",
        description="Client records, consent, sessions and photos for microneedling practices. "
        "Without a command, opens the program window.",
    )
    parser.add_argument("--version", action="version", version=f"DermaDesk {__version__}")
    _window_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _demo(commands)
    _clients(commands)
    _screen_and_sessions(commands)
    _print(commands)
    _backup_and_restore(commands)
    _photos(commands)
    _care(commands)
    _passphrase(commands)
    _server(commands)
    _accept_passphrase_file_anywhere(parser)
    return parser


def window_arguments(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """`argv` read as command_line() reads it when it only opens the window (the options below,
    no command), without building the commands' parsers (some 10 ms of the window's start);
    None when it says anything else (a command, --help, a mistake) for command_line() to read."""
    window = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    _window_options(window)
    try:
        args, rest = window.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    args.command = None
    return None if rest else args


def _window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="the practice's data folder (default: $DERMADESK_DATA_DIR, else the user data dir)",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="the practice server, postgresql+psycopg://USER@HOST/DATABASE (default: "
        "$DERMADESK_DATABASE_URL, else the one this computer remembers, else the data folder)",
    )
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="read the practice passphrase from FILE's first line (else $DERMADESK_PASSPHRASE, "
        "else it is asked on the terminal)",
    )


def _accept_passphrase_file_anywhere(parser: argparse.ArgumentParser) -> None:
    """`--passphrase-file` after the command too (`dermadesk clients --passphrase-file F`)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                command.add_argument(
                    "--passphrase-file", type=Path, metavar="FILE", default=argparse.SUPPRESS,
                    help="read the practice passphrase from FILE's first line",
                )  # fmt: skip
                _accept_passphrase_file_anywhere(command)


def _demo(commands: Commands) -> None:
    demo = commands.add_parser("demo", help="fill an empty data dir with a demo practice")
    demo.add_argument("--clients", type=int, default=60, metavar="N", help="how many clients")
    demo.add_argument(
        "--photos", action="store_true", help="add drawn before-and-after photos for a few clients"
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same practice")
    demo.add_argument("--json", action="store_true", help="print JSON (with the recovery code)")


def _clients(commands: Commands) -> None:
    clients = commands.add_parser("clients", help="list, search or import clients")
    clients.add_argument(
        "--search", metavar="TEXT", default="", help="the start of any name word, phone or email"
    )
    clients.add_argument("--archived", action="store_true", help="include archived clients")
    clients.add_argument("--json", action="store_true", help="print JSON")
    client_commands = clients.add_subparsers(dest="clients_command", metavar="SUBCOMMAND")
    importer = client_commands.add_parser("import", help="import clients from a .json or .csv file")
    importer.add_argument("file", type=Path, metavar="FILE")
    # SUPPRESS: `clients --json import F` and `clients import F --json` both mean JSON.
    importer.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print the new ids as JSON"
    )


def _screen_and_sessions(commands: Commands) -> None:
    screen = commands.add_parser("screen", help="may this client be treated on a day?")
    screen.add_argument("client", type=int, metavar="CLIENT", help="the id from `clients --json`")
    screen.add_argument(
        "--date", metavar="D", help="the treatment date, YYYY-MM-DD (default: today)"
    )
    screen.add_argument("--json", action="store_true", help="print JSON")
    sessions = commands.add_parser("sessions", help="a client's sessions, newest first")
    sessions.add_argument("client", type=int, metavar="CLIENT", help="the id from `clients --json`")
    sessions.add_argument("--json", action="store_true", help="print JSON")


def _print(commands: Commands) -> None:
    printing = commands.add_parser("print", help="print a consent, preparation or aftercare sheet")
    sheets = printing.add_subparsers(dest="sheet", metavar="SHEET", required=True)
    consent = sheets.add_parser("consent", help="the consent form, pre-filled for signing")
    consent.add_argument("client", type=int, metavar="CLIENT")
    consent.add_argument("--kind", choices=["treatment", "photo"], default="treatment")
    prep = sheets.add_parser("prep", help="the preparation sheet")
    prep.add_argument("client", type=int, metavar="CLIENT")
    aftercare = sheets.add_parser("aftercare", help="the aftercare sheet for a session")
    aftercare.add_argument("session", type=int, metavar="SESSION", help="the id from `sessions`")
    day = sheets.add_parser("day", help="consent packs for a day's planned sessions")
    day.add_argument("day", nargs="?", metavar="DATE", help="YYYY-MM-DD (default: today)")
    for sheet in (consent, prep, aftercare, day):
        target = sheet.add_mutually_exclusive_group()
        target.add_argument("-o", "--output", type=Path, metavar="FILE.pdf", help="write a PDF")
        target.add_argument(
            "--printer", metavar="NAME", help="print on this printer (default: the system's)"
        )


def _backup_and_restore(commands: Commands) -> None:
    backup = commands.add_parser("backup", help="write one file with the database and photos")
    backup.add_argument("destination", type=Path, metavar="DEST", help="a file, or a folder")
    restore = commands.add_parser("restore", help="restore a backup into an empty data dir")
    restore.add_argument("source", type=Path, metavar="SRC", help="a .dermadesk-backup file")
    restore.add_argument(
        "--recovery-code",
        action="store_true",
        help="unlock the backup with its recovery code (asked for) instead of the passphrase",
    )
    commands.add_parser(
        "encrypt",
        help="encrypt a practice made before encryption (its passphrase: DERMADESK_PASSPHRASE)",
    )


def _photos(commands: Commands) -> None:
    photos = commands.add_parser("photos", help="import photos into a client's gallery")
    photo_commands = photos.add_subparsers(
        dest="photos_command", metavar="SUBCOMMAND", required=True
    )
    photo_import = photo_commands.add_parser("import", help="import pictures (files or folders)")
    photo_import.add_argument("client", type=int, metavar="CLIENT", help="the id from `clients`")
    photo_import.add_argument("files", type=Path, nargs="+", metavar="FILE")
    photo_import.add_argument("--session", type=int, metavar="S", help="the id from `sessions`")
    photo_import.add_argument("--area", default="", metavar="A", help="an area id, e.g. cheek_left")
    photo_import.add_argument("--view", default="", choices=["", *VIEW_CHOICES], metavar="V",
                              help=", ".join(VIEW_CHOICES))  # fmt: skip
    photo_import.add_argument("--stage", default="", choices=["", "before", "after", "follow-up"],
                              metavar="STAGE", help="before, after or follow-up")  # fmt: skip
    photo_import.add_argument("--json", action="store_true", help="print JSON")


def _care(commands: Commands) -> None:
    commands.add_parser(
        "forget-pin",
        help="forget PIN: passphrase required (removes a forgotten practice PIN)",
    )
    check = commands.add_parser("check", help="check the database, consents, audit and photos")
    check.add_argument(
        "--repair", action="store_true", help="quarantine orphan files (never deletes anything)"
    )
    check.add_argument("--json", action="store_true", help="print JSON")


def _passphrase(commands: Commands) -> None:
    change = commands.add_parser(
        "passphrase", help="change the practice passphrase (asks the current one, or the code)"
    )
    recover = commands.add_parser(
        "recover", help="forgotten passphrase: set a new one with the recovery code"
    )
    recover.add_argument(
        "--recovery-code-file", type=Path, metavar="FILE", help="read the recovery code from FILE"
    )
    keychain = commands.add_parser(
        "keychain", help="let this computer's login unlock the practice (on needs the passphrase)"
    )
    keychain.add_argument(
        "state", choices=["on", "off", "status"], help="on, off, or status (how it stands)"
    )
    for command in (change, recover):
        command.add_argument(
            "--new-passphrase-file",
            type=Path,
            metavar="FILE",
            help="read the new passphrase from FILE's first line (else "
            "$DERMADESK_NEW_PASSPHRASE, else it is asked twice on the terminal)",
        )


def _server(commands: Commands) -> None:
    move = commands.add_parser(
        "move-to-server",
        help="move this folder's practice into an empty practice server database (the folder "
        "is kept, read-only)",
    )
    move.add_argument("url", metavar="URL", help="postgresql+psycopg://USER@HOST/DATABASE")
    server = commands.add_parser("server", help="set up a practice server (its administrator)")
    actions = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    prepare = actions.add_parser(
        "prepare",
        help="as the database's owner: make DermaDesk's tables and let the app role use them",
    )
    prepare.add_argument(
        "--app-role", default="dermadesk_app", metavar="ROLE",
        help="the role every computer connects as (default: dermadesk_app)",
    )  # fmt: skip
