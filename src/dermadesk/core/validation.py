"""Checks on what people type, each failing with a sentence the user can act on."""

from __future__ import annotations

import re
from datetime import date

from dermadesk.core.dates import long_date

# Deliberately plain: one @, something before it, a dotted domain after it, no
# spaces. Stricter parsing refuses real addresses; this catches typing slips.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_PHONE_CHARACTERS = re.compile(r"^[0-9+()\-.\s/]+$")
OLDEST_BIRTH_YEAR = 1900


def email_problem(email: str) -> str | None:
    """Why `email` is not an email address, or None when it looks like one (or is empty)."""
    if not email or _EMAIL.match(email):
        return None
    return f"“{email}” is not an email address (it should look like name@example.com)."


def phone_problem(phone: str, label: str = "Phone") -> str | None:
    """Why `phone` cannot be a phone number, or None when it can (or is empty)."""
    if not phone:
        return None
    if not _PHONE_CHARACTERS.match(phone):
        return f"{label} “{phone}” should hold only digits, spaces and + ( ) - ."
    digits = sum(ch.isdigit() for ch in phone)
    if digits < 6 or digits > 15:
        return f"{label} “{phone}” has {digits} digits; a phone number has 6 to 15."
    return None


def parse_iso_date(text: str, label: str) -> date:
    """Read a YYYY-MM-DD date, raising ValueError with a message naming `label`."""
    text = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"{label} “{text}” should be written as YYYY-MM-DD, e.g. 1985-03-27.")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{label} “{text}” is not a real date.") from None


def age_on(birth: date, day: date) -> int:
    """Completed years between `birth` and `day` (a 29 February birthday counts from 1 March)."""
    had_birthday = (day.month, day.day) >= (birth.month, birth.day)
    return day.year - birth.year - (0 if had_birthday else 1)


def birth_date_problem(birth: date | None, today: date) -> str | None:
    """Why `birth` cannot be a client's date of birth, or None when it can."""
    if birth is None:
        return "Date of birth is required (it decides who may be treated)."
    if birth > today:
        return f"Date of birth {long_date(birth)} is in the future."
    if birth.year < OLDEST_BIRTH_YEAR:
        return f"Date of birth {long_date(birth)} is before {OLDEST_BIRTH_YEAR}; check the year."
    return None


DATE_ORDERS = {"DMY": "dd/mm/yyyy", "MDY": "mm/dd/yyyy", "YMD": "yyyy-mm-dd"}


def parse_typed_date(text: str, order: str, label: str) -> date | None:
    """Read a date typed by hand in the locale's `order` (DMY, MDY or YMD); None when empty.

    Any of / . - or a space separates the parts; the year is written in full.
    A date starting with a four-digit year is read as year-month-day whatever
    the locale, so ISO dates always work. Raises ValueError naming `label`.
    """
    text = text.strip()
    if not text:
        return None
    parts = re.split(r"[/.\-\s]+", text)
    # ASCII digits only: str.isdigit() also accepts ² and other digits int() refuses.
    if len(parts) != 3 or not all(re.fullmatch(r"[0-9]+", p) for p in parts):
        raise ValueError(f"{label} “{text}” should be written as {DATE_ORDERS[order]}.")
    if len(parts[0]) == 4:
        order = "YMD"
    numbers = dict(zip(order, (int(p) for p in parts), strict=True))
    year_text = parts[order.index("Y")]
    if len(year_text) != 4:
        raise ValueError(f"{label} “{text}”: write the year in full, e.g. 1985.")
    try:
        return date(numbers["Y"], numbers["M"], numbers["D"])
    except ValueError:
        raise ValueError(f"{label} “{text}” is not a real date.") from None
