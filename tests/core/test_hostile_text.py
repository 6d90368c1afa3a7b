"""Text people cannot see, or that breaks lines, rows and terminals, is refused in words;
names in every script keep working, and text stored before the rules still opens."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import text

from dermadesk.core.consent_status import TREATMENT
from dermadesk.core.errors import ValidationError
from dermadesk.core.practice import Practice
from dermadesk.core.session_records import SessionRecord
from dermadesk.core.settings import BackupSettings, DeviceSettings, PracticeDetails
from dermadesk.core.text_rules import visible
from tests.helpers import details
from tests.shared_practices import nothing_written, per_store, shared_practice

pytestmark = pytest.mark.both_stores  # the practice on SQLite and on a server

# Each attack of the report, and the words that must name it.
HOSTILE_NAMES = {
    "NUL": ("Ann\x00a", "(U+0000, null)"),
    "ESC colour code": ("\x1b[31mAnna\x1b[0m", "(U+001B, escape)"),
    "terminal title code": ("\x1b]0;pwned\x07Anna", "(U+001B, escape)"),
    "C1 control sequence introducer": ("Anna\x9b31m", "(U+009B, control sequence introducer)"),
    "delete": ("Anna\x7f", "(U+007F, delete)"),
    "tab": ("An\tna", "(U+0009, tab)"),
    "line break": ("Anna\nSmith", "holds a line break"),
    "carriage return": ("Anna\rEve", "holds a line break"),
    "line separator": ("Anna\u2028Eve", "holds a line break"),
    "right-to-left override": ("Anna\u202egpj.exe", "(U+202E, right-to-left override)"),
    "left-to-right embedding": ("\u202aAnna", "(U+202A, left-to-right embedding)"),
    "right-to-left isolate": ("Anna\u2067x", "(U+2067, right-to-left isolate)"),
    "pop directional isolate": ("Anna\u2069", "(U+2069, pop directional isolate)"),
    "lone surrogate": ("Anna\ud800", "(U+D800, half of a character pair, on its own)"),
    "zero-width spaces only": ("\u200b\u200b\u200b", "only characters that cannot be seen"),
    "byte order mark only": ("\ufeff", "only characters that cannot be seen"),
    "soft hyphen only": ("\u00ad\u00ad", "only characters that cannot be seen"),
    "joiners only": ("\u200d\u200c", "only characters that cannot be seen"),
    "Hangul filler only": ("\u3164", "only characters that cannot be seen"),
}

# Names people have: joiners inside a name are part of how it is spelt.
REAL_NAMES = [
    ("محمد", "العلي"),  # Arabic
    ("שרה", "לוי"),  # Hebrew
    ("美咲", "佐藤"),  # Japanese
    ("伟", "王"),  # Chinese
    ("Nguyễn Thị", "Hương"),  # Vietnamese, decomposed by some keyboards: NFC keeps it
    ("D'Arcy", "O'Brien-Łukasik"),  # apostrophes and hyphens
    ("علی\u200cرضا", "محمدی"),  # Persian: a zero-width non-joiner inside Alireza
    ("क्\u200dष", "शर्मा"),  # Devanagari: a zero-width joiner inside a conjunct
    ("Sam \U0001f469\u200d\u2695\ufe0f", "Lee"),  # an emoji sequence joined with ZWJ
]


@per_store
def refusing_practice(request: pytest.FixtureRequest) -> Iterator[Practice]:
    """An empty practice the refusals below share (once per store, not once a case): each
    case checks it wrote nothing, so the practice stays empty for the next."""
    with shared_practice(request, "refusing") as practice:
        yield practice


@per_store
def names_practice(request: pytest.FixtureRequest) -> Iterator[Practice]:
    """A practice the names below share: each case makes a client of its own and reads back
    only that one, by its id."""
    with shared_practice(request, "names") as practice:
        yield practice


@pytest.mark.parametrize("attack", sorted(HOSTILE_NAMES))
def test_each_hostile_character_in_a_name_is_refused_in_words(
    refusing_practice: Practice, attack: str
) -> None:
    practice = refusing_practice
    name, words = HOSTILE_NAMES[attack]
    with nothing_written(practice), pytest.raises(ValidationError) as refused:
        practice.clients.create(details(first=name))
    assert [p.field for p in refused.value.problems] == ["first_name"]
    message = refused.value.problems[0].message
    assert message.startswith("The first name holds") and words in message, message
    assert practice.clients.count() == 0


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("last_name", "The last name"),
        ("phone", "The phone number"),
        ("email", "The email address"),
        ("emergency_contact_name", "The emergency contact's name"),
        ("emergency_contact_phone", "The emergency contact's phone"),
    ],
)
def test_every_one_line_field_of_a_client_refuses_them(
    refusing_practice: Practice, field: str, label: str
) -> None:
    practice = refusing_practice
    with nothing_written(practice), pytest.raises(ValidationError) as refused:
        practice.clients.create(details(**{field: "07700\x1b[2J900123"}))
    assert [(p.field, p.message) for p in refused.value.problems] == [
        (
            field,
            f"{label} holds a character that cannot be seen or printed (U+001B, escape); "
            "type it again without it.",
        )
    ]


@pytest.mark.parametrize(("first", "last"), REAL_NAMES)
def test_names_in_every_script_are_kept_as_written(
    names_practice: Practice, first: str, last: str
) -> None:
    practice = names_practice  # shared: this case's own new client, read back by its id
    client_id = practice.clients.create(details(first=first, last=last))
    client = practice.clients.get(client_id)
    assert (client.first_name, client.last_name) == (first, last)


def test_free_text_keeps_line_breaks_and_tabs_and_stops_at_20000_characters(
    practice: Practice,
) -> None:
    history = "Eczema as a child.\n\tNo flare since 2015.\r\nAsthma, mild."
    client_id = practice.clients.create(details(medical_history=history))
    assert practice.clients.get(client_id).medical_history == history

    practice.clients.update(client_id, details(concerns="x" * 20_000))
    with pytest.raises(ValidationError) as refused:
        practice.clients.update(client_id, details(medications="y" * 5_000_000))
    assert [(p.field, p.message) for p in refused.value.problems] == [
        (
            "medications",
            "The medications is 5,000,000 characters long; keep it under 20,000 "
            "(a long document belongs in a file of its own).",
        )
    ]
    with pytest.raises(ValidationError) as refused:
        practice.clients.update(client_id, details(allergies="Latex\x1b[8m hidden"))
    assert "(U+001B, escape)" in refused.value.problems[0].message
    assert practice.clients.get(client_id).allergies == ""


def test_a_name_stored_before_the_rules_still_opens_lists_and_is_found(
    practice: Practice,
) -> None:
    client_id = practice.clients.create(details("Eve", "Mallory"))
    with practice.store.engine.begin() as raw:  # SQL, beside the app, on either store
        raw.execute(
            text("UPDATE client SET first_name = :name WHERE id = :id"),
            {"name": "Eve\u202e\x1b[31m", "id": client_id},
        )
    client = practice.clients.get(client_id)
    assert client.first_name == "Eve\u202e\x1b[31m"  # opens as it was kept
    summary = practice.clients.summaries([client_id])[client_id]
    # What the list and the command line show of it: escapes, not the characters.
    assert visible(f"{summary.last_name}, {summary.first_name}") == "Mallory, Eve\\u202e\\x1b[31m"
    # Only a new save is checked, and it says which field to retype.
    with pytest.raises(ValidationError) as refused:
        practice.clients.update(client_id, details(client.first_name, "Mallory", phone="0123456"))
    assert [p.field for p in refused.value.problems] == ["first_name"]


def test_session_products_and_lots_refuse_them_and_notes_are_capped(
    refusing_practice: Practice,
) -> None:
    practice = refusing_practice  # only checks a record: nothing is saved
    record = SessionRecord(serum="Hyaluronic", serum_lot="LOT\u202e42")
    problems = practice.sessions.record_problems(record)
    assert [(p.field, p.message) for p in problems] == [
        (
            "serum_lot",
            "The serum lot holds a character that cannot be seen or printed "
            "(U+202E, right-to-left override); type it again without it.",
        )
    ]
    problems = practice.sessions.record_problems(
        replace(record, serum_lot="LOT42\n", notes="n" * 20_001)
    )
    assert [p.field for p in problems] == ["serum_lot", "notes"]
    assert practice.sessions.record_problems(replace(record, serum_lot="LOT42", notes="a\nb")) == []


def test_practice_settings_refuse_them(practice: Practice) -> None:
    with pytest.raises(ValidationError) as refused:
        practice.settings.set_practice_details(
            PracticeDetails(name="Skin\nClinic", practitioner_name="\u200b")
        )
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("name", "The practice's name holds a line break; keep it on one line."),
        (
            "practitioner_name",
            "The practitioner's name holds only characters that cannot be seen; "
            "type it in letters.",
        ),
    ]
    with pytest.raises(ValidationError):
        practice.settings.set_device(DeviceSettings(name="Pen\x1b]0;x\x07"))
    with pytest.raises(ValidationError):
        practice.settings.set_backup(BackupSettings(folder="/mnt/usb\x00/backups"))
    screening = practice.settings.screening()
    family = screening.medicines_of_note[0]
    with pytest.raises(ValidationError) as refused:
        practice.settings.set_screening(
            replace(screening, medicines_of_note=(replace(family, names=("warf\u202earin",)),))
        )
    assert "(U+202E, right-to-left override)" in refused.value.problems[0].message
    with pytest.raises(ValidationError) as refused:
        practice.settings.set_aftercare_text("Rest.\x1b[8m" + "x" * 10)
    assert refused.value.problems[0].field == "aftercare"
    practice.settings.set_practice_details(
        PracticeDetails(name="عيادة الجلد", address="1 High St\nBath", practitioner_name="美咲")
    )
    assert practice.settings.practice_details().address == "1 High St\nBath"


def test_a_consent_form_title_refuses_them(refusing_practice: Practice) -> None:
    practice = refusing_practice
    with nothing_written(practice), pytest.raises(ValidationError) as refused:
        practice.consents.save_template(TREATMENT, "Consent\u2066", "I agree.")
    assert [p.field for p in refused.value.problems] == ["title"]
    assert "(U+2066, left-to-right isolate)" in refused.value.problems[0].message


def test_the_rules_leave_dates_and_birth_checks_to_their_own_words(
    refusing_practice: Practice,
) -> None:
    """A name refused for a hidden character is not also called missing."""
    practice = refusing_practice
    with nothing_written(practice), pytest.raises(ValidationError) as refused:
        practice.clients.create(details(first="\u200b", date_of_birth=date(2999, 1, 1)))
    assert [p.field for p in refused.value.problems] == ["first_name", "date_of_birth"]


def test_visible_writes_out_what_cannot_be_seen_and_leaves_names_alone() -> None:
    assert visible("Zoë O'Brien 美咲 محمد") == "Zoë O'Brien 美咲 محمد"
    assert visible("علی\u200cرضا") == "علی\u200cرضا"
    shown = visible("a\x1b]0;t\x07b\x9b\u202e\ud800\nc")
    assert shown == "a\\x1b]0;t\\x07b\\u009b\\u202e\\ud800\\x0ac"
    assert visible("line\n\tnext\x00", keep="\n\t") == "line\n\tnext\\x00"


def test_the_json_of_a_visible_text_is_still_json() -> None:
    import json

    name = "Eve\x1b\x7f\x9b\u202e\ud800"
    shown = visible(json.dumps({"name": name}, ensure_ascii=False), keep="\n\t")
    assert json.loads(shown) == {"name": name}
    assert shown.isascii() or all(ch.isprintable() for ch in shown)
