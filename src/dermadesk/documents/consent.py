"""The consent sheet: blank for a wet signature at reception, or a signed copy.

The blank sheet is pre-filled with the practice and the client (name, date of
birth) and leaves tick boxes and signature lines for pen. The signed copy
shows the answers given, the signature images, the times and the record's
SHA-256, so the paper can be matched to the record years later.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from dermadesk.documents.common import (
    RULE,
    PracticeHeader,
    build_pdf,
    form_paragraphs,
    practice_block,
    styles,
    table_style,
    text,
)

BOX, TICKED = "☐", "☒"


@dataclass(frozen=True)
class Question:
    """A screening question; `answer` is None on a blank sheet (the client ticks it)."""

    text: str
    answer: str | None = None
    is_date: bool = False


@dataclass(frozen=True)
class SignatureLine:
    """Who signs, and (on a signed copy) their signature image and time."""

    role: str
    name: str = ""
    image: bytes | None = None
    signed_at: str = ""


@dataclass(frozen=True)
class ConsentSheet:
    """Everything a consent sheet prints, as plain data."""

    practice: PracticeHeader
    title: str
    kind_label: str
    version: int
    client_name: str
    date_of_birth: str
    form_text: str
    printed_on: str
    questions: list[Question] = field(default_factory=list)
    photo_levels: dict[str, bool | None] = field(default_factory=dict)  # marker: ticked?
    signatures: list[SignatureLine] = field(default_factory=list)
    record_hash: str = ""
    record_id: int | None = None
    fingerprint: str = ""  # the practice certificate's, on a signed copy of a keyed practice

    @property
    def signed(self) -> bool:
        """True for a copy of a signed record."""
        return bool(self.record_hash)


def with_tick_boxes(form_text: str, levels: dict[str, bool | None]) -> str:
    """Turn the photo form's [clinical] / [marketing] markers into tick boxes."""

    def box(match: re.Match[str]) -> str:
        ticked = levels.get(match.group(1))
        return f"{TICKED if ticked else BOX} "

    return re.sub(r"\[(\w+)\]\s*", box, form_text)


def _client_block(sheet: ConsentSheet) -> object:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.units import mm
    from reportlab.platypus import Table

    from dermadesk.documents.text import Paragraph

    s = styles()
    rows = [
        [
            Paragraph("Client", s["small"]),
            Paragraph(f"<b>{text(sheet.client_name)}</b>", s["body"]),
        ],
        [Paragraph("Date of birth", s["small"]), Paragraph(text(sheet.date_of_birth), s["body"])],
    ]
    table = Table(rows, colWidths=[32 * mm, None], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, HexColor(RULE)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _questions_table(sheet: ConsentSheet) -> list[object]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Table

    from dermadesk.documents.text import Paragraph

    s = styles()
    heading = Paragraph("Screening questions", s["heading"])
    intro = Paragraph(
        "Answers given on this day."
        if sheet.signed
        else "Please tick Yes or No for each, and give the date where one is asked.",
        s["small"],
    )
    rows: list[list[object]] = []
    spans = []
    for row, question in enumerate(sheet.questions):
        asked = Paragraph(text(question.text), s["body"])
        if question.is_date:
            answer = (question.answer or "none") if sheet.signed else "Date: ________________"
            rows.append([asked, Paragraph(text(answer), s["body"]), ""])
            spans.append(("SPAN", (1, row), (2, row)))  # a date needs the width of both
        elif sheet.signed:
            rows.append([asked, Paragraph(f"<b>{text(question.answer or '')}</b>", s["body"]), ""])
        else:
            rows.append(
                [asked, Paragraph(f"{BOX} Yes", s["body"]), Paragraph(f"{BOX} No", s["body"])]
            )
    table = Table(rows, colWidths=[None, 24 * mm, 24 * mm])
    table.setStyle(
        table_style(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, HexColor(RULE)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                *spans,
            ]
        )
    )
    return [KeepTogether([heading, intro, table])]  # never a heading alone at a page's foot


def _signature_block(sheet: ConsentSheet) -> object:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image, KeepTogether, Spacer, Table

    from dermadesk.documents.text import Paragraph

    s = styles()
    rows = []
    for line in sheet.signatures:
        if line.image:
            reader = ImageReader(io.BytesIO(line.image))
            width, height = reader.getSize()
            scale = min(60 * mm / width, 18 * mm / height)
            mark: object = Image(io.BytesIO(line.image), width * scale, height * scale)
        else:
            mark = Spacer(60 * mm, 14 * mm)
        rows.append(
            [
                Paragraph(f"<b>{text(line.role)}</b><br/>{text(line.name) or '&nbsp;'}", s["body"]),
                mark,
                Paragraph(
                    text(line.signed_at) if line.signed_at else "Date: ____________", s["small"]
                ),
            ]
        )
    table = Table(rows, colWidths=[50 * mm, 65 * mm, None])
    table.setStyle(
        table_style(
            [
                ("LINEBELOW", (1, 0), (1, -1), 0.6, HexColor("#52606d")),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return KeepTogether([Paragraph("Signatures", s["heading"]), table])


def consent_flow(sheet: ConsentSheet) -> list[object]:
    """The consent sheet's content, to lay out alone or inside a pack."""
    from reportlab.platypus import Spacer

    from dermadesk.documents.text import Paragraph

    s = styles()
    body = (
        with_tick_boxes(sheet.form_text, sheet.photo_levels)
        if sheet.photo_levels
        else sheet.form_text
    )
    flow: list[object] = [
        *practice_block(sheet.practice),
        Spacer(1, 10),
        Paragraph(text(sheet.title), s["title"]),
        _client_block(sheet),
        Spacer(1, 6),
        *form_paragraphs(body),
    ]
    if sheet.questions:
        flow += [Spacer(1, 4), *_questions_table(sheet)]
    flow += [Spacer(1, 6), _signature_block(sheet)]
    if sheet.signed:
        flow += [
            Spacer(1, 8),
            Paragraph(
                f"Signed record {sheet.record_id}. SHA-256 of the record: {sheet.record_hash}",
                s["small"],
            ),
        ]
    return flow


def consent_version_line(sheet: ConsentSheet) -> str:
    """Which form and version this is, and whether signed: the sheet's footer."""
    state = "signed copy" if sheet.signed else "for signature"
    return f"{sheet.kind_label}, version {sheet.version} ({state})"


def render_consent(sheet: ConsentSheet, path: Path | None = None) -> bytes:
    """The consent sheet as a PDF (written to `path` too, when given)."""
    version = consent_version_line(sheet)
    return build_pdf(
        path,
        consent_flow(sheet),
        title=f"{sheet.kind_label}: {sheet.client_name}",
        footer_left=f"{version} · printed {sheet.printed_on}",
        footer_right=sheet.practice.name,
        footer_note=(
            f"Practice certificate, SHA-256: {sheet.fingerprint}"
            if sheet.signed and sheet.fingerprint
            else ""
        ),
    )
