"""The contraindication screening questions, as DOMAIN.md lists them.

Field names are a contract (the import format and `screen --json` use them);
the labels are the practitioner's words shown on forms. The practice's own
questions (core.custom_questions) come beside these, answered in the same set.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

# Yes/no conditions, in the order the questionnaire asks them.
CONDITION_QUESTIONS: dict[str, str] = {
    "active_acne": "Active acne in the treatment area",
    "herpes_outbreak": "A current cold sore (herpes) outbreak",
    "local_infection": "An infection in the area, such as warts",
    "chronic_skin_disease": "Moderate or severe eczema, psoriasis or other chronic skin disease",
    "keloid_tendency": "A tendency to keloid or raised scarring",
    "chemotherapy": "Ongoing chemotherapy",
    "pregnant_or_breastfeeding": "Pregnant or breastfeeding",
    "anticoagulants": "Takes blood thinners or has a bleeding disorder",
}

# Dates of recent procedures or products; empty when never or not known.
DATE_QUESTIONS: dict[str, str] = {
    "botulinum_toxin_last": "Last botulinum toxin injection in the area",
    "retinoid_last_used": "Last use of a retinoid (tretinoin, isotretinoin, retinol)",
    "isotretinoin_last": "Last dose of oral isotretinoin (Roaccutane, Accutane)",
}

# The questions added in question set 2. Answer sets given before have no answer to them:
# "not asked yet", never "no".
QUESTION_SET = 2
ADDED_IN_SET_2 = ("pregnant_or_breastfeeding", "anticoagulants", "isotretinoin_last")

CustomAnswer = bool | date | None


@dataclass(frozen=True)
class ScreeningAnswers:
    """A client's answers to the screening questions on one day.

    `question_set` says which built-in questions were asked (1: the original
    eight, whose sets hold None for the later ones). `custom` holds the
    answers to the practice's own questions as (slug, answer) pairs, by slug.
    """

    answered_on: date
    active_acne: bool = False
    herpes_outbreak: bool = False
    local_infection: bool = False
    chronic_skin_disease: bool = False
    keloid_tendency: bool = False
    chemotherapy: bool = False
    pregnant_or_breastfeeding: bool | None = False
    anticoagulants: bool | None = False
    botulinum_toxin_last: date | None = None
    retinoid_last_used: date | None = None
    isotretinoin_last: date | None = None
    question_set: int = QUESTION_SET
    custom: tuple[tuple[str, CustomAnswer], ...] = ()

    @staticmethod
    def answer_fields() -> tuple[str, ...]:
        """The names of the built-in answers (every field but the date, set and custom)."""
        return _ANSWER_FIELDS

    def answers(self) -> dict[str, bool | date | None]:
        """The built-in answers by field name, without the date they were given."""
        return {name: getattr(self, name) for name in _ANSWER_FIELDS}

    def custom_answer(self, slug: str) -> tuple[bool, CustomAnswer]:
        """(asked, answer) for one of the practice's own questions."""
        for known, answer in self.custom:
            if known == slug:
                return True, answer
        return False, None

    def not_asked(self) -> tuple[str, ...]:
        """The built-in questions this set has no answer to: a yes/no left unanswered, and
        the newer date question on a set from before it was asked (question set 1)."""
        return tuple(
            name
            for name in ADDED_IN_SET_2
            if (
                getattr(self, name) is None
                if name in CONDITION_QUESTIONS
                else self.question_set < 2
            )
        )

    def same_answers_as(self, other: ScreeningAnswers | None) -> bool:
        """True when `other` says the same thing, whatever day it was given."""
        return (
            other is not None
            and self.answers() == other.answers()
            and dict(self.custom) == dict(other.custom)
        )


_ANSWER_FIELDS = tuple(
    f.name
    for f in fields(ScreeningAnswers)
    if f.name not in ("answered_on", "question_set", "custom")
)
