"""Screening a session: the verdict for a client on a day, what a started session kept,
and the reason a practitioner gives to go ahead despite it."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from sqlalchemy import Date, DateTime, String, bindparam, text

from dermadesk.core.answer_sets import latest_answers
from dermadesk.core.db import Store
from dermadesk.core.errors import DermaDeskError, NotFoundError
from dermadesk.core.models import TreatmentSession
from dermadesk.core.records import Appointment
from dermadesk.core.screening_rules import (
    Finding,
    Level,
    ScreeningContext,
    ScreeningResult,
    ScreeningSettings,
    Status,
    screen,
)

# A reason to go ahead despite the screening is read later by someone who was not there:
# a few words at least, never a stray key.
MIN_REASON_WORDS = 3
MIN_REASON_CHARS = 10


# Plain SQL for screening: the day list screens every session of the day
# and the banner every file opened, where compiling ORM queries costs more than running them.
_CLIENT_FOR_SCREENING = text(
    "SELECT date_of_birth, allergies, medications FROM client WHERE id = :id"
).columns(date_of_birth=Date(), allergies=String(), medications=String())
# The last session done on or before the day screened, other than the one screened.
_LAST_DONE = (
    text(
        "SELECT max(scheduled_at) AS last_at FROM treatment_session WHERE client_id = :client "
        "AND status = 'done' AND scheduled_at < :before AND id != :other"
    )
    .bindparams(bindparam("before", type_=DateTime()))
    .columns(last_at=DateTime())
)
# The interval of the screened session's plan, else of the client's newest open plan.
_PLAN_INTERVAL = text(
    "SELECT interval_weeks FROM treatment_plan WHERE id = coalesce("
    "(SELECT plan_id FROM treatment_session WHERE id = :session), "
    "(SELECT id FROM treatment_plan WHERE client_id = :client AND closed_on IS NULL "
    "ORDER BY starts_on DESC, id DESC LIMIT 1))"
)


def screening_at_start(row: TreatmentSession | Appointment) -> ScreeningResult | None:
    """The screening as it stood when the session was started (None if never started)."""
    if row.started_at is None or not row.screening_status:
        return None
    findings = [
        Finding(f["rule"], Level(f["level"]), f["message"])
        for f in json.loads(row.screening_findings or "[]")
    ]
    return ScreeningResult(Status(row.screening_status), findings)


def reason_problem(reason: str) -> str:
    """What is wrong with a reason to go ahead despite the screening ("" when it will do)."""
    reason = reason.strip()
    if not reason:
        return "Say why you are going ahead; the reason is kept with the session."
    if len(reason.split()) < MIN_REASON_WORDS or len(reason) < MIN_REASON_CHARS:
        return (
            f"Say why in a few words (at least {MIN_REASON_WORDS} words and "
            f"{MIN_REASON_CHARS} letters); the reason is kept with the session for anyone who "
            "reads it later."
        )
    return ""


# Findings read from the file itself rather than the day's answers: what the file says now
# counts even for a session started before it was written down.
_FILE_RULES = ("allergy", "medication_of_note")


def with_file_findings(
    at_start: ScreeningResult | None, now: ScreeningResult
) -> ScreeningResult | None:
    """The screening a started session kept, with any allergy or medicine of note the file
    names now added (None for a session not started)."""
    if at_start is None:
        return None
    kept = {(f.rule, f.message) for f in at_start.findings}
    added = [f for f in now.findings if f.rule in _FILE_RULES and (f.rule, f.message) not in kept]
    if not added:
        return at_start
    findings = sorted([*at_start.findings, *added], key=lambda f: f.level is not Level.BLOCK)
    blocked = any(f.level is Level.BLOCK for f in findings)
    return ScreeningResult(Status.BLOCKED if blocked else Status.CAUTION, findings)


class ScreeningNeedsReason(DermaDeskError):
    """Starting the session was refused: screening found something and no reason was given.

    A blocking finding needs the practitioner's reason to override it; a
    warning needs their judgement, recorded with a reason (DOMAIN).
    """

    def __init__(self, result: ScreeningResult):
        self.result = result
        self.blocked = result.status is Status.BLOCKED
        level = Level.BLOCK if self.blocked else Level.WARN
        found = " ".join(f.message for f in result.findings if f.level is level)
        if self.blocked:
            message = f"Screening blocks treatment: {found} Give a reason to go ahead anyway."
        else:
            message = f"Screening needs your judgement: {found} Give your reason to go ahead."
        super().__init__(message)


def screening_for(
    store: Store,
    settings: ScreeningSettings,
    client_id: int,
    on: date,
    session_id: int | None = None,
) -> ScreeningResult:
    """The screening verdict for client `client_id` on day `on`, for session `session_id`
    (else for a treatment that day under the client's open plan)."""
    with store.reading() as session:  # one snapshot; plain SQL (see _LAST_DONE)
        connection = session.connection()
        client = connection.execute(_CLIENT_FOR_SCREENING, {"id": client_id}).first()
        if client is None:
            raise NotFoundError(f"There is no client with id {client_id}.")
        answers = latest_answers(connection, client_id)
        day_after = datetime.combine(on + timedelta(days=1), time())
        last_at = connection.execute(
            _LAST_DONE, {"client": client_id, "before": day_after, "other": session_id or 0}
        ).scalar()
        interval_weeks = connection.execute(
            _PLAN_INTERVAL, {"client": client_id, "session": session_id or 0}
        ).scalar()
    context = ScreeningContext(
        allergies=client.allergies,
        medications=client.medications,
        last_session_on=last_at.date() if last_at is not None else None,
        plan_interval_days=interval_weeks * 7 if interval_weeks else None,
    )
    return screen(answers, client.date_of_birth, on, settings, context)
