"""The day list and who is due: the appointments of a day with what reception must check,
and the clients whose plan needs its next session booked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import case, func
from sqlmodel import col, select

from dermadesk.core.consent import Consents
from dermadesk.core.consent_status import TREATMENT, ConsentState
from dermadesk.core.db import Store
from dermadesk.core.models import Client, TreatmentPlan, TreatmentSession
from dermadesk.core.plans import progress_of
from dermadesk.core.screening_rules import ScreeningResult
from dermadesk.core.session_records import SessionStatus
from dermadesk.core.session_screening import screening_at_start, screening_for
from dermadesk.core.settings import PracticeSettings


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


class DayList:
    """The day's appointments and the clients due a booking."""

    def __init__(self, store: Store, settings: PracticeSettings, consents: Consents):
        self._store = store
        self._settings = settings
        self._consents = consents

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
            screening = screening_at_start(row) or screening_for(
                self._store, settings, client.id, on, row.id
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

    def due(self, today: date | None = None, within_days: int = 14) -> list[DueClient]:
        """Clients whose next plan session is due by `within_days` from today and not booked.

        Overdue ones come first (earliest due date first); archived clients and
        closed or complete plans never appear.
        """
        today = today or self._store.clock.today()
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
            progress = progress_of(plan, *tallies.get(plan.id, (0, None, None)))
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


def _naive(value: datetime | str | None) -> datetime | None:
    """A wall-clock time from an aggregate (SQLite hands MAX and MIN back as text)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)
