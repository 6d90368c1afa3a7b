"""`dermadesk print`: a sheet written to a PDF, or sent to the printer and recorded."""

from __future__ import annotations

import argparse
import contextlib
import logging
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dermadesk.core.practice import Practice


@contextlib.contextmanager
def _writing(output: Path | None) -> Iterator[None]:
    """Say in words when a sheet cannot be written (full disk, no permission)."""
    from dermadesk.core.errors import DermaDeskError

    try:
        yield
    except OSError as error:
        where = output if output is not None else "the sheet"
        raise DermaDeskError(f"{where} could not be written: {error.strerror}.") from None


def print_sheet(
    args: argparse.Namespace,
    open_practice: Callable[[], Practice],
    day: Callable[[str | None, str], date | None],
) -> int:
    """`dermadesk print SHEET`: write the sheet to a PDF file, or send it to a printer."""
    from dermadesk.core.errors import DermaDeskError

    output: Path | None = args.output
    if output is not None:
        if output.suffix.lower() != ".pdf":
            raise DermaDeskError(f"{output.name}: the sheet is written as a PDF; name it ….pdf.")
        if not output.parent.is_dir():
            raise DermaDeskError(f"There is no folder {output.parent} to write {output.name} into.")
    with open_practice() as practice, _writing(output):
        if args.sheet == "consent":
            sheet = practice.sheets.consent(args.client, args.kind)
        elif args.sheet == "prep":
            sheet = practice.sheets.prep(args.client)
        elif args.sheet == "aftercare":
            sheet = practice.sheets.aftercare(args.session)
        else:
            sheet = practice.sheets.day_pack(day(args.day, "DATE") or practice.clock.today())
        if output is not None:
            practice.sheets.save(sheet, output)
            print(f"Written to {output}.")
            return 0
        with _printing_logged(practice.data_dir):
            pages, printer = _send_to_printer(sheet.pdf, sheet.title, args.printer)
        practice.sheets.printed(sheet, printer, pages)
    print(f"Sent {pages} page{'s' if pages != 1 else ''} to {printer}.")
    return 0


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
