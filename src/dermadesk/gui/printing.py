"""Printing the sheets through Qt's print support (CUPS on Linux), with a preview.

The sheets are ReportLab PDFs; PDFium (pypdfium2) renders their pages at the
printer's resolution and Qt paints them onto the printer, so what is printed
is exactly what the PDF shows.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QApplication, QWidget

from dermadesk.core.errors import DermaDeskError

MAX_DPI = 300  # plenty for text and signatures; keeps page images a sensible size


def page_images(pdf: bytes, dpi: int) -> list[QImage]:
    """Every page of `pdf` as an image at `dpi`."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            pil = page.render(scale=dpi / 72).to_pil().convert("RGB")
            data = pil.tobytes("raw", "RGB")
            image = QImage(data, pil.width, pil.height, 3 * pil.width, QImage.Format.Format_RGB888)
            images.append(image.copy())  # own the pixels: `data` goes away
            page.close()
        return images
    finally:
        document.close()


def paint_pdfs(pdfs: Sequence[bytes], printer: QPrinter) -> int:
    """Paint the pages of `pdfs`, one after another, onto `printer`; returns the pages painted."""
    dpi = min(printer.resolution(), MAX_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise DermaDeskError(f"The printer “{printer.printerName()}” cannot be used just now.")
    pages = 0
    try:
        for pdf in pdfs:
            for image in page_images(pdf, dpi):
                if pages:
                    printer.newPage()
                target = painter.viewport()
                scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.topLeft(), scaled), image)
                pages += 1
    finally:
        painter.end()
    return pages


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
    """Print the sheets on the named printer, or the default one; (pages, printer name)."""
    if QApplication.instance() is None:
        # A print job needs a Qt application, not a screen.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QApplication(sys.argv[:1])
    printer = make_printer(title, printer_name, require_printer=True)
    return paint_pdfs(pdfs, printer), printer.printerName()


def preview_and_print(pdfs: Sequence[bytes], title: str, parent: QWidget | None) -> bool:
    """Show the print preview with the system's print settings; True when printed."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    printer = make_printer(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print: {title}")
    dialog.resize(900, 1000)
    failures: list[DermaDeskError] = []

    def paint(target: QPrinter) -> None:
        # Qt calls this from inside the dialog, where an exception would only be
        # printed; keep it, and say it in words once the dialog is closed.
        try:
            paint_pdfs(pdfs, target)
        except DermaDeskError as error:
            failures.append(error)
        except Exception as error:  # PDFium or Qt failing: still to be told in words
            failures.append(
                DermaDeskError(f"The pages could not be prepared for printing ({error}).")
            )

    dialog.paintRequested.connect(paint)
    printed = dialog.exec() == QPrintPreviewDialog.DialogCode.Accepted
    if failures:
        raise failures[-1]
    return printed
