"""Handing a sheet's PDF to the system's print queue as it is: CUPS's `lp`, on Linux and macOS.

The job stays the PDF itself (vector pages, fonts inside): a few hundred
kilobytes where painted pages were megabytes, sharp on any printer, and its
text can be read back. Where there is no `lp` (Windows), the window paints the
pages through Qt instead (gui/printing.py).
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from dermadesk.core.errors import DermaDeskError

logger = logging.getLogger("dermadesk.printing")

LP_TIMEOUT = 60  # seconds; CUPS answers at once unless something is wrong


@dataclass(frozen=True)
class PrintJob:
    """A job the print queue has taken."""

    printer: str
    job_id: str  # CUPS's request id, e.g. "DermaDeskPDF-12"
    pages: int  # pages of the PDF sent (before ranges and copies)
    size: int  # bytes sent


def available() -> bool:
    """True where the system's print queue takes PDFs as they are (CUPS's `lp`)."""
    return sys.platform != "win32" and shutil.which("lp") is not None


def printers() -> list[str]:
    """The print queues the system knows, by name."""
    listed = _run(["lpstat", "-e"])
    return [line.strip() for line in listed.stdout.splitlines() if line.strip()]


def cancel(job: PrintJob) -> None:
    """Take a job off the queue (one held, say)."""
    _run(["cancel", job.job_id])


def default_printer() -> str | None:
    """The system's default printer, if it has one."""
    answer = _run(["lpstat", "-d"]).stdout
    found = re.search(r"destination:\s*(\S+)", answer)
    return found.group(1) if found else None


def resolve_printer(name: str | None) -> str:
    """The printer named (it must exist), or the default one; otherwise an error in words."""
    if name is None:
        default = default_printer()
        if default is None:
            raise DermaDeskError(
                "There is no default printer. Name one with --printer, or write a PDF with -o."
            )
        return default
    known = printers()
    if name not in known:
        listed = ", ".join(known) if known else "none"
        raise DermaDeskError(f"There is no printer named “{name}”. Printers here: {listed}.")
    return name


def combine(pdfs: Sequence[bytes], page_ranges: str = "") -> bytes:
    """The PDFs as one, page after page (one job, one page numbering for the ranges);
    only the pages in `page_ranges` ("1-2,5") when given."""
    if len(pdfs) == 1 and not page_ranges:
        return pdfs[0]
    import pypdfium2

    _check_ranges(page_ranges)
    combined = pypdfium2.PdfDocument.new()
    try:
        for pdf in pdfs:
            part = pypdfium2.PdfDocument(pdf)
            try:
                combined.import_pages(part)
            finally:
                part.close()
        if page_ranges:
            chosen = pypdfium2.PdfDocument.new()
            try:
                chosen.import_pages(combined, page_ranges)
            except pypdfium2.PdfiumError:
                chosen.close()
                raise DermaDeskError(
                    f"The sheets have {len(combined)} pages; there are no pages {page_ranges}."
                ) from None
            combined.close()
            combined = chosen
        out = io.BytesIO()
        combined.save(out)
        return out.getvalue()
    finally:
        combined.close()


def _check_ranges(page_ranges: str) -> None:
    if page_ranges and not re.fullmatch(r"\d+(-\d+)?(,\d+(-\d+)?)*", page_ranges):
        raise DermaDeskError(f"“{page_ranges}” is not a range of pages, such as 1-2,5.")


def page_count(pdf: bytes) -> int:
    """How many pages the PDF has."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def submit(
    pdf: bytes,
    title: str,
    printer: str,
    copies: int = 1,
    page_ranges: str = "",
    hold: bool = False,
) -> PrintJob:
    """Send `pdf` to `printer` as it is; `page_ranges` as CUPS writes them ("1-2,5").

    With `hold` the job waits in the queue, unprinted (the benchmark spools, then cancels).
    """
    _check_ranges(page_ranges)
    command = ["lp", "-d", printer, "-n", str(max(1, copies)), "-t", title]
    if page_ranges:
        command += ["-o", f"page-ranges={page_ranges}"]
    if hold:
        command += ["-H", "hold"]
    result = _run(command, data=pdf)
    if result.returncode != 0:
        said = result.stderr.strip().removeprefix("lp:").strip() or "no reason given"
        raise DermaDeskError(f"The printer “{printer}” did not take the job ({said}).")
    found = re.search(r"request id is (\S+)", result.stdout)
    job = PrintJob(printer, found.group(1) if found else "", page_count(pdf), len(pdf))
    logger.info(
        "Printed “%s” on %s as its PDF through lp (job %s, %d pages, %d bytes, copies: %d%s)",
        title, printer, job.job_id, job.pages, job.size, copies,
        f", pages {page_ranges}" if page_ranges else "",
    )  # fmt: skip
    return job


@dataclass(frozen=True)
class _Answer:
    returncode: int
    stdout: str
    stderr: str


def _run(command: list[str], data: bytes | None = None) -> _Answer:
    """Run a CUPS command, feeding it `data`; its answer as text."""
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=LP_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise DermaDeskError(
            "The print system did not answer within a minute; check that CUPS is running."
        ) from None
    except OSError as error:
        raise DermaDeskError(f"The print system could not be reached ({error.strerror}).") from None
    said = [stream.decode("utf-8", errors="replace") for stream in (done.stdout, done.stderr)]
    return _Answer(done.returncode, *said)
