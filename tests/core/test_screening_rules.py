"""The screening rules: who may be treated on a given day, and what the practitioner is told."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from dermadesk.core.clock import FixedClock
from dermadesk.core.errors import ValidationError
from dermadesk.core.practice import Practice
from dermadesk.core.screening import CONDITION_QUESTIONS, ScreeningAnswers
from dermadesk.core.screening_rules import (
    CONDITION_RULES,
    RULES,
    Level,
    ScreeningSettings,
    Status,
    screen,
)
from tests.helpers import TEST_NOW, details

pytestmark = pytest.mark.both_stores

ON = date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _on_the_day(clock: FixedClock) -> None:
    """These tests are written for ON: the practice's clock says it is that day (at the
    suite's time of day)."""
    clock.set(datetime.combine(ON, TEST_NOW.time()))


ADULT = date(1990, 6, 15)
ANSWERED = ScreeningAnswers(answered_on=ON - timedelta(days=3))


def rules(result) -> dict[str, Level]:  # type: ignore[no-untyped-def]
    return {finding.rule: finding.level for finding in result.findings}


def test_nothing_to_report_is_clear() -> None:
    result = screen(ANSWERED, ADULT, ON)
    assert result.status is Status.CLEAR
    assert result.findings == []
    assert result.as_json() == {"status": "clear", "findings": []}


@pytest.mark.parametrize(
    ("condition", "level", "status"),
    [
        ("herpes_outbreak", Level.BLOCK, Status.BLOCKED),
        ("local_infection", Level.BLOCK, Status.BLOCKED),
        ("chemotherapy", Level.BLOCK, Status.BLOCKED),
        ("active_acne", Level.WARN, Status.CAUTION),
        ("chronic_skin_disease", Level.WARN, Status.CAUTION),
        ("keloid_tendency", Level.WARN, Status.CAUTION),
    ],
)
def test_each_condition_with_its_default_weight(
    condition: str, level: Level, status: Status
) -> None:
    result = screen(replace(ANSWERED, **{condition: True}), ADULT, ON)
    assert rules(result) == {condition: level}
    assert result.status is status
    assert result.findings[0].message  # words for the practitioner, never empty


def test_every_condition_question_has_a_rule() -> None:
    assert set(CONDITION_RULES) == set(CONDITION_QUESTIONS)
    assert set(CONDITION_RULES.values()) <= set(RULES)


def test_a_blocking_finding_outweighs_warnings() -> None:
    answers = replace(ANSWERED, active_acne=True, keloid_tendency=True, chemotherapy=True)
    result = screen(answers, ADULT, ON)
    assert result.status is Status.BLOCKED
    assert [f.rule for f in result.findings] == ["chemotherapy", "keloid_tendency", "active_acne"]


@pytest.mark.parametrize(
    ("days_before", "fires"),
    [(0, True), (1, True), (13, True), (14, False), (30, False), (-3, False)],
)
def test_recent_botulinum_toxin_within_the_interval(days_before: int, fires: bool) -> None:
    answers = replace(ANSWERED, botulinum_toxin_last=ON - timedelta(days=days_before))
    result = screen(answers, ADULT, ON)
    assert ("recent_botulinum_toxin" in rules(result)) is fires
    if fires:
        assert f"{days_before} day" in result.findings[0].message
        assert result.status is Status.CAUTION


@pytest.mark.parametrize(("days_before", "fires"), [(0, True), (13, True), (14, False)])
def test_recent_retinoid_within_the_interval(days_before: int, fires: bool) -> None:
    answers = replace(ANSWERED, retinoid_last_used=ON - timedelta(days=days_before))
    assert ("recent_retinoid" in rules(screen(answers, ADULT, ON))) is fires


@pytest.mark.parametrize(
    ("birth", "on", "under"),
    [
        (date(2004, 11, 21), date(2026, 11, 21), False),  # 22 today
        (date(2004, 11, 22), date(2026, 11, 21), True),  # 22 tomorrow
        (date(2004, 2, 29), date(2026, 2, 28), True),  # leap-day birthday, common year
        (date(2004, 2, 29), date(2026, 3, 1), False),
        (date(2006, 2, 28), date(2028, 2, 28), False),  # an ordinary birthday
        (date(2008, 2, 29), date(2030, 2, 28), True),
        (date(2008, 2, 29), date(2030, 3, 1), False),
    ],
)
def test_the_day_someone_turns_22(birth: date, on: date, under: bool) -> None:
    answers = ScreeningAnswers(answered_on=on)
    result = screen(answers, birth, on)
    assert ("under_minimum_age" in rules(result)) is under
    if under:
        assert result.status is Status.CAUTION
        assert "21 years old" in result.findings[0].message


def test_never_screened_is_never_clear() -> None:
    result = screen(None, ADULT, ON)
    assert rules(result) == {"not_screened": Level.WARN}
    assert result.status is Status.CAUTION


def test_old_answers_must_be_asked_again() -> None:
    fresh = ScreeningAnswers(answered_on=ON - timedelta(days=90))
    stale = ScreeningAnswers(answered_on=ON - timedelta(days=91))
    assert rules(screen(fresh, ADULT, ON)) == {}
    assert rules(screen(stale, ADULT, ON)) == {"answers_outdated": Level.WARN}


def test_the_practice_decides_what_blocks_and_the_intervals() -> None:
    settings = (
        ScreeningSettings(botulinum_toxin_days=30, minimum_age=18)
        .with_blocking("active_acne", True)
        .with_blocking("herpes_outbreak", False)
    )
    answers = replace(
        ANSWERED,
        active_acne=True,
        herpes_outbreak=True,
        botulinum_toxin_last=ON - timedelta(days=20),
    )
    result = screen(answers, date(2006, 1, 1), ON, settings)
    assert rules(result) == {
        "herpes_outbreak": Level.WARN,
        "active_acne": Level.BLOCK,
        "recent_botulinum_toxin": Level.WARN,
    }
    assert result.status is Status.BLOCKED


def test_settings_are_kept_by_the_practice(practice: Practice) -> None:
    assert practice.settings.screening() == ScreeningSettings()
    chosen = ScreeningSettings(retinoid_days=28).with_blocking("keloid_tendency", True)
    practice.settings.set_screening(chosen)
    assert practice.settings.screening() == chosen
    with pytest.raises(ValidationError, match="between 0 and 100"):
        practice.settings.set_screening(replace(chosen, minimum_age=-1))
    with pytest.raises(ValidationError, match="Unknown rule"):
        practice.settings.set_screening(chosen.with_blocking("astrology", True))
    assert practice.settings.screening() == chosen


def test_a_client_is_screened_with_the_practice_settings(practice: Practice) -> None:
    answers = ScreeningAnswers(answered_on=ON, keloid_tendency=True)
    client_id = practice.clients.create(details(date_of_birth=ADULT), answers)
    assert practice.screen_client(client_id, ON).status is Status.CAUTION
    practice.settings.set_screening(ScreeningSettings().with_blocking("keloid_tendency", True))
    assert practice.screen_client(client_id, ON).status is Status.BLOCKED
