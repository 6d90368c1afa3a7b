"""Small builders shared by the tests."""

from __future__ import annotations

from datetime import date

from dermadesk.core.clients import ClientDetails


def details(first: str = "Anna", last: str = "Kowalska", **more: object) -> ClientDetails:
    """Valid client details, changed where a test says."""
    values: dict[str, object] = {
        "first_name": first,
        "last_name": last,
        "date_of_birth": date(1988, 5, 17),
        **more,
    }
    return ClientDetails(**values)  # type: ignore[arg-type]
