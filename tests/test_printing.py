"""Printing for real: Qt's print support, through a CUPS queue whose printer writes PDFs."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from dermadesk.core.practice import Practice
from tests.helpers import details

PRINTER = os.environ.get("DERMADESK_TEST_PRINTER", "DermaDeskPDF")


def _queue_ready() -> bool:
    if shutil.which("lpstat") is None:
        return False
    return subprocess.run(["lpstat", "-p", PRINTER], capture_output=True).returncode == 0


def test_sheets_paint_onto_a_qt_printer(tmp_path: Path) -> None:
    """The page images land on the printer, page for page (Qt's own PDF output here)."""
    pytest.importorskip("PySide6.QtPrintSupport")
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from dermadesk.core import sheets
    from dermadesk.documents.consent import render_consent
    from dermadesk.gui.printing import paint_pdfs

    QApplication.instance() or QApplication([])
    with Practice.open(tmp_path / "practice") as practice:
        client_id = practice.clients.create(details("Łucja", "Wiśniewska"))
        treatment = render_consent(sheets.blank_consent_sheet(practice, client_id))
        photo = render_consent(sheets.blank_consent_sheet(practice, client_id, "photo"))
    pages = [len(PdfReader(io.BytesIO(pdf)).pages) for pdf in (treatment, photo)]
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert paint_pdfs([treatment, photo], printer) == sum(pages)
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == sum(pages)


needs_queue = pytest.mark.skipif(
    not _queue_ready(),
    reason=f"no CUPS queue “{PRINTER}” here; ./dev test sets one up when run as root",
)


def _print_through_queue(data_dir: Path, command: list[str], name: str) -> int:
    """Run `dermadesk print COMMAND --printer` and return the pages of the PDF cups-pdf wrote
    for the job whose title holds `name`."""
    out_dir = Path.home() / "PDF"  # cups-pdf's Out directory for the job's user
    before = set(out_dir.glob("*.pdf")) if out_dir.exists() else set()
    result = subprocess.run(
        [sys.executable, "-m", "dermadesk", "--data-dir", str(data_dir),
         "print", *command, "--printer", PRINTER],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"to {PRINTER}" in result.stdout
    deadline = time.monotonic() + 60
    arrived: list[Path] = []
    while time.monotonic() < deadline and not arrived:
        time.sleep(0.5)
        arrived = [p for p in set(out_dir.glob("*.pdf")) - before if name in p.name]
    assert arrived, f"no PDF from the {PRINTER} queue arrived in {out_dir}"
    (printed,) = arrived
    pages = None
    while time.monotonic() < deadline and pages is None:
        try:  # cups-pdf writes the file while it converts the job: wait for a whole PDF
            pages = len(PdfReader(printed).pages)
        except PdfReadError:
            time.sleep(0.5)
    printed.unlink()
    assert pages is not None, f"{printed} never became a whole PDF"
    return pages


@needs_queue
def test_a_consent_prints_through_a_real_cups_queue(tmp_path: Path) -> None:
    with Practice.open(tmp_path / "practice") as practice:
        client_id = practice.clients.create(details("Zoë", "Dubois"))
    pages = _print_through_queue(tmp_path / "practice", ["consent", str(client_id)], "Dubois")
    assert pages == 2  # the treatment consent is two pages


@needs_queue
def test_an_aftercare_sheet_prints_through_a_real_cups_queue(tmp_path: Path) -> None:
    from datetime import datetime

    from dermadesk.core.demo import DEMO_PRACTICE
    from dermadesk.core.screening import ScreeningAnswers
    from dermadesk.core.sessions import AreaNote, SessionRecord

    with Practice.open(tmp_path / "practice") as practice:
        practice.settings.set_practice_details(DEMO_PRACTICE)
        client_id = practice.clients.create(
            details("Øyvind", "Haugen"), ScreeningAnswers(answered_on=datetime.now().date())
        )
        session_id = practice.sessions.book(client_id, datetime.now().replace(hour=0, minute=5))
        practice.sessions.start(session_id)
        practice.sessions.save(session_id, SessionRecord(areas=(AreaNote("neck", 0.5, 2),)), True)
    pages = _print_through_queue(tmp_path / "practice", ["aftercare", str(session_id)], "Haugen")
    assert pages == 1
