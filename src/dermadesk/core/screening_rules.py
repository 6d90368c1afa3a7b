"""Who may be treated on a given day: DOMAIN.md's screening rules as one pure function.

`screen(answers, date_of_birth, on, settings)` takes the client's latest
answers, their birth date and the treatment date, and says clear, caution or
blocked, with a finding per rule that fired, in the practitioner's words.
Which rules block and which only warn, and the intervals of the time-based
ones, are practice settings (`ScreeningSettings`) with DOMAIN's defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from dermadesk.core.dates import long_date
from dermadesk.core.screening import CONDITION_QUESTIONS, ScreeningAnswers
from dermadesk.core.validation import age_on


class Level(StrEnum):
    """How a finding weighs: it stops treatment, or it calls for judgement."""

    WARN = "warn"
    BLOCK = "block"


class Status(StrEnum):
    """The overall answer for one client on one day."""

    CLEAR = "clear"
    CAUTION = "caution"
    BLOCKED = "blocked"


# Every rule, in the order findings are listed. The yes/no ones share their
# names with the questions; the others are about dates and the record itself.
RULES: dict[str, str] = {
    "herpes_outbreak": "Cold sore (herpes) outbreak",
    "local_infection": "Infection in the area",
    "chemotherapy": "Ongoing chemotherapy",
    "active_acne": "Active acne in the area",
    "chronic_skin_disease": "Chronic skin disease",
    "keloid_tendency": "Keloid tendency",
    "recent_botulinum_toxin": "Recent botulinum toxin",
    "recent_retinoid": "Recent retinoid",
    "under_minimum_age": "Under the minimum age",
    "not_screened": "Not screened",
    "answers_outdated": "Screening answers out of date",
}
# DOMAIN: infection, herpes outbreak and chemotherapy block; the others warn.
DEFAULT_BLOCKING = frozenset({"herpes_outbreak", "local_infection", "chemotherapy"})

_CONDITION_MESSAGES = {
    "active_acne": "Active acne in the treatment area.",
    "herpes_outbreak": "A cold sore (herpes) outbreak at present.",
    "local_infection": "An infection in the area, such as warts.",
    "chronic_skin_disease": "Moderate or severe chronic skin disease (eczema, psoriasis).",
    "keloid_tendency": "Tends to form keloid or raised scars.",
    "chemotherapy": "Ongoing chemotherapy.",
}
assert set(_CONDITION_MESSAGES) == set(CONDITION_QUESTIONS)


@dataclass(frozen=True)
class ScreeningSettings:
    """A practice's choices: which rules block, and the intervals the dated rules use."""

    blocking: frozenset[str] = DEFAULT_BLOCKING
    botulinum_toxin_days: int = 14  # no needling over fresh toxin in the area
    retinoid_days: int = 14  # "stop retinoids some weeks before"
    minimum_age: int = 22  # cleared devices: adults aged 22 and older
    answers_valid_days: int = 90  # older answers must be asked again

    def level(self, rule: str) -> Level:
        """Whether `rule` blocks or warns in this practice."""
        return Level.BLOCK if rule in self.blocking else Level.WARN

    def problems(self) -> list[str]:
        """What makes these settings unusable, in words."""
        found = [f"Unknown rule “{rule}”." for rule in sorted(self.blocking - set(RULES))]
        for name, low, high in (
            ("botulinum_toxin_days", 0, 365),
            ("retinoid_days", 0, 365),
            ("minimum_age", 0, 100),
            ("answers_valid_days", 1, 3650),
        ):
            value = getattr(self, name)
            if not low <= value <= high:
                found.append(f"{name} should be between {low} and {high}, not {value}.")
        return found

    def with_blocking(self, rule: str, blocks: bool) -> ScreeningSettings:
        """A copy where `rule` blocks (or only warns)."""
        chosen = self.blocking | {rule} if blocks else self.blocking - {rule}
        return replace(self, blocking=frozenset(chosen))


@dataclass(frozen=True)
class Finding:
    """One rule that fired: which, how much it weighs, and what to tell the practitioner."""

    rule: str
    level: Level
    message: str


@dataclass(frozen=True)
class ScreeningResult:
    """The verdict for one client on one day."""

    status: Status
    findings: list[Finding] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """DESIGN's `screen --json` shape."""
        return {
            "status": self.status.value,
            "findings": [
                {"rule": f.rule, "level": f.level.value, "message": f.message}
                for f in self.findings
            ],
        }


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def screen(
    answers: ScreeningAnswers | None,
    date_of_birth: date,
    on: date,
    settings: ScreeningSettings | None = None,
) -> ScreeningResult:
    """Screen a client for a treatment on `on`, with their latest answers (None: never asked)."""
    settings = settings or ScreeningSettings()
    raised: dict[str, str] = {}

    age = age_on(date_of_birth, on)
    if age < settings.minimum_age:
        raised["under_minimum_age"] = (
            f"{age} years old on {long_date(on)}; the devices are cleared for adults aged "
            f"{settings.minimum_age} and older."
        )

    if answers is None:
        raised["not_screened"] = "No screening answers on file. Ask the questions before treating."
    else:
        for rule, message in _CONDITION_MESSAGES.items():
            if getattr(answers, rule):
                raised[rule] = message
        toxin = answers.botulinum_toxin_last
        if toxin is not None and 0 <= (on - toxin).days < settings.botulinum_toxin_days:
            raised["recent_botulinum_toxin"] = (
                f"Botulinum toxin in the area {_days((on - toxin).days)} before "
                f"(on {long_date(toxin)}); wait {_days(settings.botulinum_toxin_days)}."
            )
        retinoid = answers.retinoid_last_used
        if retinoid is not None and 0 <= (on - retinoid).days < settings.retinoid_days:
            raised["recent_retinoid"] = (
                f"Retinoid used {_days((on - retinoid).days)} before (on {long_date(retinoid)}); "
                f"stop {_days(settings.retinoid_days)} before treatment."
            )
        age_of_answers = (on - answers.answered_on).days
        if age_of_answers > settings.answers_valid_days:
            raised["answers_outdated"] = (
                f"Answers given on {long_date(answers.answered_on)}, {_days(age_of_answers)} "
                "before; ask the questions again."
            )

    findings = [
        Finding(rule, settings.level(rule), raised[rule]) for rule in RULES if rule in raised
    ]
    if any(f.level is Level.BLOCK for f in findings):
        status = Status.BLOCKED
    elif findings:
        status = Status.CAUTION
    else:
        status = Status.CLEAR
    return ScreeningResult(status, findings)
