"""A believable, deterministic demo practice to explore and test DermaDesk with.

Its people come from demo_people; here they get consents as a practice would have them,
and courses of treatment around `today`: sessions done, bookings ahead, clients due. Dates
are relative to `today`, so a demo always looks current. The same seed on the same day
gives the same practice.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import PHOTO, TREATMENT, ConsentState
from dermadesk.core.demo_people import demo_clients
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.plans import PlanDetails
from dermadesk.core.practice import Practice
from dermadesk.core.records import ClientFile
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.screening_rules import ScreeningSettings, Status, screen
from dermadesk.core.session_records import (
    AreaNote,
    ProductAllergyNeedsConfirmation,
    SessionRecord,
    SessionStatus,
)
from dermadesk.core.session_screening import ScreeningNeedsReason
from dermadesk.core.settings import DeviceSettings, PracticeDetails

DEMO_PRACTICE = PracticeDetails(
    name="Clearwater Skin Studio",
    address="14 Milsom Street, Bath BA1 1DE",
    phone="01225 555 014",
    practitioner_name="Dr Helena Marsh",
    credentials="MBBS, Level 7 Aesthetic Practitioner",
)


DEMO_DEVICE = DeviceSettings(name="NeedlePro 3 pen")


def _free_hour(rng: random.Random, taken: set[datetime], day: date) -> datetime:
    """A time on `day` when the practitioner has nobody booked yet (and mark it taken): on
    the hour in the working day, else a late slot every quarter of an hour."""
    hours = [datetime.combine(day, time(hour)) for hour in (9, 10, 11, 13, 14, 15, 16, 17)]
    late = [datetime.combine(day, time(18 + q // 4, q % 4 * 15)) for q in range(20)]
    free = [m for m in hours if m not in taken] or [m for m in late if m not in taken]
    chosen = rng.choice(free)
    taken.add(chosen)
    return chosen


def demo_signature(rng: random.Random) -> bytes:
    """A drawn, signature-like scrawl as a PNG (Pillow, so the core stays free of Qt)."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (360, 120), 255)
    draw = ImageDraw.Draw(image)
    x, y = 20.0, 70.0
    points = [(x, y)]
    for _ in range(rng.randint(14, 24)):
        x += rng.uniform(8, 22)
        y = min(105.0, max(15.0, y + rng.uniform(-28, 28)))
        points.append((x, y))
    draw.line(points, fill=0, width=3, joint="curve")
    draw.line([(points[0][0], 95), (points[-1][0], 92)], fill=0, width=2)  # the underline
    out = io.BytesIO()
    image.convert("1").save(out, "PNG")  # one bit per pixel: small, and quick to write
    return out.getvalue()


def _demo_consents(practice: Practice, ids: list[int], seed: int, today: date) -> None:
    """Consents as a practice would have them: most signed, a few missing, one withdrawn,
    one old enough to need renewal."""
    rng = random.Random(seed + 1)
    practitioner = practice.settings.practice_details().practitioner_name
    pen = demo_signature(rng)  # the practitioner signs the same way every time
    latest_moment = practice.clock.now() - timedelta(minutes=1)  # nothing signed in the future
    signings: list[tuple[Signing, ScreeningAnswers | None]] = []
    unsigned: list[tuple[int, ScreeningAnswers]] = []
    for client_id in ids:
        answers = practice.clients.latest_screening(client_id)
        if answers is None:
            continue  # never asked: cannot have signed
        if rng.random() < 0.1:
            unsigned.append((client_id, answers))  # asked, not signed yet
            continue
        visit = datetime.combine(answers.answered_on, time(10 + rng.randint(0, 7)), UTC)
        signed_at = min(visit, latest_moment)
        client_pen = demo_signature(rng)
        treatment = Signing(
            client_id, TREATMENT, practitioner, client_pen, pen, signed_at=signed_at
        )
        signings.append((treatment, answers))
        if rng.random() < 0.85:
            levels = ("clinical", "marketing") if rng.random() < 0.35 else ("clinical",)
            photo = Signing(client_id, PHOTO, practitioner, client_pen, pen,
                            photo_levels=levels, signed_at=signed_at)  # fmt: skip
            signings.append((photo, None))
    if unsigned:  # one client last signed long ago: due for renewal
        old_client, answers = unsigned[0]
        renewal = practice.settings.consent().renewal_days
        long_ago = datetime.combine(today - timedelta(days=renewal + 40), time(11), UTC)
        then = replace(answers, answered_on=long_ago.date())  # what they answered back then
        signings.append(
            (Signing(old_client, TREATMENT, practitioner, pen, pen, signed_at=long_ago), then)
        )
    if not signings:
        return
    signings.sort(key=lambda pair: pair[0].signed_at or latest_moment)
    record_ids = practice.consents.sign_many(signings)
    recent_treatments = [
        record_id
        for record_id, (signing, _) in zip(record_ids, signings, strict=True)
        if signing.kind == TREATMENT and signing.client_id not in dict(unsigned[:1])
    ]
    if recent_treatments:  # one client withdrew
        practice.consents.withdraw(recent_treatments[0], "Decided not to go ahead.", practitioner)


# Where each concern is treated, and how deep (mm) a typical first session goes there.
_CONCERN_AREAS: dict[str, tuple[tuple[str, float], ...]] = {
    "acne scars": (("cheek_left", 1.25), ("cheek_right", 1.25), ("chin", 1.0)),
    "surgical scar": (("jawline_left", 1.0), ("chin", 1.0)),
    "fine lines and wrinkles": (("forehead", 0.5), ("periorbital_left", 0.25),
                                ("periorbital_right", 0.25), ("upper_lip", 0.5)),
    "enlarged pores": (("nose", 0.5), ("cheek_left", 0.75), ("cheek_right", 0.75)),
    "uneven texture": (("forehead", 0.5), ("cheek_left", 0.75), ("cheek_right", 0.75)),
    "stretch marks": (("abdomen", 1.5), ("thighs", 1.5)),
    "rosacea": (("cheek_left", 0.5), ("cheek_right", 0.5), ("nose", 0.25)),
    "hyperpigmentation": (("forehead", 0.5), ("cheek_left", 0.5), ("cheek_right", 0.5)),
    "age spots": (("cheek_left", 0.5), ("cheek_right", 0.5), ("decolletage", 0.5)),
    "loss of firmness": (("jawline_left", 1.0), ("jawline_right", 1.0), ("neck", 0.5),
                         ("decolletage", 0.5)),
}  # fmt: skip
_END_POINTS = ("Even erythema", "Even erythema", "Pinpoint bleeding", "Mild erythema")
_PEELS = ("", "", "", "Lactic acid 30%, 2 minutes", "Mandelic acid 20%, 3 minutes")
_REACTIONS = ("", "", "Expected redness, settled by the end of the session.",
              "Mild swelling around the eyes.", "Redness and some tightness.")  # fmt: skip


def _lot(rng: random.Random, prefix: str, day: date) -> str:
    return f"{prefix}{day:%y%m}-{rng.randint(100, 999)}"


def _demo_record(rng: random.Random, concerns: str, number: int, day: date) -> SessionRecord:
    """What a practitioner records at session `number` of a course for `concerns`."""
    areas: dict[str, float] = {}
    for concern in concerns.split(", "):
        for area, depth in _CONCERN_AREAS.get(concern, (("forehead", 0.5),)):
            areas.setdefault(area, depth)
    deeper = min(number - 1, 2) * 0.25  # settings creep up across a series as the skin allows
    notes = tuple(
        AreaNote(area, min(depth + deeper, 2.5), rng.randint(2, 4), rng.choice(_END_POINTS))
        for area, depth in areas.items()
    )
    return SessionRecord(
        cleanse="Gentle foaming cleanser",
        peel=rng.choice(_PEELS),
        numbing_product="Lidocaine 5% cream",
        numbing_on=time(9, 40),
        numbing_off=time(10, 5),
        antiseptic="Chlorhexidine 0.05%",
        device=DEMO_DEVICE.name,
        cartridge="12-pin sterile cartridge",
        cartridge_lot=_lot(rng, "C", day),
        serum="Hyaluronic acid gel 1.5%",
        serum_lot=_lot(rng, "HA", day),
        mask="Cooling hyaluronic sheet mask",
        finishing_product="Mineral sunscreen SPF 50",
        reactions=rng.choice(_REACTIONS),
        actives_pause_days=5,
        areas=notes,
    )


def _demo_sessions(practice: Practice, ids: list[int], seed: int, today: date) -> None:
    """Courses of treatment around today: done sessions behind, bookings ahead, a few
    cancelled or missed, several clients due for booking, and a morning of appointments."""
    rng = random.Random(seed + 2)
    settings = practice.settings.screening()
    candidates = _treatable(practice, ids, today, settings)
    treated = [c for c in candidates if rng.random() < 0.5]
    consented = _first_treatable_days(practice, treated, today)
    todays_slot = _todays_slots(rng, treated, len(ids))
    taken = {datetime.combine(today, slot) for slot in todays_slot.values()}
    course = _Course(practice, rng, today, taken)
    for client, _answers in treated:
        assert client.id is not None
        course.add(client, consented.get(client.id), todays_slot.get(client.id))


def _treatable(
    practice: Practice, ids: list[int], today: date, settings: ScreeningSettings
) -> list[tuple[ClientFile, ScreeningAnswers]]:
    """The clients who were asked the screening questions and are not blocked today."""
    candidates = []
    for client_id in ids:
        client = practice.clients.get(client_id)
        answers = practice.clients.latest_screening(client_id)
        if answers is None or screen(answers, client.date_of_birth, today, settings).status is (
            Status.BLOCKED
        ):
            continue  # never treated, or not treatable now
        candidates.append((client, answers))
    return candidates


def _first_treatable_days(
    practice: Practice, treated: list[tuple[ClientFile, ScreeningAnswers]], today: date
) -> dict[int | None, date]:
    """The first day each client could be treated: the day after they signed consent."""
    consented: dict[int | None, date] = {}
    for client, _ in treated:
        assert client.id is not None
        standing = practice.consents.status(client.id, TREATMENT, today)
        if standing.state in (ConsentState.SIGNED, ConsentState.NEEDS_RENEWAL) and (
            standing.signed_on is not None
        ):
            consented[client.id] = standing.signed_on + timedelta(days=1)
    return consented


def _todays_slots(
    rng: random.Random, treated: list[tuple[ClientFile, ScreeningAnswers]], clients: int
) -> dict[int | None, time]:
    """Appointments today, spread over the day (at least two once the practice has 20
    clients). One practitioner: one client an hour, never two at once."""
    slots = [time(9, 30), time(11, 0), time(12, 30), time(14, 30), time(16, 0), time(17, 30)]
    todays = rng.sample(treated, min(len(treated), len(slots), max(2, clients // 15)))
    return {c.id: slots[i] for i, (c, _) in enumerate(todays)}


@dataclass
class _Course:
    """Books and records one client's course through the sessions service, as the
    practitioner would have: its plan, its sessions done so far, and its next booking.
    The practitioner's `taken` hours are shared by every course."""

    practice: Practice
    rng: random.Random
    today: date
    taken: set[datetime]

    def add(self, client: ClientFile, first: date | None, slot_today: time | None) -> None:
        """Add the course of `client`, first treatable on `first`, booked today at `slot_today`."""
        rng, today, sessions = self.rng, self.today, self.practice.sessions
        assert client.id is not None
        sessions_planned = rng.choice((3, 3, 4, 4, 5, 6))
        interval = rng.choice((4, 4, 4, 6))
        booked_today = slot_today is not None
        done = (
            rng.randint(1, sessions_planned - 1)
            if booked_today
            else rng.randint(0, sessions_planned)
        )
        # Nobody is treated before signing: sessions fit between the consent and today.
        if first is None:
            done = 0
        else:
            room = (today - first).days
            done = min(done, (room - 1) // (7 * interval) + 1 if room >= 1 else 0)
        starts = today - timedelta(weeks=interval * done, days=rng.randint(0, 3))
        if first is not None:
            starts = max(starts, first)
        concerns = client.concerns or "uneven texture"
        plan_id = sessions.create_plan(
            client.id, PlanDetails(concerns, sessions_planned, interval, starts)
        )
        day = self._history(client.id, plan_id, concerns, interval, done, starts)
        if slot_today is not None:
            sessions.book(client.id, datetime.combine(today, slot_today), plan_id)
        elif done < sessions_planned and rng.random() < 0.6:  # booked ahead; the rest are due
            ahead = max(day, today + timedelta(days=rng.randint(1, 20)))
            sessions.book(client.id, _free_hour(rng, self.taken, ahead), plan_id)

    def _history(
        self, client_id: int, plan_id: int, concerns: str, interval: int, done: int, day: date
    ) -> date:
        """The `done` sessions of the course from `day` on, a few cancelled or missed and
        rebooked; the day the next one falls."""
        rng, today, taken = self.rng, self.today, self.taken
        sessions = self.practice.sessions
        for number in range(1, done + 1):
            if day >= today:
                break  # a rebooking pushed the course up to today
            at = _free_hour(rng, taken, day)
            if number > 1 and rng.random() < 0.08:  # a cancelled or missed one, rebooked
                status = rng.choice((SessionStatus.CANCELLED, SessionStatus.NO_SHOW))
                sessions.set_status(sessions.book(client_id, at, plan_id), status)
                day += timedelta(days=7)
                if day >= today:
                    break
                at = _free_hour(rng, taken, day)
            record = _demo_record(rng, concerns, number, day)
            _treat(self.practice, sessions.book(client_id, at, plan_id), record)
            day += timedelta(weeks=interval)
        return day


def _treat(practice: Practice, session_id: int, record: SessionRecord) -> None:
    """Start booked session `session_id` (screened for its day, any finding answered as a
    practitioner would) and save its record as done."""
    by = DEMO_PRACTICE.practitioner_name
    try:
        practice.sessions.start(session_id)
    except ScreeningNeedsReason:
        practice.sessions.start(session_id, "Discussed with the client; treated as planned.", by)
    try:
        practice.sessions.save(session_id, record, done=True)
    except ProductAllergyNeedsConfirmation as needed:  # checked with the client, and noted
        confirmed = replace(record, allergy_confirmation=needed.confirmation)
        practice.sessions.save(session_id, confirmed, done=True, by=by)


def fill_demo_practice(
    practice: Practice,
    clients: int = 60,
    seed: int = 1,
    history: bool = True,
) -> list[int]:
    """Fill an empty practice with demo clients and, with `history`, their consents, plans
    and sessions, all written through the services on the practice's clock (so the same
    seed at the same moment gives the same practice); refuses one that has clients."""
    if clients < 1:
        raise DermaDeskError("A demo practice needs at least one client.")
    existing = practice.clients.count(include_archived=True)
    if existing:
        raise DermaDeskError(
            f"{practice.data_dir} already holds {existing} clients; the demo fills only an "
            "empty data folder. Use --data-dir with a new folder."
        )
    today = practice.clock.today()
    if practice.settings.practice_details() == PracticeDetails():
        practice.settings.set_practice_details(DEMO_PRACTICE)
    if practice.settings.device() == DeviceSettings():
        practice.settings.set_device(DEMO_DEVICE)
    ids = practice.clients.create_many(demo_clients(clients, seed, today))
    if history:
        _demo_consents(practice, ids, seed, today)
        _demo_sessions(practice, ids, seed, today)
    return ids
