"""screen_all: the full screening of a client, against one raw query and the pure rules."""

from __future__ import annotations

import contextlib
import random
import sqlite3
import statistics
from collections.abc import Callable
from datetime import date

from harness import DATABASE_NAME, Result, benchmark, info, timed
from workspace import Workspace

SCREEN_CLIENTS = 2000  # clients screened, spread over the 50,000 (the per-client cost counts)
RAW_ANSWERS_SQL = (
    "SELECT c.date_of_birth, c.allergies, c.medications, q.* FROM client c "
    "LEFT JOIN health_questionnaire q ON q.id = (SELECT id FROM health_questionnaire "
    "WHERE client_id = c.id ORDER BY answered_on DESC, id DESC LIMIT 1) WHERE c.id = ?"
)


@benchmark("screen_all", target="per client, within 2x of the first wave's screening")
def bench_screen_all(workspace: Workspace) -> Result:
    """Time per client of the full screening (answers, allergies, medicines, the last session,
    the practice's questions) at 50,000 clients, as the Today panel and the day pack run it,
    against one raw sqlite3 query of the same client's row and latest answers followed by the
    pure rules on them. Also reports the first wave's path (answers and rules only) and the
    whole 50,000 extrapolated."""
    from dermadesk.core.practice import Practice
    from dermadesk.core.screening import ScreeningAnswers
    from dermadesk.core.screening_rules import ScreeningContext, screen

    data_dir = workspace.practice_50k
    on = date.today()
    with (
        Practice.open(data_dir) as practice,
        contextlib.closing(sqlite3.connect(data_dir / DATABASE_NAME)) as raw,
    ):
        raw.row_factory = sqlite3.Row
        ids = random.Random(11).sample(practice.clients.search_ids(""), SCREEN_CLIENTS)
        settings = practice.settings.screening()
        fields = ScreeningAnswers.answer_fields()

        def full() -> None:
            for client_id in ids:
                practice.sessions.screening_for(client_id, on)

        def first_wave_path() -> None:
            for client_id in ids:
                client = practice.clients.get(client_id)
                screen(
                    practice.clients.latest_screening(client_id), client.date_of_birth, on, settings
                )

        def raw_path() -> None:
            for client_id in ids:
                row = raw.execute(RAW_ANSWERS_SQL, (client_id,)).fetchone()
                answers = None
                if row["answered_on"] is not None:
                    answers = ScreeningAnswers(
                        answered_on=date.fromisoformat(row["answered_on"]),
                        **{name: row[name] for name in fields if "last" not in name},
                    )
                context = ScreeningContext(row["allergies"], row["medications"])
                screen(answers, date.fromisoformat(row["date_of_birth"]), on, settings, context)

        def per_client_ms(work: Callable[[], None]) -> float:
            return timed(work) * 1000 / SCREEN_CLIENTS

        for work in (full, first_wave_path, raw_path):  # warm-up
            work()
        info(f"Screening {SCREEN_CLIENTS:,} of {workspace.clients:,} clients, 3 rounds...")
        app_ms = statistics.median(per_client_ms(full) for _ in range(3))
        wave_ms = statistics.median(per_client_ms(first_wave_path) for _ in range(3))
        raw_ms = statistics.median(per_client_ms(raw_path) for _ in range(3))
    info(
        f"  {app_ms:.2f} ms a client ({app_ms * workspace.clients / 1000:.0f} s for all "
        f"{workspace.clients:,}); "
        f"first wave's path {wave_ms:.2f} ms (x{app_ms / wave_ms:.2f}); raw {raw_ms:.2f} ms"
    )
    return Result(value=app_ms, baseline=raw_ms, unit="ms")
