"""The real CUPS queue the printing tests print on (cups-pdf), and reading back what it wrote."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

PRINTER = os.environ.get("DERMADESK_TEST_PRINTER", "DermaDeskPDF")

# cups-pdf writes each job as a PDF into the job's user's ~/PDF ("Out ${HOME}/PDF" in
# /etc/cups/cups-pdf.conf); a job from no known user goes to ANONYMOUS.
OUT_DIRS = (Path.home() / "PDF", Path("/var/spool/cups-pdf/ANONYMOUS"))


def queue_ready() -> bool:
    """True when the test printer's queue exists here and pdftotext can read its output."""
    if shutil.which("lpstat") is None or shutil.which("pdftotext") is None:
        return False
    return subprocess.run(["lpstat", "-p", PRINTER], capture_output=True).returncode == 0


needs_queue = pytest.mark.skipif(
    not queue_ready(),
    reason=f"no CUPS queue “{PRINTER}” (or no pdftotext) here; ./dev test sets one up as root",
)


def printed_so_far() -> set[Path]:
    """The PDFs cups-pdf has written until now."""
    return {path for folder in OUT_DIRS if folder.is_dir() for path in folder.glob("*.pdf")}


def pdf_text(path: Path) -> str:
    """The PDF's text as poppler reads it ("" while cups-pdf is still writing it)."""
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else ""


def wait_for_printed(before: set[Path], needle: str, timeout: float = 60) -> tuple[Path, str]:
    """The PDF cups-pdf wrote after `before` whose text holds `needle`, and its text.

    Other tests (and other people's) may print on the same queue meanwhile:
    the job is told apart by what it says.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(printed_so_far() - before):
            text = pdf_text(path)
            if needle in text:
                return path, text
        time.sleep(0.1)
    raise AssertionError(f"no PDF holding “{needle}” arrived from the {PRINTER} queue")


def queue_drained(timeout: float = 60) -> None:
    """Wait until the test printer holds no job: every job sent so far has been written out."""
    if not queue_ready():
        return  # no queue here: nothing was sent to one
    deadline = time.monotonic() + timeout
    while subprocess.run(["lpstat", "-o", PRINTER], capture_output=True, text=True).stdout.strip():
        if time.monotonic() > deadline:
            raise AssertionError(f"the {PRINTER} queue still holds jobs after {timeout:.0f} s")
        time.sleep(0.1)


def nothing_printed_with(before: set[Path], needle: str) -> bool:
    """True when, once every job sent until now is out of the queue, no new PDF holds `needle`."""
    queue_drained()
    return not any(needle in pdf_text(path) for path in printed_so_far() - before)


def page_count(path: Path) -> int:
    """The number of pages pdfinfo finds in the printed PDF."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
