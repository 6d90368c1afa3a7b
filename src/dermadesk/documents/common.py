"""What every printed sheet shares: the Unicode font, the styles, the practice header
and the footer. Sheets are built from plain data, never from the database or Qt.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dermadesk.paths import resource_path

FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
INK, MUTED, RULE = "#1f2933", "#52606d", "#9aa5b1"


@dataclass(frozen=True)
class PracticeHeader:
    """The practice as it appears at the top of every sheet."""

    name: str
    address: str = ""
    phone: str = ""
    practitioner_name: str = ""
    credentials: str = ""


_registered = False


def register_fonts() -> None:
    """Register the shipped DejaVu font once: every name prints as written, ł and ệ included."""
    global _registered
    if _registered:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT, str(resource_path("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)
    _registered = True


def styles() -> dict[str, object]:
    """The paragraph styles of every sheet, by name."""
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, textColor=MUTED),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=6
        ),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName=FONT_BOLD, fontSize=11, leading=14,
            spaceBefore=8, spaceAfter=2, keepWithNext=1,  # never alone at a page's foot
        ),
        "practice": ParagraphStyle(
            "practice", parent=base, fontName=FONT_BOLD, fontSize=12.5, leading=15
        ),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=14, bulletIndent=3),
    }  # fmt: skip


def table_style(commands: list[tuple[object, ...]]) -> object:
    """A table style whose cells default to the sheet's font.

    ReportLab's tables default to Helvetica, which a PDF only names and never
    embeds: a cell without a paragraph (an empty one, say) would pull it in.
    """
    from reportlab.platypus import TableStyle

    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def text(value: str) -> str:
    """Plain text as paragraph markup that prints as written: any script, & and < included."""
    from dermadesk.documents.text import markup

    return markup(value)


def practice_block(practice: PracticeHeader) -> list[object]:
    """The practice's name and contact lines for the top of a sheet."""

    from dermadesk.documents.text import Paragraph

    s = styles()
    lines = [Paragraph(text(practice.name), s["practice"])]
    who = ", ".join(filter(None, [practice.practitioner_name, practice.credentials]))
    contact = "  ·  ".join(filter(None, [practice.address.replace("\n", ", "), practice.phone]))
    for line in (who, contact):
        if line:
            lines.append(Paragraph(text(line), s["small"]))
    return lines


def form_paragraphs(body: str) -> list[object]:
    """A form's text as paragraphs: a short line without a full stop opens a section."""
    from reportlab.platypus import Spacer

    from dermadesk.documents.text import Paragraph

    s = styles()
    flow: list[object] = []
    for block in re.split(r"\n\s*\n", body.strip()):
        if flow:
            flow.append(Spacer(1, 4))  # a blank line in the text is a little air on paper
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if len(lines) > 1 and len(lines[0]) < 60 and not lines[0].endswith((".", ":", ";")):
            flow.append(Paragraph(text(lines[0]), s["heading"]))
            lines = lines[1:]
        for line in lines:
            flow.append(Paragraph(text(line), s["body"]))
    return flow


def footer(left: str, right: str = "", note: str = "") -> Callable[[object, object], None]:
    """A page decoration writing `left`, `right` and the page number at the foot of each page,
    and `note` on a line below them."""

    def draw(canvas, document) -> None:  # type: ignore[no-untyped-def]
        from reportlab.lib.colors import HexColor

        from dermadesk.documents.text import draw_string

        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(HexColor(MUTED))
        y = document.bottomMargin - 16
        draw_string(canvas, document.leftMargin, y, left, FONT, 7.5)
        page = f"page {canvas.getPageNumber()}"
        edge = document.pagesize[0] - document.rightMargin
        draw_string(canvas, edge, y, f"{right}  {page}".strip(), FONT, 7.5, right=True)
        if note:
            draw_string(canvas, document.leftMargin, y - 9, note, FONT, 7.5)
        canvas.restoreState()

    return draw


def build_pdf(
    path: Path | None,
    flow: list[object],
    title: str,
    footer_left: str,
    footer_right: str = "",
    footer_note: str = "",
) -> bytes:
    """Lay `flow` out on A4 pages and return the PDF (also written to `path`, atomically)."""
    import io
    import os

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=title,
        author="DermaDesk",
        # The canvas starts in Helvetica unless told otherwise: a font named but never embedded.
        initialFontName=FONT,
    )
    decorate = footer(footer_left, footer_right, footer_note)
    document.build(flow, onFirstPage=decorate, onLaterPages=decorate)
    pdf = out.getvalue()
    if path is not None:
        partial = path.with_name(path.name + ".partial")
        try:
            partial.write_bytes(pdf)
            os.replace(partial, path)  # never a half-written sheet under the real name
        except OSError:
            partial.unlink(missing_ok=True)
            raise
    return pdf
