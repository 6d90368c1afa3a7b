"""Who may be treated on a given day: DOMAIN.md's screening rules as one pure function.

`screen(answers, date_of_birth, on, settings, context)` takes the client's
latest answers, their birth date, the treatment date and what else the file
says (allergies, medications, the last session), and says clear, caution or
blocked, with a finding per rule that fired, each one plain sentence.
"Clear" means no rule fired at all. Which rules block and which only warn,
the intervals of the time-based ones, the medicines of note and the
practice's own questions are practice settings (`ScreeningSettings`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from dermadesk.core.allergies import (
    DEFAULT_MEDICINES_OF_NOTE,
    MedicineFamily,
    medicines_of_note,
    names_numbing_agent,
    recorded_allergies,
)
from dermadesk.core.dates import long_date
from dermadesk.core.screening import CONDITION_QUESTIONS, ScreeningAnswers
from dermadesk.core.text_rules import single_line_problem
from dermadesk.core.validation import age_on

CUSTOM_PREFIX = "custom:"


class Level(StrEnum):
    """How a finding weighs: it stops treatment, or it calls for judgement."""

    WARN = "warn"
    BLOCK = "block"


class Status(StrEnum):
    """The overall answer for one client on one day."""

    CLEAR = "clear"
    CAUTION = "caution"
    BLOCKED = "blocked"


# Every built-in rule, most serious first: findings are listed blockers first, then in this
# order. The yes/no ones share their names with the questions (pregnancy's rule excepted);
# the others are about dates, the rest of the file and the record itself.
RULES: dict[str, str] = {
    "herpes_outbreak": "Cold sore (herpes) outbreak",
    "local_infection": "Infection in the area",
    "chemotherapy": "Ongoing chemotherapy",
    "recent_isotretinoin": "Oral isotretinoin in the last months",
    "allergy": "An allergy on file",
    "pregnancy_or_breastfeeding": "Pregnant or breastfeeding",
    "anticoagulants": "Blood thinners or a bleeding disorder",
    "medication_of_note": "A medicine of note",
    "chronic_skin_disease": "Chronic skin disease",
    "keloid_tendency": "Keloid tendency",
    "active_acne": "Active acne in the area",
    "recent_botulinum_toxin": "Recent botulinum toxin",
    "recent_retinoid": "Recent retinoid",
    "too_soon": "Too soon after the last session",
    "under_minimum_age": "Under the minimum age",
    "not_screened": "Not screened",
    "not_asked_yet": "Questions not asked yet",
    "answers_outdated": "Screening answers out of date",
}
# DOMAIN: infection, herpes outbreak, chemotherapy and recent oral isotretinoin block;
# the others warn.
DEFAULT_BLOCKING = frozenset(
    {"herpes_outbreak", "local_infection", "chemotherapy", "recent_isotretinoin"}
)
# The yes/no questions' rules (all but pregnancy's share the question's name).
CONDITION_RULES = {name: name for name in CONDITION_QUESTIONS} | {
    "pregnant_or_breastfeeding": "pregnancy_or_breastfeeding"
}
_CONDITION_MESSAGES = {
    "active_acne": "Active acne in the treatment area.",
    "herpes_outbreak": "A cold sore (herpes) outbreak at present.",
    "local_infection": "An infection in the area, such as warts.",
    "chronic_skin_disease": "Moderate or severe chronic skin disease (eczema, psoriasis).",
    "keloid_tendency": "Tends to form keloid or raised scars.",
    "chemotherapy": "Ongoing chemotherapy.",
    "pregnant_or_breastfeeding": "Pregnant or breastfeeding: most practices defer treatment.",
    "anticoagulants": (
        "Takes blood thinners or has a bleeding disorder: expect more bleeding and bruising."
    ),
}
assert set(_CONDITION_MESSAGES) == set(CONDITION_QUESTIONS)
_NOT_ASKED_NAMES = {
    "pregnant_or_breastfeeding": "pregnancy or breastfeeding",
    "anticoagulants": "blood thinners",
    "isotretinoin_last": "oral isotretinoin",
}


@dataclass(frozen=True)
class CustomQuestion:
    """One of the practice's own questions: yes/no, or a date with an interval in days."""

    slug: str
    kind: str  # "yes_no" or "date"
    wording: str
    blocks: bool = False
    interval_days: int | None = None
    in_use: bool = True

    @property
    def rule(self) -> str:
        """Its rule id in `screen --json`."""
        return CUSTOM_PREFIX + self.slug


@dataclass(frozen=True)
class ScreeningSettings:
    """A practice's choices: which rules block, the intervals the dated rules use, the
    medicines of note and its own questions."""

    blocking: frozenset[str] = DEFAULT_BLOCKING
    botulinum_toxin_days: int = 14  # no needling over fresh toxin in the area
    retinoid_days: int = 14  # "stop retinoids some weeks before"
    isotretinoin_days: int = 180  # oral isotretinoin: six months (DOMAIN)
    minimum_gap_days: int = 21  # between sessions, when no plan says otherwise
    minimum_age: int = 22  # cleared devices: adults aged 22 and older
    answers_valid_days: int = 90  # older answers must be asked again
    medicines_of_note: tuple[MedicineFamily, ...] = DEFAULT_MEDICINES_OF_NOTE
    custom_questions: tuple[CustomQuestion, ...] = ()

    def level(self, rule: str) -> Level:
        """Whether `rule` blocks or warns in this practice."""
        if rule.startswith(CUSTOM_PREFIX):
            question = self.custom_question(rule.removeprefix(CUSTOM_PREFIX))
            return Level.BLOCK if question is not None and question.blocks else Level.WARN
        return Level.BLOCK if rule in self.blocking else Level.WARN

    def custom_question(self, slug: str) -> CustomQuestion | None:
        """One of the practice's own questions by its slug."""
        return next((q for q in self.custom_questions if q.slug == slug), None)

    def questions_in_use(self) -> tuple[CustomQuestion, ...]:
        """The practice's own questions asked today (not retired)."""
        return tuple(q for q in self.custom_questions if q.in_use)

    def problems(self) -> list[str]:
        """What makes these settings unusable, in words."""
        found = [f"Unknown rule “{rule}”." for rule in sorted(self.blocking - set(RULES))]
        for name, low, high in (
            ("botulinum_toxin_days", 0, 365),
            ("retinoid_days", 0, 365),
            ("isotretinoin_days", 0, 730),
            ("minimum_gap_days", 0, 365),
            ("minimum_age", 0, 100),
            ("answers_valid_days", 1, 3650),
        ):
            value = getattr(self, name)
            if not low <= value <= high:
                found.append(f"{name} should be between {low} and {high}, not {value}.")
        for family in self.medicines_of_note:
            for medicine in family.names:
                if message := single_line_problem(medicine, f"A name of {family.label}"):
                    found.append(message)
        return found

    def with_blocking(self, rule: str, blocks: bool) -> ScreeningSettings:
        """A copy where `rule` blocks (or only warns)."""
        chosen = self.blocking | {rule} if blocks else self.blocking - {rule}
        return replace(self, blocking=frozenset(chosen))


@dataclass(frozen=True)
class ScreeningContext:
    """What else the client file says that screening weighs: its free-text allergies and
    medications, the last session done before the one screened and the plan's interval."""

    allergies: str = ""
    medications: str = ""
    last_session_on: date | None = None
    plan_interval_days: int | None = None


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


def _within(when: date | None, on: date, days: int) -> bool:
    """True when `when` fell fewer than `days` days before `on` (or on it)."""
    return when is not None and 0 <= (on - when).days < days


def _answer_findings(
    answers: ScreeningAnswers, on: date, settings: ScreeningSettings
) -> list[tuple[str, str]]:
    raised = [
        (CONDITION_RULES[name], message)
        for name, message in _CONDITION_MESSAGES.items()
        if getattr(answers, name)
    ]
    toxin = answers.botulinum_toxin_last
    if _within(toxin, on, settings.botulinum_toxin_days):
        raised.append((
            "recent_botulinum_toxin",
            f"Botulinum toxin in the area {_days((on - toxin).days)} before "  # type: ignore[operator]
            f"(on {long_date(toxin)}); wait {_days(settings.botulinum_toxin_days)}.",  # type: ignore[arg-type]
        ))  # fmt: skip
    retinoid = answers.retinoid_last_used
    if _within(retinoid, on, settings.retinoid_days):
        raised.append((
            "recent_retinoid",
            f"Retinoid used {_days((on - retinoid).days)} before (on {long_date(retinoid)}); "  # type: ignore[operator,arg-type]
            f"stop {_days(settings.retinoid_days)} before treatment.",
        ))  # fmt: skip
    isotretinoin = answers.isotretinoin_last
    if _within(isotretinoin, on, settings.isotretinoin_days):
        raised.append((
            "recent_isotretinoin",
            f"Oral isotretinoin taken {_days((on - isotretinoin).days)} before "  # type: ignore[operator]
            f"(on {long_date(isotretinoin)}): healing is impaired until "  # type: ignore[arg-type]
            f"{_days(settings.isotretinoin_days)} have passed.",
        ))  # fmt: skip
    not_asked = [_NOT_ASKED_NAMES[name] for name in answers.not_asked()]
    for question in settings.questions_in_use():
        asked, answer = answers.custom_answer(question.slug)
        if not asked:
            not_asked.append(f"“{question.wording}”")
        elif question.kind == "yes_no" and answer is True:
            raised.append((question.rule, f"Answered yes to “{question.wording}”."))
        elif question.kind == "date" and isinstance(answer, date):
            interval = question.interval_days or 0
            if _within(answer, on, interval):
                raised.append((
                    question.rule,
                    f"“{question.wording}”: {long_date(answer)}, {_days((on - answer).days)} "
                    f"before; wait {_days(interval)}.",
                ))  # fmt: skip
    if not_asked:
        raised.append((
            "not_asked_yet",
            f"Not asked yet: {', '.join(not_asked)}; ask before treating.",
        ))  # fmt: skip
    age_of_answers = (on - answers.answered_on).days
    if age_of_answers > settings.answers_valid_days:
        raised.append((
            "answers_outdated",
            f"Answers given on {long_date(answers.answered_on)}, {_days(age_of_answers)} "
            "before; ask the questions again.",
        ))  # fmt: skip
    return raised


def _file_findings(
    context: ScreeningContext, on: date, settings: ScreeningSettings
) -> list[tuple[str, str]]:
    raised = []
    for allergy in recorded_allergies(context.allergies):
        words = allergy.rstrip(". ")
        if names_numbing_agent(allergy):
            message = f"Allergy: {words}; allergic to a numbing agent: check the numbing cream."
        else:
            message = f"Allergy: {words}."
        raised.append(("allergy", message))
    for medicine in medicines_of_note(context.medications, settings.medicines_of_note):
        raised.append(("medication_of_note", medicine.sentence()))
    last = context.last_session_on
    gap = context.plan_interval_days or settings.minimum_gap_days
    if _within(last, on, gap):
        whose = "this plan's" if context.plan_interval_days else "the practice's"
        since = (on - last).days  # type: ignore[operator]
        when = "today" if since == 0 else f"{_days(since)} before"
        raised.append((
            "too_soon",
            f"The last session was on {long_date(last)}, {when}; {whose} interval is "  # type: ignore[arg-type]
            f"{_days(gap)}.",
        ))  # fmt: skip
    return raised


def _rank(rule: str) -> int:
    """Seriousness: built-in rules in RULES' order, the practice's own questions after the
    clinical ones and before the record-keeping ones."""
    if rule.startswith(CUSTOM_PREFIX):
        return list(RULES).index("under_minimum_age")
    return list(RULES).index(rule)


def screen(
    answers: ScreeningAnswers | None,
    date_of_birth: date,
    on: date,
    settings: ScreeningSettings | None = None,
    context: ScreeningContext | None = None,
) -> ScreeningResult:
    """Screen a client for a treatment on `on`, with their latest answers (None: never asked)
    and what else their file says (`context`)."""
    settings = settings or ScreeningSettings()
    raised = _file_findings(context or ScreeningContext(), on, settings)

    age = age_on(date_of_birth, on)
    if age < settings.minimum_age:
        raised.append((
            "under_minimum_age",
            f"{age} years old on {long_date(on)}; the devices are cleared for adults aged "
            f"{settings.minimum_age} and older.",
        ))  # fmt: skip
    if answers is None:
        raised.append(
            ("not_screened", "No screening answers on file; ask the questions before treating.")
        )
    else:
        raised += _answer_findings(answers, on, settings)

    findings = [Finding(rule, settings.level(rule), message) for rule, message in raised]
    # Blockers first, then by seriousness; the order found is kept within a rule.
    findings.sort(key=lambda f: (f.level is not Level.BLOCK, _rank(f.rule)))
    if any(f.level is Level.BLOCK for f in findings):
        status = Status.BLOCKED
    elif findings:
        status = Status.CAUTION
    else:
        status = Status.CLEAR
    return ScreeningResult(status, findings)
