"""The before-and-after sheet: two photos of one area and view side by side, on one page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dermadesk.documents.common import (
    MUTED,
    PracticeHeader,
    build_pdf,
    practice_block,
    styles,
    table_style,
    text,
)


@dataclass(frozen=True)
class ComparisonPhoto:
    """One side of the comparison: the picture (a JPEG with no metadata) and its caption."""

    jpeg: bytes
    width: int
    height: int
    stage: str  # "Before", "Follow-up"
    taken_on: str  # "14 Mar 2026"
    session: str  # "Session 1", or "" when not linked to one


@dataclass(frozen=True)
class ComparisonSheet:
    """Everything the sheet prints, as plain data. The client appears by initials only."""

    practice: PracticeHeader
    client_initials: str
    area: str
    view: str
    before: ComparisonPhoto
    after: ComparisonPhoto
    interval: str  # "8 weeks apart"
    purpose: str  # "For the clinical record"
    printed_on: str


def _picture(photo: ComparisonPhoto, width: float, height: float) -> object:
    """The photo scaled to fit `width` x `height`, keeping its proportions."""
    import io

    from reportlab.platypus import Image

    scale = min(width / photo.width, height / photo.height)
    return Image(io.BytesIO(photo.jpeg), width=photo.width * scale, height=photo.height * scale)


def _caption(photo: ComparisonPhoto) -> list[object]:

    from dermadesk.documents.text import Paragraph

    s = styles()
    lines = [Paragraph(f"<b>{text(photo.stage)}</b>", s["body"])]
    detail = " · ".join(filter(None, [photo.taken_on, photo.session]))
    lines.append(Paragraph(text(detail), s["small"]))
    return lines


def render_comparison(sheet: ComparisonSheet, path: Path | None = None) -> bytes:
    """The comparison sheet as a one-page PDF (written to `path` too, when given)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table

    from dermadesk.documents.text import Paragraph

    s = styles()
    column = 83 * mm
    tallest = 150 * mm
    photos = Table(
        [
            [_picture(sheet.before, column, tallest), _picture(sheet.after, column, tallest)],
            [_caption(sheet.before), _caption(sheet.after)],
        ],
        colWidths=[column + 2 * mm, column + 2 * mm],
    )
    photos.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1 * mm),
                ("TOPPADDING", (0, 1), (-1, 1), 3 * mm),
            ]
        )
    )
    subject = " · ".join(filter(None, [sheet.area, sheet.view]))
    flow: list[object] = [
        *practice_block(sheet.practice),
        Spacer(1, 10),
        Paragraph("Before and after", s["title"]),
        Paragraph(
            text(f"Client {sheet.client_initials} · {subject} · {sheet.interval}"), s["body"]
        ),
        Spacer(1, 8),
        photos,
        Spacer(1, 10),
        Paragraph(
            f'<font color="{MUTED}">{text(sheet.purpose)}. Photos are shown as taken, '
            "without retouching.</font>",
            s["small"],
        ),
    ]
    return build_pdf(
        path,
        flow,
        title=f"Before and after: {sheet.client_initials}, {subject}",
        footer_left=f"Before and after · printed {sheet.printed_on}",
        footer_right=sheet.practice.name,
    )
