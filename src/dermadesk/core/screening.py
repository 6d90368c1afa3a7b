"""The contraindication screening questions, as DOMAIN.md lists them.

Field names are a contract (the import format and `screen --json` use them);
the labels are the practitioner's words shown on forms.
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
}

# Dates of recent procedures or products; empty when never or not known.
DATE_QUESTIONS: dict[str, str] = {
    "botulinum_toxin_last": "Last botulinum toxin injection in the area",
    "retinoid_last_used": "Last use of a retinoid (tretinoin, isotretinoin, retinol)",
}


@dataclass(frozen=True)
class ScreeningAnswers:
    """A client's answers to the screening questions on one day."""

    answered_on: date
    active_acne: bool = False
    herpes_outbreak: bool = False
    local_infection: bool = False
    chronic_skin_disease: bool = False
    keloid_tendency: bool = False
    chemotherapy: bool = False
    botulinum_toxin_last: date | None = None
    retinoid_last_used: date | None = None

    @staticmethod
    def answer_fields() -> tuple[str, ...]:
        """The names of the answers (every field but the date)."""
        return _ANSWER_FIELDS

    def answers(self) -> dict[str, bool | date | None]:
        """The answers by field name, without the date they were given."""
        return {name: getattr(self, name) for name in _ANSWER_FIELDS}

    def same_answers_as(self, other: ScreeningAnswers | None) -> bool:
        """True when `other` says the same thing, whatever day it was given."""
        return other is not None and self.answers() == other.answers()


_ANSWER_FIELDS = tuple(f.name for f in fields(ScreeningAnswers) if f.name != "answered_on")
