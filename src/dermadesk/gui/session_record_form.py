"""The session editor's record fields: the steps, products and lots, the numbing times and
the notes, shown from and gathered into a SessionRecord."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from dermadesk.core.allergies import product_allergies
from dermadesk.core.session_records import SessionRecord
from dermadesk.gui.area_table import AreaTable
from dermadesk.gui.forms.ui_session_editor import Ui_SessionEditor

_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")
ALLERGY_OUTLINE = "QLineEdit { border: 2px solid #b42318; border-radius: 3px; }"
# The text fields of a session record, in the order of the day (the form names each
# field's widget after it: serum_lot is serumLotEdit, adverse_events adverseEventsText).
STEP_NAMES = ("cleanse", "peel", "numbing_product", "antiseptic", "device", "cartridge",
              "cartridge_lot", "serum", "serum_lot", "mask", "finishing_product")  # fmt: skip
NOTE_NAMES = ("reactions", "adverse_events", "notes", "consultation")


def parse_time(text: str, label: str) -> time | None:
    """A typed time such as 9:40 or 09.40 (None when empty); ValueError naming `label`."""
    text = text.strip()
    if not text:
        return None
    match = _TIME.fullmatch(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"{label} “{text}” is not a time; write it as 09:40.")
    return time(int(match[1]), int(match[2]))


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.title() for word in rest)


class SessionRecordForm:
    """The record's own fields in the editor's form (the areas table included)."""

    def __init__(self, ui: Ui_SessionEditor, areas: AreaTable, allergies: str):
        self.areas = areas
        self._allergies = allergies
        self.fields: dict[str, QLineEdit] = {
            name: getattr(ui, f"{_camel(name)}Edit") for name in STEP_NAMES
        }
        self.texts: dict[str, QPlainTextEdit] = {
            name: getattr(ui, f"{_camel(name)}Text") for name in NOTE_NAMES
        }
        self.numbing_on, self.numbing_off = ui.numbingOnEdit, ui.numbingOffEdit
        self.actives_days = ui.activesDays
        for name, edit in self.fields.items():
            edit.textChanged.connect(lambda _text, n=name: self.check_field(n))
            # Done typing: show the start of a long product name, the whole on hover.
            edit.editingFinished.connect(lambda e=edit: e.setCursorPosition(0))

    def parts(self) -> list[QWidget]:
        """Every widget that edits the record."""
        return [*self.fields.values(), *self.texts.values(), self.numbing_on, self.numbing_off,
                self.actives_days, self.areas]  # fmt: skip

    def connect_edits(self, slot: Callable[..., None]) -> None:
        """Call `slot` on every edit of the record."""
        for edit in (*self.fields.values(), self.numbing_on, self.numbing_off):
            edit.textChanged.connect(slot)
        for text in self.texts.values():
            text.textChanged.connect(slot)
        self.actives_days.valueChanged.connect(slot)
        self.areas.areas_changed.connect(slot)
        self.areas.edited.connect(slot)

    def show(self, record: SessionRecord) -> None:
        """Show `record` in the fields."""
        for name, edit in self.fields.items():
            edit.setText(getattr(record, name))
            edit.setCursorPosition(0)  # a long product name shows its start, not its end
        for name, text in self.texts.items():
            text.setPlainText(getattr(record, name))
        self.numbing_on.setText(f"{record.numbing_on:%H:%M}" if record.numbing_on else "")
        self.numbing_off.setText(f"{record.numbing_off:%H:%M}" if record.numbing_off else "")
        self.actives_days.setValue(record.actives_pause_days)
        self.areas.set_notes(record.areas)

    def show_repeated(self, repeated: SessionRecord) -> None:
        """Fill in what a session repeats from the last one (areas, depths, products, lots)."""
        for name in SessionRecord.REPEATED:
            if name in self.fields:
                self.fields[name].setText(getattr(repeated, name))
                self.fields[name].setCursorPosition(0)
        self.actives_days.setValue(repeated.actives_pause_days)
        self.areas.set_notes(repeated.areas)

    def gathered(self, allergy_confirmation: str) -> SessionRecord:
        """What the fields hold now; ValueError (in words) for a time that is not one."""
        values: dict[str, object] = {n: e.text().strip() for n, e in self.fields.items()}
        values.update({n: e.toPlainText().strip() for n, e in self.texts.items()})
        values["numbing_on"] = parse_time(self.numbing_on.text(), "Numbing cream on at")
        values["numbing_off"] = parse_time(self.numbing_off.text(), "Numbing cream off at")
        values["actives_pause_days"] = self.actives_days.value()
        values["allergy_confirmation"] = allergy_confirmation
        return SessionRecord(**values, areas=self.areas.notes())  # type: ignore[arg-type]

    def check_field(self, name: str) -> None:
        """Outline a product that shares a word with an allergy as it is typed."""
        edit = self.fields[name]
        edit.setToolTip(edit.text())  # the whole text on hover, however narrow the field
        if name not in SessionRecord.CHECKED_PRODUCTS:
            return
        matches = product_allergies(edit.text(), self._allergies, numbing=name == "numbing_product")
        edit.setStyleSheet(ALLERGY_OUTLINE if matches else "")
        if matches:
            edit.setToolTip(" ".join(m.sentence() for m in matches))
