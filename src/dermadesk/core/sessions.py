"""Sessions, reached as `practice.sessions`: starting and saving a session, and reading
what sessions recorded; plans (plans.py), bookings (bookings.py) and the day list
(day_list.py) are composed here under the same names.

Starting a session runs the screening for its date; a blocking finding stops it unless
the practitioner overrides it with a reason, and both the result and the reason stay
with the session.
"""

from __future__ import annotations

import json
from dataclasses import fields, replace
from datetime import date, datetime, timedelta

from sqlmodel import col, select

from dermadesk.core.areas import area_name
from dermadesk.core.audit import Audit, Entry
from dermadesk.core.bookings import Bookings
from dermadesk.core.clients import Clients, client_row
from dermadesk.core.consent import Consents
from dermadesk.core.day_list import DayEntry, DayList, DueClient
from dermadesk.core.db import Store
from dermadesk.core.errors import DermaDeskError, Difference, Problem, ValidationError
from dermadesk.core.models import AreaTreatment, SessionRecordColumns, TreatmentSession
from dermadesk.core.plans import PlanDetails, PlanProgress, Plans
from dermadesk.core.records import Appointment, Plan
from dermadesk.core.row_versions import flush_checked, refuse_if_changed
from dermadesk.core.screening_rules import ScreeningResult, ScreeningSettings, Status
from dermadesk.core.session_changes import record_differences
from dermadesk.core.session_records import (
    NO_AREAS,
    AreaNote,
    ProductAllergyNeedsConfirmation,
    SessionRecord,
    SessionStatus,
    SessionSummary,
    allergy_confirmation_text,
    appointment_time,
    areas_of,
    record_problems,
    record_product_allergies,
    session_row,
    summary_of,
)
from dermadesk.core.session_screening import ScreeningNeedsReason, reason_problem, screening_for
from dermadesk.core.settings import PracticeSettings


class Sessions:
    """Plans, appointments and session records. Reached as `practice.sessions`.

    Starting and saving a session live here; plans, bookings and the day list are their
    own services, reached through the same names as before.
    """

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
        self._plans = Plans(store)
        self._bookings = Bookings(store, settings, audit)
        self._day_list = DayList(store, settings, consents)

    # --- plans ---------------------------------------------------------------------------

    def create_plan(self, client_id: int, details: PlanDetails) -> int:
        """Start a course of treatment for a client; its id."""
        return self._plans.create(client_id, details)

    def update_plan(self, plan_id: int, details: PlanDetails, version: int | None = None) -> None:
        """Change a plan's concerns, number of sessions, interval or start (ChangedElsewhere
        when it is no longer at the `version` the editor loaded)."""
        self._plans.update(plan_id, details, version)

    def close_plan(self, plan_id: int, on: date | None = None) -> None:
        """End a plan early (the client stopped, or moved on); it leaves the due list."""
        self._plans.close(plan_id, on)

    def plan(self, plan_id: int) -> Plan:
        """One plan; NotFoundError if there is none."""
        return Plan.of(self._plans.get(plan_id))

    def plans(self, client_id: int) -> list[Plan]:
        """A client's plans, newest first."""
        return [Plan.of(row) for row in self._plans.for_client(client_id)]

    def progress(self, plan_id: int, today: date | None = None) -> PlanProgress:
        """How far plan `plan_id` has come, and when its next session is booked or due."""
        return self._plans.progress(plan_id, today)

    # --- the day list ----------------------------------------------------------------------

    def due(self, today: date | None = None, within_days: int = 14) -> list[DueClient]:
        """Clients whose next plan session is due within `within_days` and not booked."""
        return self._day_list.due(today, within_days)

    def day(self, on: date, include_cancelled: bool = False) -> list[DayEntry]:
        """The appointments of day `on` in time order, each with its consent and screening."""
        return self._day_list.day(on, include_cancelled)

    # --- appointments ----------------------------------------------------------------------

    def book(
        self,
        client_id: int,
        at: datetime,
        plan_id: int | None = None,
        duration_minutes: int = 60,
    ) -> int:
        """Book a planned session for `at` (local wall-clock time); its id."""
        return self._bookings.book(client_id, at, plan_id, duration_minutes)

    def same_plan_booking(
        self, plan_id: int | None, day: date, leaving_out: int | None = None
    ) -> str:
        """Why plan `plan_id` cannot have another session on `day` ("" when it can)."""
        return self._bookings.same_plan_booking(plan_id, day, leaving_out)

    def overlapping(
        self, at: datetime, duration_minutes: int = 60, leaving_out: int | None = None
    ) -> list[str]:
        """The practitioner's other appointments that overlap `at` for `duration_minutes`."""
        return self._bookings.overlapping(at, duration_minutes, leaving_out)

    def reschedule(self, session_id: int, at: datetime) -> None:
        """Move a planned session to another time (a screening run for the old day is undone)."""
        self._bookings.reschedule(session_id, at)

    def set_status(self, session_id: int, status: SessionStatus) -> None:
        """Mark a planned session cancelled or a no-show, or set one back to planned."""
        self._bookings.set_status(session_id, status)

    def delete_booking(self, session_id: int) -> None:
        """Take back a booking made by mistake (only one never started, with nothing noted)."""
        self._bookings.delete_booking(session_id)

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
        today = today or self._store.clock.today()
        with self._store.reading() as session:
            row = session_row(session, session_id)
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
            row = session_row(session, session_id)
            if row.started_at is not None:  # started elsewhere meanwhile
                raise DermaDeskError("This session was started already; its screening is recorded.")
            row.started_at = self._store.clock.now()
            row.screening_status = result.status.value
            row.screening_findings = json.dumps(result.as_json()["findings"], ensure_ascii=False)
            row.override_reason = reason if result.status is not Status.CLEAR else ""
            row.overridden_by = by.strip() if row.override_reason else ""
            row.updated_at = self._store.clock.now()
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
        many passes the practice's `settings` once."""
        settings = settings or self._settings.screening()
        return screening_for(self._store, settings, client_id, on, session_id)

    def save(
        self,
        session_id: int,
        record: SessionRecord,
        done: bool = False,
        by: str = "",
        version: int | None = None,
    ) -> None:
        """Keep what the session recorded; with `done`, mark it done. ChangedElsewhere when
        the session is no longer at the `version` the editor loaded.

        A session is marked done only once started (screened); areas must be
        known ones, each once, at a depth the device allows. A product that
        shares a word with the client's allergies needs the practitioner's
        confirmation (ProductAllergyNeedsConfirmation until given; `by` is who).
        """
        recorded = set(self.record(session_id).areas)
        if problems := self.record_problems(record, recorded):
            raise ValidationError(problems)
        with self._store.writing() as session:
            row = session_row(session, session_id)

            def found() -> list[Difference]:
                saved = SessionRecord.of(row, areas_of(session, [session_id]).get(session_id, []))
                return record_differences(saved, record)

            target = f"session {session_id}"
            refuse_if_changed(session, self._store, row, version, "the session", target, found)
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
            allergies = client_row(session, row.client_id).allergies
            matches = record_product_allergies(record, allergies)
            confirmation = allergy_confirmation_text(matches)
            if confirmation and record.allergy_confirmation != confirmation:
                raise ProductAllergyNeedsConfirmation(matches)
            record = replace(record, allergy_confirmation=confirmation)
            previous_confirmation = row.allergy_confirmation
            for name in (f.name for f in fields(SessionRecordColumns)):
                value = getattr(record, name)
                setattr(row, name, value.strip() if isinstance(value, str) else value)
            newly_confirmed = bool(confirmation) and confirmation != previous_confirmation
            if newly_confirmed or not confirmation:
                row.allergy_confirmed_by = by.strip() if confirmation else ""
            if done:
                row.status = SessionStatus.DONE.value
            row.updated_at = self._store.clock.now()
            session.add(row)
            for old in session.exec(
                select(AreaTreatment).where(AreaTreatment.session_id == session_id)
            ):
                session.delete(old)
            # The old rows go before new ones take their (session, area) slot.
            flush_checked(session, self._store, row, "the session", target, found)
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
        """Everything wrong with a session record, in words, each naming its area (a row
        already `recorded` as it is keeps its depth though the device's range changed)."""
        return record_problems(record, self._settings.device(), recorded)

    def get(self, session_id: int) -> Appointment:
        """One session as stored, without its areas; NotFoundError if there is none."""
        with self._store.reading() as session:
            return Appointment.of(session_row(session, session_id))

    def record(self, session_id: int) -> SessionRecord:
        """What session `session_id` recorded, areas included."""
        with self._store.reading() as session:
            row = session_row(session, session_id)
            areas = areas_of(session, [session_id]).get(session_id, [])
        return SessionRecord.of(row, areas)

    def summary(self, session_id: int) -> SessionSummary:
        """One session as lists show it."""
        with self._store.reading() as session:
            row = session_row(session, session_id)
            return summary_of(row, areas_of(session, [session_id]).get(session_id, []))

    def for_client(self, client_id: int) -> list[SessionSummary]:
        """A client's sessions, newest first."""
        with self._store.reading() as session:
            client_row(session, client_id)
            rows = list(
                session.exec(
                    select(TreatmentSession)
                    .where(TreatmentSession.client_id == client_id)
                    .order_by(
                        col(TreatmentSession.scheduled_at).desc(), col(TreatmentSession.id).desc()
                    )
                )
            )
            areas = areas_of(session, [r.id for r in rows if r.id is not None])
        return [summary_of(row, areas.get(row.id, [])) for row in rows if row.id is not None]

    def previous_record(self, session_id: int) -> tuple[SessionSummary, SessionRecord] | None:
        """The client's last done session before this one, for "same as last time"."""
        with self._store.reading() as session:
            current = session_row(session, session_id)
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
            areas = areas_of(session, [previous.id]).get(previous.id, [])
        return summary_of(previous, areas), SessionRecord.of(previous, areas)

    def next_appointment(self, session_id: int) -> datetime | None:
        """The client's next planned session after this one, if booked."""
        with self._store.reading() as session:
            current = session_row(session, session_id)
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
