"""The session editor: start (screen) the session, pick areas on the face map, record the
steps, products and lots, mark it done and print the aftercare sheet.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.allergies import ProductAllergy, product_allergies
from dermadesk.core.areas import AREAS, BODY_AREAS
from dermadesk.core.audit import Entry
from dermadesk.core.consent_status import KINDS
from dermadesk.core.dates import long_date
from dermadesk.core.errors import DermaDeskError, Problem, ValidationError
from dermadesk.core.models import TreatmentSession
from dermadesk.core.practice import Practice
from dermadesk.core.screening_rules import Status
from dermadesk.core.session_records import (
    NO_AREAS,
    ProductAllergyNeedsConfirmation,
    SessionRecord,
    SessionStatus,
    appointment_time,
    record_product_allergies,
    status_label,
)
from dermadesk.core.session_screening import (
    ScreeningNeedsReason,
    screening_at_start,
    with_file_findings,
)
from dermadesk.gui import prompts, session_questions
from dermadesk.gui.alerts_banner import AlertsBanner
from dermadesk.gui.area_table import AreaTable
from dermadesk.gui.face_map import FaceMap
from dermadesk.gui.screen_fit import resize_within_screen

_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")
ALLERGY_OUTLINE = "QLineEdit { border: 2px solid #b42318; border-radius: 3px; }"

# The text fields of a session record, with their labels, in the order of the day.
STEP_FIELDS = {
    "cleanse": "Cleanse",
    "peel": "Peel (optional)",
    "numbing_product": "Numbing cream",
    "antiseptic": "Antiseptic",
    "device": "Device",
    "cartridge": "Needle cartridge",
    "cartridge_lot": "Cartridge lot",
    "serum": "Serum",
    "serum_lot": "Serum lot",
    "mask": "Mask",
    "finishing_product": "Finishing product",
}
NOTE_FIELDS = {
    "reactions": "Reactions",
    "adverse_events": "Adverse events",
    "notes": "Notes",
    "consultation": "Consultation",
}


def parse_time(text: str, label: str) -> time | None:
    """A typed time such as 9:40 or 09.40 (None when empty); ValueError naming `label`."""
    text = text.strip()
    if not text:
        return None
    match = _TIME.fullmatch(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"{label} “{text}” is not a time; write it as 09:40.")
    return time(int(match[1]), int(match[2]))


ALERT_LINES = 9  # the alerts' most height in the editor, in lines of ordinary text


class SessionEditor(QDialog):
    """One session, from start to aftercare."""

    saved = Signal(int)  # the session id, after every save

    def __init__(self, practice: Practice, session_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._practice = practice
        self.session_id = session_id
        row = practice.sessions.get(session_id)
        self._client_id = row.client_id
        client = practice.clients.get(row.client_id)
        self._client_name = f"{client.first_name} {client.last_name}"
        self._allergies = client.allergies
        self._allergy_confirmation = ""  # as saved: a confirmed session is not asked again
        self._problem_holds: Callable[[], bool] | None = None  # while the message is true
        self.setWindowTitle(f"Session: {self._client_name}, {appointment_time(row.scheduled_at)}")
        resize_within_screen(self, 1180, 860)
        device = practice.settings.device()

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.alerts = AlertsBanner()
        self.start_line = QLabel()
        self.start_line.setWordWrap(True)
        self.start_line.setTextFormat(Qt.TextFormat.RichText)
        self.start_button = QPushButton("&Start session")
        self.start_button.setToolTip("Run the screening for the session's day, then treat")
        self.start_button.clicked.connect(self.start)

        self.face_map = FaceMap()
        self.face_map.area_clicked.connect(self._area_clicked)
        self.body_buttons: dict[str, QPushButton] = {}
        body = QHBoxLayout()
        body.addWidget(QLabel("Body:"))
        for area, name in BODY_AREAS.items():
            button = QPushButton(name)
            button.setCheckable(True)
            button.toggled.connect(lambda on, a=area: self._body_toggled(a, on))
            self.body_buttons[area] = button
            body.addWidget(button)
        body.addStretch(1)
        # Completes as the person types; adds one area on Enter or a click on a completion.
        self.add_area = QLineEdit()
        self.add_area.setPlaceholderText("Add an area by name…")
        self.add_area.setAccessibleName("Add an area by name")
        completer = QCompleter(list(AREAS.values()), self.add_area)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._add_by_name)
        self.add_area.setCompleter(completer)
        self.add_area.returnPressed.connect(lambda: self._add_by_name(self.add_area.text()))

        self.same_button = QPushButton("Same as &last time")
        self.same_button.clicked.connect(self.same_as_last_time)
        self.same_note = QLabel()
        self.same_note.setWordWrap(True)
        self.remove_button = QPushButton("&Remove area")
        self.remove_button.clicked.connect(self._remove_selected)
        self.areas = AreaTable(device.min_depth_mm, device.max_depth_mm)
        self.areas.areas_changed.connect(self._areas_changed)
        QShortcut(QKeySequence.StandardKey.Delete, self.areas, self._remove_selected)
        self.areas.setMinimumHeight(140)

        self.fields: dict[str, QLineEdit] = {}
        steps = QGroupBox("Steps, products and lots")
        step_grid = QGridLayout(steps)
        step_rows = [("cleanse", "peel"), ("numbing_product", None), ("antiseptic", "device"),
                     ("cartridge", "cartridge_lot"), ("serum", "serum_lot"),
                     ("mask", "finishing_product")]  # fmt: skip
        for row_index, pair in enumerate(step_rows):
            for column, name in enumerate(pair):
                if name is None:
                    continue
                edit = QLineEdit()
                edit.textChanged.connect(lambda _text, n=name: self._check_field(n))
                # Done typing: show the start of a long product name, the whole on hover.
                edit.editingFinished.connect(lambda e=edit: e.setCursorPosition(0))
                self.fields[name] = edit
                label = QLabel(STEP_FIELDS[name])
                label.setBuddy(edit)
                step_grid.addWidget(label, row_index, column * 2)
                step_grid.addWidget(edit, row_index, column * 2 + 1)
        self.numbing_on = QLineEdit()
        self.numbing_off = QLineEdit()
        numbing_times = QHBoxLayout()
        for label, edit, example in (
            ("on at", self.numbing_on, "09:40"),
            ("off at", self.numbing_off, "10:05"),
        ):
            edit.setPlaceholderText(example)
            edit.setMaximumWidth(70)
            numbing_times.addWidget(QLabel(label))
            numbing_times.addWidget(edit)
        numbing_times.addStretch(1)
        step_grid.addLayout(numbing_times, 1, 2, 1, 2)
        self.actives_days = QSpinBox()
        self.actives_days.setRange(0, 60)
        self.actives_days.setSuffix(" days")
        self.actives_days.setMaximumWidth(110)
        step_grid.addWidget(QLabel("Hold off retinol and AHA"), len(step_rows), 0)
        step_grid.addWidget(self.actives_days, len(step_rows), 1)
        step_grid.setColumnStretch(1, 1)
        step_grid.setColumnStretch(3, 1)

        self.texts: dict[str, QPlainTextEdit] = {}
        notes_box = QGroupBox("Reactions and notes")
        notes_grid = QGridLayout(notes_box)  # two by two: the height goes to the areas
        for index, (name, label) in enumerate(NOTE_FIELDS.items()):
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(54)
            self.texts[name] = edit
            title = QLabel(label)
            title.setBuddy(edit)
            row, column = divmod(index, 2)
            notes_grid.addWidget(title, row * 2, column)
            notes_grid.addWidget(edit, row * 2 + 1, column)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.print_button = QPushButton("&Print aftercare…")
        self.print_button.clicked.connect(self.print_aftercare)
        self.save_button = QPushButton("Sa&ve")
        self.save_button.setToolTip("Save what is recorded (Ctrl+S)")
        self.save_button.clicked.connect(self._save_now)
        self.done_button = QPushButton("Mark &done…")
        self.done_button.setToolTip("Save and mark the session done; asks first")
        self.done_button.clicked.connect(self.mark_done)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Save, self, self._save_now)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        start = QHBoxLayout()
        start.addWidget(self.start_line, 1)
        start.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignTop)
        left = QVBoxLayout()
        left.addWidget(self.face_map, 1)
        left.addLayout(body)
        left.addWidget(self.add_area)
        right_widget = QWidget()
        right = QVBoxLayout(right_widget)
        right.setContentsMargins(0, 0, 6, 0)
        area_bar = QHBoxLayout()
        area_bar.addWidget(QLabel("<b>Treated areas</b>"))
        area_bar.addStretch(1)
        area_bar.addWidget(self.remove_button)
        area_bar.addWidget(self.same_button)
        right.addLayout(area_bar)
        right.addWidget(self.same_note)
        right.addWidget(self.areas, 1)  # the table takes the height the boxes leave
        right.addWidget(steps)
        right.addWidget(notes_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(right_widget)
        middle = QHBoxLayout()
        middle.addLayout(left, 4)
        middle.addWidget(scroll, 7)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.print_button, self.save_button, self.done_button, close):
            buttons.addWidget(button)
        # The alerts scroll beyond a few lines, so a long list of findings never pushes the
        # editor's buttons off a small screen.
        self.alerts_area = QScrollArea()
        self.alerts_area.setObjectName("editorAlertsArea")
        self.alerts_area.setWidget(self.alerts)
        self.alerts_area.setWidgetResizable(True)
        self.alerts_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.alerts_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.alerts_area)
        layout.addLayout(start)
        layout.addLayout(middle, 1)
        layout.addLayout(buttons)

        # Enter never presses a button here: marking done cannot be undone, and Enter in a
        # note or a field is typing, not a decision (Ctrl+S saves).
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        for edit in (*self.fields.values(), self.numbing_on, self.numbing_off):
            edit.textChanged.connect(self._edited)
        for text in self.texts.values():
            text.textChanged.connect(self._edited)
        self.actives_days.valueChanged.connect(self._edited)
        self.areas.areas_changed.connect(self._edited)
        self.areas.edited.connect(self._edited)
        self.add_area.textChanged.connect(self._edited)

        self._load()

    # --- showing ---------------------------------------------------------------------------

    def _fit_alerts(self) -> None:
        """The alerts take the height of what they say, up to ALERT_LINES; the rest scrolls."""
        most = self.fontMetrics().height() * ALERT_LINES
        self.alerts_area.setFixedHeight(min(self.alerts.sizeHint().height(), most))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_alerts()  # narrower, the alerts wrap onto more lines

    def _load(self) -> None:
        row = self._practice.sessions.get(self.session_id)
        record = self._practice.sessions.record(self.session_id)
        self._status = SessionStatus(row.status)
        self._started = row.started_at is not None
        self.title.setText(
            f"<span style='font-size:15pt'><b>{html.escape(self._client_name)}</b></span>"
            f"&nbsp;&nbsp;{html.escape(appointment_time(row.scheduled_at))}"
            f"&nbsp;&nbsp;·&nbsp;&nbsp;{html.escape(status_label(row.status, self._started))}"
        )
        day = row.scheduled_at.date()
        # Once started, the screening that was run then (and any allergy or medicine the file
        # names now); before, the screening for its day.
        now = self._practice.sessions.screening_for(self._client_id, day, self.session_id)
        result = with_file_findings(screening_at_start(row), now) or now
        standing = [self._practice.consents.status(self._client_id, kind, day) for kind in KINDS]
        client = self._practice.clients.get(self._client_id)
        self.alerts.show_result(result, standing, client.medications)
        self._fit_alerts()
        self._show_start_line(row)
        self._show_record(record)
        self._saved = self._gathered_or_none()
        self._update_buttons()
        previous = self._practice.sessions.previous_record(self.session_id)
        self.same_button.setEnabled(previous is not None and not self.closed)
        self.same_button.setToolTip(
            "No earlier session to copy"
            if previous is None
            else f"Copy areas, depths, products and lots from "
            f"{long_date(previous[0].scheduled_at.date())}"
        )
        self.same_note.setVisible(False)

    def _show_start_line(self, row: TreatmentSession) -> None:
        if row.started_at is None:
            if self._status is SessionStatus.PLANNED:
                text = "Not started. <b>Start session</b> runs the screening for its day."
            else:
                text = f"{self._status.label}; never started."
        else:
            started = row.started_at.astimezone()
            text = (
                f"Started {long_date(started.date())} at {started:%H:%M}; "
                f"screening {html.escape(row.screening_status)}."
            )
            if row.override_reason:
                who = html.escape(row.overridden_by or "—")
                what = (
                    f"<b>Block overridden</b> by {who}"
                    if row.screening_status == Status.BLOCKED.value
                    else f"<b>Went ahead</b> on the judgement of {who}"
                )
                text += f"<br>{what}: {html.escape(row.override_reason)}"
        self.start_line.setText(text)
        can_start = row.started_at is None and self._status is SessionStatus.PLANNED
        self.start_button.setVisible(can_start)

    def _show_record(self, record: SessionRecord) -> None:
        self._allergy_confirmation = record.allergy_confirmation
        for name, edit in self.fields.items():
            edit.setText(getattr(record, name))
            edit.setCursorPosition(0)  # a long product name shows its start, not its end
        for name, edit in self.texts.items():
            edit.setPlainText(getattr(record, name))
        self.numbing_on.setText(f"{record.numbing_on:%H:%M}" if record.numbing_on else "")
        self.numbing_off.setText(f"{record.numbing_off:%H:%M}" if record.numbing_off else "")
        self.actives_days.setValue(record.actives_pause_days)
        self.areas.set_notes(record.areas)

    @property
    def closed(self) -> bool:
        """Cancelled or a no-show: shown as it is, not edited."""
        return self._status in (SessionStatus.CANCELLED, SessionStatus.NO_SHOW)

    def _update_buttons(self) -> None:
        closed = self.closed
        for part in (self.face_map, self.areas, self.add_area, self.remove_button,
                     *self.body_buttons.values(), *self.fields.values(), *self.texts.values(),
                     self.numbing_on, self.numbing_off, self.actives_days):  # fmt: skip
            part.setEnabled(not closed)
        self.done_button.setEnabled(not closed)
        self.save_button.setEnabled(not closed)
        self.done_button.setVisible(self._status is not SessionStatus.DONE)
        self.print_button.setEnabled(self._can_print())

    def _can_print(self) -> bool:
        """Aftercare is for a session that was started and treated some area."""
        return self._started and not self.closed and bool(self.areas.areas())

    def _areas_changed(self) -> None:
        chosen = set(self.areas.areas())
        self.face_map.set_treated(chosen)
        for area, button in self.body_buttons.items():
            button.blockSignals(True)
            button.setChecked(area in chosen)
            button.blockSignals(False)
        self.print_button.setEnabled(self._can_print())

    # --- choosing areas --------------------------------------------------------------------

    def _area_clicked(self, area: str) -> None:
        self.areas.add_area(area)

    def _body_toggled(self, area: str, on: bool) -> None:
        if on:
            self.areas.add_area(area)
        else:
            self.areas.remove_area(area)

    def _add_by_name(self, typed: str) -> None:
        """Add the one area `typed` names (a whole name, or the start of only one)."""
        typed = typed.strip().casefold()
        if not typed:
            return
        exact = [a for a, name in AREAS.items() if name.casefold() == typed]
        starting = [a for a, name in AREAS.items() if name.casefold().startswith(typed)]
        containing = [a for a, name in AREAS.items() if typed in name.casefold()]
        found = (
            exact
            or (starting if len(starting) == 1 else [])
            or (containing if len(containing) == 1 else [])
        )
        if not found:
            names = ", ".join(AREAS[a] for a in (starting or containing)[:4])
            self._say(
                f"Which area? “{self.add_area.text().strip()}” could be {names}."
                if names
                else f"No area is called “{self.add_area.text().strip()}”.",
                problem=True,
                holds=lambda: bool(self.add_area.text().strip()),
            )
            return
        self.add_area.clear()
        QTimer.singleShot(0, self.add_area.clear)  # a clicked completion is written in after
        self.areas.add_area(found[0])

    def _remove_selected(self) -> None:
        self.areas.remove_selected()

    def same_as_last_time(self) -> None:
        """Fill in the areas, depths, products and lots of the client's previous session."""
        previous = self._practice.sessions.previous_record(self.session_id)
        if previous is None:
            return
        summary, record = previous
        repeated = record.repeated()
        for name in SessionRecord.REPEATED:
            if name in self.fields:
                self.fields[name].setText(getattr(repeated, name))
                self.fields[name].setCursorPosition(0)
        self.actives_days.setValue(repeated.actives_pause_days)
        self.areas.set_notes(repeated.areas)
        self.same_note.setText(
            f"Copied from the session of {long_date(summary.scheduled_at.date())}. "
            "Check the lot numbers against today's packs."
        )
        self.same_note.setStyleSheet("color: #8a5a00;")
        self.same_note.setVisible(True)

    # --- gathering and saving --------------------------------------------------------------

    def gathered(self) -> SessionRecord:
        """What the editor holds now; ValueError (in words) for a time that is not one."""
        values: dict[str, object] = {n: e.text().strip() for n, e in self.fields.items()}
        values.update({n: e.toPlainText().strip() for n, e in self.texts.items()})
        values["numbing_on"] = parse_time(self.numbing_on.text(), "Numbing cream on at")
        values["numbing_off"] = parse_time(self.numbing_off.text(), "Numbing cream off at")
        values["actives_pause_days"] = self.actives_days.value()
        values["allergy_confirmation"] = self._allergy_confirmation
        return SessionRecord(**values, areas=self.areas.notes())  # type: ignore[arg-type]

    def _gathered_or_none(self) -> SessionRecord | None:
        try:
            return self.gathered()
        except ValueError:
            return None

    @property
    def is_dirty(self) -> bool:
        """True when something changed since the last save (never for a closed session)."""
        return not self.closed and self._gathered_or_none() != self._saved

    def _say(self, text: str, problem: bool, holds: Callable[[], bool] | None = None) -> None:
        """Show `text` until an edit makes it untrue: a problem while `holds()` (the next
        edit when not given), news such as "Saved." while nothing changed since."""
        self.message.setStyleSheet("color: #b42318;" if problem else "color: #1e7b34;")
        self.message.setText(text)
        if problem:
            self._problem_holds = holds or (lambda: False)
        else:
            self._problem_holds = lambda: not self.is_dirty

    def _edited(self, *_args: object) -> None:
        """Take a message away as soon as it is no longer true."""
        if self.message.text() and self._problem_holds is not None and not self._problem_holds():
            self.message.clear()
            self._problem_holds = None

    def _time_problem(self) -> bool:
        return self._gathered_or_none() is None

    def _check_field(self, name: str) -> None:
        """Outline a product that shares a word with an allergy as it is typed."""
        edit = self.fields[name]
        edit.setToolTip(edit.text())  # the whole text on hover, however narrow the field
        if name not in SessionRecord.CHECKED_PRODUCTS:
            return
        matches = product_allergies(edit.text(), self._allergies, numbing=name == "numbing_product")
        edit.setStyleSheet(ALLERGY_OUTLINE if matches else "")
        if matches:
            edit.setToolTip(" ".join(m.sentence() for m in matches))

    def start(self) -> bool:
        """Run the screening for the session's day; when it finds anything, ask the
        practitioner's reason to go ahead (an override for a block, a judgement for a warning)."""
        try:
            typed = self.gathered()  # refuse before starting, never lose what was typed
        except ValueError as error:
            self._say(str(error), problem=True, holds=self._time_problem)
            return False
        sessions = self._practice.sessions
        try:
            try:
                sessions.start(self.session_id)
            except ScreeningNeedsReason as asked:
                reason = self._ask_reason(asked)
                if reason is None:
                    return False
                practitioner = self._practice.settings.practice_details().practitioner_name
                sessions.start(self.session_id, reason=reason, by=practitioner)
        except DermaDeskError as error:
            prompts.show_error(self, "Not started", str(error))
            return False
        self._load()
        self._show_record(typed)  # starting keeps what was typed before it
        self._say("Session started.", problem=False)
        return True

    def _ask_reason(self, asked: ScreeningNeedsReason) -> str | None:
        reason = session_questions.ask_reason(self, asked.result)
        if reason is None:
            what = "screening blocks treatment" if asked.blocked else "screening found something"
            self._say(
                f"Not started: {what} and no reason was given.",
                problem=True,
                holds=lambda: not self._started,
            )
        return reason

    def _save_now(self) -> bool:
        """Save (Ctrl+S, Save): a done session stays done, a planned one stays planned."""
        return self.save(done=self._status is SessionStatus.DONE)

    def mark_done(self) -> bool:
        """Mark the session done once it records an area and the practitioner confirms."""
        if not self.areas.areas():
            self._say(NO_AREAS, problem=True, holds=lambda: not self.areas.areas())
            return False
        names = ", ".join(self.areas.item(r, 0).text() for r in range(self.areas.rowCount()))
        if not session_questions.confirm(
            self,
            "Mark the session done",
            f"Mark this session of {self._client_name} done ({names})?\n\nA done session "
            "counts toward the plan and cannot be set back to planned. You can still correct "
            "its notes afterwards.",
            "Mark done",
            "Not yet",
        ):
            return False
        return self.save(done=True)

    def save(self, done: bool = False) -> bool:
        """Save what is recorded (and, with `done`, mark the session done)."""
        try:
            record = self.gathered()
        except ValueError as error:
            self._say(str(error), problem=True, holds=self._time_problem)
            return False
        if done and not self._started and not self.start():
            return False
        practitioner = self._practice.settings.practice_details().practitioner_name
        sessions = self._practice.sessions
        try:
            try:
                sessions.save(self.session_id, record, done=done, by=practitioner)
            except ProductAllergyNeedsConfirmation as asked:
                if not self._confirm_products(asked):
                    return False
                record = replace(record, allergy_confirmation=asked.confirmation)
                sessions.save(self.session_id, record, done=done, by=practitioner)
        except ValidationError as error:
            problems = error.problems
            self._say(
                "Not saved: " + " ".join(p.message for p in problems),
                problem=True,
                holds=lambda: self._still_refused(problems),
            )
            return False
        except DermaDeskError as error:
            self._say(f"Not saved: {error}", problem=True)
            return False
        self._load()
        self._say("Saved and marked done." if done else "Saved.", problem=False)
        self.saved.emit(self.session_id)
        return True

    def _still_refused(self, problems: list[Problem]) -> bool:
        """Whether what was refused still stands against what the editor holds now."""
        record = self._gathered_or_none()
        if record is None:
            return True
        if any(p.field == "areas" for p in problems):
            return not record.areas
        return bool(self._practice.sessions.record_problems(record))

    def _confirm_products(self, asked: ProductAllergyNeedsConfirmation) -> bool:
        """Ask once whether to use products that share a word with an allergy."""
        sentences = "\n".join(f"• {m.sentence()}" for m in asked.matches)
        if session_questions.confirm(
            self,
            "Check the products against the allergies",
            f"{sentences}\n\nYou have checked the product and it is right to use it for "
            f"{self._client_name}? Your confirmation is kept with the session.",
            "Checked, save",
            "Go back",
        ):
            return True
        self._say(
            "Not saved: check the outlined products against the client's allergies.",
            problem=True,
            holds=lambda: bool(self._product_matches()),
        )
        return False

    def _product_matches(self) -> list[ProductAllergy]:
        record = self._gathered_or_none()
        return [] if record is None else record_product_allergies(record, self._allergies)

    # --- printing --------------------------------------------------------------------------

    def aftercare_pdf(self) -> bytes:
        """The aftercare sheet for this session as saved."""
        from dermadesk.core.sheets import aftercare_sheet
        from dermadesk.documents.aftercare import render_aftercare

        return render_aftercare(aftercare_sheet(self._practice, self.session_id))

    def print_aftercare(self) -> None:
        """Save, then preview and print the aftercare sheet."""
        from dermadesk.gui.printing import preview_and_print, ready_to_print

        if not ready_to_print(self, self._practice):
            return  # the sheet needs the practice's name and phone: say so, with the way there
        if self.is_dirty and not self.save(done=self._status is SessionStatus.DONE):
            return

        title = f"Aftercare - {self._client_name}"
        try:
            if preview_and_print([self.aftercare_pdf()], title, self):
                entry = Entry("sheet.printed", self._client_id, title, f"session {self.session_id}")
                self._practice.audit.log(entry)
        except DermaDeskError as error:
            prompts.show_error(self, "Not printed", str(error))

    def reject(self) -> None:
        """Close (Escape, Close, the window's cross), asking first about unsaved changes."""
        if self.is_dirty:
            choice = prompts.ask_unsaved_changes(self, f"this session of {self._client_name}")
            if choice is prompts.UnsavedChoice.CANCEL:
                return
            if choice is prompts.UnsavedChoice.SAVE and not self.save(done=False):
                return
        super().reject()


def open_session_editor(practice: Practice, session_id: int, parent: QWidget | None) -> bool:
    """Open the editor on a session and wait until it is closed; True when anything was saved."""
    editor = SessionEditor(practice, session_id, parent)
    changed: list[int] = []
    editor.saved.connect(changed.append)
    editor.exec()
    return bool(changed)
