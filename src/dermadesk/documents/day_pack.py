"""The day pack: for each planned session of a day, in time order, a cover line and the
client's pre-filled consent forms, in one PDF for reception to print in one go."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dermadesk.documents.common import MUTED, build_pdf, styles, table_style, text
from dermadesk.documents.consent import ConsentSheet, consent_flow, consent_version_line


@dataclass(frozen=True)
class DayPackEntry:
    """One appointment: when, who, where they stand, and the forms to sign (none: all on file)."""

    time: str  # 10:30
    client_name: str
    standing: str  # "Treatment consent signed 3 Mar 2026 · screening: clear"
    sheets: list[ConsentSheet]


@dataclass(frozen=True)
class DayPack:
    """The whole day."""

    practice_name: str
    day: str  # Sat 21 Nov 2026
    printed_on: str
    entries: list[DayPackEntry]


def _cover_line(entry: DayPackEntry, number: int, total: int) -> list[object]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.units import mm
    from reportlab.platypus import Table

    from dermadesk.documents.text import Paragraph

    s = styles()
    line = Table(
        [
            [
                Paragraph(f"<b>{text(entry.time)}</b>", s["practice"]),
                Paragraph(f"<b>{text(entry.client_name)}</b>", s["practice"]),
                Paragraph(f"{number} of {total}", s["small"]),
            ],
            ["", Paragraph(text(entry.standing), s["small"]), ""],
        ],
        colWidths=[22 * mm, None, 20 * mm],
    )
    line.setStyle(
        table_style(
            [
                ("LINEBELOW", (0, -1), (-1, -1), 1.2, HexColor(MUTED)),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("ALIGN", (2, 0), (2, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ]
        )
    )
    return [line]


def _checkpoint(report: Callable[[int, int], None], done: int, total: int) -> object:
    """A flowable of no size that calls `report(done, total)` once it is placed on a page.

    `report` may raise to stop the layout (the person cancelled): nothing is built.
    """
    from reportlab.platypus.flowables import Flowable

    class Checkpoint(Flowable):
        def wrap(self, _width: float, _height: float) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            report(done, total)

    return Checkpoint()


def render_day_pack(
    pack: DayPack, path: Path | None = None, progress: Callable[[int, int], None] | None = None
) -> bytes:
    """The day pack as one PDF; each client's forms start on a new page.

    A client with nothing to sign gets the cover line only, beside the next
    one's. `progress(done, total)` hears of each client laid out, and may raise
    to stop.
    """
    from reportlab.platypus import PageBreak, Spacer

    from dermadesk.documents.text import Paragraph

    s = styles()
    flow: list[object] = []
    total = len(pack.entries)
    had_forms = False
    for number, entry in enumerate(pack.entries, start=1):
        if progress is not None:
            flow.append(_checkpoint(progress, number - 1, total))
        if number > 1 and (entry.sheets or had_forms):
            flow.append(PageBreak())  # forms start on their own paper, to sign and file
        elif number > 1:
            flow.append(Spacer(1, 14))
        flow += [*_cover_line(entry, number, total), Spacer(1, 8)]
        if not entry.sheets:
            flow.append(
                Paragraph("Nothing to sign: the consents on file hold for the day.", s["small"])
            )
        for index, sheet in enumerate(entry.sheets):
            if index:
                flow.append(PageBreak())  # each form its own paper, to sign and file
            flow += consent_flow(sheet)
            flow += [Spacer(1, 6), Paragraph(text(consent_version_line(sheet)), s["small"])]
        had_forms = bool(entry.sheets)
    if progress is not None:
        flow.append(_checkpoint(progress, total, total))
    return build_pdf(
        path,
        flow,
        title=f"Consent packs for {pack.day}",
        footer_left=f"Consent packs for {pack.day} · printed {pack.printed_on}",
        footer_right=pack.practice_name,
    )
