"""The tables. Schema changes go through a migration in dermadesk/migrations, never here alone.

Timestamps are timezone-aware UTC; dates are calendar dates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


def utc_now() -> datetime:
    """The current time in UTC, the form every timestamp column stores."""
    return datetime.now(UTC)


class Client(SQLModel, table=True):
    """A client file: identity, contact, skin and health background."""

    __tablename__ = "client"
    # The client list's order: by name, then archived files after active ones.
    __table_args__ = (Index("ix_client_list_order", "sort_key", "archived"),)

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
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class HealthQuestionnaire(SQLModel, table=True):
    """One dated set of screening answers. New answers add a row; old ones stay as history."""

    __tablename__ = "health_questionnaire"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True, ondelete="RESTRICT")
    answered_on: date
    recorded_at: datetime = Field(default_factory=utc_now)
    active_acne: bool = False
    herpes_outbreak: bool = False
    local_infection: bool = False
    chronic_skin_disease: bool = False
    keloid_tendency: bool = False
    chemotherapy: bool = False
    botulinum_toxin_last: date | None = None
    retinoid_last_used: date | None = None


class PracticeSetting(SQLModel, table=True):
    """One named practice setting with its value as JSON."""

    __tablename__ = "practice_setting"

    key: str = Field(primary_key=True)
    value: str
    updated_at: datetime = Field(default_factory=utc_now)
