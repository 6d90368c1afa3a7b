"""How a date reads on screen and paper: 3 Feb 1990, the same everywhere."""

from __future__ import annotations

from datetime import date


def long_date(day: date) -> str:
    """A date spelled out for reading, e.g. 3 Feb 1990 (no leading zero, no ambiguity)."""
    return f"{day.day} {day:%b %Y}"
