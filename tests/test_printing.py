"""Printing for real: the PDF itself through a CUPS queue whose printer writes PDFs (cups-pdf),
read back with pdftotext; painted page images only where no queue takes PDFs."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from dermadesk.core.demo import DEMO_PRACTICE
from tests.cli_runner import Dermadesk
from tests.helpers import TEST_NOW, details, open_practice
from tests.print_spool import (
    OUT_DIRS,
    PRINTER,
    needs_queue,
    nothing_printed_with,
    page_count,
    pdf_text,
    printed_so_far,
    wait_for_printed,
)


def _dermadesk_process(data_dir: Path, *command: str, path: str) -> subprocess.CompletedProcess:
    """The real program, with PATH as given (the command line's Qt painting needs its own
    process: it makes the Qt application)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PATH": path}
    return subprocess.run(
        [sys.executable, "-m", "dermadesk", "--data-dir", str(data_dir), *command],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip


def _practice_with_client(data_dir: Path, first: str, last: str) -> int:
    with open_practice(data_dir) as practice:
        practice.settings.set_practice_details(DEMO_PRACTICE)
        return practice.clients.create(details(first, last))


def test_sheets_paint_onto_a_qt_printer(tmp_path: Path) -> None:
    """Where no queue takes PDFs, the page images land on the printer, page for page."""
    pytest.importorskip("PySide6.QtPrintSupport")
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from dermadesk.core.sheets import contents
    from dermadesk.documents.consent import render_consent
    from dermadesk.gui.printing import paint_pdfs

    QApplication.instance() or QApplication([])
    with open_practice(tmp_path / "practice") as practice:
        practice.settings.set_practice_details(DEMO_PRACTICE)
        client_id = practice.clients.create(details("Łucja", "Wiśniewska"))
        treatment = render_consent(contents.blank_consent_sheet(practice, client_id))
        photo = render_consent(contents.blank_consent_sheet(practice, client_id, "photo"))
    pages = [len(PdfReader(io.BytesIO(pdf)).pages) for pdf in (treatment, photo)]
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert paint_pdfs([treatment, photo], printer) == sum(pages)
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == sum(pages)


@needs_queue
def test_a_consent_prints_as_its_pdf_through_a_real_cups_queue(
    dermadesk: Dermadesk, tmp_path: Path
) -> None:
    data_dir = tmp_path / "practice"
    # cups-pdf turns the job into PostScript and back, which keeps the text of plain letters
    # only (ë comes back as nothing): the name read back here is plain. The PDF sent keeps
    # every letter (tests/documents).
    client_id = _practice_with_client(data_dir, "Zoe", "Dubois-Quenneville")
    before = printed_so_far()
    result = dermadesk(
        "--data-dir", str(data_dir), "print", "consent", str(client_id), "--printer", PRINTER
    )
    assert result.returncode == 0, result.stderr
    assert f"Sent 2 pages to {PRINTER}." in result.stdout
    printed, text = wait_for_printed(before, "Zoe Dubois-Quenneville")  # text, not pictures
    assert "Consent to microneedling" in text and "Clearwater Skin Studio" in text
    assert page_count(printed) == 2
    printed.unlink()
    log = (data_dir / "logs" / "dermadesk.log").read_text("utf-8")
    assert f"on {PRINTER} as its PDF through lp" in log


@needs_queue
def test_an_aftercare_sheet_prints_through_a_real_cups_queue(
    dermadesk: Dermadesk, tmp_path: Path
) -> None:
    from dermadesk.core.screening import ScreeningAnswers
    from dermadesk.core.session_records import AreaNote, SessionRecord

    with open_practice(tmp_path / "practice") as practice:
        practice.settings.set_practice_details(DEMO_PRACTICE)
        client_id = practice.clients.create(
            details("Oyvind", "Haugen-Brekke"), ScreeningAnswers(answered_on=TEST_NOW.date())
        )
        session_id = practice.sessions.book(client_id, TEST_NOW.replace(hour=0, minute=5))
        practice.sessions.start(session_id)
        practice.sessions.save(session_id, SessionRecord(areas=(AreaNote("neck", 0.5, 2),)), True)
    before = printed_so_far()
    result = dermadesk(
        "--data-dir", str(tmp_path / "practice"), "print", "aftercare", str(session_id),
        "--printer", PRINTER,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    printed, text = wait_for_printed(before, "Oyvind Haugen-Brekke")
    assert "Areas treated" in text and "01225 555 014" in text  # whom to call
    assert page_count(printed) == 1
    printed.unlink()


@needs_queue
@pytest.mark.slow
def test_without_lp_the_pages_are_painted_through_qt(tmp_path: Path) -> None:
    """Where no `lp` takes the PDF (Windows here, played by a PATH without it), Qt paints it."""
    data_dir = tmp_path / "practice"
    client_id = _practice_with_client(data_dir, "Ines", "Paintedpages")
    (tmp_path / "no-lp").mkdir()
    before = printed_so_far()
    result = _dermadesk_process(
        data_dir, "print", "consent", str(client_id), "--kind", "photo", "--printer", PRINTER,
        path=str(tmp_path / "no-lp"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    log = (data_dir / "logs" / "dermadesk.log").read_text("utf-8")
    assert f"on {PRINTER} as page images at 300 dpi through Qt" in log
    deadline = time.monotonic() + 60
    arrived: list[Path] = []
    while time.monotonic() < deadline and not arrived:
        time.sleep(0.5)
        arrived = [p for p in printed_so_far() - before if "Paintedpages" in p.name]
    assert arrived, f"no PDF for the painted job arrived in {OUT_DIRS}"
    (printed,) = arrived
    while time.monotonic() < deadline and not pdf_text(printed) and printed.stat().st_size < 1000:
        time.sleep(0.5)  # cups-pdf is still writing it
    assert "Paintedpages" not in pdf_text(printed)  # pictures of pages: no text to read back
    printed.unlink()


def test_printing_is_refused_in_words_until_the_practice_has_a_name_and_phone(
    dermadesk: Dermadesk, tmp_path: Path
) -> None:
    data_dir = tmp_path / "practice"
    with open_practice(data_dir) as practice:
        client_id = practice.clients.create(details("Zoë", "Notyet"))
    before = printed_so_far()
    out = tmp_path / "consent.pdf"
    for target in (["--printer", PRINTER], ["-o", str(out)]):
        result = dermadesk("--data-dir", str(data_dir), "print", "consent", str(client_id), *target)
        assert result.returncode == 1
        assert result.stderr.startswith("dermadesk: The practice's name and phone number are not")
        assert "Practice settings" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()
    assert nothing_printed_with(before, "Notyet")


@needs_queue
def test_a_printer_that_is_not_there_is_named_in_words(
    dermadesk: Dermadesk, tmp_path: Path
) -> None:
    data_dir = tmp_path / "practice"
    client_id = _practice_with_client(data_dir, "Zoë", "Nowhere")
    result = dermadesk("--data-dir", str(data_dir), "print", "consent", str(client_id),
                       "--printer", "NoSuchPrinter")  # fmt: skip
    assert result.returncode == 1
    assert "There is no printer named “NoSuchPrinter”. Printers here: " in result.stderr
    assert PRINTER in result.stderr
