"""Dates and ages: the arithmetic the screening rules and forms rely on."""

from __future__ import annotations

from datetime import date

import pytest

from dermadesk.core.validation import age_on, parse_iso_date, parse_typed_date

pytestmark = pytest.mark.both_stores


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (date(2004, 11, 21), date(2026, 11, 21), 22),  # the 22nd birthday itself
        (date(2004, 11, 22), date(2026, 11, 21), 21),  # the day before it
        (date(2004, 2, 29), date(2026, 2, 28), 21),  # leap-day birthday, common year
        (date(2004, 2, 29), date(2026, 3, 1), 22),
        (date(2004, 2, 29), date(2028, 2, 29), 24),
        (date(1990, 12, 31), date(2026, 1, 1), 35),
    ],
)
def test_age_counts_completed_years(birth: date, day: date, age: int) -> None:
    assert age_on(birth, day) == age


@pytest.mark.parametrize(
    ("typed", "order", "expected"),
    [
        ("27/03/1985", "DMY", date(1985, 3, 27)),
        ("7.3.1985", "DMY", date(1985, 3, 7)),
        ("03/27/1985", "MDY", date(1985, 3, 27)),
        ("1985-03-27", "DMY", date(1985, 3, 27)),  # ISO works in every locale
        ("1985-03-27", "MDY", date(1985, 3, 27)),
        ("29/02/2024", "DMY", date(2024, 2, 29)),
        ("  ", "DMY", None),
    ],
)
def test_typed_dates_are_read_in_the_locale_order(
    typed: str, order: str, expected: date | None
) -> None:
    assert parse_typed_date(typed, order, "Date of birth") == expected


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("31/02/1990", "is not a real date"),
        ("29/02/2023", "is not a real date"),
        ("12/03/85", "write the year in full"),
        ("12 March 1985", "should be written as dd/mm/yyyy"),
        ("1985/13/01", "is not a real date"),
    ],
)
def test_impossible_typed_dates_are_explained(typed: str, words: str) -> None:
    with pytest.raises(ValueError, match=words) as error:
        parse_typed_date(typed, "DMY", "Date of birth")
    assert "Date of birth" in str(error.value)


def test_iso_dates_in_files_are_strict() -> None:
    assert parse_iso_date("1990-02-03", "date_of_birth") == date(1990, 2, 3)
    with pytest.raises(ValueError, match="not a real date"):
        parse_iso_date("1990-02-30", "date_of_birth")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_iso_date("03/02/1990", "date_of_birth")
