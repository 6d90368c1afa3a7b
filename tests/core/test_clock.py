"""The practice's clock: the three readings agree, and a fixed clock moves only when told."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from dermadesk.core.clock import FixedClock, SystemClock


def test_a_fixed_clock_reads_the_same_moment_three_ways() -> None:
    clock = FixedClock(datetime(2028, 2, 29, 23, 59, 59))
    assert clock.local_now() == datetime(2028, 2, 29, 23, 59, 59)
    assert clock.today() == date(2028, 2, 29)
    assert clock.now().tzinfo is UTC
    assert clock.now() == datetime(2028, 2, 29, 23, 59, 59).astimezone(UTC)


def test_a_fixed_clock_moves_only_when_told() -> None:
    clock = FixedClock(datetime(2026, 12, 31, 23, 59, 59))
    assert clock.today() == date(2026, 12, 31)
    clock.advance(timedelta(seconds=1))
    assert clock.today() == date(2027, 1, 1)
    clock.set(datetime(2027, 3, 1, 9, 0))
    assert clock.local_now() == datetime(2027, 3, 1, 9, 0)


def test_the_system_clock_is_the_computers() -> None:
    clock = SystemClock()
    before = datetime.now(UTC)
    assert before - timedelta(seconds=5) <= clock.now() <= datetime.now(UTC)
    assert clock.today() in {date.today(), date.today() - timedelta(days=1)}


def test_a_practice_stamps_what_it_writes_with_its_own_clock(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import details, open_practice

    clock = FixedClock(datetime(2028, 2, 29, 23, 59, 59))
    with open_practice(tmp_path / "practice", clock) as practice:
        assert practice.clock is clock
        client_id = practice.clients.create(details())
        clock.advance(timedelta(seconds=1))  # into 1 March
        practice.clients.update(client_id, details("Anna", "Nowak"))
        client = practice.clients.get(client_id)
        stamps = [e.at for e in practice.audit.events()]
    as_stored = [moment.replace(tzinfo=UTC) for moment in (client.created_at, client.updated_at)]
    assert as_stored == [
        datetime(2028, 2, 29, 23, 59, 59).astimezone(UTC),
        datetime(2028, 3, 1, 0, 0, 0).astimezone(UTC),
    ]
    assert sorted(s.replace(tzinfo=UTC) for s in stamps) == as_stored
