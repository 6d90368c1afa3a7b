"""Treatment plans: a course of so many sessions, so many weeks apart, and how far it has
come."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from dermadesk.core.clients import client_row
from dermadesk.core.dates import long_date
from dermadesk.core.db import Store
from dermadesk.core.errors import Difference, NotFoundError, Problem, ValidationError
from dermadesk.core.models import TreatmentPlan, TreatmentSession
from dermadesk.core.records import Plan
from dermadesk.core.row_versions import differences, flush_checked, refuse_if_changed
from dermadesk.core.session_records import SessionStatus, appointment_time
from dermadesk.core.text_rules import free_text_problem

MAX_PLAN_SESSIONS = 24
MAX_INTERVAL_WEEKS = 52
# Each detail as the plan dialog labels it: what a refused save lists as differing.
PLAN_LABELS = {
    "concerns": "Concerns",
    "sessions_planned": "Sessions",
    "interval_weeks": "Interval (weeks)",
    "starts_on": "Starts on",
    "notes": "Notes",
}


def plan_title(plan: Plan) -> str:
    """A plan named by its concerns, as a heading: Acne scars, rosacea."""
    return plan.concerns[:1].upper() + plan.concerns[1:]


@dataclass(frozen=True)
class PlanDetails:
    """A plan as entered: what for, how many sessions, how far apart, from when."""

    concerns: str
    sessions_planned: int
    interval_weeks: int
    starts_on: date
    notes: str = ""

    @classmethod
    def of(cls, plan: Plan) -> PlanDetails:
        """The details as they stand in a stored plan."""
        return cls(**{f.name: getattr(plan, f.name) for f in fields(cls)})

    def stripped(self) -> dict[str, object]:
        """The details as saved: free text without stray spaces."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}

    def problems(self) -> list[Problem]:
        """Everything wrong with it, in words."""
        found = []
        if not self.concerns.strip():
            found.append(Problem("concerns", "Say what the plan treats (the concerns)."))
        # Free text, not one line: the concerns are often carried over from the client's file.
        for name, label in (("concerns", "The plan's concerns"), ("notes", "The plan's notes")):
            if message := free_text_problem(getattr(self, name), label):
                found.append(Problem(name, message))
        if not 1 <= self.sessions_planned <= MAX_PLAN_SESSIONS:
            found.append(
                Problem("sessions_planned", f"A plan has 1 to {MAX_PLAN_SESSIONS} sessions.")
            )
        if not 1 <= self.interval_weeks <= MAX_INTERVAL_WEEKS:
            found.append(
                Problem("interval_weeks", f"Sessions are 1 to {MAX_INTERVAL_WEEKS} weeks apart.")
            )
        return found


@dataclass(frozen=True)
class PlanProgress:
    """How far a course has come and when the next session falls."""

    plan: Plan
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


def plan_row(session: Session, plan_id: int) -> TreatmentPlan:
    """Plan `plan_id`'s row, or NotFoundError naming it as the user knows it."""
    plan = session.get(TreatmentPlan, plan_id)
    if plan is None:
        raise NotFoundError(f"There is no treatment plan with id {plan_id}.")
    return plan


class Plans:
    """A client's courses of treatment: create, change, close, and their progress."""

    def __init__(self, store: Store):
        self._store = store

    def create(self, client_id: int, details: PlanDetails) -> int:
        """Start a course of treatment for a client; its id."""
        if problems := details.problems():
            raise ValidationError(problems)
        with self._store.writing() as session:
            client_row(session, client_id)
            plan = TreatmentPlan(
                client_id=client_id,
                concerns=details.concerns.strip(),
                sessions_planned=details.sessions_planned,
                interval_weeks=details.interval_weeks,
                starts_on=details.starts_on,
                notes=details.notes.strip(),
                created_at=self._store.clock.now(),
                updated_at=self._store.clock.now(),
            )
            session.add(plan)
            session.flush()
            assert plan.id is not None
            return plan.id

    def update(self, plan_id: int, details: PlanDetails, version: int | None = None) -> None:
        """Change a plan's concerns, number of sessions, interval or start; ChangedElsewhere
        when the plan is no longer at the `version` the editor loaded."""
        if problems := details.problems():
            raise ValidationError(problems)
        mine = details.stripped()
        with self._store.writing() as session:
            plan = plan_row(session, plan_id)

            def found() -> list[Difference]:
                stored = PlanDetails.of(Plan.of(plan)).stripped()
                return differences(PLAN_LABELS, stored, mine)

            target = f"plan {plan_id}"
            refuse_if_changed(session, self._store, plan, version, "the plan", target, found)
            for name, value in mine.items():
                setattr(plan, name, value)
            plan.updated_at = self._store.clock.now()
            session.add(plan)
            flush_checked(session, self._store, plan, "the plan", target, found)

    def close(self, plan_id: int, on: date | None = None) -> None:
        """End a plan early (the client stopped, or moved on); it leaves the due list."""
        with self._store.writing() as session:
            plan = plan_row(session, plan_id)
            plan.closed_on = on or self._store.clock.today()
            plan.updated_at = self._store.clock.now()
            session.add(plan)

    def get(self, plan_id: int) -> TreatmentPlan:
        """One plan; NotFoundError if there is none."""
        with self._store.reading() as session:
            return plan_row(session, plan_id)

    def for_client(self, client_id: int) -> list[TreatmentPlan]:
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
        today = today or self._store.clock.today()
        with self._store.reading() as session:
            plan = plan_row(session, plan_id)
            rows = list(
                session.exec(
                    select(TreatmentSession)
                    .where(TreatmentSession.plan_id == plan_id)
                    .order_by(col(TreatmentSession.scheduled_at))
                )
            )
        return progress_of_sessions(plan, rows, today)


def progress_of_sessions(
    plan: TreatmentPlan, sessions: Sequence[TreatmentSession], today: date
) -> PlanProgress:
    """Progress from a plan's sessions, in any order."""
    done = [s.scheduled_at for s in sessions if s.status == SessionStatus.DONE]
    booked = [
        s.scheduled_at
        for s in sessions
        if s.status == SessionStatus.PLANNED and s.scheduled_at.date() >= today
    ]
    return progress_of(plan, len(done), max(done, default=None), min(booked, default=None))


def progress_of(
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
    return PlanProgress(plan=Plan.of(plan), done=done, next_booked=next_booked, next_due=next_due)
