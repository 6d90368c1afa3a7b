"""The preparation sheet: what to do, and stop doing, before a microneedling appointment."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dermadesk.documents.common import (
    PracticeHeader,
    build_pdf,
    form_paragraphs,
    practice_block,
    styles,
    text,
)


@dataclass(frozen=True)
class PrepSheet:
    """Everything the preparation sheet prints, as plain data."""

    practice: PracticeHeader
    title: str
    body: str  # placeholders already filled in
    client_name: str
    printed_on: str
    appointment: str = ""  # e.g. "Thursday 3 December 2026 at 10:30", when one is planned


def render_prep(sheet: PrepSheet, path: Path | None = None) -> bytes:
    """The preparation sheet as a PDF (written to `path` too, when given)."""
    from reportlab.platypus import Spacer

    from dermadesk.documents.text import Paragraph

    s = styles()
    who = f"For <b>{text(sheet.client_name)}</b>"
    if sheet.appointment:
        who += f", appointment {text(sheet.appointment)}"
    flow: list[object] = [
        *practice_block(sheet.practice),
        Spacer(1, 10),
        Paragraph(text(sheet.title), s["title"]),
        Paragraph(who, s["body"]),
        Spacer(1, 4),
        *form_paragraphs(sheet.body),
    ]
    return build_pdf(
        path,
        flow,
        title=f"{sheet.title}: {sheet.client_name}",
        footer_left=f"Preparation sheet · printed {sheet.printed_on}",
        footer_right=sheet.practice.name,
    )
