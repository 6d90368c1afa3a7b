"""Plans, appointments and session records on a real practice database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from dermadesk.core.clock import FixedClock
from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import TREATMENT, ConsentState
from dermadesk.core.errors import DermaDeskError, ValidationError
from dermadesk.core.plans import PlanDetails
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.session_records import AreaNote, SessionRecord, SessionStatus
from dermadesk.core.session_screening import ScreeningNeedsReason, screening_at_start
from dermadesk.core.settings import DeviceSettings
from tests.helpers import TEST_NOW, details, open_practice, signature
from tests.shared_practices import per_store, shared_practice

pytestmark = pytest.mark.both_stores

TODAY = date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _on_the_day(clock: FixedClock) -> None:
    """These tests are written for TODAY: the practice's clock says it is that day (at the
    suite's time of day)."""
    clock.set(datetime.combine(TODAY, TEST_NOW.time()))


TREATED = SessionRecord(areas=(AreaNote("forehead", 0.5, 2),))


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def clear_answers(on: date = TODAY) -> ScreeningAnswers:
    return ScreeningAnswers(answered_on=on)


@pytest.fixture
def client(practice: Practice) -> int:
    return practice.clients.create(details(), clear_answers())


def four_sessions_monthly(on: date = TODAY) -> PlanDetails:
    return PlanDetails("acne scars", sessions_planned=4, interval_weeks=4, starts_on=on)


def do_session(practice: Practice, session_id: int, record: SessionRecord | None = None) -> None:
    practice.sessions.start(session_id, today=TODAY)
    practice.sessions.save(session_id, record or TREATED, done=True)


# --- plans -------------------------------------------------------------------------------


def test_a_new_plan_is_due_on_its_start_day(practice: Practice, client: int) -> None:
    plan = practice.sessions.create_plan(client, four_sessions_monthly(TODAY))
    progress = practice.sessions.progress(plan, TODAY)
    assert (progress.done, progress.next_due, progress.next_booked) == (0, TODAY, None)
    assert progress.describe() == "4 sessions planned; next due around 21 Nov 2026."


def test_plan_progress_counts_done_sessions_and_dates_the_next_by_the_interval(
    practice: Practice, client: int
) -> None:
    first_day = TODAY - timedelta(weeks=5)
    plan = practice.sessions.create_plan(client, four_sessions_monthly(first_day))
    first = practice.sessions.book(client, at(first_day), plan)
    do_session(practice, first)
    second = practice.sessions.book(client, at(first_day + timedelta(weeks=4)), plan)
    do_session(practice, second)
    # A cancelled and a missed appointment count for nothing.
    missed = practice.sessions.book(client, at(first_day + timedelta(weeks=3)), plan)
    practice.sessions.set_status(missed, SessionStatus.NO_SHOW)

    progress = practice.sessions.progress(plan, TODAY)
    assert progress.done == 2
    assert progress.next_due == first_day + timedelta(weeks=8)
    assert progress.describe() == (
        f"Session 2 of 4 done; next due around {progress.next_due.day} {progress.next_due:%b %Y}."
    )

    booked = practice.sessions.book(client, at(TODAY + timedelta(days=10), 14, 30), plan)
    progress = practice.sessions.progress(plan, TODAY)
    assert progress.next_booked == at(TODAY + timedelta(days=10), 14, 30)
    assert "next booked" in progress.describe() and "14:30" in progress.describe()

    practice.sessions.set_status(booked, SessionStatus.CANCELLED)
    assert practice.sessions.progress(plan, TODAY).next_booked is None


def test_a_plan_with_every_session_done_is_complete_and_never_due(
    practice: Practice, client: int
) -> None:
    start = TODAY - timedelta(weeks=12)
    plan = practice.sessions.create_plan(
        client, PlanDetails("fine lines", sessions_planned=2, interval_weeks=4, starts_on=start)
    )
    for week in (0, 4):
        do_session(
            practice, practice.sessions.book(client, at(start + timedelta(weeks=week)), plan)
        )
    progress = practice.sessions.progress(plan, TODAY)
    assert progress.complete and progress.next_due is None
    assert progress.describe() == "All 2 sessions done."
    assert practice.sessions.due(TODAY, within_days=365) == []


def test_who_is_due_lists_unbooked_plans_by_due_date_overdue_first(practice: Practice) -> None:
    anna = practice.clients.create(details("Anna", "Nowak"), clear_answers())
    ben = practice.clients.create(details("Ben", "Okafor"), clear_answers())
    cara = practice.clients.create(details("Cara", "Lynch"), clear_answers())
    dina = practice.clients.create(details("Dina", "Sato"), clear_answers())
    eve = practice.clients.create(details("Eve", "Berg"), clear_answers())

    # Anna: last session 6 weeks ago, 4-week interval: two weeks overdue.
    anna_plan = practice.sessions.create_plan(
        anna, four_sessions_monthly(TODAY - timedelta(weeks=6))
    )
    do_session(practice, practice.sessions.book(anna, at(TODAY - timedelta(weeks=6)), anna_plan))
    # Ben: a new plan starting in 5 days.
    ben_plan = practice.sessions.create_plan(ben, four_sessions_monthly(TODAY + timedelta(days=5)))
    # Cara: due, but already booked.
    cara_plan = practice.sessions.create_plan(cara, four_sessions_monthly(TODAY))
    practice.sessions.book(cara, at(TODAY + timedelta(days=2)), cara_plan)
    # Dina: due in two months: not yet.
    practice.sessions.create_plan(dina, four_sessions_monthly(TODAY + timedelta(days=60)))
    # Eve: plan closed; archived clients never show either.
    eve_plan = practice.sessions.create_plan(eve, four_sessions_monthly(TODAY))
    practice.sessions.close_plan(eve_plan, TODAY)
    archived = practice.clients.create(details("Finn", "Ahern"), clear_answers())
    practice.sessions.create_plan(archived, four_sessions_monthly(TODAY))
    practice.clients.archive(archived)

    due = practice.sessions.due(TODAY, within_days=14)
    assert [(d.client_id, d.plan_id, d.due_on) for d in due] == [
        (anna, anna_plan, TODAY - timedelta(weeks=2)),
        (ben, ben_plan, TODAY + timedelta(days=5)),
    ]
    assert due[0].session_number == 2 and due[0].sessions_planned == 4
    assert due[0].client_name == "Anna Nowak"


def test_plans_refuse_nonsense_in_words(practice: Practice, client: int) -> None:
    with pytest.raises(ValidationError) as refused:
        practice.sessions.create_plan(client, PlanDetails(" ", 0, 60, TODAY))
    assert {p.field for p in refused.value.problems} == {
        "concerns",
        "sessions_planned",
        "interval_weeks",
    }


# --- appointments and screening ----------------------------------------------------------


def test_starting_a_session_records_the_screening_of_its_day(
    practice: Practice, client: int
) -> None:
    # Toxin 20 days ago: a warning (14 days by default) for a session 10 days ago, whose
    # record is entered now; clear for a session today.
    toxin = TODAY - timedelta(days=20)
    practice.clients.record_screening(
        client, ScreeningAnswers(answered_on=TODAY, botulinum_toxin_last=toxin)
    )
    earlier = practice.sessions.book(client, at(TODAY - timedelta(days=10)))
    with pytest.raises(ScreeningNeedsReason, match="needs your judgement") as asked:
        practice.sessions.start(earlier, today=TODAY)
    assert not asked.value.blocked
    result = practice.sessions.start(earlier, "Injected on the forehead only", "Dr M", TODAY)
    assert result.status.value == "caution"
    row = practice.sessions.get(earlier)
    assert row.started_at is not None and row.screening_status == "caution"
    assert [f["rule"] for f in json.loads(row.screening_findings)] == ["recent_botulinum_toxin"]
    assert (row.override_reason, row.overridden_by) == ("Injected on the forehead only", "Dr M")
    assert not practice.sessions.summary(earlier).overridden  # a judgement, not an override

    # What was found at the start stays with the session, whatever is answered later.
    practice.clients.record_screening(
        client, ScreeningAnswers(answered_on=TODAY, chemotherapy=True)
    )
    kept = screening_at_start(practice.sessions.get(earlier))
    assert kept is not None and [f.rule for f in kept.findings] == ["recent_botulinum_toxin"]
    practice.clients.record_screening(
        client, ScreeningAnswers(answered_on=TODAY, botulinum_toxin_last=toxin)
    )
    today = practice.sessions.book(client, at(TODAY))
    assert practice.sessions.start(today, today=TODAY).status.value == "clear"
    assert practice.sessions.get(today).override_reason == ""
    with pytest.raises(DermaDeskError, match="started already"):
        practice.sessions.start(today, "again", today=TODAY)  # a recorded reason stays


def test_a_session_booked_for_a_later_day_cannot_start_today(
    practice: Practice, client: int
) -> None:
    # Otherwise a later day's clear screening would treat a client blocked today.
    practice.clients.record_screening(
        client, ScreeningAnswers(answered_on=TODAY, herpes_outbreak=True)
    )
    later = practice.sessions.book(client, at(TODAY + timedelta(days=21)))
    with pytest.raises(DermaDeskError, match="Move it to today"):
        practice.sessions.start(later, today=TODAY)
    with pytest.raises(DermaDeskError, match="Start the session first"):
        practice.sessions.save(later, SessionRecord(), done=True)
    practice.sessions.reschedule(later, at(TODAY, 15))
    with pytest.raises(ScreeningNeedsReason, match="blocks treatment"):
        practice.sessions.start(later, today=TODAY)


def test_moving_or_replanning_a_started_session_screens_it_again(
    practice: Practice, client: int
) -> None:
    session_id = practice.sessions.book(client, at(TODAY))
    practice.sessions.start(session_id, today=TODAY)
    practice.sessions.reschedule(session_id, at(TODAY, 16))  # same day: still started
    assert practice.sessions.get(session_id).started_at is not None
    practice.sessions.reschedule(session_id, at(TODAY + timedelta(days=7)))
    assert practice.sessions.get(session_id).started_at is None
    practice.sessions.reschedule(session_id, at(TODAY))
    practice.sessions.start(session_id, today=TODAY)
    practice.sessions.set_status(session_id, SessionStatus.CANCELLED)
    practice.sessions.set_status(session_id, SessionStatus.PLANNED)
    row = practice.sessions.get(session_id)
    assert row.started_at is None and row.screening_status == ""


def test_a_blocking_finding_stops_the_session_unless_overridden_with_a_reason(
    practice: Practice, client: int
) -> None:
    practice.clients.record_screening(
        client, ScreeningAnswers(answered_on=TODAY, herpes_outbreak=True)
    )
    session_id = practice.sessions.book(client, at(TODAY))

    with pytest.raises(ScreeningNeedsReason) as blocked:
        practice.sessions.start(session_id, today=TODAY)
    assert blocked.value.blocked and "blocks treatment" in str(blocked.value)
    with pytest.raises(ScreeningNeedsReason):
        practice.sessions.start(session_id, reason="   ", today=TODAY)  # blank is no reason
    assert practice.sessions.get(session_id).started_at is None
    with pytest.raises(DermaDeskError, match="Start the session first"):
        practice.sessions.save(session_id, SessionRecord(), done=True)

    reason = "Outbreak healed; GP letter seen."
    practice.sessions.start(session_id, reason=reason, by="Dr Marsh", today=TODAY)
    row = practice.sessions.get(session_id)
    assert (row.screening_status, row.override_reason, row.overridden_by) == (
        "blocked",
        reason,
        "Dr Marsh",
    )
    practice.sessions.save(session_id, TREATED, done=True)
    assert practice.sessions.summary(session_id).overridden


def test_no_reason_is_kept_when_screening_is_clear(practice: Practice, client: int) -> None:
    session_id = practice.sessions.book(client, at(TODAY))
    practice.sessions.start(session_id, reason="just in case", by="Dr Marsh", today=TODAY)
    assert practice.sessions.get(session_id).override_reason == ""


def test_only_an_untouched_booking_can_be_deleted(practice: Practice, client: int) -> None:
    mistake = practice.sessions.book(client, at(TODAY))
    practice.sessions.delete_booking(mistake)
    assert practice.sessions.for_client(client) == []
    started = practice.sessions.book(client, at(TODAY))
    practice.sessions.start(started, today=TODAY)
    with pytest.raises(DermaDeskError, match="cancelled instead"):
        practice.sessions.delete_booking(started)


def test_cancelled_and_missed_sessions_cannot_be_started_or_recorded(
    practice: Practice, client: int
) -> None:
    session_id = practice.sessions.book(client, at(TODAY))
    practice.sessions.set_status(session_id, SessionStatus.CANCELLED)
    with pytest.raises(DermaDeskError, match="cancelled"):
        practice.sessions.start(session_id)
    practice.sessions.set_status(session_id, SessionStatus.PLANNED)
    do_session(practice, session_id)
    with pytest.raises(DermaDeskError, match="done"):
        practice.sessions.set_status(session_id, SessionStatus.NO_SHOW)
    with pytest.raises(DermaDeskError, match="planned session can be moved"):
        practice.sessions.reschedule(session_id, at(TODAY + timedelta(days=1)))


# --- the record --------------------------------------------------------------------------

FULL_RECORD = SessionRecord(
    cleanse="Gentle cleanser",
    peel="Lactic 30%",
    numbing_product="Lidocaine 5%",
    numbing_on=time(9, 40),
    numbing_off=time(10, 5),
    antiseptic="Chlorhexidine",
    device="Pen A",
    cartridge="12-pin",
    cartridge_lot="C-2411-07",
    serum="HA gel",
    serum_lot="HA-88",
    mask="Cooling mask",
    finishing_product="SPF 50",
    reactions="Redness",
    adverse_events="",
    notes="Tolerated well.",
    actives_pause_days=7,
    areas=(
        AreaNote("cheek_left", 1.5, 3, "Pinpoint bleeding", "scarring worst here"),
        AreaNote("forehead", 0.5, 2, "Even erythema"),
    ),
)


def test_a_saved_record_reads_back_whole_in_its_order(practice: Practice, client: int) -> None:
    session_id = practice.sessions.book(client, at(TODAY))
    do_session(practice, session_id, FULL_RECORD)
    assert practice.sessions.record(session_id) == FULL_RECORD
    summary = practice.sessions.summary(session_id)
    assert summary.status is SessionStatus.DONE
    assert summary.areas == ("cheek_left", "forehead")


def test_saving_again_replaces_the_areas(practice: Practice, client: int) -> None:
    session_id = practice.sessions.book(client, at(TODAY))
    do_session(practice, session_id, FULL_RECORD)
    fewer = SessionRecord(areas=(AreaNote("forehead", 0.75, 2),))
    practice.sessions.save(session_id, fewer, done=True)
    assert practice.sessions.record(session_id).areas == fewer.areas


def test_depths_outside_the_device_range_and_repeated_areas_are_refused(
    practice: Practice, client: int
) -> None:
    session_id = practice.sessions.book(client, at(TODAY))
    practice.sessions.start(session_id, today=TODAY)
    bad = SessionRecord(
        areas=(
            AreaNote("forehead", 3.5, 2),
            AreaNote("nose", 0.1, 2),
            AreaNote("nose", 0.5, 2),
            AreaNote("elbow", 1.0, 2),
            AreaNote("chin", 1.0, 0),
        ),
        numbing_on=time(10, 0),
        numbing_off=time(9, 0),
    )
    with pytest.raises(ValidationError) as refused:
        practice.sessions.save(session_id, bad, done=True)
    messages = str(refused.value)
    assert "Forehead: a needle depth of 3.5 mm is outside the device's range of 0.25 to 3 mm" in (
        messages
    )
    assert "Nose: a needle depth of 0.1 mm" in messages
    assert "Nose is listed twice" in messages
    assert "“elbow” is not an area" in messages
    assert "Chin: passes" in messages
    assert "came off before it went on" in messages
    assert practice.sessions.get(session_id).status == "planned"  # nothing half-saved

    # The edges of the range are allowed, and the range follows the practice's device.
    edges = SessionRecord(areas=(AreaNote("forehead", 0.25, 1), AreaNote("abdomen", 3.0, 1)))
    practice.sessions.save(session_id, edges, done=True)
    practice.settings.set_device(DeviceSettings("Short pen", 0.2, 2.0))
    assert practice.sessions.record_problems(edges)[0].message.startswith("Abdomen: a needle")
    # What was recorded under the old range stays savable (a late note), a change does not.
    practice.sessions.save(session_id, replace(edges, adverse_events="Bruising next day"), True)
    deeper = replace(edges, areas=(edges.areas[0], AreaNote("abdomen", 2.75, 1)))
    with pytest.raises(ValidationError, match=r"Abdomen: a needle depth of 2\.75 mm"):
        practice.sessions.save(session_id, deeper, done=True)


def test_the_database_refuses_an_area_twice_even_past_the_service(
    practice: Practice, client: int
) -> None:
    from dermadesk.core.models import AreaTreatment

    session_id = practice.sessions.book(client, at(TODAY))
    with pytest.raises(IntegrityError), practice.store.writing() as session:
        session.add(AreaTreatment(session_id=session_id, position=0, area="chin", depth_mm=1))
        session.add(AreaTreatment(session_id=session_id, position=1, area="chin", depth_mm=1))


def test_same_as_last_time_repeats_settings_not_what_happened(
    practice: Practice, client: int
) -> None:
    plan = practice.sessions.create_plan(client, four_sessions_monthly(TODAY - timedelta(weeks=8)))
    first = practice.sessions.book(client, at(TODAY - timedelta(weeks=8)), plan)
    do_session(practice, first, SessionRecord(areas=(AreaNote("nose", 0.5, 1),)))
    last = practice.sessions.book(client, at(TODAY - timedelta(weeks=4)), plan)
    do_session(practice, last, FULL_RECORD)
    later_cancelled = practice.sessions.book(client, at(TODAY - timedelta(weeks=1)), plan)
    practice.sessions.set_status(later_cancelled, SessionStatus.CANCELLED)
    other = practice.clients.create(details("Zoë", "Other"), clear_answers())
    do_session(practice, practice.sessions.book(other, at(TODAY - timedelta(days=1))))

    today = practice.sessions.book(client, at(TODAY), plan)
    found = practice.sessions.previous_record(today)
    assert found is not None
    summary, record = found
    assert summary.id == last
    repeated = record.repeated()
    assert [(a.area, a.depth_mm, a.passes, a.end_point) for a in repeated.areas] == [
        ("cheek_left", 1.5, 3, "Pinpoint bleeding"),
        ("forehead", 0.5, 2, "Even erythema"),
    ]
    assert all(a.notes == "" for a in repeated.areas)
    assert (repeated.device, repeated.cartridge_lot, repeated.serum, repeated.serum_lot) == (
        "Pen A",
        "C-2411-07",
        "HA gel",
        "HA-88",
    )
    assert (repeated.reactions, repeated.notes, repeated.numbing_on) == ("", "", None)

    first_ever = practice.clients.create(details("New", "Client"), clear_answers())
    assert practice.sessions.previous_record(practice.sessions.book(first_ever, at(TODAY))) is None


def test_the_next_appointment_is_the_next_planned_one(practice: Practice, client: int) -> None:
    done = practice.sessions.book(client, at(TODAY))
    do_session(practice, done, FULL_RECORD)
    cancelled = practice.sessions.book(client, at(TODAY + timedelta(days=14)))
    practice.sessions.set_status(cancelled, SessionStatus.CANCELLED)
    assert practice.sessions.next_appointment(done) is None
    practice.sessions.book(client, at(TODAY + timedelta(days=28), 11, 30))
    assert practice.sessions.next_appointment(done) == at(TODAY + timedelta(days=28), 11, 30)


def test_the_day_list_is_in_time_order_with_consent_and_screening(practice: Practice) -> None:
    # The consent below is signed now, by the real clock: the day listed is the real today.
    today = TODAY
    late = practice.clients.create(details("Late", "Client"), clear_answers(today))
    early = practice.clients.create(
        details("Early", "Client"),
        ScreeningAnswers(answered_on=today, local_infection=True),
    )
    gone = practice.clients.create(details("Gone", "Client"), clear_answers(today))
    practice.consents.sign(
        Signing(late, TREATMENT, "Dr M", signature(1), signature(2)), clear_answers(today)
    )
    practice.sessions.book(late, at(today, 15, 0))
    practice.sessions.book(early, at(today, 9, 15))
    cancelled = practice.sessions.book(gone, at(today, 12, 0))
    practice.sessions.set_status(cancelled, SessionStatus.CANCELLED)
    practice.sessions.book(late, at(today + timedelta(days=1), 9, 0))  # another day

    day = practice.sessions.day(today)
    assert [(e.client_id, e.scheduled_at.time()) for e in day] == [
        (early, time(9, 15)),
        (late, time(15, 0)),
    ]
    assert day[0].screening.status.value == "blocked"
    assert day[0].consent_state is ConsentState.NONE
    assert day[1].consent_state is ConsentState.SIGNED
    assert day[1].screening.status.value == "clear"
    assert len(practice.sessions.day(today, include_cancelled=True)) == 3


def test_appointments_keep_their_wall_clock_time(practice: Practice, client: int) -> None:
    session_id = practice.sessions.book(client, datetime(2027, 3, 28, 10, 30, 45))
    reopened = open_practice(practice.data_dir)
    try:
        assert reopened.sessions.get(session_id).scheduled_at == datetime(2027, 3, 28, 10, 30)
    finally:
        reopened.close()


# --- what a done session and a reason must hold (issue 11) -------------------------------


def test_a_session_is_not_done_without_a_treated_area(practice: Practice, client: int) -> None:
    plan = practice.sessions.create_plan(client, four_sessions_monthly())
    session_id = practice.sessions.book(client, at(TODAY), plan)
    practice.sessions.start(session_id, today=TODAY)
    with pytest.raises(ValidationError, match="at least one treated area"):
        practice.sessions.save(session_id, SessionRecord(notes="Client felt faint"), done=True)
    assert practice.sessions.get(session_id).status == "planned"
    assert practice.sessions.progress(plan, TODAY).done == 0  # it does not count
    practice.sessions.save(session_id, SessionRecord(notes="Client felt faint"))  # kept, not done
    practice.sessions.save(session_id, TREATED, done=True)
    with pytest.raises(ValidationError, match="at least one treated area"):
        practice.sessions.save(session_id, SessionRecord())  # a done one keeps its areas
    assert practice.sessions.progress(plan, TODAY).done == 1


@per_store
def reasons_practice(request: pytest.FixtureRequest) -> Iterator[Practice]:
    """A practice on TODAY the reasons below share (once per store, not once a case): each
    case books and starts a session for a client of its own, and reads back only that one."""
    with shared_practice(request, "reasons", datetime.combine(TODAY, TEST_NOW.time())) as made:
        yield made


@pytest.mark.parametrize("reason", ["x", "ok fine", "GP ok now"])
def test_an_override_needs_a_reason_of_a_few_words(reasons_practice: Practice, reason: str) -> None:
    practice = reasons_practice
    client = practice.clients.create(details(last=f"Reason-{len(reason)}"), clear_answers())
    practice.clients.record_screening(
        client, ScreeningAnswers(answered_on=TODAY, herpes_outbreak=True)
    )
    session_id = practice.sessions.book(client, at(TODAY))
    with pytest.raises(ValidationError, match="at least 3 words"):
        practice.sessions.start(session_id, reason=reason, by="Dr Marsh", today=TODAY)
    assert practice.sessions.get(session_id).started_at is None
    practice.sessions.start(session_id, reason="Outbreak healed last week.", today=TODAY)


# --- booking ------------------------------------------------------------------------------


def test_a_plan_has_one_session_a_day_and_the_refusal_names_it(
    practice: Practice, client: int
) -> None:
    plan = practice.sessions.create_plan(client, four_sessions_monthly())
    first = practice.sessions.book(client, at(TODAY, 10), plan)
    with pytest.raises(DermaDeskError, match=r"already has a session that day: Sat 21 Nov"
                       r" 2026, 10:00 \(planned\)"):  # fmt: skip
        practice.sessions.book(client, at(TODAY, 15), plan)
    later = practice.sessions.book(client, at(TODAY + timedelta(days=28)), plan)
    with pytest.raises(DermaDeskError, match="already has a session"):
        practice.sessions.reschedule(later, at(TODAY, 16))
    practice.sessions.reschedule(first, at(TODAY, 11))  # its own day is no clash
    practice.sessions.book(client, at(TODAY, 15))  # a single session, outside the plan
    practice.sessions.set_status(first, SessionStatus.CANCELLED)
    practice.sessions.book(client, at(TODAY, 16), plan)  # a cancelled one leaves the day free


def test_overlapping_appointments_of_any_client_are_found(practice: Practice, client: int) -> None:
    other = practice.clients.create(details("Ana", "Ruiz"), clear_answers())
    practice.sessions.book(other, at(TODAY, 9, 30), duration_minutes=60)
    cancelled = practice.sessions.book(other, at(TODAY, 11))
    practice.sessions.set_status(cancelled, SessionStatus.CANCELLED)
    assert practice.sessions.overlapping(at(TODAY, 10), 30) == [
        "Ana Ruiz, Sat 21 Nov 2026, 09:30 (60 minutes)"
    ]
    assert practice.sessions.overlapping(at(TODAY, 10, 30), 60) == []  # back to back is fine
    assert practice.sessions.overlapping(at(TODAY, 9), 30) == []
    assert practice.sessions.overlapping(at(TODAY, 11), 60) == []  # the cancelled one is free


def test_the_suggested_day_is_never_one_already_booked(practice: Practice, client: int) -> None:
    plan = practice.sessions.create_plan(client, four_sessions_monthly())
    assert practice.sessions.suggested_day(client, plan, TODAY) == TODAY
    practice.sessions.book(client, at(TODAY), plan)
    practice.sessions.book(client, at(TODAY + timedelta(days=1)))  # a single session
    assert practice.sessions.suggested_day(client, plan, TODAY) == TODAY + timedelta(days=2)


# --- products and allergies (issue 12) ----------------------------------------------------


def test_a_product_sharing_a_word_with_an_allergy_needs_a_confirmation_kept_with_who(
    practice: Practice,
) -> None:
    from dermadesk.core.session_records import ProductAllergyNeedsConfirmation

    client = practice.clients.create(
        details("Lena", "Müller", allergies="Lidocaine (numbing cream): rash"),
        clear_answers(),
        today=TODAY,
    )
    session_id = practice.sessions.book(client, at(TODAY))
    # The allergy itself asks the practitioner's judgement once screening reads the file.
    practice.sessions.start(session_id, "Patch tested, no reaction.", "Dr Marsh", TODAY)
    record = replace(TREATED, numbing_product="LMX4 lidocaine 4%")
    with pytest.raises(ProductAllergyNeedsConfirmation) as asked:
        practice.sessions.save(session_id, record, by="Dr Marsh")
    assert "“LMX4 lidocaine 4%” may contain" in asked.value.confirmation
    assert practice.sessions.record(session_id).numbing_product == ""  # nothing kept yet

    confirmed = replace(record, allergy_confirmation=asked.value.confirmation)
    practice.sessions.save(session_id, confirmed, done=True, by="Dr Marsh")
    assert practice.sessions.record(session_id).allergy_confirmation == asked.value.confirmation
    assert practice.sessions.get(session_id).allergy_confirmed_by == "Dr Marsh"
    assert practice.sessions.record(session_id) == confirmed  # reopened: no second question
    practice.sessions.save(session_id, confirmed, by="Someone else")  # saved again unchanged
    assert practice.sessions.get(session_id).allergy_confirmed_by == "Dr Marsh"
    saved = [e for e in practice.audit.events(client) if e.action == "session.saved"][::-1]
    assert len(saved) == 2 and "allergy check confirmed: “LMX4 lidocaine 4%”" in saved[0].detail
    assert "allergy check" not in saved[1].detail

    changed = replace(confirmed, serum="Lidocaine serum")  # a new match asks again
    with pytest.raises(ProductAllergyNeedsConfirmation):
        practice.sessions.save(session_id, changed, by="Dr Marsh")
