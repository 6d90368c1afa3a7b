"""What a session records: its status, the areas treated, the products used, and the
check of those products against the client's allergies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, col, select

from dermadesk.core.allergies import ProductAllergy, product_allergies
from dermadesk.core.areas import AREAS, area_name
from dermadesk.core.dates import long_date
from dermadesk.core.errors import DermaDeskError, NotFoundError, Problem
from dermadesk.core.models import AreaTreatment, SessionRecordColumns, TreatmentSession
from dermadesk.core.screening_rules import Status
from dermadesk.core.settings import DeviceSettings
from dermadesk.core.text_rules import free_text_problem, single_line_problem

MAX_PASSES = 20
NO_AREAS = "Record at least one treated area before marking the session done."
# The record's one-line fields (products and lots) and its free text, as sentences name them.
_ONE_LINE_FIELDS = {
    "cleanse": "The cleanser", "peel": "The peel", "numbing_product": "The numbing cream",
    "antiseptic": "The antiseptic", "device": "The device", "cartridge": "The cartridge",
    "cartridge_lot": "The cartridge lot", "serum": "The serum", "serum_lot": "The serum lot",
    "mask": "The mask", "finishing_product": "The finishing product",
}  # fmt: skip
_FREE_TEXT_FIELDS = {
    "consultation": "The consultation notes", "reactions": "The reactions",
    "adverse_events": "The adverse events", "notes": "The notes",
}  # fmt: skip


class SessionStatus(StrEnum):
    """Where an appointment stands."""

    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        """The status as the practice says it."""
        return {"planned": "Planned", "done": "Done", "cancelled": "Cancelled",
                "no_show": "No-show"}[self.value]  # fmt: skip


def appointment_time(moment: datetime) -> str:
    """An appointment as people say it: Thu 3 Dec 2026, 10:30."""
    return f"{moment:%a} {long_date(moment.date())}, {moment:%H:%M}"


def status_label(status: SessionStatus | str, started: bool) -> str:
    """A session's status as the practice says it: a planned session once started is
    Started, not Planned."""
    status = SessionStatus(status)
    return "Started" if status is SessionStatus.PLANNED and started else status.label


@dataclass(frozen=True)
class AreaNote:
    """One treated area: where, needle depth in mm, passes, the end point reached, notes."""

    area: str
    depth_mm: float
    passes: int = 1
    end_point: str = ""
    notes: str = ""

    @property
    def name(self) -> str:
        """The area's human name."""
        return area_name(self.area)


@dataclass(frozen=True)
class SessionRecord(SessionRecordColumns):
    """What a session records, as the editor gathers it (everything but time and status): the
    record's columns (models.SessionRecordColumns, declared once there) and its areas."""

    areas: tuple[AreaNote, ...] = ()

    # The products put on the skin, by field, that are checked against the allergies.
    CHECKED_PRODUCTS = ("numbing_product", "peel", "serum", "mask", "finishing_product")

    # What "same as last time" carries over: the settings, never what happened.
    REPEATED = (
        "cleanse", "peel", "numbing_product", "antiseptic", "device", "cartridge",
        "cartridge_lot", "serum", "serum_lot", "mask", "finishing_product", "actives_pause_days",
    )  # fmt: skip

    @classmethod
    def of(cls, row: TreatmentSession, areas: Iterable[AreaNote]) -> SessionRecord:
        """The record held in a session row and its area rows."""
        values = {f.name: getattr(row, f.name) for f in fields(SessionRecordColumns)}
        return cls(**values, areas=tuple(areas))

    def repeated(self) -> SessionRecord:
        """Only what a next session repeats: areas, depths, passes, products and lots."""
        carried = {name: getattr(self, name) for name in self.REPEATED}
        areas = tuple(replace(a, notes="") for a in self.areas)
        return SessionRecord(**carried, areas=areas)


@dataclass(frozen=True)
class SessionSummary:
    """A session as lists show it."""

    id: int
    client_id: int
    plan_id: int | None
    scheduled_at: datetime
    status: SessionStatus
    areas: tuple[str, ...]
    started: bool
    overridden: bool

    def as_json(self) -> dict[str, object]:
        """DESIGN's `sessions --json` shape."""
        return {
            "id": self.id,
            "scheduled_at": self.scheduled_at.isoformat(timespec="minutes"),
            "status": self.status.value.replace("_", "-"),  # DESIGN's words: no-show
            "areas": list(self.areas),
            "plan_id": self.plan_id,
        }


def record_product_allergies(record: SessionRecord, allergies: str) -> list[ProductAllergy]:
    """The products `record` names that share a word with one of the client's allergies."""
    found: list[ProductAllergy] = []
    for name in SessionRecord.CHECKED_PRODUCTS:
        numbing = name == "numbing_product"
        found += product_allergies(getattr(record, name), allergies, numbing=numbing)
    return found


def allergy_confirmation_text(matches: list[ProductAllergy]) -> str:
    """What the practitioner confirms, one sentence a match ("" when nothing matches)."""
    return " ".join(match.sentence() for match in matches)


class ProductAllergyNeedsConfirmation(DermaDeskError):
    """Saving was refused: a product shares a word with an allergy, and the practitioner has
    not confirmed going ahead. Save again with `record.allergy_confirmation = confirmation`."""

    def __init__(self, matches: list[ProductAllergy]):
        self.matches = matches
        self.confirmation = allergy_confirmation_text(matches)
        super().__init__(
            f"{self.confirmation} Check the product before using it, and confirm to save."
        )


def session_row(session: Session, session_id: int) -> TreatmentSession:
    """Session `session_id`'s row, or NotFoundError naming it as the user knows it."""
    row = session.get(TreatmentSession, session_id)
    if row is None:
        raise NotFoundError(f"There is no session with id {session_id}.")
    return row


def areas_of(session: Session, session_ids: Iterable[int]) -> dict[int, list[AreaNote]]:
    """The areas recorded for each of the sessions, in the order they were entered."""
    found: dict[int, list[AreaNote]] = {}
    ids = list(session_ids)
    for start in range(0, len(ids), 500):  # under SQLite's limit on query variables
        rows = session.exec(
            select(AreaTreatment)
            .where(col(AreaTreatment.session_id).in_(ids[start : start + 500]))
            .order_by(col(AreaTreatment.session_id), col(AreaTreatment.position))
        )
        for row in rows:
            found.setdefault(row.session_id, []).append(
                AreaNote(row.area, row.depth_mm, row.passes, row.end_point, row.notes)
            )
    return found


def summary_of(row: TreatmentSession, areas: list[AreaNote]) -> SessionSummary:
    """A session row and its areas, as lists show them."""
    assert row.id is not None
    return SessionSummary(
        id=row.id,
        client_id=row.client_id,
        plan_id=row.plan_id,
        scheduled_at=row.scheduled_at,
        status=SessionStatus(row.status),
        areas=tuple(a.area for a in areas),
        started=row.started_at is not None,
        overridden=bool(row.override_reason) and row.screening_status == Status.BLOCKED.value,
    )


def record_problems(
    record: SessionRecord,
    device: DeviceSettings,
    recorded: set[AreaNote] | frozenset[AreaNote] = frozenset(),
) -> list[Problem]:
    """Everything wrong with a session record, in words, each naming its area.

    A row already `recorded` as it is keeps its depth even when the device's
    range has changed since: the record says what was done then.
    """
    low, high = device.min_depth_mm, device.max_depth_mm
    found = _text_problems(record)
    seen: set[str] = set()
    for note in record.areas:
        name = area_name(note.area)
        if message := single_line_problem(note.end_point, f"{name}: the end point"):
            found.append(Problem(note.area, message))
        if message := free_text_problem(note.notes, f"{name}: the notes"):
            found.append(Problem(note.area, message))
        if note.area not in AREAS:
            found.append(Problem(note.area, f"“{note.area}” is not an area DermaDesk knows."))
        if note.area in seen:
            found.append(Problem(note.area, f"{name} is listed twice."))
        seen.add(note.area)
        if not low <= note.depth_mm <= high and note not in recorded:
            found.append(
                Problem(
                    note.area,
                    f"{name}: a needle depth of {note.depth_mm:g} mm is outside the device's "
                    f"range of {low:g} to {high:g} mm.",
                )
            )
        if not 1 <= note.passes <= MAX_PASSES:
            found.append(Problem(note.area, f"{name}: passes should be 1 to {MAX_PASSES}."))
    if record.numbing_on and record.numbing_off and record.numbing_off < record.numbing_on:
        found.append(Problem("numbing_off", "The numbing cream came off before it went on."))
    if not 0 <= record.actives_pause_days <= 60:
        found.append(Problem("actives_pause_days", "Holding off retinol and AHA: 0 to 60 days."))
    return found


def _text_problems(record: SessionRecord) -> list[Problem]:
    """Products and lots holding what cannot be seen or a line break; notes too long."""
    found = []
    for name, label in _ONE_LINE_FIELDS.items():
        if message := single_line_problem(getattr(record, name), label):
            found.append(Problem(name, message))
    for name, label in _FREE_TEXT_FIELDS.items():
        if message := free_text_problem(getattr(record, name), label):
            found.append(Problem(name, message))
    return found
