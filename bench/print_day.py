"""print_day: the day's consent packs spooled on a CUPS queue, against writing the PDF alone."""

from __future__ import annotations

import os
import statistics
from datetime import date

from harness import BenchError, Result, benchmark, info, timed
from workspace import Workspace, open_bench_practice

DAY_SESSIONS = 20
PRINT_ROUNDS = 5
PRINTER = os.environ.get("DERMADESK_TEST_PRINTER", "DermaDeskPDF")


@benchmark("print_day", target="ratio <= 1.5 and a job under 1 MB")
def bench_print_day(workspace: Workspace) -> Result:
    """Median time from "Print the day's consent packs" (20 sessions) to a job spooled on a
    CUPS queue, against gathering and writing the same PDF to a file.

    The job is the PDF itself, held in the queue and then cancelled (no paper is used);
    its size goes to stderr. Needs `lp` and the queue named by DERMADESK_TEST_PRINTER.
    """
    from datetime import datetime, timedelta
    from datetime import time as clock

    from dermadesk.core import print_queue
    from dermadesk.core.client_details import ClientDetails
    from dermadesk.core.demo import DEMO_PRACTICE
    from dermadesk.core.screening import ScreeningAnswers
    from dermadesk.core.sheets import contents
    from dermadesk.documents.day_pack import render_day_pack

    if not print_queue.available() or PRINTER not in print_queue.printers():
        raise BenchError(f"print_day needs CUPS's lp and a print queue named {PRINTER}")
    today = date.today()
    practice = open_bench_practice(workspace.root / "practice-day")
    try:
        practice.settings.set_practice_details(DEMO_PRACTICE)
        first = datetime.combine(today, clock(8))
        for number in range(DAY_SESSIONS):
            client_id = practice.clients.create(
                ClientDetails("Client", f"Number {number + 1}", date(1980, 1, 1 + number)),
                ScreeningAnswers(answered_on=today),
            )
            practice.sessions.book(client_id, first + timedelta(minutes=25 * number))
        written = workspace.root / "day-pack.pdf"
        sizes: list[int] = []

        def spool() -> None:
            pack = contents.day_pack(practice, today)
            pdf = render_day_pack(pack)
            job = print_queue.submit(pdf, f"Consent packs - {pack.day}", PRINTER, hold=True)
            sizes.append(job.size)
            print_queue.cancel(job)  # not part of the time: the job was already spooled

        def write_alone() -> None:
            render_day_pack(contents.day_pack(practice, today), written)

        spool()  # warm-up: imports, fonts, the queue's first answer
        write_alone()
        app_times, raw_times = [], []
        for round_ in range(PRINT_ROUNDS):
            if round_ % 2:
                raw_times.append(timed(write_alone))
                app_times.append(timed(spool))
            else:
                app_times.append(timed(spool))
                raw_times.append(timed(write_alone))
    finally:
        practice.close()
    app_ms = statistics.median(app_times) * 1000
    raw_ms = statistics.median(raw_times) * 1000
    info(
        f"  {DAY_SESSIONS} sessions: spooled in {app_ms:.0f} ms, a job of "
        f"{sizes[-1] / 1024:.0f} KB; the PDF alone written in {raw_ms:.0f} ms"
    )
    return Result(value=app_ms, baseline=raw_ms, unit="ms")
