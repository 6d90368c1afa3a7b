"""Importing clients from JSON or CSV: all or nothing, every bad row named by its line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from dermadesk.core.client_import import import_clients
from dermadesk.core.clock import FixedClock
from dermadesk.core.errors import ImportFileError
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from tests.helpers import TEST_NOW, details
from tests.shared_practices import nothing_written, per_store, shared_practice

pytestmark = pytest.mark.both_stores  # the practice on SQLite and on a server

TODAY = date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _on_the_day(clock: FixedClock) -> None:
    """These tests are written for TODAY: the practice's clock says it is that day (at the
    suite's time of day)."""
    clock.set(datetime.combine(TODAY, TEST_NOW.time()))


# A file without the newer questions' columns was never asked them (not "no").
NOT_ASKED: dict = {"pregnant_or_breastfeeding": None, "anticoagulants": None, "question_set": 1}
CSV_HEADER = (
    "first_name,last_name,date_of_birth,phone,email,active_acne,herpes_outbreak,"
    "local_infection,chronic_skin_disease,keloid_tendency,chemotherapy,"
    "botulinum_toxin_last,retinoid_last_used\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def problem_lines(error: pytest.ExceptionInfo[ImportFileError]) -> list[int]:
    return [problem.line for problem in error.value.problems]


def test_json_with_flat_and_nested_answers(practice: Practice, tmp_path: Path) -> None:
    records = [
        {
            "first_name": "Zoë",
            "last_name": "Dubois",
            "date_of_birth": "1991-04-02",
            "phone": "+33 6 12 34 56 78",
            "email": "zoe@example.fr",
            "active_acne": True,
            "botulinum_toxin_last": "2026-10-01",
        },
        {
            "first_name": "Łukasz",
            "last_name": "Wiśniewski",
            "date_of_birth": "1985-12-30",
            "skin_type": "III",
            "screening": {"chemotherapy": "yes", "retinoid_last_used": ""},
        },
        {"first_name": "Olena", "last_name": "Бондаренко", "date_of_birth": "2001-01-01"},
    ]
    path = write(tmp_path / "clients.json", json.dumps(records, ensure_ascii=False, indent=1))
    ids = import_clients(practice.clients, path)
    assert [practice.clients.get(i).last_name for i in ids] == [
        "Dubois",
        "Wiśniewski",
        "Бондаренко",
    ]
    assert practice.clients.latest_screening(ids[0]) == ScreeningAnswers(
        answered_on=TODAY, active_acne=True, botulinum_toxin_last=date(2026, 10, 1), **NOT_ASKED
    )
    assert practice.clients.latest_screening(ids[1]) == ScreeningAnswers(
        answered_on=TODAY, chemotherapy=True, **NOT_ASKED
    )
    assert practice.clients.get(ids[1]).skin_type == 3
    assert practice.clients.latest_screening(ids[2]) is None  # never asked, not "all clear"


def test_csv_with_a_bom_quotes_and_answers(practice: Practice, tmp_path: Path) -> None:
    text = (
        "\ufeff"
        + CSV_HEADER
        + 'Siobhán,O\'Brien,1979-03-17,"+353 87 123 4567",,'
        + "false,false,false,true,no,0,,2026-09-01\n"
        + '"Anne-Marie","Desrosiers-Lemaître",1990-07-14,,am@example.fr,,,,,,,,\n'
    )
    ids = import_clients(practice.clients, write(tmp_path / "c.csv", text))
    assert len(ids) == 2
    assert practice.clients.latest_screening(ids[0]) == ScreeningAnswers(
        answered_on=TODAY,
        chronic_skin_disease=True,
        retinoid_last_used=date(2026, 9, 1),
        **NOT_ASKED,
    )
    assert practice.clients.search_ids("lemaitre") == [ids[1]]
    # Blank answer cells are "not asked", never a recorded "no".
    assert practice.clients.latest_screening(ids[1]) is None


@per_store
def refusing_practice(request: pytest.FixtureRequest) -> Iterator[Practice]:
    """An empty practice on TODAY that the refused files below share (once per store, not once
    a case): each case checks it wrote nothing, so the practice stays empty for the next."""
    with shared_practice(request, "refusing", datetime.combine(TODAY, TEST_NOW.time())) as made:
        yield made


def test_one_bad_row_refuses_the_whole_file_and_names_every_line(
    refusing_practice: Practice, tmp_path: Path
) -> None:
    practice = refusing_practice
    text = (
        CSV_HEADER
        + "Anna,Kowalska,1988-05-17,,,,,,,,,,\n"
        + "Anna,Nowak,1990-02-30,,,,,,,,,,\n"  # line 3: impossible date
        + '"Multi\nline",Ok,1990-01-01,,,,,,,,,,\n'  # lines 4-5: a name on two lines
        + "Ewa,Zielińska,2090-01-01,,ewa@,maybe,,,,,,,\n"  # line 6: three problems
        + ",Brak,1990-01-01,,,,,,,,,,\n"  # line 7: no first name
    )
    with nothing_written(practice), pytest.raises(ImportFileError) as error:
        import_clients(practice.clients, write(tmp_path / "c.csv", text))
    assert problem_lines(error) == [3, 4, 6, 7]
    message = str(error.value)
    assert "line 4: The first name holds a line break; keep it on one line" in message
    assert "Nothing was saved" in message
    assert "line 3: date_of_birth “1990-02-30” is not a real date" in message
    assert "active_acne should be true or false, not “maybe”" in message
    assert "in the future" in message and "not an email address" in message
    assert "line 7: First name is required" in message
    assert practice.clients.count(include_archived=True) == 0


def test_json_problems_are_located_by_line(refusing_practice: Practice, tmp_path: Path) -> None:
    practice = refusing_practice
    text = """[
  {"first_name": "Anna", "last_name": "Kowalska", "date_of_birth": "1988-05-17"},
  {"first_name": "Anna",
   "last_name": "Nowak",
   "date_of_birth": "17/05/1988"},
  {"first_name": "Ewa", "last_name": "Zielińska", "date_of_birth": "1990-01-01",
   "favourite_colour": "green"},
  "not a client"
]"""
    with nothing_written(practice), pytest.raises(ImportFileError) as error:
        import_clients(practice.clients, write(tmp_path / "c.json", text))
    assert problem_lines(error) == [3, 6, 8]
    assert "should be written as YYYY-MM-DD" in str(error.value)
    assert "unknown fields: favourite_colour" in str(error.value)
    assert practice.clients.count(include_archived=True) == 0


def test_clients_already_on_file_or_repeated_refuse_the_import(
    practice: Practice, tmp_path: Path
) -> None:
    practice.clients.create(details("Zoë", "Dubois", date_of_birth=date(1991, 4, 2)))
    text = (
        CSV_HEADER
        + "Zoe,DUBOIS,1991-04-02,,,,,,,,,,\n"
        + "Anna,Kowalska,1988-05-17,,,,,,,,,,\n"
        + "Anna,Kowalska,1988-05-17,,,,,,,,,,\n"
    )
    with pytest.raises(ImportFileError) as error:
        import_clients(practice.clients, write(tmp_path / "c.csv", text))
    assert problem_lines(error) == [2, 4]
    assert "already a client (id 1)" in str(error.value)
    assert "also on line 3" in str(error.value)
    assert practice.clients.count(include_archived=True) == 1


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("c.json", '{"first_name": "Anna"}', "should hold a list of clients"),
        ("c.json", '[{"first_name": "Anna",', "damaged at line 1"),
        ("c.json", "[] trailing", "text after its list"),
        ("c.csv", "first_name,surname,date_of_birth\nA,B,1990-01-01\n", "“surname”"),
        ("c.txt", "whatever", "from .json or .csv files"),
        ("c.json", "[]", "holds no clients"),
    ],
)
def test_files_that_are_not_client_lists_are_refused_in_words(
    refusing_practice: Practice, tmp_path: Path, name: str, content: str, words: str
) -> None:
    practice = refusing_practice
    with nothing_written(practice), pytest.raises(ImportFileError, match=words):
        import_clients(practice.clients, write(tmp_path / name, content))


def test_a_file_that_is_not_utf8_is_refused(refusing_practice: Practice, tmp_path: Path) -> None:
    practice = refusing_practice
    path = tmp_path / "c.csv"
    path.write_bytes((CSV_HEADER + "Zoë,Dubois,1991-04-02,,,,,,,,,,\n").encode("latin-1"))
    with nothing_written(practice), pytest.raises(ImportFileError, match="not UTF-8"):
        import_clients(practice.clients, path)


def test_a_missing_file_is_named(refusing_practice: Practice, tmp_path: Path) -> None:
    practice = refusing_practice
    with nothing_written(practice), pytest.raises(ImportFileError, match="There is no file"):
        import_clients(practice.clients, tmp_path / "nowhere.csv")


def test_blank_lines_do_not_shift_the_reported_line(
    refusing_practice: Practice, tmp_path: Path
) -> None:
    practice = refusing_practice
    text = (
        CSV_HEADER + "\nAnna,Kowalska,1988-05-17,,,,,,,,,,\n\n\nAnna,Nowak,1990-02-30,,,,,,,,,,\n"
    )
    with nothing_written(practice), pytest.raises(ImportFileError) as error:
        import_clients(practice.clients, write(tmp_path / "c.csv", text))
    assert problem_lines(error) == [6]


def test_the_nested_screening_object_holds_answers_only(
    refusing_practice: Practice, tmp_path: Path
) -> None:
    practice = refusing_practice
    record = {
        "first_name": "Anna",
        "last_name": "Kowalska",
        "date_of_birth": "1988-05-17",
        "screening": {"first_name": "Someone else", "active_acne": True},
    }
    with nothing_written(practice), pytest.raises(ImportFileError, match="not answers: first_name"):
        import_clients(practice.clients, write(tmp_path / "c.json", json.dumps([record])))


def test_a_large_json_file_is_read_in_linear_time(tmp_path: Path) -> None:
    # Reading the file is the same on either store: it runs once, with no practice.
    from dermadesk.core.client_import import read_client_file

    records = [
        {"first_name": f"Anna{n}", "last_name": "Kowalska", "date_of_birth": "1988-05-17"}
        for n in range(20000)
    ]
    path = write(tmp_path / "big.json", json.dumps(records, indent=2))
    rows = read_client_file(path, TODAY)
    assert [row.line for row in rows[:2]] == [2, 7]
    assert rows[-1].line == 2 + 5 * 19999
