"""Printing the sheets from the window: Qt's print preview, then the PDF itself to the printer.

Where the system takes PDFs (CUPS's `lp`: Linux, macOS) the PDF goes to the
queue as it is, with the printer, copies and pages chosen in Qt's print dialog
(core/print_queue.py): a small vector job. Elsewhere (Windows) PDFium renders
the pages and Qt paints them onto the printer. The log says which was used.
The preview shows PDFium's pages too, prepared off the GUI thread (with
progress and Cancel) when there are more than a couple.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAction, QImage, QKeySequence, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from dermadesk.core import print_queue
from dermadesk.core.errors import DermaDeskError

if TYPE_CHECKING:
    from dermadesk.core.practice import Practice
    from dermadesk.core.sheets.contents import PracticeNotSetUp
    from dermadesk.core.sheets.service import Sheet

logger = logging.getLogger("dermadesk.printing")

MAX_DPI = 300  # painted pages (no print queue for PDFs): plenty for text and signatures
PREVIEW_DPI = 100  # the preview fits a page to the window; more only costs memory
SMALL_JOB = 2  # pages prepared at once; more are prepared off the GUI thread

Progress = Callable[[int, int], None]
T = TypeVar("T")


class Cancelled(Exception):
    """The person cancelled while the pages were being prepared."""


@dataclass(frozen=True)
class PreparedJob:
    """What the preview shows and the printer gets."""

    title: str
    pdf: bytes  # the sheets as one PDF, as it goes to the print queue
    preview: list[QImage]  # its pages at PREVIEW_DPI


# --- pages ---------------------------------------------------------------------------------


def page_images(pdf: bytes, dpi: int, progress: Progress | None = None) -> list[QImage]:
    """Every page of `pdf` as an image at `dpi`; grey pages as greyscale (a third the memory)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        total = len(document)
        for index in range(total):
            page = document[index]
            images.append(_qimage(page.render(scale=dpi / 72).to_pil().convert("RGB")))
            page.close()
            if progress is not None:
                progress(index + 1, total)
        return images
    finally:
        document.close()


def _qimage(pil: Any) -> QImage:
    from PIL import ImageChops

    red, green, blue = pil.split()
    # The sheets' inks are greys with a touch of blue; a page of them previews as grey.
    # One band each, so each extrema is (lowest, highest).
    spread = [ImageChops.difference(a, b).getextrema() for a, b in ((red, green), (green, blue))]
    if max(int(high) for _low, high in spread) <= 16:  # type: ignore[arg-type]
        grey = pil.convert("L")
        image = QImage(
            grey.tobytes(), grey.width, grey.height, grey.width, QImage.Format.Format_Grayscale8
        )
    else:
        data = pil.tobytes("raw", "RGB")
        image = QImage(data, pil.width, pil.height, 3 * pil.width, QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels: the bytes go away


def prepare(pdfs: Sequence[bytes], title: str, progress: Progress | None = None) -> PreparedJob:
    """The sheets as one PDF and its preview pages; safe off the GUI thread (no widgets)."""
    pdf = print_queue.combine(pdfs)
    return PreparedJob(title, pdf, page_images(pdf, PREVIEW_DPI, progress))


def paint_pdfs(pdfs: Sequence[bytes], printer: QPrinter) -> int:
    """Paint the pages of `pdfs`, one after another, onto `printer`; returns the pages painted.

    Only the pages in the printer's chosen range are painted.
    """
    dpi = min(printer.resolution(), MAX_DPI)
    wanted = printer.pageRanges() if printer.printRange() == QPrinter.PrintRange.PageRange else None
    painter = QPainter()
    if not painter.begin(printer):
        raise DermaDeskError(f"The printer “{printer.printerName()}” cannot be used just now.")
    pages = number = 0
    try:
        for pdf in pdfs:
            for image in page_images(pdf, dpi):
                number += 1
                if wanted is not None and not wanted.isEmpty() and not wanted.contains(number):
                    continue
                if pages:
                    printer.newPage()
                _draw_page(painter, image)
                pages += 1
    finally:
        painter.end()
    return pages


def _draw_page(painter: QPainter, image: QImage) -> None:
    target = painter.viewport()
    scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
    painter.drawImage(QRect(target.topLeft(), scaled), image)


def _paint_preview(images: Sequence[QImage], printer: QPrinter) -> None:
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        for index, image in enumerate(images):
            if index:
                printer.newPage()
            _draw_page(painter, image)
    finally:
        painter.end()


# --- printers ------------------------------------------------------------------------------


def make_printer(
    title: str, printer_name: str | None = None, require_printer: bool = False
) -> QPrinter:
    """A printer set up for an A4 sheet; the named one, or the system's default.

    With `require_printer`, a missing default printer is an error in words
    (the command line); otherwise the print dialog lets the user choose.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if printer_name is None and require_printer:
        printer_name = QPrinterInfo.defaultPrinterName() or None
        if printer_name is None:
            raise DermaDeskError(
                "There is no default printer. Name one with --printer, or write a PDF with -o."
            )
    if printer_name is not None:
        known = [info.printerName() for info in QPrinterInfo.availablePrinters()]
        if printer_name not in known:
            listed = ", ".join(known) if known else "none"
            raise DermaDeskError(
                f"There is no printer named “{printer_name}”. Printers here: {listed}."
            )
        printer.setPrinterName(printer_name)
    printer.setDocName(title)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))  # the sheets are laid out on A4
    printer.setFullPage(True)  # the PDF carries its own margins
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer


def print_pdfs(pdfs: Sequence[bytes], title: str, printer_name: str | None) -> tuple[int, str]:
    """Paint the sheets on the named printer, or the default one; (pages, printer name).

    The command line's way where no print queue takes PDFs as they are.
    """
    if QApplication.instance() is None:
        # A print job needs a Qt application, not a screen.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QApplication(sys.argv[:1])
    printer = make_printer(title, printer_name, require_printer=True)
    pages = paint_pdfs(pdfs, printer)
    _log_painted(title, printer, pages)
    return pages, printer.printerName()


def _log_painted(title: str, printer: QPrinter, pages: int) -> None:
    logger.info(
        "Printed “%s” on %s as page images at %d dpi through Qt (no print queue here takes "
        "PDFs as they are; %d pages)",
        title, printer.printerName(), min(printer.resolution(), MAX_DPI), pages,
    )  # fmt: skip


def send(job: PreparedJob, printer: QPrinter) -> str:
    """Print `job` as the print dialog set `printer` up; says how, for the log and the tests."""
    ranges = ""
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges().toString()
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        # "Print to file": the PDF itself, the chosen pages only.
        path = printer.outputFileName()
        try:
            with open(path, "wb") as out:
                out.write(print_queue.combine([job.pdf], ranges))
        except OSError as error:
            raise DermaDeskError(f"{path} could not be written: {error.strerror}.") from None
        logger.info("Saved “%s” as its PDF to %s (pages %s)", job.title, path, ranges or "all")
        return "file"
    if print_queue.available():
        print_queue.submit(job.pdf, job.title, printer.printerName(), printer.copyCount(), ranges)
        return "pdf"
    pages = paint_pdfs([job.pdf], printer)
    _log_painted(job.title, printer, pages)
    return "raster"


# --- off the GUI thread --------------------------------------------------------------------


def run_with_progress(
    parent: QWidget | None, label: str, work: Callable[[Progress], T]
) -> T | None:
    """Run `work(progress)` off the GUI thread behind a progress box with Cancel.

    Returns what it returned, or None once cancelled (the work has stopped by
    then); its errors are raised here. The window keeps painting meanwhile.
    """
    from PySide6.QtWidgets import QProgressDialog

    from dermadesk.gui.workers import run_in_background

    stop = threading.Event()

    def checked(report: Progress) -> T:
        def progress(done: int, total: int) -> None:
            if stop.is_set():
                raise Cancelled
            report(done, total)

        return work(progress)

    box = QProgressDialog(label, "Cancel", 0, 1000, parent)
    box.setWindowTitle("Preparing to print")
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setMinimumDuration(0)
    box.setAutoClose(False)
    box.setAutoReset(False)
    box.setValue(0)

    def cancel() -> None:
        stop.set()
        box.setLabelText("Stopping…")  # until the work has really stopped

    box.canceled.connect(cancel)
    task = run_in_background(checked)
    task.progressed.connect(lambda done, total: box.setValue(done * 1000 // total if total else 0))
    task.finished.connect(box.accept)
    if box.exec() != QProgressDialog.DialogCode.Accepted:
        stop.set()  # closed before the work ended (Escape): stop it, and wait for that
    task.wait()
    if stop.is_set() or isinstance(task.error, Cancelled):
        return None  # cancelled, even if the work had just finished: nothing goes further
    if task.error is not None:
        raise task.error
    result: T | None = task.result
    return result


def _share(progress: Progress, start: int, span: int) -> Progress:
    """Report one stage's progress as its share (start..start+span of 100) of the whole."""
    return lambda done, total: progress(start * total + span * done, 100 * total)


# --- preview and print ----------------------------------------------------------------------


def preview_and_print(pdfs: Sequence[bytes], title: str, parent: QWidget | None) -> bool:
    """Show the print preview of the sheets, and print from it; True when printed."""
    pages = sum(print_queue.page_count(pdf) for pdf in pdfs)
    if pages <= SMALL_JOB:
        return show_preview(prepare(pdfs, title), parent)
    job = run_with_progress(
        parent,
        f"Preparing {pages} pages for printing…",
        lambda progress: prepare(pdfs, title, progress),
    )
    return job is not None and show_preview(job, parent)


def print_day_pack(practice: Practice, day: date, parent: QWidget | None) -> Sheet | None:
    """Gather and lay out the day's consent packs off the GUI thread, preview and print them.

    Returns the sheet once printed (for the audit trail); None when refused, cancelled or not
    printed.
    """
    from dermadesk.core.dates import long_date

    if not ready_to_print(parent, practice):
        return None

    def work(progress: Progress) -> tuple[Sheet, PreparedJob]:
        # The database is read here too (a connection of its own), and the fonts loaded: the
        # progress box is modal, so nothing else lays out a sheet meanwhile.
        progress(0, 1)
        pack = practice.sheets.day_pack(day, progress=_share(progress, 10, 55))
        return pack, prepare([pack.pdf], pack.title, _share(progress, 65, 35))

    label = f"Preparing the consent packs for {long_date(day)}…"
    done = run_with_progress(parent, label, work)
    if done is None or not show_preview(done[1], parent):
        return None
    return done[0]


def show_preview(job: PreparedJob, parent: QWidget | None) -> bool:
    """Qt's print preview of `job`; its Print button (and Ctrl+P) prints. True when printed."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    printer = make_printer(job.title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print: {job.title}")
    screen = (
        parent.screen() if parent is not None else QApplication.primaryScreen()
    ).availableGeometry()
    dialog.resize(min(900, screen.width() - 40), min(1000, screen.height() - 40))
    dialog.paintRequested.connect(lambda target: _paint_preview(job.preview, target))
    failures: list[DermaDeskError] = []
    action = _print_action(dialog)
    if action is not None:
        # Qt's own Print would paint page images; ours sends the PDF itself where it can.
        action.triggered.disconnect()
        action.triggered.connect(lambda: _print_from_preview(dialog, printer, job, failures))
        action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        action.setToolTip(
            f"Print ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
        )
    else:  # a Qt without the action we know: its own printing, painted
        dialog.paintRequested.disconnect()
        dialog.paintRequested.connect(lambda target: _paint_or_preview(job, target))
    printed = dialog.exec() == QPrintPreviewDialog.DialogCode.Accepted
    if failures:
        raise failures[-1]
    return printed


def _print_action(dialog: QWidget) -> QAction | None:
    return next((a for a in dialog.findChildren(QAction) if a.text() == "Print"), None)


def _paint_or_preview(job: PreparedJob, printer: QPrinter) -> None:
    if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and printer.printerName():
        paint_pdfs([job.pdf], printer)
    else:
        _paint_preview(job.preview, printer)


def _print_from_preview(
    preview: QWidget, printer: QPrinter, job: PreparedJob, failures: list[DermaDeskError]
) -> None:
    from PySide6.QtPrintSupport import QPrintDialog

    choose = QPrintDialog(printer, preview)
    choose.setWindowTitle(f"Print: {job.title}")
    choose.setMinMax(1, len(job.preview))
    if choose.exec() != QPrintDialog.DialogCode.Accepted:
        return  # back to the preview
    try:
        send(job, printer)
    except DermaDeskError as error:
        failures.append(error)  # said in words by whoever asked to print, once this closes
        preview.reject()  # type: ignore[attr-defined]
        return
    preview.accept()  # type: ignore[attr-defined]


# --- refusals -------------------------------------------------------------------------------


def ready_to_print(parent: QWidget | None, practice: Practice) -> bool:
    """True when the practice has the name and phone its sheets print; otherwise says so."""
    from dermadesk.core.sheets.contents import PracticeNotSetUp

    try:
        practice.sheets.check_ready()
    except PracticeNotSetUp as error:
        refuse(parent, error)
        return False
    return True


def refuse(parent: QWidget | None, error: PracticeNotSetUp) -> None:
    """Say why the sheet is not printed, with a button to the Practice settings."""
    box = QMessageBox(QMessageBox.Icon.Information, "Not printed", str(error), parent=parent)
    settings = getattr(_main_window(parent), "settings_action", None)
    opener = None
    if isinstance(settings, QAction):
        opener = box.addButton("Open Practice settings", QMessageBox.ButtonRole.AcceptRole)
    close = box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(opener or close)
    box.exec()
    if isinstance(settings, QAction) and opener is not None and box.clickedButton() is opener:
        settings.trigger()


def _main_window(widget: QWidget | None) -> QWidget | None:
    """The main window `widget` belongs to: the first one up its parents with the settings."""
    while widget is not None:
        if hasattr(widget, "settings_action"):
            return widget
        widget = widget.parentWidget()
    active = QApplication.activeWindow()
    return active if hasattr(active, "settings_action") else None
