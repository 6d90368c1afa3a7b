"""The `dermadesk` command: the program window, and commands on the same core.

Errors a user can act on are printed to stderr in plain words with exit 1;
anything unexpected is logged under the data dir and summarised, never shown
as a traceback. `--json` output is always one JSON document on stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from dermadesk import __version__
from dermadesk.paths import resolve_data_dir

EXIT_OK, EXIT_PROBLEM = 0, 1
# As core.photos.VIEWS has them; spelled out here so `--help` need not load the core.
VIEW_CHOICES = ("front", "left_oblique", "right_oblique", "left_profile", "right_profile")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dermadesk",
        description="Client records, consent, sessions and photos for microneedling practices. "
        "Without a command, opens the program window.",
    )
    parser.add_argument("--version", action="version", version=f"DermaDesk {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="the practice's data folder (default: $DERMADESK_DATA_DIR, else the user data dir)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="fill an empty data dir with a demo practice")
    demo.add_argument("--clients", type=int, default=60, metavar="N", help="how many clients")
    demo.add_argument(
        "--photos", action="store_true", help="add drawn before-and-after photos for a few clients"
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same practice")

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
    screen = commands.add_parser("screen", help="may this client be treated on a day?")
    screen.add_argument("client", type=int, metavar="CLIENT", help="the id from `clients --json`")
    screen.add_argument(
        "--date", metavar="D", help="the treatment date, YYYY-MM-DD (default: today)"
    )
    screen.add_argument("--json", action="store_true", help="print JSON")
    sessions = commands.add_parser("sessions", help="a client's sessions, newest first")
    sessions.add_argument("client", type=int, metavar="CLIENT", help="the id from `clients --json`")
    sessions.add_argument("--json", action="store_true", help="print JSON")
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

    backup = commands.add_parser("backup", help="write one file with the database and photos")
    backup.add_argument("destination", type=Path, metavar="DEST", help="a file, or a folder")
    restore = commands.add_parser("restore", help="restore a backup into an empty data dir")
    restore.add_argument("source", type=Path, metavar="SRC", help="a .dermadesk-backup file")
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
    commands.add_parser(
        "forget-pin",
        help="remove the practice PIN (for a forgotten one; the window then opens unlocked)",
    )
    check = commands.add_parser("check", help="check the database, consents, audit and photos")
    check.add_argument(
        "--repair", action="store_true", help="quarantine orphan files (never deletes anything)"
    )
    check.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _open_practice(args: argparse.Namespace, must_exist: bool = False):  # type: ignore[no-untyped-def]
    """The practice in the chosen data dir; with `must_exist`, refuse to start a new one."""
    from dermadesk.core.errors import DataDirError
    from dermadesk.core.practice import DATABASE_NAME, Practice

    data_dir = resolve_data_dir(args.data_dir)
    if must_exist and not (data_dir / DATABASE_NAME).exists():
        # A mistyped --data-dir must not quietly look like an empty practice.
        raise DataDirError(f"There is no DermaDesk data in {data_dir}. Check --data-dir.")
    return Practice.open(data_dir)


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _cmd_demo(args: argparse.Namespace) -> int:
    from dermadesk.core.demo import fill_demo_practice

    with _open_practice(args) as practice:
        ids = fill_demo_practice(practice, clients=args.clients, seed=args.seed)
        photos = ""
        if args.photos:
            from dermadesk.core.demo_photos import add_demo_photos

            photos = f" and {add_demo_photos(practice, seed=args.seed)} photos"
        print(f"Demo practice with {len(ids)} clients{photos} created in {practice.data_dir}.")
    return EXIT_OK


def _cmd_clients(args: argparse.Namespace) -> int:
    from dermadesk.core.dates import long_date

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
        print(f"{c.id:>6}  {c.last_name}, {c.first_name}  {born}{archived}")
    print(f"{len(rows)} client{'s' if len(rows) != 1 else ''}.")
    return EXIT_OK


def _cmd_clients_import(args: argparse.Namespace) -> int:
    from dermadesk.core.client_import import import_clients

    with _open_practice(args) as practice:
        ids = import_clients(practice.clients, args.file)
    if args.json:
        _print_json([{"id": i} for i in ids])
    else:
        print(f"Imported {len(ids)} clients from {args.file.name}.")
    return EXIT_OK


def _cmd_screen(args: argparse.Namespace) -> int:
    from dermadesk.core.dates import long_date

    on = _date_argument(args.date, "--date")
    with _open_practice(args, must_exist=True) as practice:
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


@contextlib.contextmanager
def _writing(output: Path | None) -> Iterator[None]:
    """Say in words when a sheet cannot be written (full disk, no permission)."""
    from dermadesk.core.errors import DermaDeskError

    try:
        yield
    except OSError as error:
        where = output if output is not None else "the sheet"
        raise DermaDeskError(f"{where} could not be written: {error.strerror}.") from None


def _cmd_print(args: argparse.Namespace) -> int:
    from dermadesk.core.errors import DermaDeskError

    output: Path | None = args.output
    if output is not None:
        if output.suffix.lower() != ".pdf":
            raise DermaDeskError(f"{output.name}: the sheet is written as a PDF; name it ….pdf.")
        if not output.parent.is_dir():
            raise DermaDeskError(f"There is no folder {output.parent} to write {output.name} into.")
    with _open_practice(args, must_exist=True) as practice, _writing(output):
        if args.sheet == "consent":
            sheet = practice.sheets.consent(args.client, args.kind)
        elif args.sheet == "prep":
            sheet = practice.sheets.prep(args.client)
        elif args.sheet == "aftercare":
            sheet = practice.sheets.aftercare(args.session)
        else:
            sheet = practice.sheets.day_pack(_date_argument(args.day, "DATE"))
        if output is not None:
            practice.sheets.save(sheet, output)
            print(f"Written to {output}.")
            return EXIT_OK
        with _printing_logged(practice.data_dir):
            pages, printer = _send_to_printer(sheet.pdf, sheet.title, args.printer)
        practice.sheets.printed(sheet, printer, pages)
    print(f"Sent {pages} page{'s' if pages != 1 else ''} to {printer}.")
    return EXIT_OK


def _send_to_printer(pdf: bytes, title: str, printer: str | None) -> tuple[int, str]:
    """Print the PDF as it is where the system takes PDFs (CUPS), else paint it through Qt."""
    from dermadesk.core import print_queue

    if print_queue.available():
        job = print_queue.submit(pdf, title, print_queue.resolve_printer(printer))
        return job.pages, job.printer
    from dermadesk.gui.printing import print_pdfs  # Qt's print support, loaded only to print

    return print_pdfs([pdf], title, printer)


@contextlib.contextmanager
def _printing_logged(data_dir: Path) -> Iterator[None]:
    """Note in the data dir's log how each sheet went to the printer (as the window does)."""
    log_dir = data_dir / "logs"
    try:
        log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler: logging.Handler = logging.FileHandler(log_dir / "dermadesk.log", encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()  # the sheet still prints
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("dermadesk.printing")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        handler.close()


def _date_argument(value: str | None, name: str) -> date:
    """The ISO date given on the command line (today when none), or a message in words."""
    from dermadesk.core.errors import DermaDeskError
    from dermadesk.core.validation import parse_iso_date

    try:
        return parse_iso_date(value, name) if value else date.today()
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


def _cmd_backup(args: argparse.Namespace) -> int:
    with _open_practice(args, must_exist=True) as practice:
        result = practice.backup(args.destination)
    size = f"{result.size / 1_000_000:.1f} MB"
    print(f"Backup written and verified: {result.path} ({result.files} files, {size}).")
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    from dermadesk.core.practice import Practice

    data_dir = resolve_data_dir(args.data_dir)
    files = Practice.restore(args.source, data_dir)
    print(f"Restored {files} files from {args.source.name} into {data_dir}, every one verified.")
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
    # Whoever can run commands as this computer user can read the data files anyway; the
    # PIN keeps out whoever walks up to the screen, so forgetting it needs no other secret.
    with _open_practice(args, must_exist=True) as practice:
        had_pin = practice.settings.clear_lock_pin(how="forgotten: removed with forget-pin")
    print("The PIN is removed; set a new one in DermaDesk's File ▸ Practice settings…, on the "
          "Lock tab." if had_pin else "There was no PIN to remove.")  # fmt: skip
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from dermadesk.core.integrity import check_practice

    moved: list[Path] = []
    with _open_practice(args, must_exist=True) as practice:
        if args.repair:
            moved = practice.photos.quarantine_orphans()
        problems = check_practice(practice)
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
    # The core (SQLAlchemy, pydantic) is imported before Qt on purpose: once
    # PySide6 is loaded its import hook makes every later import slower, and
    # this order alone takes about a tenth off the time to the client list.
    # SQLite's dialect is loaded too (create_engine would load it later, under that hook).
    import sqlalchemy.dialects.sqlite  # noqa: F401

    import dermadesk.core.practice  # noqa: F401
    from dermadesk.gui.pyside_import_check import quicken_pyside_import_check

    quicken_pyside_import_check()  # before the window's modules: each of them passes it
    from dermadesk.gui.app import run_app

    return run_app(resolve_data_dir(args.data_dir))


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
    previous_umask = os.umask(0o077)  # everything DermaDesk writes is for the practice's eyes only
    try:
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
        args = _parser().parse_args(argv)
    except SystemExit as done:  # argparse has printed the help, the version or the usage error
        return done.code if isinstance(done.code, int) else EXIT_PROBLEM
    try:
        if args.command == "demo":
            return _cmd_demo(args)
        if args.command == "print":
            return _cmd_print(args)
        if args.command == "backup":
            return _cmd_backup(args)
        if args.command == "restore":
            return _cmd_restore(args)
        if args.command == "photos":
            return _cmd_photos_import(args)
        if args.command == "forget-pin":
            return _cmd_forget_pin(args)
        if args.command == "check":
            return _cmd_check(args)
        if args.command == "sessions":
            return _cmd_sessions(args)
        if args.command == "screen":
            return _cmd_screen(args)
        if args.command == "clients":
            if args.clients_command == "import":
                return _cmd_clients_import(args)
            return _cmd_clients(args)
        return _run_gui(args)
    except DermaDeskError as error:
        print(f"dermadesk: {error}", file=sys.stderr)
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
        return EXIT_PROBLEM
