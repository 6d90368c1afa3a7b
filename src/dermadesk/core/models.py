"""The tables. Schema changes go through a migration in dermadesk/migrations, never here alone.

Timestamps are timezone-aware UTC, set by the services from the practice's clock; dates are
calendar dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from pydantic import NaiveDatetime
from sqlalchemy import Column, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel


def utc_iso(moment: datetime) -> str:
    """The moment in UTC as ISO text, however it was read back (SQLite gives naive UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def version_column() -> Column[int]:
    """A row's version for optimistic locking (migration 0013): SQLAlchemy adds one on each
    update and refuses an update whose row another writer changed meanwhile."""
    return Column("version", Integer, nullable=False, server_default="1")


_CLIENT_VERSION = version_column()
_SETTING_VERSION = version_column()
_PLAN_VERSION = version_column()
_SESSION_VERSION = version_column()


class Client(SQLModel, table=True):
    """A client file: identity, contact, skin and health background."""

    __tablename__ = "client"
    # The client list's order: by name, then archived files after active ones; and the same
    # order looked up by id, so a search's matches are sorted without reading whole rows.
    __table_args__ = (
        Index("ix_client_list_order", "sort_key", "archived"),
        Index("ix_client_order_by_id", "id", "sort_key", "archived"),
        Index("ix_client_identity", "identity_key", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    first_name: str
    last_name: str
    date_of_birth: date
    phone: str = ""
    email: str = ""
    address: str = ""
    emergency_contact_name: str = ""
    emergency_contact_phone: str = ""
    skin_type: int | None = None  # Fitzpatrick I-VI as 1-6
    concerns: str = ""
    medical_history: str = ""
    medications: str = ""
    allergies: str = ""
    archived: bool = False
    # Derived by core.search from the fields above; kept in step by core.clients.
    sort_key: str = ""
    search_terms: str = ""
    # core.search.identity_key of the first file for this person; None on a second file saved
    # knowingly for the same identity (migration 0010). Unique: see core.clients.
    identity_key: str | None = None
    created_at: datetime
    updated_at: datetime
    version: int = Field(default=1, sa_column=_CLIENT_VERSION)
    __mapper_args__ = {"version_id_col": _CLIENT_VERSION}


class HealthQuestionnaire(SQLModel, table=True):
    """One dated set of screening answers. New answers add a row; old ones stay as history."""

    __tablename__ = "health_questionnaire"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True, ondelete="RESTRICT")
    answered_on: date
    recorded_at: datetime
    active_acne: bool = False
    herpes_outbreak: bool = False
    local_infection: bool = False
    chronic_skin_disease: bool = False
    keloid_tendency: bool = False
    chemotherapy: bool = False
    botulinum_toxin_last: date | None = None
    retinoid_last_used: date | None = None
    # Asked since question set 2; None on older answer sets: never asked, not "no".
    pregnant_or_breastfeeding: bool | None = None
    isotretinoin_last: date | None = None
    anticoagulants: bool | None = None
    question_set: int = 1


class ScreeningQuestion(SQLModel, table=True):
    """One of the practice's own screening questions. Retired, never deleted, once answered."""

    __tablename__ = "screening_question"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)  # its rule is "custom:<slug>", stable for good
    kind: str  # "yes_no" or "date"
    wording: str  # what the client reads
    blocks: bool = False
    interval_days: int | None = None  # a date question: how recent counts
    in_use: bool = True
    position: int = 0
    created_at: datetime
    updated_at: datetime


class ScreeningAnswer(SQLModel, table=True):
    """A client's answer to one of the practice's own questions, in one dated answer set."""

    __tablename__ = "screening_answer"
    __table_args__ = (UniqueConstraint("questionnaire_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    questionnaire_id: int = Field(
        foreign_key="health_questionnaire.id", index=True, ondelete="RESTRICT"
    )
    question_id: int = Field(foreign_key="screening_question.id", ondelete="RESTRICT")
    yes: bool | None = None
    last_on: date | None = None  # a date question: when it last happened


class PracticeSetting(SQLModel, table=True):
    """One named practice setting with its value as JSON."""

    __tablename__ = "practice_setting"

    key: str = Field(primary_key=True)
    value: str
    updated_at: datetime
    version: int = Field(default=1, sa_column=_SETTING_VERSION)
    __mapper_args__ = {"version_id_col": _SETTING_VERSION}


class ConsentTemplate(SQLModel, table=True):
    """One version of a consent form's text. Never changed: an edit adds a new version."""

    __tablename__ = "consent_template"
    __table_args__ = (UniqueConstraint("kind", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str  # "treatment" or "photo"
    version: int
    title: str
    body: str  # with {placeholders} for the practice's and client's details
    questions: str = ""  # JSON list of the questions the form asks; "" on the oldest forms
    created_at: datetime


class ConsentRecord(SQLModel, table=True):
    """A signed consent, exactly as signed. Never changed; withdrawal is its own record."""

    __tablename__ = "consent_record"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True, ondelete="RESTRICT")
    template_id: int = Field(foreign_key="consent_template.id", ondelete="RESTRICT")
    kind: str
    method: str  # "on_screen" or "paper"
    signed_at: datetime
    client_name: str  # as it stood when signed
    client_date_of_birth: date
    form_text: str  # the text the client read, placeholders filled in
    answers: str  # the screening answers as JSON ("" for photo consent)
    photo_levels: str  # JSON list: "clinical", "marketing"
    client_signature: bytes | None = None  # PNG
    practitioner_name: str
    practitioner_signature: bytes | None = None  # PNG
    witness_name: str = ""
    witness_signature: bytes | None = None
    paper_scan: bytes | None = None  # a scan or photo of a form signed on paper
    paper_scan_name: str = ""
    record_hash: str  # SHA-256 of the canonical form of all of the above
    signature: str = ""  # the practice key's signature of that form ("" before keys)


class ConsentSeal(SQLModel, table=True):
    """A signed consent's copy as a PAdES-sealed PDF, bound to the record by a signature."""

    __tablename__ = "consent_seal"

    record_id: int = Field(foreign_key="consent_record.id", primary_key=True, ondelete="RESTRICT")
    sealed_at: datetime
    pdf_sha256: str
    sealed_pdf: bytes
    signature: str  # the practice key's signature of the record's hash and the PDF's


class ConsentWithdrawal(SQLModel, table=True):
    """A client withdrawing a consent: recorded beside it, never an edit of it."""

    __tablename__ = "consent_withdrawal"

    id: int | None = Field(default=None, primary_key=True)
    record_id: int = Field(foreign_key="consent_record.id", unique=True, ondelete="RESTRICT")
    withdrawn_at: datetime
    reason: str = ""
    recorded_by: str = ""


class TreatmentPlan(SQLModel, table=True):
    """A course of treatment: how many sessions, how far apart, for which concerns."""

    __tablename__ = "treatment_plan"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True, ondelete="RESTRICT")
    concerns: str
    sessions_planned: int
    interval_weeks: int
    starts_on: date
    closed_on: date | None = None  # ended early or by hand; a finished plan is just complete
    notes: str = ""
    created_at: datetime
    updated_at: datetime
    version: int = Field(default=1, sa_column=_PLAN_VERSION)
    __mapper_args__ = {"version_id_col": _PLAN_VERSION}


@dataclass(frozen=True)
class SessionRecordColumns:
    """What a session records, declared once: the columns of its row (TreatmentSession) and the
    fields of the frozen copy the services hand out (session_records.SessionRecord).

    A column added here is added to both; the migration for it is still needed.
    """

    consultation: str = ""
    cleanse: str = ""
    peel: str = ""
    numbing_product: str = ""
    numbing_on: time | None = None
    numbing_off: time | None = None
    antiseptic: str = ""
    device: str = ""
    cartridge: str = ""
    cartridge_lot: str = ""
    serum: str = ""
    serum_lot: str = ""
    mask: str = ""
    finishing_product: str = ""
    reactions: str = ""
    adverse_events: str = ""
    notes: str = ""
    actives_pause_days: int = 5  # how long to hold off retinol and AHA (aftercare sheet)
    # The practitioner's go-ahead for products that share a word with an allergy: the
    # sentences they confirmed (see core.allergies), "" when none was needed.
    allergy_confirmation: str = ""


# SQLModel comes first so the row's own __init__, __setattr__ and __eq__ are SQLModel's: the row
# stays mutable. mypy's dataclass rules see a frozen base and would call every record column
# read-only (only sessions.save writes them, by name), hence the ignore.
class TreatmentSession(SQLModel, SessionRecordColumns, table=True):  # type: ignore[misc]
    """One appointment and, once done, what was done at it.

    `scheduled_at` is the wall-clock time of the appointment in the practice
    (naive, local): 10:30 stays 10:30 whatever the clocks do in between.
    """

    __tablename__ = "treatment_session"
    __table_args__ = (
        Index("ix_treatment_session_client", "client_id", "scheduled_at"),
        Index("ix_treatment_session_day", "scheduled_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="RESTRICT")
    plan_id: int | None = Field(
        default=None, foreign_key="treatment_plan.id", index=True, ondelete="RESTRICT"
    )
    scheduled_at: NaiveDatetime  # stored without a time zone: wall-clock time
    duration_minutes: int = 60
    status: str = "planned"  # planned, done, cancelled, no_show
    # The screening run when the session was started, and any override of a block.
    started_at: datetime | None = None
    screening_status: str = ""
    screening_findings: str = ""  # JSON list of {rule, level, message}
    override_reason: str = ""
    overridden_by: str = ""
    allergy_confirmed_by: str = ""  # who confirmed the record's allergy_confirmation
    created_at: datetime
    updated_at: datetime
    version: int = Field(default=1, sa_column=_SESSION_VERSION)
    __mapper_args__ = {"version_id_col": _SESSION_VERSION}


class AreaTreatment(SQLModel, table=True):
    """One area treated in a session: where, how deep, how many passes, to what end point."""

    __tablename__ = "area_treatment"
    __table_args__ = (UniqueConstraint("session_id", "area"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="treatment_session.id", index=True, ondelete="RESTRICT")
    position: int  # the order the practitioner listed them in
    area: str  # a region id from core.areas
    depth_mm: float
    passes: int = 1
    end_point: str = ""
    notes: str = ""


class Photo(SQLModel, table=True):
    """One picture in the vault: the file is photos/<first two of sha256>/<sha256>, never changed.

    The same picture is kept once per client (unique client and hash); two
    clients' rows may share one file. A photo in the bin has `deleted_at` set
    and keeps its file until the bin is emptied.
    """

    __tablename__ = "photo"
    __table_args__ = (
        UniqueConstraint("client_id", "sha256"),
        Index("ix_photo_client_taken", "client_id", "taken_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="RESTRICT")
    session_id: int | None = Field(
        default=None, foreign_key="treatment_session.id", index=True, ondelete="SET NULL"
    )
    area: str = ""  # a region id from core.areas, "" when not tagged
    view: str = ""  # front, left_oblique, right_oblique, left_profile, right_profile
    stage: str = ""  # before, after, follow-up
    taken_at: NaiveDatetime  # wall-clock time from the camera (EXIF), else the import time
    taken_from_exif: bool = False
    sha256: str = Field(index=True)
    # The file's name in an encrypted vault (HMAC of the picture, migration 0011); NULL in
    # a plain practice, whose files are named by sha256.
    vault_name: str | None = None
    size: int  # bytes
    width: int  # as shown, after EXIF orientation
    height: int
    format: str  # JPEG, PNG, HEIF, ...
    original_name: str
    imported_at: datetime
    deleted_at: datetime | None = None


class AuditEvent(SQLModel, table=True):
    """One entry of the append-only audit trail (see core.audit); never changed or deleted."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_client", "client_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    actor: str
    source: str  # "window" or "command line"
    action: str
    client_id: int | None = None  # no foreign key: the trail outlives what it describes
    target: str = ""
    detail: str = ""
    previous_hash: str
    hash: str
