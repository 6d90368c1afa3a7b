"""A client's details as entered, and the checks that stop a file being saved: names,
birth date, phone and email, skin type, and the dates in screening answers."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from dermadesk.core.dates import long_date
from dermadesk.core.errors import Problem
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.text_rules import free_text_problem, single_line_problem
from dermadesk.core.validation import birth_date_problem, email_problem, phone_problem

if TYPE_CHECKING:  # the tables load where used: start-up paints the list without them
    from dermadesk.core.records import ClientFile

NAME_MAX_LENGTH = 100
SKIN_TYPES = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}
_ONE_LINE_FIELDS = {
    "first_name": "The first name",
    "last_name": "The last name",
    "phone": "The phone number",
    "email": "The email address",
    "emergency_contact_name": "The emergency contact's name",
    "emergency_contact_phone": "The emergency contact's phone",
}
_FREE_TEXT_FIELDS = {
    "address": "The address",
    "concerns": "The concerns",
    "medical_history": "The medical history",
    "medications": "The medications",
    "allergies": "The allergies",
}
# Each detail as the client form labels it: what a refused save lists as differing.
DETAIL_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "date_of_birth": "Date of birth",
    "phone": "Phone",
    "email": "Email",
    "address": "Address",
    "emergency_contact_name": "Emergency contact",
    "emergency_contact_phone": "Emergency contact phone",
    "skin_type": "Skin type",
    "concerns": "Concerns",
    "medical_history": "Medical history",
    "medications": "Medications",
    "allergies": "Allergies",
}


@dataclass(frozen=True)
class ClientDetails:
    """What the receptionist or practitioner enters in a client file."""

    first_name: str
    last_name: str
    date_of_birth: date | None
    phone: str = ""
    email: str = ""
    address: str = ""
    emergency_contact_name: str = ""
    emergency_contact_phone: str = ""
    skin_type: int | None = None
    concerns: str = ""
    medical_history: str = ""
    medications: str = ""
    allergies: str = ""

    @classmethod
    def of(cls, client: ClientFile) -> ClientDetails:
        """The details as they stand in a stored client."""
        return cls(**{f.name: getattr(client, f.name) for f in fields(cls)})

    def values(self) -> dict[str, object]:
        """The details by field name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def cleaned(self) -> ClientDetails:
        """The same details with stray spaces trimmed and text in one Unicode form."""
        changes: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                changes[f.name] = unicodedata.normalize("NFC", value.strip())
        changes["email"] = changes["email"].lower()
        return replace(self, **changes)

    def problems(self, today: date) -> list[Problem]:
        """Everything that stops these details being saved, in the user's words."""
        found = self._text_problems()
        for name, label in (("first_name", "First name"), ("last_name", "Last name")):
            value = getattr(self, name)
            if any(problem.field == name for problem in found):
                continue
            if not value:
                found.append(Problem(name, f"{label} is required."))
            elif len(value) > NAME_MAX_LENGTH:
                found.append(Problem(name, f"{label} is longer than {NAME_MAX_LENGTH} characters."))
        if message := birth_date_problem(self.date_of_birth, today):
            found.append(Problem("date_of_birth", message))
        said = {problem.field for problem in found}  # one problem per field is enough
        if "phone" not in said and (message := phone_problem(self.phone)):
            found.append(Problem("phone", message))
        if "email" not in said and (message := email_problem(self.email)):
            found.append(Problem("email", message))
        if "emergency_contact_phone" not in said and (
            message := phone_problem(self.emergency_contact_phone, "Emergency contact phone")
        ):
            found.append(Problem("emergency_contact_phone", message))
        if self.skin_type is not None and self.skin_type not in SKIN_TYPES:
            found.append(
                Problem("skin_type", f"Skin type {self.skin_type} is not a Fitzpatrick type I-VI.")
            )
        return found

    def _text_problems(self) -> list[Problem]:
        """Characters that cannot be seen or that break lines, and free text too long."""
        found = []
        for name, label in _ONE_LINE_FIELDS.items():
            if message := single_line_problem(getattr(self, name), label):
                found.append(Problem(name, message))
        for name, label in _FREE_TEXT_FIELDS.items():
            if message := free_text_problem(getattr(self, name), label):
                found.append(Problem(name, message))
        return found


class ClientSummary(NamedTuple):
    """What the client list shows of one client."""

    id: int
    first_name: str
    last_name: str
    date_of_birth: date
    phone: str
    email: str
    archived: bool


def screening_problems(answers: ScreeningAnswers, birth: date | None, today: date) -> list[Problem]:
    """Dates in screening answers that cannot be right."""
    found = []
    if answers.answered_on > today:
        found.append(Problem("answered_on", "Screening answers cannot be dated in the future."))
    for name, label in (
        ("botulinum_toxin_last", "The last botulinum toxin injection"),
        ("retinoid_last_used", "The last retinoid use"),
        ("isotretinoin_last", "The last dose of oral isotretinoin"),
    ):
        when = getattr(answers, name)
        if when is None:
            continue
        found += _answer_date_problems(name, label, when, answers.answered_on, birth)
    for slug, answer in answers.custom:
        if isinstance(answer, date):
            found += _answer_date_problems(slug, "The date", answer, answers.answered_on, birth)
    return found


def _answer_date_problems(
    name: str, label: str, when: date, answered_on: date, birth: date | None
) -> list[Problem]:
    if when > answered_on:
        return [Problem(name, f"{label} ({long_date(when)}) is after the answers' date.")]
    if birth is not None and when < birth:
        return [Problem(name, f"{label} ({long_date(when)}) is before the birth date.")]
    return []


def entry_problems(
    details: ClientDetails, screening: ScreeningAnswers | None, today: date
) -> list[Problem]:
    """Everything that stops a client file (and its new answers) being saved."""
    problems = details.cleaned().problems(today)
    if screening is not None:
        problems += screening_problems(screening, details.date_of_birth, today)
    return problems
