"""The `dermadesk` command: the program window, and commands on the same core.

Errors a user can act on are printed to stderr in plain words with exit 1;
anything unexpected is logged under the data dir and summarised, never shown
as a traceback. `--json` output is always one JSON document on stdout.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from dermadesk.cli_parser import command_line, window_arguments
from dermadesk.paths import resolve_data_dir

EXIT_OK, EXIT_PROBLEM = 0, 1


def _open_practice(args: argparse.Namespace, must_exist: bool = False):  # type: ignore[no-untyped-def]
    """The practice in the chosen data dir, unlocked (cli_unlock says how); with `must_exist`,
    refuse to start a new one."""
    from dermadesk.cli_server import database_url, open_server_practice
    from dermadesk.cli_unlock import open_practice
    from dermadesk.core.errors import DataDirError
    from dermadesk.core.lost_practice import refuse_if_lost
    from dermadesk.core.practice import DATABASE_NAME

    data_dir = resolve_data_dir(args.data_dir)
    if url := database_url(args, data_dir):
        return open_server_practice(args, data_dir, url, must_exist)
    if must_exist and not (data_dir / DATABASE_NAME).exists():
        refuse_if_lost(data_dir)  # a practice lived here: say so, and which backup to restore
        # A mistyped --data-dir must not quietly look like an empty practice.
        raise DataDirError(f"There is no DermaDesk data in {data_dir}. Check --data-dir.")
    practice = open_practice(args, data_dir)
    if practice.moved:  # a folder whose practice moved to a server: read-only, and said so
        print(f"dermadesk: {practice.moved}", file=sys.stderr)
    return practice


def _with_recovery_code(args: argparse.Namespace, value: object) -> object:
    """A command's JSON, with the recovery code of the practice it has just made, if it did."""
    code = getattr(args, "new_recovery_code", None)
    if code is None:
        return value
    args.new_recovery_code = None  # shown: an error from here on need not repeat it
    return {"recovery_code": code, "result": value}


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _cmd_demo(args: argparse.Namespace) -> int:
    from dermadesk.cli_server import where_made
    from dermadesk.core.demo import fill_demo_practice

    with _open_practice(args) as practice:
        ids = fill_demo_practice(practice, clients=args.clients, seed=args.seed)
        photos = 0
        if args.photos:
            from dermadesk.core.demo_photos import add_demo_photos

            photos = add_demo_photos(practice, seed=args.seed)
        data_dir = practice.data_dir
        where = where_made(practice)
    if args.json:
        made = {"data_dir": str(data_dir), "clients": len(ids), "photos": photos}
        _print_json(_with_recovery_code(args, made))
        return EXIT_OK
    with_photos = f" and {photos} photos" if photos else ""
    print(f"Demo practice with {len(ids)} clients{with_photos} created {where}.")
    return EXIT_OK


def _cmd_clients(args: argparse.Namespace) -> int:
    from dermadesk.core.dates import long_date
    from dermadesk.core.text_rules import visible

    with _open_practice(args, must_exist=True) as practice:
        ids = practice.clients.search_ids(args.search, include_archived=args.archived)
        summaries = practice.clients.summaries(ids)
    rows = [summaries[i] for i in ids]
    if args.json:
        _print_json(
            [
                {
                    "id": c.id,
                    "first_name": c.first_name,
                    "last_name": c.last_name,
                    "date_of_birth": c.date_of_birth.isoformat(),
                    "phone": c.phone,
                    "email": c.email,
                    "archived": c.archived,
                }
                for c in rows
            ]
        )
        return EXIT_OK
    if not rows:
        print("No clients match." if args.search else "No clients yet.")
        return EXIT_OK
    for c in rows:
        archived = "  (archived)" if c.archived else ""
        born = long_date(c.date_of_birth)
        name = visible(f"{c.last_name}, {c.first_name}")  # a line break shown, not made
        print(f"{c.id:>6}  {name}  {born}{archived}")
    print(f"{len(rows)} client{'s' if len(rows) != 1 else ''}.")
    return EXIT_OK


def _cmd_clients_import(args: argparse.Namespace) -> int:
    from dermadesk.core.client_import import import_clients

    with _open_practice(args) as practice:
        ids = import_clients(practice.clients, args.file)
    if args.json:
        _print_json(_with_recovery_code(args, [{"id": i} for i in ids]))
    else:
        print(f"Imported {len(ids)} clients from {args.file.name}.")
    return EXIT_OK


def _cmd_screen(args: argparse.Namespace) -> int:
    from dermadesk.core.dates import long_date

    on = _date_argument(args.date, "--date")
    with _open_practice(args, must_exist=True) as practice:
        on = on or practice.clock.today()
        result = practice.screen_client(args.client, on)
        client = practice.clients.get(args.client)
    if args.json:
        _print_json(result.as_json())
        return EXIT_OK
    verdict = {"clear": "clear", "caution": "needs judgement", "blocked": "BLOCKED"}
    print(f"{client.first_name} {client.last_name} on {long_date(on)}: "
          f"{verdict[result.status.value]}")  # fmt: skip
    for finding in result.findings:
        mark = "BLOCKS" if finding.level.value == "block" else "warns "
        print(f"  {mark}  {finding.message}")
    return EXIT_OK


def _date_argument(value: str | None, name: str) -> date | None:
    """The ISO date given on the command line (None: today), or a message in words."""
    from dermadesk.core.errors import DermaDeskError
    from dermadesk.core.validation import parse_iso_date

    try:
        return parse_iso_date(value, name) if value else None
    except ValueError as error:
        raise DermaDeskError(str(error)) from None


def _cmd_sessions(args: argparse.Namespace) -> int:
    from dermadesk.core.areas import area_name

    with _open_practice(args, must_exist=True) as practice:
        client = practice.clients.get(args.client)
        found = practice.sessions.for_client(args.client)
    if args.json:
        _print_json([summary.as_json() for summary in found])
        return EXIT_OK
    name = f"{client.first_name} {client.last_name}"
    if not found:
        print(f"{name} has no sessions yet.")
        return EXIT_OK
    print(f"Sessions of {name}, newest first:")
    for summary in found:
        areas = ", ".join(area_name(a) for a in summary.areas) or "no areas recorded"
        print(f"{summary.id:>6}  {summary.scheduled_at:%Y-%m-%d %H:%M}  "
              f"{summary.status.label:<9}  {areas}")  # fmt: skip
    return EXIT_OK


def _cmd_photos_import(args: argparse.Namespace) -> int:
    from dermadesk.core.photo_tags import PhotoTags

    tags = PhotoTags(args.session, args.area, args.view, args.stage)
    with _open_practice(args, must_exist=True) as practice:
        outcomes = practice.photos.import_files(args.client, args.files, tags)
    if args.json:
        _print_json(
            [
                {
                    "file": str(outcome.source),
                    "photo": outcome.photo_id,
                    "duplicate": outcome.duplicate,
                    "refused": outcome.refused or None,
                }
                for outcome in outcomes
            ]
        )
    else:
        for outcome in outcomes:
            print(outcome.message(), file=sys.stdout if outcome.ok else sys.stderr)
        if not outcomes:
            print("There were no pictures to import.", file=sys.stderr)
    refused = [outcome for outcome in outcomes if not outcome.ok]
    return EXIT_PROBLEM if refused or not outcomes else EXIT_OK


def _cmd_forget_pin(args: argparse.Namespace) -> int:
    # Forgetting the PIN needs the passphrase: the practice opens only with it, and the PIN
    # record is kept under the data key (core.lock), so no one removes it without.
    with _open_practice(args, must_exist=True) as practice:
        how = "forgotten: removed with forget-pin (passphrase required, given)"
        had_pin = practice.settings.clear_lock_pin(how=how)
    print("The PIN is removed; set a new one in DermaDesk's File ▸ Practice settings…, on the "
          "Lock tab." if had_pin else "There was no PIN to remove.")  # fmt: skip
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from dermadesk.cli_server import database_url, server_key
    from dermadesk.cli_unlock import key_if_encrypted
    from dermadesk.core.errors import DatabaseError
    from dermadesk.core.integrity import IntegrityProblem, check_data_dir

    try:
        data_dir = resolve_data_dir(args.data_dir)
        if url := database_url(args, data_dir):
            key = server_key(args, data_dir, url)
        else:
            key = key_if_encrypted(args, data_dir)
        found = check_data_dir(data_dir, args.repair, key, url)
        problems, moved = found.problems, found.moved
    except DatabaseError as error:  # the server cannot be reached or refused: as a damaged file
        if not args.json:
            raise
        problems, moved = [IntegrityProblem("integrity", str(error))], []
    except Exception as error:  # --json promises JSON even for what DermaDesk did not expect
        if not args.json:
            raise
        log_file = _log_unexpected(args)
        where = f" Details are in {log_file}." if log_file else ""
        detail = f"The check stopped unexpectedly ({type(error).__name__}: {error}).{where}"
        problems, moved = [IntegrityProblem("unexpected", detail)], []
    if args.json:
        _print_json({"ok": not problems, "problems": [p.as_json() for p in problems]})
    elif problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found:")
        for problem in problems:
            print(f"  {problem.kind}: {problem.detail}")
    else:
        print(
            "All is well: the database, every signed consent, the audit trail and every "
            "photo check out."
        )
    if moved and not args.json:
        print(f"Moved {len(moved)} orphan file{'s' if len(moved) != 1 else ''} to "
              f"{moved[0].parent}; nothing was deleted.")  # fmt: skip
    return EXIT_PROBLEM if problems else EXIT_OK


def _run_gui(args: argparse.Namespace) -> int:
    # The collector rests while the window's modules load, and what they made (some 80,000
    # objects that live as long as the program: classes, functions, Qt's enums) is then set
    # aside for good (gc.freeze): otherwise the collections run during the loading, and
    # every full collection afterwards (and the one at exit) walks all of it again.
    gc.disable()
    try:
        # The core (SQLAlchemy, pydantic) is imported before Qt on purpose: once
        # PySide6 is loaded its import hook makes every later import slower, and
        # this order alone takes about a tenth off the time to the client list.
        # SQLite's dialect is loaded too (create_engine would load it later, under that hook).
        import sqlalchemy.dialects.sqlite  # noqa: F401

        import dermadesk.core.practice  # noqa: F401
        from dermadesk.gui.pyside_import_check import quicken_pyside_import_check

        quicken_pyside_import_check()  # before the window's modules: each of them passes it
        from dermadesk.gui.app import run_app
    finally:
        gc.freeze()
        gc.enable()

    return run_app(resolve_data_dir(args.data_dir), getattr(args, "database_url", None))


def _log_unexpected(args: argparse.Namespace) -> Path | None:
    """Write the current exception's traceback to the data dir's log; its path, if it could."""
    try:
        log_dir = resolve_data_dir(getattr(args, "data_dir", None)) / "logs"
        log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        log_file = log_dir / "dermadesk.log"
        handler = logging.FileHandler(log_file, encoding="utf-8")
        logger = logging.getLogger("dermadesk.cli")
        logger.addHandler(handler)
        logger.exception("Unexpected error in: dermadesk %s", " ".join(sys.argv[1:]))
        logger.removeHandler(handler)
        handler.close()
        return log_file
    except OSError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (argparse's too: 0 after --help or
    --version, 2 for a usage error), leaving the caller's umask as it was."""
    from dermadesk.terminal import visible_output

    previous_umask = os.umask(0o077)  # everything DermaDesk writes is for the practice's eyes only
    try:
        with visible_output():  # names and file names may hold terminal escape codes
            return _run(argv)
    finally:
        os.umask(previous_umask)


def _run(argv: Sequence[str] | None) -> int:
    from dermadesk.core.errors import DermaDeskError

    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show "ł" gets an escape, not a crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        args = window_arguments(argv)  # the window's start builds no command's parser
        if args is None:
            args = command_line().parse_args(argv)
    except SystemExit as done:  # argparse has printed the help, the version or the usage error
        return done.code if isinstance(done.code, int) else EXIT_PROBLEM
    try:
        return _dispatch(args)
    except DermaDeskError as error:
        print(f"dermadesk: {error}", file=sys.stderr)
        _recovery_code_not_lost(args)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        print("dermadesk: stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # a bug: say so plainly, keep the details in the log
        log_file = _log_unexpected(args)
        where = f" Details are in {log_file}." if log_file else ""
        print(
            f"dermadesk: something went wrong that DermaDesk did not expect "
            f"({type(error).__name__}: {error}).{where}",
            file=sys.stderr,
        )
        _recovery_code_not_lost(args)
        return EXIT_PROBLEM


def _dispatch(args: argparse.Namespace) -> int:
    """Run the command `args` names; the window when none is named."""
    if args.command == "demo":
        return _cmd_demo(args)
    if args.command == "print":
        from dermadesk.cli_print import print_sheet

        return print_sheet(args, lambda: _open_practice(args, must_exist=True), _date_argument)
    if args.command in ("backup", "restore", "encrypt"):
        from dermadesk import cli_backup

        command = {"backup": cli_backup.backup, "restore": cli_backup.restore}
        opened = lambda: _open_practice(args, must_exist=True)  # noqa: E731
        return command.get(args.command, cli_backup.encrypt)(args, opened)
    if args.command == "photos":
        return _cmd_photos_import(args)
    if args.command == "forget-pin":
        return _cmd_forget_pin(args)
    if args.command == "check":
        return _cmd_check(args)
    if args.command in ("passphrase", "recover"):
        from dermadesk import cli_passphrase

        change = args.command == "passphrase"
        return (cli_passphrase.change_passphrase if change else cli_passphrase.recover)(args)
    if args.command in ("server", "move-to-server"):
        from dermadesk.cli_server import server_command

        return server_command(args, resolve_data_dir(args.data_dir))
    if args.command == "keychain":
        from dermadesk.cli_keychain import keychain_command

        return keychain_command(args)
    if args.command == "sessions":
        return _cmd_sessions(args)
    if args.command == "screen":
        return _cmd_screen(args)
    if args.command == "clients":
        if args.clients_command == "import":
            return _cmd_clients_import(args)
        return _cmd_clients(args)
    return _run_gui(args)


def _recovery_code_not_lost(args: argparse.Namespace) -> None:
    """A practice made by a --json command that then failed: its JSON, which was to carry the
    recovery code, was never printed, and the code is shown nowhere else."""
    from dermadesk.cli_unlock import recovery_notice

    if code := getattr(args, "new_recovery_code", None):
        print(recovery_notice(code), file=sys.stderr)
