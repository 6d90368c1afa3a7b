"""The demo practice's people: names from many countries (accents, apostrophes, hyphens,
letters beyond Latin-1), with ages, skin types, contact details and screening answers in
realistic shares. The same seed on the same day gives the same people."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from dermadesk.core.client_details import ClientDetails
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.search import fold


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
