"""The aftercare sheet: what was treated today, what to expect, what to avoid and for how long."""

from __future__ import annotations

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


@dataclass(frozen=True)
class AftercareSheet:
    """Everything the aftercare sheet prints, as plain data."""

    practice: PracticeHeader
    title: str
    body: str  # the practice's advice, placeholders filled in for this session
    client_name: str
    treated_on: str
    areas: list[str] = field(default_factory=list)  # human names, in the map's order
    next_appointment: str = ""  # "Thu 17 Dec 2026, 10:30" when one is booked
    printed_on: str = ""


def _session_block(sheet: AftercareSheet) -> object:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.units import mm
    from reportlab.platypus import Table

    from dermadesk.documents.text import Paragraph

    s = styles()
    rows = [
        ("Client", f"<b>{text(sheet.client_name)}</b>"),
        ("Treated on", text(sheet.treated_on)),
        ("Areas treated", text(", ".join(sheet.areas)) or "none recorded"),
        ("Next appointment", text(sheet.next_appointment) or "not booked yet: call us to book"),
    ]
    table = Table(
        [[Paragraph(label, s["small"]), Paragraph(value, s["body"])] for label, value in rows],
        colWidths=[38 * mm, None],
        hAlign="LEFT",
    )
    table.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, HexColor(RULE)),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, HexColor(RULE)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def render_aftercare(sheet: AftercareSheet, path: Path | None = None) -> bytes:
    """The aftercare sheet as a PDF (written to `path` too, when given)."""
    from reportlab.platypus import Spacer

    from dermadesk.documents.text import Paragraph

    s = styles()
    flow: list[object] = [
        *practice_block(sheet.practice),
        Spacer(1, 10),
        Paragraph(text(sheet.title), s["title"]),
        _session_block(sheet),
        Spacer(1, 6),
        *form_paragraphs(sheet.body),
    ]
    return build_pdf(
        path,
        flow,
        title=f"{sheet.title}: {sheet.client_name}",
        footer_left=f"Aftercare · treated {sheet.treated_on} · printed {sheet.printed_on}",
        footer_right=sheet.practice.name,
    )
