"""consent_pdf: laying out one treatment consent sheet, against a bare ReportLab page."""

from __future__ import annotations

import statistics
from datetime import date

from harness import Result, benchmark, info, timed
from workspace import Workspace, open_bench_practice

PDF_ROUNDS = 15


@benchmark("consent_pdf", target="ratio <= 3")
def bench_consent_pdf(workspace: Workspace) -> Result:
    """Median time to lay out one treatment consent sheet, against a bare ReportLab page.

    The sheet is the pre-filled form for a wet signature (practice header,
    client block, the form's sections, the question table, signature lines).
    The baseline lays out the same text as plain paragraphs in the same font
    (the Unicode font is needed either way), with ReportLab alone.
    """
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from dermadesk.core.client_details import ClientDetails
    from dermadesk.core.demo import DEMO_PRACTICE
    from dermadesk.core.screening import ScreeningAnswers
    from dermadesk.core.sheets import contents
    from dermadesk.documents.common import FONT, register_fonts
    from dermadesk.documents.consent import render_consent

    with open_bench_practice(workspace.root / "practice-pdf") as practice:
        practice.settings.set_practice_details(DEMO_PRACTICE)  # a consent prints the practice's
        client_id = practice.clients.create(
            ClientDetails("Nguyễn Thị", "Đặng-Wiśniewska", date(1990, 3, 2)),
            ScreeningAnswers(answered_on=date.today()),
        )
        sheet = contents.blank_consent_sheet(practice, client_id)
    register_fonts()
    lines = [sheet.title, sheet.client_name, *sheet.form_text.splitlines()]
    lines += [q.text for q in sheet.questions]
    style = ParagraphStyle("plain", fontName=FONT, fontSize=10, leading=13)

    def bare_page() -> None:
        out = io.BytesIO()
        SimpleDocTemplate(out, pagesize=A4).build([Paragraph(line, style) for line in lines])

    for _ in range(3):  # warm-up: imports, font subsetting caches
        bare_page()
        render_consent(sheet)
    app_times, raw_times = [], []
    for round_ in range(PDF_ROUNDS):
        if round_ % 2:
            raw_times.append(timed(bare_page))
            app_times.append(timed(lambda: render_consent(sheet)))
        else:
            app_times.append(timed(lambda: render_consent(sheet)))
            raw_times.append(timed(bare_page))
    app_ms = statistics.median(app_times) * 1000
    raw_ms = statistics.median(raw_times) * 1000
    info(f"  consent sheet {app_ms:.1f} ms, bare page {raw_ms:.1f} ms")
    return Result(value=app_ms, baseline=raw_ms, unit="ms")
