"""No ORM row leaves core: services hand the GUI and the CLI frozen copies (core.records)."""

from __future__ import annotations

import dataclasses
import inspect
import typing
from datetime import datetime, time
from pathlib import Path

from sqlmodel import SQLModel

from dermadesk.core import records, screening_rules
from dermadesk.core.models import (
    AuditEvent,
    Client,
    ConsentRecord,
    ConsentTemplate,
    ConsentWithdrawal,
    Photo,
    SessionRecordColumns,
    TreatmentPlan,
    TreatmentSession,
)
from dermadesk.core.practice import Practice
from dermadesk.core.records import (
    Appointment,
    ClientFile,
    ConsentForm,
    PhotoInfo,
    Plan,
    RecordedEntry,
    SignedConsent,
    Withdrawal,
)
from dermadesk.core.session_records import AreaNote, SessionRecord
from tests.helpers import details, open_practice

TABLES = {mapper.class_ for mapper in SQLModel._sa_registry.mappers}
# Tables and record shapes a module names only for the type checker (TYPE_CHECKING, so that
# start-up need not import them) still resolve.
BY_NAME = {table.__name__: table for table in TABLES} | {
    name: shape
    for module in (records, screening_rules)
    for name, shape in vars(module).items()
    if dataclasses.is_dataclass(shape)
}
SERVICES = ("clients", "sessions", "consents", "photos", "audit", "settings",
            "custom_questions", "sheets")  # fmt: skip


def tables_named(hint: object, seen: set[type] | None = None) -> set[str]:
    """The table classes `hint` names: itself, inside containers, or in a dataclass's fields."""
    seen = set() if seen is None else seen
    found: set[str] = set()
    if isinstance(hint, type):
        if hint in TABLES:
            found.add(hint.__name__)
        elif dataclasses.is_dataclass(hint) and hint not in seen:
            seen.add(hint)
            for name, field_hint in typing.get_type_hints(hint, localns=BY_NAME).items():
                found |= {f"{hint.__name__}.{name}: {t}" for t in tables_named(field_hint, seen)}
    for argument in typing.get_args(hint):
        found |= tables_named(argument, seen)
    return found


def public_methods(service: object) -> list[tuple[str, typing.Callable[..., object]]]:
    """The service's public methods and property getters."""
    found = []
    for name, member in inspect.getmembers(type(service)):
        if name.startswith("_"):
            continue
        function = member.fget if isinstance(member, property) else member
        if callable(function):
            found.append((name, function))
    return found


@dataclasses.dataclass
class Holder:
    client: Client


def test_the_walk_finds_a_table_in_a_return_annotation() -> None:
    def returns_rows() -> dict[int, list[tuple[Photo, Client | None]]]: ...

    assert tables_named(typing.get_type_hints(returns_rows)["return"]) == {"Photo", "Client"}
    assert tables_named(Holder) == {"Holder.client: Client"}
    assert tables_named(list[ClientFile]) == set()


def test_no_service_method_hands_out_a_stored_row(tmp_path: Path) -> None:
    with open_practice(tmp_path / "data") as practice:
        offenders = []
        for service_name in SERVICES:
            service = getattr(practice, service_name)
            methods = public_methods(service)
            assert methods, service_name
            for name, function in methods:
                hints = typing.get_type_hints(function, localns=BY_NAME)
                for part, hint in hints.items():
                    for table in sorted(tables_named(hint)):
                        offenders.append(f"{service_name}.{name} ({part}): {table}")
    assert offenders == []


def test_each_shape_copies_columns_of_its_table_and_each_column_has_one_shape() -> None:
    shapes = {
        ClientFile: Client,
        Plan: TreatmentPlan,
        Appointment: TreatmentSession,
        SessionRecord: TreatmentSession,
        PhotoInfo: Photo,
        RecordedEntry: AuditEvent,
        ConsentForm: ConsentTemplate,
        SignedConsent: ConsentRecord,
        Withdrawal: ConsentWithdrawal,
    }
    for shape, table in shapes.items():
        copied = {f.name for f in dataclasses.fields(shape)} - {"areas"}
        assert copied <= set(table.model_fields), shape.__name__
    booked = {f.name for f in dataclasses.fields(Appointment)}
    assert booked.isdisjoint(f.name for f in dataclasses.fields(SessionRecord))


RECORD_COLUMNS = [f.name for f in dataclasses.fields(SessionRecordColumns)]


def test_a_session_row_is_its_appointment_and_its_record_each_column_once() -> None:
    # The record's columns are declared once (SessionRecordColumns); a column added to the
    # table alone, or a field added to SessionRecord alone, lands in neither or both shapes.
    record = [f.name for f in dataclasses.fields(SessionRecord)]
    assert record == [*RECORD_COLUMNS, "areas"]
    booked = [f.name for f in dataclasses.fields(Appointment)]
    assert sorted(booked + RECORD_COLUMNS) == sorted(TreatmentSession.model_fields)


def unlike_the_default(field: dataclasses.Field[object]) -> object:
    """A value of the field's type that is not its default, so a column left uncopied shows."""
    hint = typing.get_type_hints(SessionRecordColumns)[field.name]
    if hint is str:
        return f"{field.name} value"
    if hint is int:
        return typing.cast(int, field.default) + 1
    if hint == time | None:
        return time(9, 40)
    raise AssertionError(f"say here what a {field.name} ({hint}) unlike its default is")


def test_every_record_column_is_saved_and_read_back(practice: Practice) -> None:
    client = practice.clients.create(details())
    session = practice.sessions.book(client, datetime(2026, 12, 3, 10, 30))
    values = {f.name: unlike_the_default(f) for f in dataclasses.fields(SessionRecordColumns)}
    values["allergy_confirmation"] = ""  # worked out on saving: none for a client without allergies
    record = SessionRecord(**values, areas=(AreaNote("chin", 1.0, 2),))  # type: ignore[arg-type]
    practice.sessions.save(session, record)
    assert practice.sessions.record(session) == record
