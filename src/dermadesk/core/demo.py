"""A believable, deterministic demo practice to explore and test DermaDesk with.

Names come from many countries (accents, apostrophes, hyphens, letters beyond
Latin-1); ages, skin types and screening findings follow realistic shares;
dates are relative to `today`, so a demo always looks current. The same seed
on the same day gives the same practice.
"""

from __future__ import annotations

import io
import json
import random
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, time, timedelta

from dermadesk.core.client_details import ClientDetails
from dermadesk.core.consent import PHOTO, TREATMENT, ConsentState, Signing
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.models import AreaTreatment, TreatmentPlan, TreatmentSession
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.screening_rules import Status, screen
from dermadesk.core.search import fold
from dermadesk.core.session_records import AreaNote, SessionRecord, SessionStatus
from dermadesk.core.settings import DeviceSettings, PracticeDetails

DEMO_PRACTICE = PracticeDetails(
    name="Clearwater Skin Studio",
    address="14 Milsom Street, Bath BA1 1DE",
    phone="01225 555 014",
    practitioner_name="Dr Helena Marsh",
    credentials="MBBS, Level 7 Aesthetic Practitioner",
)


DEMO_DEVICE = DeviceSettings(name="NeedlePro 3 pen")


@dataclass(frozen=True)
class _Origin:
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    phone_format: str  # '#' is a random digit
    weight: int
    skin_types: tuple[int, ...]  # Fitzpatrick types, drawn uniformly


def _split(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


_ORIGINS = (
    _Origin(
        _split(
            "Olivia, Amelia, Isla, Grace, Freya, Charlotte, Sophie, Emily, Harriet, "
            "Lucy, Chloe, Jessica, Hannah, Rebecca, Oliver, James, Thomas, Daniel"
        ),
        _split(
            "Smith, Jones, Taylor, Brown, Wilson, Evans, Thomas, Johnson, Roberts, "
            "Walker, Wright, Thompson, Hughes, Edwards, Green, Hall, Wood, Clarke"
        ),
        "07### ######",
        30,
        (1, 2, 2, 3, 3),
    ),
    _Origin(
        _split("Siobhán, Aoife, Niamh, Caoimhe, Saoirse, Róisín, Orla, Clodagh, Seán, Ciarán"),
        _split(
            "O'Brien, O'Sullivan, Ó Murchú, MacCarthy, O'Neill, Ní Bhriain, Kennedy, "
            "Byrne, Ryan, Mac Giolla Phádraig"
        ),
        "+353 8# ### ####",
        6,
        (1, 1, 2, 2),
    ),
    _Origin(
        _split(
            "Agnieszka, Małgorzata, Katarzyna, Zofia, Łucja, Joanna, Magdalena, "
            "Łukasz, Paweł, Wojciech"
        ),
        _split(
            "Nowak, Kowalska, Wiśniewska, Wójcik, Kamińska, Lewandowska, Zielińska, "
            "Szymańska, Woźniak, Dąbrowska, Łukasik, Grzegorczyk"
        ),
        "+48 ### ### ###",
        8,
        (2, 2, 3),
    ),
    _Origin(
        _split("Tereza, Kateřina, Lucie, Veronika, Markéta, Zuzana, Jiří, Ondřej"),
        _split(
            "Nováková, Svobodová, Dvořáková, Černá, Procházková, Kučerová, Veselá, "
            "Horáková, Němcová, Růžičková"
        ),
        "+420 ### ### ###",
        4,
        (2, 2, 3),
    ),
    _Origin(
        _split("Ayşe, Elif, Zeynep, Şule, Gülşen, Büşra, İrem, Özge, Çağla, Murat"),
        _split("Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Öztürk, Aydın, Doğan, Kılıç"),
        "+90 5## ### ## ##",
        6,
        (3, 3, 4),
    ),
    _Origin(
        _split("Thị Lan, Thảo, Thu Hương, Ngọc Anh, Phương, Trang, Minh Châu, Hà"),
        _split("Nguyễn, Trần, Lê, Phạm, Hoàng, Vũ, Đặng, Bùi, Đỗ, Huỳnh"),
        "+84 9# ### ## ##",
        5,
        (3, 4, 4),
    ),
    _Origin(
        _split("Zoë, Chloé, Léa, Inès, Anaïs, Maëlle, Hélène, Cécile, Noémie, François"),
        _split(
            "Dubois, Lefèvre, Moreau, Girard, Bénard, Fournier, Mercier, Rousseau, "
            "Le Gall, Desrosiers-Lemaître"
        ),
        "+33 6 ## ## ## ##",
        6,
        (1, 2, 3),
    ),
    _Origin(
        _split("María José, Lucía, Carmen, Nuria, Begoña, Iñaki, Ainhoa, Pilar, Ángela"),
        _split(
            "García, Fernández, López, Martínez, Sánchez, Pérez, Gómez, Muñoz, "
            "Ibáñez, Rodríguez-Peña"
        ),
        "+34 6## ### ###",
        6,
        (2, 3, 3, 4),
    ),
    _Origin(
        _split("Jürgen, Anneliese, Lena, Käthe, Sünje, Jörg, Uwe, Greta, Björn, Åsa"),
        _split("Müller, Schröder, Groß, Weiß, Köhler, Bäcker, Jönsson, Løvstad, Sæther, Ström"),
        "+49 15# #######",
        5,
        (1, 2, 2),
    ),
    _Origin(
        _split("Chidinma, Adaeze, Ngozi, Oluwaseun, Yetunde, Folasade, Amara, Chiamaka"),
        _split("Okonkwo, Adeyemi, Okafor, Balogun, Eze, Nwosu, Ogunleye, Adebayo"),
        "+234 80# ### ####",
        5,
        (5, 6, 6),
    ),
    _Origin(
        _split("Priya, Ananya, Kavya, Shreya, Aishwarya, Lakshmi, Neha, Rohan"),
        _split("Sharma, Patel, Iyer, Reddy, Nair, Gupta, Krishnan, Banerjee"),
        "07### ######",
        6,
        (3, 4, 4, 5),
    ),
    _Origin(
        _split("Fatima, Layla, Yasmin, Noor, Mariam, Huda, Salma, Amira"),
        _split("Al-Sayed, El-Masri, Haddad, Khalil, Al-Farsi, Nasser, Aziz, Saleh"),
        "+971 5# ### ####",
        5,
        (3, 3, 4),
    ),
    _Origin(
        _split("Yuki, Haruka, Sakura, Aiko, Mei, Ji-woo, Seo-yeon, Min-jun"),
        _split("Satō, Takahashi, Itō, Yamamoto, Kim, Park, Lee, Choi"),
        "+81 90 #### ####",
        4,
        (2, 3, 3),
    ),
    _Origin(
        _split("Ioana, Andreea, Bianca, Mădălina, Ștefania, Oana"),
        _split("Popescu, Ionescu, Munteanu, Țurcanu, Stănescu, Dumitrașcu"),
        "+40 7## ### ###",
        3,
        (2, 3),
    ),
    _Origin(
        _split("Olena, Kateryna, Анастасія, Софія, Ірина"),
        _split("Kovalenko, Shevchenko, Бондаренко, Мельник, Ткаченко"),
        "+380 6# ### ## ##",
        2,
        (2, 2, 3),
    ),
)

_CONCERNS = (
    "acne scars", "surgical scar", "fine lines and wrinkles", "enlarged pores",
    "uneven texture", "stretch marks", "rosacea", "hyperpigmentation", "age spots",
    "loss of firmness",
)  # fmt: skip
_HISTORY = (
    "",
    "",
    "",
    "",
    "",
    "Asthma, well controlled.",
    "Type 2 diabetes.",
    "Hypothyroidism.",
    "Eczema on the hands as a child.",
    "Migraine.",
    "Polycystic ovary syndrome.",
    "Cold sores two or three times a year.",
    "Pregnant (20 weeks).",
)
_MEDICATIONS = (
    "",
    "",
    "",
    "",
    "Levothyroxine 50 µg",
    "Combined oral contraceptive",
    "Metformin",
    "Sertraline 50 mg",
    "Salbutamol inhaler as needed",
    "Tretinoin 0.025% cream",
    "Isotretinoin (stopped this year)",
    "Warfarin 3 mg",
    "Apixaban 5 mg twice a day",
    "Methotrexate 10 mg weekly",
)
_ALLERGIES = (
    "",
    "",
    "",
    "",
    "",
    "",
    "None known",
    "NKDA",
    "Lidocaine (numbing cream): rash",
    "Nickel",
    "Penicillin",
    "Latex",
    "Fragrance mix",
    "Tree nuts",
)
_STREETS = ("High Street", "Station Road", "Church Lane", "Mill Road", "Park Avenue",
            "Victoria Road", "Queen’s Road", "Chapel Street")  # fmt: skip
_TOWNS = ("Bristol BS1 4DJ", "Bath BA1 1LT", "Cheltenham GL50 1AA", "Exeter EX1 1BD")
_EMAIL_DOMAINS = ("gmail.com", "outlook.com", "icloud.com", "yahoo.co.uk", "proton.me")


def _digits(rng: random.Random, pattern: str) -> str:
    return "".join(str(rng.randrange(10)) if ch == "#" else ch for ch in pattern)


def _age(rng: random.Random) -> int:
    """Ages of a microneedling clientele: mostly 25-55, some under 22, a few over 65."""
    band = rng.random()
    if band < 0.08:
        return rng.randint(16, 21)
    if band < 0.85:
        return rng.randint(22, 55)
    return rng.randint(56, 78)


def _email(rng: random.Random, first: str, last: str) -> str:
    def ascii_word(name: str) -> str:
        return "".join(ch for ch in fold(name) if ch.isascii() and ch.isalnum())

    local = ascii_word(first.split()[0]) or "client"
    family = ascii_word(last)
    joiner = rng.choice((".", "", "_"))
    suffix = str(rng.randint(1, 99)) if rng.random() < 0.3 else ""
    return f"{local}{joiner}{family}{suffix}@{rng.choice(_EMAIL_DOMAINS)}"


def _screening(rng: random.Random, today: date, details: ClientDetails) -> ScreeningAnswers:
    """Answers with realistic shares of flagged conditions, agreeing with the file's notes."""
    birth = details.date_of_birth
    assert birth is not None  # every demo client has one
    # Most answers are recent (asked at the last visit); some are long out of date.
    answered = today - timedelta(
        days=rng.randint(0, 60) if rng.random() < 0.7 else rng.randint(61, 400)
    )
    answered = max(answered, birth)

    def recent(share: float, max_days: int) -> date | None:
        if rng.random() >= share:
            return None
        return max(birth, answered - timedelta(days=rng.randint(3, max_days)))

    notes = f"{details.medical_history} {details.medications}".casefold()
    answers = ScreeningAnswers(
        answered_on=answered,
        active_acne=rng.random() < 0.08,
        herpes_outbreak=rng.random() < 0.03,
        local_infection=rng.random() < 0.02,
        chronic_skin_disease=rng.random() < 0.06,
        keloid_tendency=rng.random() < 0.04,
        chemotherapy=rng.random() < 0.01,
        pregnant_or_breastfeeding="pregnant" in notes or rng.random() < 0.01,
        anticoagulants=any(name in notes for name in ("warfarin", "apixaban")),
        botulinum_toxin_last=recent(0.2, 365),
        retinoid_last_used=(
            max(birth, answered - timedelta(days=rng.randint(1, 10)))
            if "tretinoin 0.025%" in notes
            else recent(0.25, 200)
        ),
        isotretinoin_last=(
            max(birth, answered - timedelta(days=rng.randint(30, 300)))
            if "isotretinoin" in notes
            else None
        ),
    )
    if (today - answered).days > 200:  # given before the newer questions were asked
        answers = replace(
            answers,
            question_set=1,
            pregnant_or_breastfeeding=None,
            anticoagulants=None,
            isotretinoin_last=None,
        )
    return answers


def _free_hour(rng: random.Random, taken: set[datetime], day: date) -> datetime:
    """A time on `day` when the practitioner has nobody booked yet (and mark it taken): on
    the hour in the working day, else a late slot every quarter of an hour."""
    hours = [datetime.combine(day, time(hour)) for hour in (9, 10, 11, 13, 14, 15, 16, 17)]
    late = [datetime.combine(day, time(18 + q // 4, q % 4 * 15)) for q in range(20)]
    free = [m for m in hours if m not in taken] or [m for m in late if m not in taken]
    chosen = rng.choice(free)
    taken.add(chosen)
    return chosen


def _someone_else(rng: random.Random, first_names: tuple[str, ...], own: str) -> str:
    """A first name for a relative: never the client's own (nobody is their own contact)."""
    others = [name for name in first_names if name != own]
    return rng.choice(others or ["Alex"])


def demo_clients(
    count: int, seed: int, today: date
) -> list[tuple[ClientDetails, ScreeningAnswers | None]]:
    """`count` synthetic clients and their screening answers, the same for the same seed and day."""
    rng = random.Random(seed)
    weights = [origin.weight for origin in _ORIGINS]
    people: list[tuple[ClientDetails, ScreeningAnswers | None]] = []
    for _ in range(count):
        origin = rng.choices(_ORIGINS, weights)[0]
        first, last = rng.choice(origin.first_names), rng.choice(origin.last_names)
        if rng.random() < 0.05:  # double-barrelled surnames
            last = f"{last}-{rng.choice(rng.choices(_ORIGINS, weights)[0].last_names)}"
        birth = today - timedelta(days=_age(rng) * 365 + rng.randint(0, 364))
        details = ClientDetails(
            first_name=first,
            last_name=last,
            date_of_birth=birth,
            phone=_digits(rng, origin.phone_format),
            email=_email(rng, first, last) if rng.random() < 0.9 else "",
            address=(
                f"{rng.randint(1, 180)} {rng.choice(_STREETS)}, {rng.choice(_TOWNS)}"
                if rng.random() < 0.8
                else ""
            ),
            emergency_contact_name=(
                f"{_someone_else(rng, origin.first_names, first)} {last}"
                if rng.random() < 0.6
                else ""
            ),
            emergency_contact_phone=_digits(rng, origin.phone_format) if rng.random() < 0.6 else "",
            skin_type=rng.choice(origin.skin_types) if rng.random() < 0.9 else None,
            concerns=", ".join(rng.sample(_CONCERNS, rng.randint(1, 3))),
            medical_history=rng.choice(_HISTORY),
            medications=rng.choice(_MEDICATIONS),
            allergies=rng.choice(_ALLERGIES),
        )
        screening = _screening(rng, today, details) if rng.random() < 0.92 else None
        people.append((details, screening))
    return people


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
    latest_moment = datetime.now(UTC) - timedelta(minutes=1)  # nothing signed in the future
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
    candidates = []
    for client_id in ids:
        client = practice.clients.get(client_id)
        answers = practice.clients.latest_screening(client_id)
        if answers is None or screen(answers, client.date_of_birth, today, settings).status is (
            Status.BLOCKED
        ):
            continue  # never treated, or not treatable now
        candidates.append((client, answers))
    treated = [c for c in candidates if rng.random() < 0.5]
    consented: dict[int | None, date] = {}  # the first day a client could be treated
    for client, _ in treated:
        assert client.id is not None
        standing = practice.consents.status(client.id, TREATMENT, today)
        if standing.state in (ConsentState.SIGNED, ConsentState.NEEDS_RENEWAL) and (
            standing.signed_on is not None
        ):
            consented[client.id] = standing.signed_on + timedelta(days=1)
    # Appointments today, spread over the day (at least two once the practice has 20 clients).
    # One practitioner: one client an hour, never two at once.
    slots = [time(9, 30), time(11, 0), time(12, 30), time(14, 30), time(16, 0), time(17, 30)]
    todays = rng.sample(treated, min(len(treated), len(slots), max(2, len(ids) // 15)))
    todays_slot = {c.id: slots[i] for i, (c, _) in enumerate(todays)}
    taken = {datetime.combine(today, slot) for slot in todays_slot.values()}
    with practice.store.writing() as session:
        for client, answers in treated:
            assert client.id is not None
            sessions_planned = rng.choice((3, 3, 4, 4, 5, 6))
            interval = rng.choice((4, 4, 4, 6))
            booked_today = client.id in todays_slot
            done = (
                rng.randint(1, sessions_planned - 1)
                if booked_today
                else rng.randint(0, sessions_planned)
            )
            # Nobody is treated before signing: sessions fit between the consent and today.
            first = consented.get(client.id)
            if first is None:
                done = 0
            else:
                room = (today - first).days
                done = min(done, (room - 1) // (7 * interval) + 1 if room >= 1 else 0)
            starts = today - timedelta(weeks=interval * done, days=rng.randint(0, 3))
            if first is not None:
                starts = max(starts, first)
            plan = TreatmentPlan(client_id=client.id, concerns=client.concerns or "uneven texture",
                                 sessions_planned=sessions_planned, interval_weeks=interval,
                                 starts_on=starts)  # fmt: skip
            session.add(plan)
            session.flush()
            day = starts
            for number in range(1, done + 1):
                if day >= today:
                    break  # a rebooking pushed the course up to today
                at = _free_hour(rng, taken, day)
                if number > 1 and rng.random() < 0.08:  # a cancelled or missed one, rebooked
                    status = rng.choice((SessionStatus.CANCELLED, SessionStatus.NO_SHOW))
                    session.add(TreatmentSession(client_id=client.id, plan_id=plan.id,
                                                 scheduled_at=at, status=status.value))  # fmt: skip
                    day += timedelta(days=7)
                    if day >= today:
                        break
                    at = _free_hour(rng, taken, day)
                record = _demo_record(rng, plan.concerns, number, day)
                verdict = screen(answers, client.date_of_birth, day, settings)
                row = TreatmentSession(
                    client_id=client.id, plan_id=plan.id, scheduled_at=at,
                    status=SessionStatus.DONE.value,
                    started_at=(at - timedelta(minutes=5)).astimezone(UTC),
                    screening_status=verdict.status.value,
                    screening_findings=json.dumps(verdict.as_json()["findings"]),
                    override_reason="Discussed with the client; treated as planned."
                    if verdict.status is not Status.CLEAR else "",
                    overridden_by=DEMO_PRACTICE.practitioner_name
                    if verdict.status is not Status.CLEAR else "",
                    **{f.name: getattr(record, f.name) for f in fields(SessionRecord)
                       if f.name != "areas"},
                )  # fmt: skip
                session.add(row)
                session.flush()
                assert row.id is not None
                for position, note in enumerate(record.areas):
                    session.add(AreaTreatment(session_id=row.id, position=position, area=note.area,
                                              depth_mm=note.depth_mm, passes=note.passes,
                                              end_point=note.end_point))  # fmt: skip
                day += timedelta(weeks=interval)
            if booked_today:
                session.add(TreatmentSession(
                    client_id=client.id, plan_id=plan.id,
                    scheduled_at=datetime.combine(today, todays_slot[client.id])))  # fmt: skip
            elif done < sessions_planned and rng.random() < 0.6:  # booked ahead; the rest are due
                ahead = max(day, today + timedelta(days=rng.randint(1, 20)))
                session.add(TreatmentSession(
                    client_id=client.id, plan_id=plan.id,
                    scheduled_at=_free_hour(rng, taken, ahead),
                ))  # fmt: skip


def fill_demo_practice(
    practice: Practice,
    clients: int = 60,
    seed: int = 1,
    today: date | None = None,
    history: bool = True,
) -> list[int]:
    """Fill an empty practice with demo clients and, with `history`, their consents, plans
    and sessions; refuses a practice that already has clients."""
    if clients < 1:
        raise DermaDeskError("A demo practice needs at least one client.")
    existing = practice.clients.count(include_archived=True)
    if existing:
        raise DermaDeskError(
            f"{practice.data_dir} already holds {existing} clients; the demo fills only an "
            "empty data folder. Use --data-dir with a new folder."
        )
    today = today or date.today()
    if practice.settings.practice_details() == PracticeDetails():
        practice.settings.set_practice_details(DEMO_PRACTICE)
    if practice.settings.device() == DeviceSettings():
        practice.settings.set_device(DEMO_DEVICE)
    ids = practice.clients.create_many(demo_clients(clients, seed, today), today)
    if history:
        _demo_consents(practice, ids, seed, today)
        _demo_sessions(practice, ids, seed, today)
    return ids
