"""What differs between a session record as saved and as an editor holds it, in the
session editor's words: told when a save is refused over a change made elsewhere."""

from __future__ import annotations

from dermadesk.core.areas import area_name
from dermadesk.core.errors import Difference
from dermadesk.core.row_versions import differences
from dermadesk.core.session_records import AreaNote, SessionRecord

# Each field as the session editor labels it, in the editor's order.
RECORD_LABELS = {
    "consultation": "Consultation",
    "cleanse": "Cleanse",
    "peel": "Peel",
    "numbing_product": "Numbing cream",
    "numbing_on": "Numbing on at",
    "numbing_off": "Numbing off at",
    "antiseptic": "Antiseptic",
    "device": "Device",
    "cartridge": "Needle cartridge",
    "cartridge_lot": "Cartridge lot",
    "serum": "Serum",
    "serum_lot": "Serum lot",
    "mask": "Mask",
    "finishing_product": "Finishing product",
    "actives_pause_days": "Hold off retinol and AHA (days)",
    "reactions": "Reactions",
    "adverse_events": "Adverse events",
    "notes": "Notes",
}
_SHOWN = {
    "numbing_on": lambda value: "(empty)" if value is None else f"{value:%H:%M}",
    "numbing_off": lambda value: "(empty)" if value is None else f"{value:%H:%M}",
}


def _area_words(note: AreaNote | None) -> str:
    if note is None:
        return "(not treated)"
    passes = "1 pass" if note.passes == 1 else f"{note.passes} passes"
    words = f"{note.depth_mm:g} mm, {passes}"
    if note.end_point:
        words += f"; end point: {note.end_point}"
    if note.notes:
        words += f"; notes: {note.notes}"
    return words


def _stripped(record: SessionRecord) -> dict[str, object]:
    values = {name: getattr(record, name) for name in RECORD_LABELS}
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


def _area_stripped(note: AreaNote) -> AreaNote:
    return AreaNote(
        note.area, round(note.depth_mm, 2), note.passes, note.end_point.strip(), note.notes.strip()
    )


def record_differences(saved: SessionRecord, yours: SessionRecord) -> list[Difference]:
    """The fields, then the treated areas (with their notes), that differ."""
    found = differences(RECORD_LABELS, _stripped(saved), _stripped(yours), _SHOWN)
    theirs = {note.area: _area_stripped(note) for note in saved.areas}
    mine = {note.area: _area_stripped(note) for note in yours.areas}
    for area in [*theirs, *(a for a in mine if a not in theirs)]:
        if theirs.get(area) != mine.get(area):
            shown = (_area_words(theirs.get(area)), _area_words(mine.get(area)))
            found.append(Difference(area_name(area), *shown))
    return found
