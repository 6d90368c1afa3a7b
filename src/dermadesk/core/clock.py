"""The one place DermaDesk asks what time it is.

Every service takes the practice's clock, so a test can fix the date (a birthday on
29 February, a backup at 23:59:59 on 31 December) and a whole day can be replayed.
Three readings are offered because the practice uses three: timestamps are stored as
aware UTC, appointments are wall-clock times in the practice, and "today" is the
practice's calendar day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """What time it is, in the three forms the practice uses."""

    def now(self) -> datetime:
        """This moment as aware UTC, the form every stored timestamp takes."""
        ...

    def local_now(self) -> datetime:
        """This moment as the practice's wall clock says it (naive local time)."""
        ...

    def today(self) -> date:
        """The practice's calendar day."""
        ...


class SystemClock:
    """The computer's own clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def local_now(self) -> datetime:
        return datetime.now()

    def today(self) -> date:
        return date.today()

    def __repr__(self) -> str:
        return "SystemClock()"


class FixedClock:
    """A clock that says what it is told, and moves only when told to (tests, replays)."""

    def __init__(self, at: datetime) -> None:
        # A naive moment is the practice's wall clock, as people set one.
        self._at = at if at.tzinfo is not None else at.astimezone()

    def now(self) -> datetime:
        return self._at.astimezone(UTC)

    def local_now(self) -> datetime:
        return self._at.astimezone().replace(tzinfo=None)

    def today(self) -> date:
        return self.local_now().date()

    def advance(self, by: timedelta) -> None:
        """Move the clock on (or back, with a negative `by`)."""
        self._at += by

    def set(self, at: datetime) -> None:
        """Put the clock at `at` (naive: the practice's wall clock)."""
        self._at = at if at.tzinfo is not None else at.astimezone()

    def __repr__(self) -> str:
        return f"FixedClock({self.local_now().isoformat()})"


# The clock a practice opened without one uses. Only the test suite replaces it (with a
# FixedClock, in one fixture); the program itself always runs on the computer's clock.
DEFAULT_CLOCK: Clock = SystemClock()


def default_clock() -> Clock:
    """The clock a practice uses when none is given."""
    return DEFAULT_CLOCK
