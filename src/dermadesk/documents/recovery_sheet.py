"""The recovery code's sheet: one page with the code, large and grouped, what it is for and
where to keep it. Printed once, when the practice's keys are made; never stored."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dermadesk.documents.common import FONT_BOLD, RULE, build_pdf, styles, table_style, text

TITLE = "DermaDesk recovery code"


@dataclass(frozen=True)
class RecoverySheet:
    """What the sheet prints, as plain data."""

    code: str  # "ABCDE-FGHJK-…", six groups of five
    practice_name: str  # "" when the practice is not named yet: a line to write it on
    data_folder: str
    made_on: str  # "Sunday 29 November 2026"


def _code_table(code: str) -> object:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.units import mm
    from reportlab.platypus import Table

    groups = code.split("-")
    rows = [groups[:3], groups[3:]]
    table = Table(rows, colWidths=[52 * mm] * 3, rowHeights=[18 * mm] * 2, hAlign="CENTER")
    table.setStyle(
        table_style(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT_BOLD),
                ("FONTSIZE", (0, 0), (-1, -1), 24),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BOX", (0, 0), (-1, -1), 1.2, HexColor("#1f2933")),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, HexColor(RULE)),
            ]
        )
    )
    return table


def render_recovery_sheet(sheet: RecoverySheet, path: Path | None = None) -> bytes:
    """The sheet as a one-page A4 PDF (also written to `path` when given)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from dermadesk.documents.text import Paragraph

    s = styles()
    practice = sheet.practice_name or "_" * 40
    flow: list[object] = [
        Paragraph(text(TITLE), s["title"]),
        Paragraph(text(f"Practice: {practice}"), s["practice"]),
        Paragraph(text(f"Made on {sheet.made_on}. Data folder: {sheet.data_folder}"), s["small"]),
        Spacer(1, 10 * mm),
        _code_table(sheet.code),
        Spacer(1, 10 * mm),
        Paragraph(text("What it is for"), s["heading"]),
    ]
    for line in (
        "This code opens the practice's client records if the passphrase is forgotten. "
        "DermaDesk then asks for a new passphrase.",
        "It opens them as fully as the passphrase does: anyone holding this sheet and a copy "
        "of the practice (a backup included) can read every client's records.",
        "It is shown only once and cannot be printed again. Type it with or without the "
        "dashes; the letters I, L, O and U never appear in it.",
    ):
        flow.append(Paragraph(text(line), s["body"]))
    flow.append(Paragraph(text("Where to keep it"), s["heading"]))
    for line in (
        "Somewhere locked and away from the computer and the backup disk or USB stick: "
        "a safe, a locked drawer at home, or with the practice's important papers.",
        "Not in the computer, not in an e-mail, not photographed on a phone.",
        "Keep it apart from the backups: the two together open every record.",
    ):
        flow.append(Paragraph(text(f"• {line}"), s["bullet"]))
    return build_pdf(path, flow, TITLE, "DermaDesk recovery code: keep it locked away")
