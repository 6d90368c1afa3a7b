"""Appointments: booking, moving, cancelling and taking back a booking, and the checks
that go with them (one session a day per plan; overlaps to warn about)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from dermadesk.core.audit import Audit, Entry
from dermadesk.core.clients import client_row
from dermadesk.core.db import Store
from dermadesk.core.errors import DermaDeskError, Problem, ValidationError
from dermadesk.core.models import Client, TreatmentSession
from dermadesk.core.plans import plan_row
from dermadesk.core.session_records import (
    SessionRecord,
    SessionStatus,
    appointment_time,
    areas_of,
    session_row,
)
from dermadesk.core.settings import PracticeSettings


class Bookings:
    """The practice's appointments, as booked, moved, cancelled or taken back."""

    def __init__(self, store: Store, settings: PracticeSettings, audit: Audit):
        self._store = store
        self._settings = settings
        self._audit = audit

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
            client_row(session, client_id)
            if plan_id is not None and plan_row(session, plan_id).client_id != client_id:
                raise ValidationError([Problem("plan", "That plan belongs to another client.")])
            _refuse_second_of_plan(session, plan_id, at.date())
            row = TreatmentSession(
                client_id=client_id,
                plan_id=plan_id,
                scheduled_at=at.replace(second=0, microsecond=0),
                duration_minutes=duration_minutes,
                device=self._settings.device().name,
                created_at=self._store.clock.now(),
                updated_at=self._store.clock.now(),
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
                _refuse_second_of_plan(session, plan_id, day, leaving_out)
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

    def reschedule(self, session_id: int, at: datetime) -> None:
        """Move a planned session to another time (a screening run for the old day is undone)."""
        with self._store.writing() as session:
            row = session_row(session, session_id)
            if row.status != SessionStatus.PLANNED:
                raise DermaDeskError(
                    f"Only a planned session can be moved; this one is "
                    f"{SessionStatus(row.status).label.lower()}."
                )
            at = at.replace(second=0, microsecond=0)
            _refuse_second_of_plan(session, row.plan_id, at.date(), session_id)
            if at.date() != row.scheduled_at.date():
                _forget_start(row)  # the screening was for the other day
            row.scheduled_at = at
            row.updated_at = self._store.clock.now()
            session.add(row)

    def set_status(self, session_id: int, status: SessionStatus) -> None:
        """Mark a planned session cancelled or a no-show, or set one back to planned."""
        if status is SessionStatus.DONE:
            raise ValueError("a session is marked done by saving its record: use save()")
        with self._store.writing() as session:
            row = session_row(session, session_id)
            if row.status == SessionStatus.DONE:
                raise DermaDeskError("This session is done and recorded; it cannot be "
                                     f"marked {status.label.lower()}.")  # fmt: skip
            if status is SessionStatus.PLANNED and row.status != SessionStatus.PLANNED:
                _forget_start(row)  # planned again: it is screened again when it starts
            row.status = status.value
            row.updated_at = self._store.clock.now()
            session.add(row)
            entry = Entry("session.status", row.client_id, f"session {session_id}", status.label)
            self._audit.add(session, entry)

    def delete_booking(self, session_id: int) -> None:
        """Take back a booking made by mistake: only a planned session never started, with
        nothing recorded, can go; anything else is cancelled instead."""
        with self._store.writing() as session:
            row = session_row(session, session_id)
            areas = areas_of(session, [session_id]).get(session_id, [])
            noted = SessionRecord.of(row, areas) != SessionRecord(device=row.device)
            if row.status != SessionStatus.PLANNED or row.started_at is not None or noted:
                raise DermaDeskError(
                    "This session was started or has notes; mark it cancelled instead."
                )
            session.delete(row)


def _forget_start(row: TreatmentSession) -> None:
    """Undo a start: the session will be screened (and reasons given) again when it starts."""
    row.started_at = None
    row.screening_status = ""
    row.screening_findings = ""
    row.override_reason = ""
    row.overridden_by = ""


def _refuse_second_of_plan(
    session: Session, plan_id: int | None, day: date, leaving_out: int | None = None
) -> None:
    """Refuse, naming it, a second planned or done session of plan `plan_id` on `day`."""
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
