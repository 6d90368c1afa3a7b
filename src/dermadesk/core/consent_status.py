"""The kinds of consent, and the shape of where a client stands with each on a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dermadesk.core.dates import long_date

TREATMENT, PHOTO = "treatment", "photo"
KINDS = {TREATMENT: "Treatment consent", PHOTO: "Photo consent"}
PHOTO_LEVELS = {
    "clinical": "Photographs for the clinical record",
    "marketing": "Photographs for marketing or publication",
}
ON_SCREEN, PAPER = "on_screen", "paper"


class ConsentState(StrEnum):
    """Where a client stands with one kind of consent."""

    NONE = "none"
    SIGNED = "signed"
    WITHDRAWN = "withdrawn"
    NEEDS_RENEWAL = "needs_renewal"


@dataclass(frozen=True)
class ConsentStatus:
    """A client's standing for one kind of consent on a given day."""

    kind: str
    state: ConsentState
    record_id: int | None = None
    signed_on: date | None = None
    withdrawn_on: date | None = None
    photo_levels: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line for the alerts banner and the sheets."""
        label = KINDS[self.kind]
        if self.state is ConsentState.NONE:
            return f"{label}: none on file."
        signed = long_date(self.signed_on) if self.signed_on else ""
        if self.state is ConsentState.WITHDRAWN and self.withdrawn_on:
            return f"{label} withdrawn on {long_date(self.withdrawn_on)}."
        if self.state is ConsentState.NEEDS_RENEWAL:
            return f"{label} signed {signed} needs renewal."
        levels = ""
        if self.kind == PHOTO:
            levels = (
                " (" + ", ".join(PHOTO_LEVELS[level].lower() for level in self.photo_levels) + ")"
            )
        return f"{label} signed {signed}{levels}."
