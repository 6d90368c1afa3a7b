"""What the services hand out: plain, frozen copies of stored rows. No ORM row leaves core.

Each shape holds its table's columns under the same names (see core.models),
so `Shape.of(row)` copies them and widgets read the same attributes they did.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, ClassVar, Self

from sqlmodel import SQLModel

from dermadesk.core.areas import area_name
from dermadesk.core.dates import long_date
from dermadesk.core.photo_tags import STAGES, VIEWS


class RowCopy:
    """A frozen copy of a stored row's columns, made by `of(row)`."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @classmethod
    def of(cls, row: SQLModel) -> Self:
        """The copy of `row`: each field of the shape from the column of the same name."""
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})

    @classmethod
    def columns(cls, table: type[SQLModel]) -> list[Any]:
        """The table's columns this shape copies, in its order: select them, and make each
        copy with `cls(*values)` without building a mapped row (a gallery's thousand photos
        are read in a fifth of the time)."""
        return [getattr(table, f.name) for f in fields(cls)]


@dataclass(frozen=True)
class ClientFile(RowCopy):
    """A client file: identity, contact, skin and health background (models.Client)."""

    id: int
    first_name: str
    last_name: str
    date_of_birth: date
    phone: str
    email: str
    address: str
    emergency_contact_name: str
    emergency_contact_phone: str
    skin_type: int | None
    concerns: str
    medical_history: str
    medications: str
    allergies: str
    archived: bool
    created_at: datetime
    updated_at: datetime
    version: int  # the row's version when read: a save over a newer one is refused


@dataclass(frozen=True)
class Plan(RowCopy):
    """A course of treatment (models.TreatmentPlan)."""

    id: int
    client_id: int
    concerns: str
    sessions_planned: int
    interval_weeks: int
    starts_on: date
    closed_on: date | None
    notes: str
    created_at: datetime
    updated_at: datetime
    version: int  # the row's version when read: a save over a newer one is refused


@dataclass(frozen=True)
class Appointment(RowCopy):
    """A session as booked and started (models.TreatmentSession): when, how long, its status
    and the screening run at its start. What was done at it is its SessionRecord.

    `scheduled_at` is wall-clock time in the practice, without a time zone.
    """

    id: int
    client_id: int
    plan_id: int | None
    scheduled_at: datetime
    duration_minutes: int
    status: str
    started_at: datetime | None
    screening_status: str
    screening_findings: str  # JSON list of {rule, level, message}
    override_reason: str
    overridden_by: str
    allergy_confirmed_by: str  # who confirmed the record's allergy_confirmation
    created_at: datetime
    updated_at: datetime
    version: int  # the row's version when read: a save over a newer one is refused


@dataclass(frozen=True)
class PhotoInfo(RowCopy):
    """One picture in the vault (models.Photo); its file is found by `sha256`."""

    id: int
    client_id: int
    session_id: int | None
    area: str
    view: str
    stage: str
    taken_at: datetime  # wall-clock time from the camera, else the import time
    taken_from_exif: bool
    sha256: str
    size: int
    width: int
    height: int
    format: str
    original_name: str
    imported_at: datetime
    deleted_at: datetime | None

    @property
    def area_text(self) -> str:
        """The area in words ("No area" when not tagged)."""
        return area_name(self.area) if self.area else "No area"

    @property
    def view_and_stage(self) -> str:
        """'Front · Before', or what of it is tagged."""
        parts = [VIEWS.get(self.view, ""), STAGES.get(self.stage, "")]
        return " · ".join(part for part in parts if part) or "Not tagged"

    def caption(self) -> str:
        """One line naming the photo: date, stage, area and view."""
        parts = [
            long_date(self.taken_at.date()),
            STAGES.get(self.stage, ""),
            area_name(self.area) if self.area else "",
            VIEWS.get(self.view, ""),
        ]
        return " · ".join(part for part in parts if part)


@dataclass(frozen=True)
class RecordedEntry(RowCopy):
    """One entry of the audit trail as stored (models.AuditEvent)."""

    id: int
    at: datetime
    actor: str
    source: str
    action: str
    client_id: int | None
    target: str
    detail: str
    previous_hash: str
    hash: str


@dataclass(frozen=True)
class ConsentForm(RowCopy):
    """One version of a consent form's text (models.ConsentTemplate)."""

    id: int
    kind: str
    version: int
    title: str
    body: str
    questions: str
    created_at: datetime


@dataclass(frozen=True)
class SignedConsent(RowCopy):
    """A signed consent, exactly as signed (models.ConsentRecord)."""

    id: int
    client_id: int
    template_id: int
    kind: str
    method: str
    signed_at: datetime
    client_name: str
    client_date_of_birth: date
    form_text: str
    answers: str
    photo_levels: str
    client_signature: bytes | None
    practitioner_name: str
    practitioner_signature: bytes | None
    witness_name: str
    witness_signature: bytes | None
    paper_scan: bytes | None
    paper_scan_name: str
    record_hash: str


@dataclass(frozen=True)
class Withdrawal(RowCopy):
    """A client withdrawing a consent (models.ConsentWithdrawal)."""

    id: int
    record_id: int
    withdrawn_at: datetime
    reason: str
    recorded_by: str
