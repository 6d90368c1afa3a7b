"""Client files: what the receptionist saves is what comes back, and bad input is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest

from dermadesk.core.client_details import ClientDetails
from dermadesk.core.clock import FixedClock
from dermadesk.core.errors import NotFoundError, ValidationError
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from tests.helpers import TEST_NOW, details
from tests.shared_practices import nothing_written, per_store, shared_practice

# Client files behave the same in a folder and on a practice server.
pytestmark = pytest.mark.both_stores

TODAY = date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _on_the_day(clock: FixedClock) -> None:
    """These tests are written for TODAY: the practice's clock says it is that day (at the
    suite's time of day)."""
    clock.set(datetime.combine(TODAY, TEST_NOW.time()))


@per_store
def refusing_practice(request: pytest.FixtureRequest) -> Iterator[Practice]:
    """An empty practice on TODAY that the refusals below share (once per store, not once a
    case): each case checks it wrote nothing, so the practice stays empty for the next."""
    with shared_practice(request, "refusing", datetime.combine(TODAY, TEST_NOW.time())) as made:
        yield made


def fields_at_fault(error: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {problem.field for problem in error.value.problems}


def test_a_new_client_file_keeps_every_detail(practice: Practice) -> None:
    entered = ClientDetails(
        first_name="  Zoe\u0308 ",  # decomposed ë, as some keyboards send it
        last_name="O'Brien-Łukasik",
        date_of_birth=date(1990, 2, 28),
        phone="+44 7700 900123",
        email="Zoe.OBrien@Example.com",
        address="12 Mill Road\nBath BA1 1LT",
        emergency_contact_name="Seán O'Brien",
        emergency_contact_phone="07700 900456",
        skin_type=2,
        concerns="acne scars",
        medical_history="Asthma",
        medications="Salbutamol",
        allergies="Lidocaine",
    )
    client_id = practice.clients.create(entered)
    stored = ClientDetails.of(practice.clients.get(client_id))
    assert stored.first_name == "Zoë"  # trimmed and composed, so search and sort agree
    assert stored.email == "zoe.obrien@example.com"
    assert stored == entered.cleaned()
    assert stored.address == "12 Mill Road\nBath BA1 1LT"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"first_name": "  "}, "first_name", "First name is required"),
        ({"last_name": ""}, "last_name", "Last name is required"),
        ({"date_of_birth": None}, "date_of_birth", "Date of birth is required"),
        ({"date_of_birth": TODAY + timedelta(days=1)}, "date_of_birth", "in the future"),
        ({"date_of_birth": date(1899, 12, 31)}, "date_of_birth", "before 1900"),
        ({"email": "anna@"}, "email", "not an email address"),
        ({"email": "anna kowalska@example.com"}, "email", "not an email address"),
        ({"email": "anna@example"}, "email", "not an email address"),
        ({"phone": "call me"}, "phone", "only digits"),
        ({"phone": "123"}, "phone", "6 to 15"),
        ({"emergency_contact_phone": "12ab"}, "emergency_contact_phone", "Emergency contact"),
        ({"skin_type": 7}, "skin_type", "Fitzpatrick"),
        ({"first_name": "A" * 101}, "first_name", "longer than 100"),
    ],
)
def test_bad_details_are_refused_with_the_reason(
    refusing_practice: Practice, change: dict[str, object], field: str, words: str
) -> None:
    practice = refusing_practice
    with nothing_written(practice), pytest.raises(ValidationError) as error:
        practice.clients.create(details(**change))  # type: ignore[arg-type]
    assert fields_at_fault(error) == {field}
    assert words in str(error.value)
    assert practice.clients.count(include_archived=True) == 0


def test_every_problem_is_named_at_once(refusing_practice: Practice) -> None:
    practice = refusing_practice
    bad = ClientDetails("", "", TODAY + timedelta(days=3), email="x@", phone="abc")
    with nothing_written(practice), pytest.raises(ValidationError) as error:
        practice.clients.create(bad)
    assert fields_at_fault(error) == {"first_name", "last_name", "date_of_birth", "email", "phone"}


def test_born_today_is_allowed(practice: Practice) -> None:
    client_id = practice.clients.create(details(date_of_birth=TODAY))
    assert practice.clients.get(client_id).date_of_birth == TODAY


def test_editing_changes_the_file_and_what_search_finds(practice: Practice) -> None:
    client_id = practice.clients.create(details("Anna", "Kowalska"))
    practice.clients.update(client_id, details("Anna", "Nowak", phone="07700 900123"), None)
    assert practice.clients.get(client_id).last_name == "Nowak"
    assert practice.clients.search_ids("kowal") == []
    assert practice.clients.search_ids("nowak") == [client_id]
    assert practice.clients.search_ids("0770") == [client_id]
    assert practice.clients.get(client_id).updated_at >= practice.clients.get(client_id).created_at


def test_an_invalid_edit_changes_nothing(practice: Practice) -> None:
    client_id = practice.clients.create(details(email="anna@example.com"))
    with pytest.raises(ValidationError):
        practice.clients.update(client_id, details(email="anna@@example.com"), None)
    assert practice.clients.get(client_id).email == "anna@example.com"


def test_archive_hides_a_client_and_restore_brings_them_back(practice: Practice) -> None:
    kept = practice.clients.create(details("Anna", "Kowalska"))
    archived = practice.clients.create(details("Anna", "Nowak"))
    practice.clients.archive(archived)
    assert practice.clients.search_ids("anna") == [kept]
    assert practice.clients.search_ids("") == [kept]
    assert practice.clients.count() == 1
    assert practice.clients.search_ids("anna", include_archived=True) == [kept, archived]
    assert practice.clients.get(archived).archived  # nothing of the file is lost
    practice.clients.restore(archived)
    assert practice.clients.search_ids("anna") == [kept, archived]
    assert practice.clients.count() == 2


def test_an_unknown_client_is_reported_in_words(practice: Practice) -> None:
    with pytest.raises(NotFoundError, match="no client with id 42"):
        practice.clients.get(42)
    with pytest.raises(NotFoundError):
        practice.clients.archive(42)


def test_screening_answers_are_kept_as_dated_history(practice: Practice) -> None:
    first = ScreeningAnswers(answered_on=date(2026, 1, 10), active_acne=True)
    client_id = practice.clients.create(details(), first)
    later = ScreeningAnswers(answered_on=date(2026, 6, 1), botulinum_toxin_last=date(2026, 5, 20))
    assert practice.clients.record_screening(client_id, later)
    assert practice.clients.latest_screening(client_id) == later
    assert practice.clients.screening_history(client_id) == [later, first]


def test_the_same_answers_again_on_the_same_day_add_nothing(practice: Practice) -> None:
    answers = ScreeningAnswers(answered_on=date(2026, 1, 10), keloid_tendency=True)
    client_id = practice.clients.create(details(), answers)
    assert not practice.clients.record_screening(client_id, answers)
    assert practice.clients.screening_history(client_id) == [answers]


def test_the_same_answers_on_a_later_day_confirm_them(practice: Practice) -> None:
    answers = ScreeningAnswers(answered_on=date(2026, 1, 10), keloid_tendency=True)
    client_id = practice.clients.create(details(), answers)
    again = ScreeningAnswers(answered_on=date(2026, 3, 1), keloid_tendency=True)
    assert practice.clients.record_screening(client_id, again)
    assert practice.clients.latest_screening(client_id) == again  # no longer out of date
    assert practice.clients.screening_history(client_id) == [again, answers]


def test_screening_dates_that_cannot_be_right_are_refused(practice: Practice) -> None:
    client_id = practice.clients.create(details(date_of_birth=date(1990, 1, 1)))
    cases = [
        (ScreeningAnswers(answered_on=TODAY + timedelta(days=1)), "answered_on"),
        (
            ScreeningAnswers(answered_on=TODAY, retinoid_last_used=TODAY + timedelta(days=2)),
            "retinoid_last_used",
        ),
        (
            ScreeningAnswers(answered_on=TODAY, botulinum_toxin_last=date(1980, 1, 1)),
            "botulinum_toxin_last",
        ),
    ]
    for answers, field in cases:
        with pytest.raises(ValidationError) as error:
            practice.clients.record_screening(client_id, answers)
        assert fields_at_fault(error) == {field}
    assert practice.clients.screening_history(client_id) == []


def test_details_and_new_answers_are_saved_together_or_not_at_all(practice: Practice) -> None:
    client_id = practice.clients.create(details("Anna", "Kowalska"))
    bad_answers = ScreeningAnswers(answered_on=TODAY + timedelta(days=5), chemotherapy=True)
    with pytest.raises(ValidationError):
        practice.clients.update(client_id, details("Anna", "Nowak"), bad_answers)
    assert practice.clients.get(client_id).last_name == "Kowalska"
    good_answers = ScreeningAnswers(answered_on=TODAY, chemotherapy=True)
    practice.clients.update(client_id, details("Anna", "Nowak"), good_answers)
    assert practice.clients.latest_screening(client_id) == good_answers


def test_same_person_is_recognised_whatever_the_accents(practice: Practice) -> None:
    client_id = practice.clients.create(details("Zoë", "Dubois"))
    assert practice.clients.find_same_person(details("zoe", "DUBOIS")) == client_id
    assert practice.clients.find_same_person(details("Zoe", "Dubois", date_of_birth=TODAY)) is None


def test_summaries_of_many_clients_come_in_chunks(
    practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dermadesk.core import clients as clients_module

    monkeypatch.setattr(clients_module, "_SUMMARY_CHUNK", 3)
    ids = practice.clients.create_many([(details(f"Anna{n}", "Nowak"), None) for n in range(10)])
    summaries = practice.clients.summaries(ids)
    assert sorted(summaries) == sorted(ids)
    assert summaries[ids[7]].first_name == "Anna7"
