"""Treatment plans, sessions and the areas treated at each.

A plan is a course: so many sessions, so many weeks apart. A session is an
appointment (planned) that becomes a record (done), or is cancelled or
missed. Starting a session runs the screening for its date; a blocking
finding stops it unless the practitioner overrides it with a reason, and
both the result and the reason stay with the session.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import Date, DateTime, String, bindparam, case, func, text
from sqlmodel import Session, col, select

from dermadesk.core.allergies import ProductAllergy, product_allergies
from dermadesk.core.areas import AREAS, area_name
from dermadesk.core.audit import Audit, Entry
from dermadesk.core.clients import Clients, latest_answers
from dermadesk.core.consent import TREATMENT, Consents, ConsentState
from dermadesk.core.dates import long_date
from dermadesk.core.db import Store
from dermadesk.core.errors import DermaDeskError, NotFoundError, Problem, ValidationError
from dermadesk.core.models import AreaTreatment, Client, TreatmentPlan, TreatmentSession, utc_now
from dermadesk.core.screening_rules import (
    Finding,
    Level,
    ScreeningContext,
    ScreeningResult,
    ScreeningSettings,
    Status,
    screen,
)
from dermadesk.core.settings import PracticeSettings

MAX_PASSES = 20
MAX_PLAN_SESSIONS = 24
MAX_INTERVAL_WEEKS = 52
# A reason to go ahead despite the screening is read later by someone who was not there:
# a few words at least, never a stray key.
MIN_REASON_WORDS = 3
MIN_REASON_CHARS = 10
NO_AREAS = "Record at least one treated area before marking the session done."


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


class SessionStatus(StrEnum):
    """Where an appointment stands."""

    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        """The status as the practice says it."""
        return {"planned": "Planned", "done": "Done", "cancelled": "Cancelled",
                "no_show": "No-show"}[self.value]  # fmt: skip


def appointment_time(moment: datetime) -> str:
    """An appointment as people say it: Thu 3 Dec 2026, 10:30."""
    return f"{moment:%a} {long_date(moment.date())}, {moment:%H:%M}"


def screening_at_start(row: TreatmentSession) -> ScreeningResult | None:
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


def status_label(status: SessionStatus | str, started: bool) -> str:
    """A session's status as the practice says it: a planned session once started is
    Started, not Planned."""
    status = SessionStatus(status)
    return "Started" if status is SessionStatus.PLANNED and started else status.label


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


def plan_title(plan: TreatmentPlan) -> str:
    """A plan named by its concerns, as a heading: Acne scars, rosacea."""
    return plan.concerns[:1].upper() + plan.concerns[1:]


@dataclass(frozen=True)
class AreaNote:
    """One treated area: where, needle depth in mm, passes, the end point reached, notes."""

    area: str
    depth_mm: float
    passes: int = 1
    end_point: str = ""
    notes: str = ""

    @property
    def name(self) -> str:
        """The area's human name."""
        return area_name(self.area)


@dataclass(frozen=True)
class SessionRecord:
    """What a session records, as the editor gathers it (everything but time and status)."""

    consultation: str = ""
    cleanse: str = ""
    peel: str = ""
    numbing_product: str = ""
    numbing_on: time | None = None
    numbing_off: time | None = None
    antiseptic: str = ""
    device: str = ""
    cartridge: str = ""
    cartridge_lot: str = ""
    serum: str = ""
    serum_lot: str = ""
    mask: str = ""
    finishing_product: str = ""
    reactions: str = ""
    adverse_events: str = ""
    notes: str = ""
    actives_pause_days: int = 5
    # The practitioner's go-ahead for products that share a word with an allergy: the
    # sentences they confirmed (see product_allergies), "" when none was needed.
    allergy_confirmation: str = ""
    areas: tuple[AreaNote, ...] = ()

    # The products put on the skin, by field, that are checked against the allergies.
    CHECKED_PRODUCTS = ("numbing_product", "peel", "serum", "mask", "finishing_product")

    # What "same as last time" carries over: the settings, never what happened.
    REPEATED = (
        "cleanse", "peel", "numbing_product", "antiseptic", "device", "cartridge",
        "cartridge_lot", "serum", "serum_lot", "mask", "finishing_product", "actives_pause_days",
    )  # fmt: skip

    @classmethod
    def of(cls, row: TreatmentSession, areas: Iterable[AreaNote]) -> SessionRecord:
        """The record held in a session row and its area rows."""
        values = {f.name: getattr(row, f.name) for f in fields(cls) if f.name != "areas"}
        return cls(**values, areas=tuple(areas))

    def repeated(self) -> SessionRecord:
        """Only what a next session repeats: areas, depths, passes, products and lots."""
        carried = {name: getattr(self, name) for name in self.REPEATED}
        areas = tuple(replace(a, notes="") for a in self.areas)
        return SessionRecord(**carried, areas=areas)


@dataclass(frozen=True)
class SessionSummary:
    """A session as lists show it."""

    id: int
    client_id: int
    plan_id: int | None
    scheduled_at: datetime
    status: SessionStatus
    areas: tuple[str, ...]
    started: bool
    overridden: bool

    def as_json(self) -> dict[str, object]:
        """DESIGN's `sessions --json` shape."""
        return {
            "id": self.id,
            "scheduled_at": self.scheduled_at.isoformat(timespec="minutes"),
            "status": self.status.value.replace("_", "-"),  # DESIGN's words: no-show
            "areas": list(self.areas),
            "plan_id": self.plan_id,
        }


@dataclass(frozen=True)
class PlanProgress:
    """How far a course has come and when the next session falls."""

    plan: TreatmentPlan
    done: int
    next_booked: datetime | None
    next_due: date | None

    @property
    def complete(self) -> bool:
        """All the planned sessions are done."""
        return self.done >= self.plan.sessions_planned

    @property
    def closed(self) -> bool:
        """Ended by hand before (or after) it was complete."""
        return self.plan.closed_on is not None

    def describe(self) -> str:
        """One line: Session 2 of 4 done; next due around 12 Dec 2026."""
        total = self.plan.sessions_planned
        if self.closed:
            return f"Closed on {long_date(self.plan.closed_on)} after {self.done} of {total}."  # type: ignore[arg-type]
        if self.complete:
            return f"All {total} sessions done."
        done = f"Session {self.done} of {total} done" if self.done else f"{total} sessions planned"
        if self.next_booked is not None:
            return f"{done}; next booked {appointment_time(self.next_booked)}."
        if self.next_due is not None:
            return f"{done}; next due around {long_date(self.next_due)}."
        return f"{done}."


@dataclass(frozen=True)
class DueClient:
    """A client whose plan needs its next session booked."""

    client_id: int
    client_name: str
    phone: str
    plan_id: int
    concerns: str
    session_number: int
    sessions_planned: int
    due_on: date


@dataclass(frozen=True)
class DayEntry:
    """One appointment on the day list, with what reception must check."""

    session_id: int
    client_id: int
    client_name: str
    scheduled_at: datetime
    status: SessionStatus
    consent_state: ConsentState
    consent_line: str
    screening: ScreeningResult


def record_product_allergies(record: SessionRecord, allergies: str) -> list[ProductAllergy]:
    """The products `record` names that share a word with one of the client's allergies."""
    found: list[ProductAllergy] = []
    for name in SessionRecord.CHECKED_PRODUCTS:
        numbing = name == "numbing_product"
        found += product_allergies(getattr(record, name), allergies, numbing=numbing)
    return found


def allergy_confirmation_text(matches: list[ProductAllergy]) -> str:
    """What the practitioner confirms, one sentence a match ("" when nothing matches)."""
    return " ".join(match.sentence() for match in matches)


class ProductAllergyNeedsConfirmation(DermaDeskError):
    """Saving was refused: a product shares a word with an allergy, and the practitioner has
    not confirmed going ahead. Save again with `record.allergy_confirmation = confirmation`."""

    def __init__(self, matches: list[ProductAllergy]):
        self.matches = matches
        self.confirmation = allergy_confirmation_text(matches)
        super().__init__(
            f"{self.confirmation} Check the product before using it, and confirm to save."
        )


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


def _areas_of(session: Session, session_ids: Iterable[int]) -> dict[int, list[AreaNote]]:
    found: dict[int, list[AreaNote]] = {}
    ids = list(session_ids)
    for start in range(0, len(ids), 500):  # under SQLite's limit on query variables
        rows = session.exec(
            select(AreaTreatment)
            .where(col(AreaTreatment.session_id).in_(ids[start : start + 500]))
            .order_by(col(AreaTreatment.session_id), col(AreaTreatment.position))
        )
        for row in rows:
            found.setdefault(row.session_id, []).append(
                AreaNote(row.area, row.depth_mm, row.passes, row.end_point, row.notes)
            )
    return found


def _summary(row: TreatmentSession, areas: list[AreaNote]) -> SessionSummary:
    assert row.id is not None
    return SessionSummary(
        id=row.id,
        client_id=row.client_id,
        plan_id=row.plan_id,
        scheduled_at=row.scheduled_at,
        status=SessionStatus(row.status),
        areas=tuple(a.area for a in areas),
        started=row.started_at is not None,
        overridden=bool(row.override_reason) and row.screening_status == Status.BLOCKED.value,
    )


@dataclass(frozen=True)
class PlanDetails:
    """A plan as entered: what for, how many sessions, how far apart, from when."""

    concerns: str
    sessions_planned: int
    interval_weeks: int
    starts_on: date
    notes: str = ""

    def problems(self) -> list[Problem]:
        """Everything wrong with it, in words."""
        found = []
        if not self.concerns.strip():
            found.append(Problem("concerns", "Say what the plan treats (the concerns)."))
        if not 1 <= self.sessions_planned <= MAX_PLAN_SESSIONS:
            found.append(
                Problem("sessions_planned", f"A plan has 1 to {MAX_PLAN_SESSIONS} sessions.")
            )
        if not 1 <= self.interval_weeks <= MAX_INTERVAL_WEEKS:
            found.append(
                Problem("interval_weeks", f"Sessions are 1 to {MAX_INTERVAL_WEEKS} weeks apart.")
            )
        return found


class Sessions:
    """Plans, appointments and session records. Reached as `practice.sessions`."""

    def __init__(
        self,
        store: Store,
        clients: Clients,
        settings: PracticeSettings,
        consents: Consents,
        audit: Audit,
    ):
        self._store = store
        self._audit = audit
        self._clients = clients
        self._settings = settings
        self._consents = consents

    # --- plans ---------------------------------------------------------------------------

    def create_plan(self, client_id: int, details: PlanDetails) -> int:
        """Start a course of treatment for a client; its id."""
        if problems := details.problems():
            raise ValidationError(problems)
        with self._store.writing() as session:
            self._client(session, client_id)
            plan = TreatmentPlan(
                client_id=client_id,
                concerns=details.concerns.strip(),
                sessions_planned=details.sessions_planned,
                interval_weeks=details.interval_weeks,
                starts_on=details.starts_on,
                notes=details.notes.strip(),
            )
            session.add(plan)
            session.flush()
            assert plan.id is not None
            return plan.id

    def update_plan(self, plan_id: int, details: PlanDetails) -> None:
        """Change a plan's concerns, number of sessions, interval or start."""
        if problems := details.problems():
            raise ValidationError(problems)
        with self._store.writing() as session:
            plan = self._plan(session, plan_id)
            plan.concerns = details.concerns.strip()
            plan.sessions_planned = details.sessions_planned
            plan.interval_weeks = details.interval_weeks
            plan.starts_on = details.starts_on
            plan.notes = details.notes.strip()
            plan.updated_at = utc_now()
            session.add(plan)

    def close_plan(self, plan_id: int, on: date | None = None) -> None:
        """End a plan early (the client stopped, or moved on); it leaves the due list."""
        with self._store.writing() as session:
            plan = self._plan(session, plan_id)
            plan.closed_on = on or date.today()
            plan.updated_at = utc_now()
            session.add(plan)

    def plan(self, plan_id: int) -> TreatmentPlan:
        """One plan; NotFoundError if there is none."""
        with self._store.reading() as session:
            return self._plan(session, plan_id)

    def plans(self, client_id: int) -> list[TreatmentPlan]:
        """A client's plans, newest first."""
        with self._store.reading() as session:
            return list(
                session.exec(
                    select(TreatmentPlan)
                    .where(TreatmentPlan.client_id == client_id)
                    .order_by(col(TreatmentPlan.starts_on).desc(), col(TreatmentPlan.id).desc())
                )
            )

    def progress(self, plan_id: int, today: date | None = None) -> PlanProgress:
        """How far plan `plan_id` has come, and when its next session is booked or due."""
        today = today or date.today()
        with self._store.reading() as session:
            plan = self._plan(session, plan_id)
            rows = list(
                session.exec(
                    select(TreatmentSession)
                    .where(TreatmentSession.plan_id == plan_id)
                    .order_by(col(TreatmentSession.scheduled_at))
                )
            )
        return _progress(plan, rows, today)

    def due(self, today: date | None = None, within_days: int = 14) -> list[DueClient]:
        """Clients whose next plan session is due by `within_days` from today and not booked.

        Overdue ones come first (earliest due date first); archived clients and
        closed or complete plans never appear.
        """
        today = today or date.today()
        horizon = today + timedelta(days=within_days)
        with self._store.reading() as session:
            plans = list(
                session.exec(
                    select(TreatmentPlan, Client)
                    .join(Client, col(Client.id) == TreatmentPlan.client_id)
                    .where(col(TreatmentPlan.closed_on).is_(None), col(Client.archived).is_(False))
                )
            )
            plan_ids = [plan.id for plan, _ in plans]
            tallies: dict[int, tuple[int, datetime | None, datetime | None]] = {}
            done = col(TreatmentSession.status) == SessionStatus.DONE.value
            booked = (col(TreatmentSession.status) == SessionStatus.PLANNED.value) & (
                col(TreatmentSession.scheduled_at) >= datetime.combine(today, time.min)
            )
            for start in range(0, len(plan_ids), 500):
                # One row per plan, counted by the database: a long history stays cheap.
                for plan_id, done_count, last_done, next_booked in session.exec(
                    select(
                        TreatmentSession.plan_id,
                        func.sum(case((done, 1), else_=0)),
                        func.max(case((done, TreatmentSession.scheduled_at))),
                        func.min(case((booked, TreatmentSession.scheduled_at))),
                    )
                    .where(col(TreatmentSession.plan_id).in_(plan_ids[start : start + 500]))
                    .group_by(col(TreatmentSession.plan_id))
                ):
                    assert plan_id is not None  # one of plan_ids
                    tallies[plan_id] = (int(done_count or 0), _naive(last_done),
                                        _naive(next_booked))  # fmt: skip
        found = []
        for plan, client in plans:
            assert plan.id is not None and client.id is not None
            progress = _progress_of(plan, *tallies.get(plan.id, (0, None, None)))
            if progress.complete or progress.next_booked or progress.next_due is None:
                continue
            if progress.next_due <= horizon:
                found.append(
                    DueClient(
                        client_id=client.id,
                        client_name=f"{client.first_name} {client.last_name}",
                        phone=client.phone,
                        plan_id=plan.id,
                        concerns=plan.concerns,
                        session_number=progress.done + 1,
                        sessions_planned=plan.sessions_planned,
                        due_on=progress.next_due,
                    )
                )
        found.sort(key=lambda d: (d.due_on, d.client_name))
        return found

    # --- appointments ----------------------------------------------------------------------

    def book(
        self,
        client_id: int,
        at: datetime,
        plan_id: int | None = None,
        duration_minutes: int = 60,
    ) -> int:
        """Book a planned session for `at` (local wall-clock time); its id.

        A plan has one session a day: a second on a day that has one is refused,
        naming it. Overlaps with other appointments are for the caller to warn
        about (see `overlapping`); they are not refused.
        """
        if at.tzinfo is not None:
            raise ValueError("appointments are local wall-clock times, without a time zone")
        if not 10 <= duration_minutes <= 480:
            raise ValidationError([Problem("duration", "A session lasts 10 minutes to 8 hours.")])
        with self._store.writing() as session:
            self._client(session, client_id)
            if plan_id is not None and self._plan(session, plan_id).client_id != client_id:
                raise ValidationError([Problem("plan", "That plan belongs to another client.")])
            self._refuse_second_of_plan(session, plan_id, at.date())
            row = TreatmentSession(
                client_id=client_id,
                plan_id=plan_id,
                scheduled_at=at.replace(second=0, microsecond=0),
                duration_minutes=duration_minutes,
                device=self._settings.device().name,
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            return row.id

    def same_plan_booking(
        self, plan_id: int | None, day: date, leaving_out: int | None = None
    ) -> str:
        """Why plan `plan_id` cannot have another session on `day` ("" when it can)."""
        with self._store.reading() as session:
            try:
                self._refuse_second_of_plan(session, plan_id, day, leaving_out)
            except DermaDeskError as error:
                return str(error)
        return ""

    def overlapping(
        self, at: datetime, duration_minutes: int = 60, leaving_out: int | None = None
    ) -> list[str]:
        """The practitioner's other appointments (any client) that overlap `at` for
        `duration_minutes`, each as "Ana Ruiz, Thu 3 Dec 2026, 10:30 (60 minutes)"."""
        end = at + timedelta(minutes=duration_minutes)
        with self._store.reading() as session:
            rows = session.exec(
                select(TreatmentSession, Client)
                .join(Client, col(Client.id) == TreatmentSession.client_id)
                .where(
                    col(TreatmentSession.status).in_(
                        [SessionStatus.PLANNED.value, SessionStatus.DONE.value]
                    ),
                    col(TreatmentSession.scheduled_at) < end,
                    # no session lasts over 8 hours: the window keeps the query on the index
                    col(TreatmentSession.scheduled_at) > at - timedelta(hours=8),
                )
                .order_by(col(TreatmentSession.scheduled_at))
            )
            return [
                f"{client.first_name} {client.last_name}, {appointment_time(row.scheduled_at)} "
                f"({row.duration_minutes} minutes)"
                for row, client in rows
                if row.id != leaving_out
                and row.scheduled_at + timedelta(minutes=row.duration_minutes) > at
            ]

    def suggested_day(self, client_id: int, plan_id: int | None, today: date) -> date:
        """The day to offer for the next booking: the plan's due day (never before today),
        moved on past any day the client already has a session."""
        suggested = today
        if plan_id is not None:
            due = self.progress(plan_id, today).next_due
            suggested = max(due or today, today)
        taken = {
            s.scheduled_at.date()
            for s in self.for_client(client_id)
            if s.status in (SessionStatus.PLANNED, SessionStatus.DONE)
        }
        while suggested in taken:
            suggested += timedelta(days=1)
        return suggested

    @staticmethod
    def _refuse_second_of_plan(
        session: Session, plan_id: int | None, day: date, leaving_out: int | None = None
    ) -> None:
        if plan_id is None:
            return
        start = datetime.combine(day, time.min)
        existing = session.exec(
            select(TreatmentSession).where(
                TreatmentSession.plan_id == plan_id,
                col(TreatmentSession.status).in_(
                    [SessionStatus.PLANNED.value, SessionStatus.DONE.value]
                ),
                col(TreatmentSession.scheduled_at) >= start,
                col(TreatmentSession.scheduled_at) < start + timedelta(days=1),
                TreatmentSession.id != leaving_out,
            )
        ).first()
        if existing is not None:
            raise DermaDeskError(
                "This plan already has a session that day: "
                f"{appointment_time(existing.scheduled_at)} "
                f"({SessionStatus(existing.status).label.lower()}). "
                "Move that one, or choose another day."
            )

    def reschedule(self, session_id: int, at: datetime) -> None:
        """Move a planned session to another time (a screening run for the old day is undone)."""
        with self._store.writing() as session:
            row = self._session(session, session_id)
            if row.status != SessionStatus.PLANNED:
                raise DermaDeskError(
                    f"Only a planned session can be moved; this one is "
                    f"{SessionStatus(row.status).label.lower()}."
                )
            at = at.replace(second=0, microsecond=0)
            self._refuse_second_of_plan(session, row.plan_id, at.date(), session_id)
            if at.date() != row.scheduled_at.date():
                _forget_start(row)  # the screening was for the other day
            row.scheduled_at = at
            row.updated_at = utc_now()
            session.add(row)

    def set_status(self, session_id: int, status: SessionStatus) -> None:
        """Mark a planned session cancelled or a no-show, or set one back to planned."""
        if status is SessionStatus.DONE:
            raise ValueError("a session is marked done by saving its record: use save()")
        with self._store.writing() as session:
            row = self._session(session, session_id)
            if row.status == SessionStatus.DONE:
                raise DermaDeskError("This session is done and recorded; it cannot be "
                                     f"marked {status.label.lower()}.")  # fmt: skip
            if status is SessionStatus.PLANNED and row.status != SessionStatus.PLANNED:
                _forget_start(row)  # planned again: it is screened again when it starts
            row.status = status.value
            row.updated_at = utc_now()
            session.add(row)
            entry = Entry("session.status", row.client_id, f"session {session_id}", status.label)
            self._audit.add(session, entry)

    def delete_booking(self, session_id: int) -> None:
        """Take back a booking made by mistake: only a planned session never started, with
        nothing recorded, can go; anything else is cancelled instead."""
        with self._store.writing() as session:
            row = self._session(session, session_id)
            areas = _areas_of(session, [session_id]).get(session_id, [])
            noted = SessionRecord.of(row, areas) != SessionRecord(device=row.device)
            if row.status != SessionStatus.PLANNED or row.started_at is not None or noted:
                raise DermaDeskError(
                    "This session was started or has notes; mark it cancelled instead."
                )
            session.delete(row)

    # --- the session itself ----------------------------------------------------------------

    def start(
        self, session_id: int, reason: str = "", by: str = "", today: date | None = None
    ) -> ScreeningResult:
        """Run the screening for the session's day before treating.

        Only a planned session booked for today or an earlier day (a record
        entered afterwards) can start, once. Any finding raises
        ScreeningNeedsReason unless `reason` says why the practitioner goes
        ahead: a block needs an override, a warning their judgement. The
        result, the reason and who gave it are kept with the session.
        """
        today = today or date.today()
        with self._store.reading() as session:
            row = self._session(session, session_id)
        if row.status != SessionStatus.PLANNED:
            raise DermaDeskError(
                f"This session is {SessionStatus(row.status).label.lower()}; "
                "only a planned session can be started."
            )
        if row.started_at is not None:
            raise DermaDeskError("This session was started already; its screening is recorded.")
        day = row.scheduled_at.date()
        if day > today:
            raise DermaDeskError(
                f"This session is booked for {appointment_time(row.scheduled_at)}. Move it to "
                "today (or use Treat now) to treat the client today."
            )
        result = self.screening_for(row.client_id, day, session_id)
        reason = reason.strip()
        if result.status is not Status.CLEAR and not reason:
            raise ScreeningNeedsReason(result)
        if result.status is not Status.CLEAR and (problem := reason_problem(reason)):
            raise ValidationError([Problem("reason", problem)])
        with self._store.writing() as session:
            row = self._session(session, session_id)
            if row.started_at is not None:  # started elsewhere meanwhile
                raise DermaDeskError("This session was started already; its screening is recorded.")
            row.started_at = utc_now()
            row.screening_status = result.status.value
            row.screening_findings = json.dumps(result.as_json()["findings"], ensure_ascii=False)
            row.override_reason = reason if result.status is not Status.CLEAR else ""
            row.overridden_by = by.strip() if row.override_reason else ""
            row.updated_at = utc_now()
            session.add(row)
            detail = f"screening {result.status.value}" + (f"; reason: {reason}" if reason else "")
            self._audit.add(
                session, Entry("session.started", row.client_id, f"session {session_id}", detail)
            )
        return result

    def screening_for(
        self,
        client_id: int,
        on: date,
        session_id: int | None = None,
        settings: ScreeningSettings | None = None,
    ) -> ScreeningResult:
        """The screening verdict for client `client_id` on day `on`, for session `session_id`
        (else for a treatment that day under the client's open plan). A caller screening
        many (the day list) passes the practice's `settings` once."""
        settings = settings or self._settings.screening()
        with self._store.reading() as session:  # one snapshot; plain SQL (see _LAST_DONE)
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

    def save(
        self, session_id: int, record: SessionRecord, done: bool = False, by: str = ""
    ) -> None:
        """Keep what the session recorded; with `done`, mark it done.

        A session is marked done only once started (screened); areas must be
        known ones, each once, at a depth the device allows. A product that
        shares a word with the client's allergies needs the practitioner's
        confirmation (ProductAllergyNeedsConfirmation until given; `by` is who).
        """
        recorded = set(self.record(session_id).areas)
        if problems := self.record_problems(record, recorded):
            raise ValidationError(problems)
        with self._store.writing() as session:
            row = self._session(session, session_id)
            if done and row.started_at is None:
                raise DermaDeskError(
                    "Start the session first: the screening for its day has not been run."
                )
            if row.status in (SessionStatus.CANCELLED, SessionStatus.NO_SHOW):
                raise DermaDeskError(
                    f"This session is marked {SessionStatus(row.status).label.lower()}; "
                    "set it back to planned before recording it."
                )
            if (done or row.status == SessionStatus.DONE) and not record.areas:
                # A done session counts toward its plan: it must say what was treated.
                raise ValidationError([Problem("areas", NO_AREAS)])
            allergies = self._client(session, row.client_id).allergies
            matches = record_product_allergies(record, allergies)
            confirmation = allergy_confirmation_text(matches)
            if confirmation and record.allergy_confirmation != confirmation:
                raise ProductAllergyNeedsConfirmation(matches)
            record = replace(record, allergy_confirmation=confirmation)
            previous_confirmation = row.allergy_confirmation
            for name in (f.name for f in fields(SessionRecord) if f.name != "areas"):
                value = getattr(record, name)
                setattr(row, name, value.strip() if isinstance(value, str) else value)
            newly_confirmed = bool(confirmation) and confirmation != previous_confirmation
            if newly_confirmed or not confirmation:
                row.allergy_confirmed_by = by.strip() if confirmation else ""
            if done:
                row.status = SessionStatus.DONE.value
            row.updated_at = utc_now()
            session.add(row)
            for old in session.exec(
                select(AreaTreatment).where(AreaTreatment.session_id == session_id)
            ):
                session.delete(old)
            session.flush()  # the old rows go before new ones take their (session, area) slot
            for position, note in enumerate(record.areas):
                session.add(
                    AreaTreatment(
                        session_id=session_id,
                        position=position,
                        area=note.area,
                        depth_mm=round(note.depth_mm, 2),
                        passes=note.passes,
                        end_point=note.end_point.strip(),
                        notes=note.notes.strip(),
                    )
                )
            areas = ", ".join(area_name(note.area) for note in record.areas) or "no areas"
            detail = ("marked done; " if done else "") + areas
            if newly_confirmed:
                detail += f"; allergy check confirmed: {confirmation}"
            self._audit.add(
                session, Entry("session.saved", row.client_id, f"session {session_id}", detail)
            )

    def record_problems(
        self, record: SessionRecord, recorded: set[AreaNote] | frozenset[AreaNote] = frozenset()
    ) -> list[Problem]:
        """Everything wrong with a session record, in words, each naming its area.

        A row already `recorded` as it is keeps its depth even when the device's
        range has changed since: the record says what was done then.
        """
        device = self._settings.device()
        low, high = device.min_depth_mm, device.max_depth_mm
        found: list[Problem] = []
        seen: set[str] = set()
        for note in record.areas:
            name = area_name(note.area)
            if note.area not in AREAS:
                found.append(Problem(note.area, f"“{note.area}” is not an area DermaDesk knows."))
            if note.area in seen:
                found.append(Problem(note.area, f"{name} is listed twice."))
            seen.add(note.area)
            if not low <= note.depth_mm <= high and note not in recorded:
                found.append(
                    Problem(
                        note.area,
                        f"{name}: a needle depth of {note.depth_mm:g} mm is outside the device's "
                        f"range of {low:g} to {high:g} mm.",
                    )
                )
            if not 1 <= note.passes <= MAX_PASSES:
                found.append(Problem(note.area, f"{name}: passes should be 1 to {MAX_PASSES}."))
        if record.numbing_on and record.numbing_off and record.numbing_off < record.numbing_on:
            found.append(Problem("numbing_off", "The numbing cream came off before it went on."))
        if not 0 <= record.actives_pause_days <= 60:
            found.append(
                Problem("actives_pause_days", "Holding off retinol and AHA: 0 to 60 days.")
            )
        return found

    def get(self, session_id: int) -> TreatmentSession:
        """One session's row; NotFoundError if there is none."""
        with self._store.reading() as session:
            return self._session(session, session_id)

    def record(self, session_id: int) -> SessionRecord:
        """What session `session_id` recorded, areas included."""
        with self._store.reading() as session:
            row = self._session(session, session_id)
            areas = _areas_of(session, [session_id]).get(session_id, [])
        return SessionRecord.of(row, areas)

    def summary(self, session_id: int) -> SessionSummary:
        """One session as lists show it."""
        with self._store.reading() as session:
            row = self._session(session, session_id)
            return _summary(row, _areas_of(session, [session_id]).get(session_id, []))

    def for_client(self, client_id: int) -> list[SessionSummary]:
        """A client's sessions, newest first."""
        with self._store.reading() as session:
            self._client(session, client_id)
            rows = list(
                session.exec(
                    select(TreatmentSession)
                    .where(TreatmentSession.client_id == client_id)
                    .order_by(
                        col(TreatmentSession.scheduled_at).desc(), col(TreatmentSession.id).desc()
                    )
                )
            )
            areas = _areas_of(session, [r.id for r in rows if r.id is not None])
        return [_summary(row, areas.get(row.id, [])) for row in rows if row.id is not None]

    def previous_record(self, session_id: int) -> tuple[SessionSummary, SessionRecord] | None:
        """The client's last done session before this one, for "same as last time"."""
        with self._store.reading() as session:
            current = self._session(session, session_id)
            previous = session.exec(
                select(TreatmentSession)
                .where(
                    TreatmentSession.client_id == current.client_id,
                    TreatmentSession.status == SessionStatus.DONE.value,
                    TreatmentSession.id != session_id,
                    col(TreatmentSession.scheduled_at) <= current.scheduled_at,
                )
                .order_by(
                    col(TreatmentSession.scheduled_at).desc(), col(TreatmentSession.id).desc()
                )
                .limit(1)
            ).first()
            if previous is None or previous.id is None:
                return None
            areas = _areas_of(session, [previous.id]).get(previous.id, [])
        return _summary(previous, areas), SessionRecord.of(previous, areas)

    def next_appointment(self, session_id: int) -> datetime | None:
        """The client's next planned session after this one, if booked."""
        with self._store.reading() as session:
            current = self._session(session, session_id)
            return session.exec(
                select(TreatmentSession.scheduled_at)
                .where(
                    TreatmentSession.client_id == current.client_id,
                    TreatmentSession.status == SessionStatus.PLANNED.value,
                    col(TreatmentSession.scheduled_at) > current.scheduled_at,
                )
                .order_by(col(TreatmentSession.scheduled_at))
                .limit(1)
            ).first()

    def day(self, on: date, include_cancelled: bool = False) -> list[DayEntry]:
        """The appointments of day `on` in time order, each with its consent and screening."""
        start = datetime.combine(on, time.min)
        with self._store.reading() as session:
            query = (
                select(TreatmentSession, Client)
                .join(Client, col(Client.id) == TreatmentSession.client_id)
                .where(
                    col(TreatmentSession.scheduled_at) >= start,
                    col(TreatmentSession.scheduled_at) < start + timedelta(days=1),
                )
                .order_by(col(TreatmentSession.scheduled_at), col(TreatmentSession.id))
            )
            if not include_cancelled:
                query = query.where(TreatmentSession.status != SessionStatus.CANCELLED.value)
            rows = list(session.exec(query))
        entries = []
        settings = self._settings.screening()
        for row, client in rows:
            assert row.id is not None and client.id is not None
            # Once started, what was found and accepted then; before, the screening for the day.
            screening = screening_at_start(row) or self.screening_for(
                client.id, on, row.id, settings
            )
            consent = self._consents.status(client.id, TREATMENT, on)
            entries.append(
                DayEntry(
                    session_id=row.id,
                    client_id=client.id,
                    client_name=f"{client.first_name} {client.last_name}",
                    scheduled_at=row.scheduled_at,
                    status=SessionStatus(row.status),
                    consent_state=consent.state,
                    consent_line=consent.describe(),
                    screening=screening,
                )
            )
        return entries

    # --- rows ------------------------------------------------------------------------------

    @staticmethod
    def _client(session: Session, client_id: int) -> Client:
        return Clients._get(session, client_id)

    @staticmethod
    def _plan(session: Session, plan_id: int) -> TreatmentPlan:
        return _row(session, TreatmentPlan, plan_id, "treatment plan")

    @staticmethod
    def _session(session: Session, session_id: int) -> TreatmentSession:
        return _row(session, TreatmentSession, session_id, "session")


_Row = TypeVar("_Row", TreatmentPlan, TreatmentSession)


def _row(session: Session, model: type[_Row], key: int, what: str) -> _Row:
    """Row `key` of `model`, or NotFoundError naming it as the user knows it."""
    row = session.get(model, key)
    if row is None:
        raise NotFoundError(f"There is no {what} with id {key}.")
    return row


def _forget_start(row: TreatmentSession) -> None:
    """Undo a start: the session will be screened (and reasons given) again when it starts."""
    row.started_at = None
    row.screening_status = ""
    row.screening_findings = ""
    row.override_reason = ""
    row.overridden_by = ""


def _naive(value: datetime | str | None) -> datetime | None:
    """A wall-clock time from an aggregate (SQLite hands MAX and MIN back as text)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def _progress(
    plan: TreatmentPlan, sessions: Sequence[TreatmentSession], today: date
) -> PlanProgress:
    """Progress from a plan's sessions, in any order."""
    done = [s.scheduled_at for s in sessions if s.status == SessionStatus.DONE]
    booked = [
        s.scheduled_at
        for s in sessions
        if s.status == SessionStatus.PLANNED and s.scheduled_at.date() >= today
    ]
    return _progress_of(plan, len(done), max(done, default=None), min(booked, default=None))


def _progress_of(
    plan: TreatmentPlan, done: int, last_done: datetime | None, next_booked: datetime | None
) -> PlanProgress:
    """The next session is due an interval after the last done one, or on the plan's start
    before the first; a future booking answers instead."""
    if done >= plan.sessions_planned or plan.closed_on is not None:
        next_due = None
    elif last_done is not None:
        next_due = last_done.date() + timedelta(weeks=plan.interval_weeks)
    else:
        next_due = plan.starts_on
    return PlanProgress(plan=plan, done=done, next_booked=next_booked, next_due=next_due)
