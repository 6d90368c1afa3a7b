"""The session editor (built in Designer: ui/session_editor.ui): start (screen) the session,
pick areas on the face map, record the steps, products and lots, mark it done and print the
aftercare sheet.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from dermadesk.core.allergies import ProductAllergy
from dermadesk.core.consent_status import KINDS
from dermadesk.core.dates import long_date
from dermadesk.core.errors import ChangedElsewhere, DermaDeskError, Problem, ValidationError
from dermadesk.core.practice import Practice
from dermadesk.core.records import Appointment
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
from dermadesk.gui.area_table import AreaTable
from dermadesk.gui.forms.ui_session_editor import Ui_SessionEditor
from dermadesk.gui.screen_fit import resize_within_screen
from dermadesk.gui.session_areas import AreaPicker
from dermadesk.gui.session_record_form import SessionRecordForm
from dermadesk.gui.tab_order import tab_in_layout_order

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
        self.ui = ui = Ui_SessionEditor()
        ui.setupUi(self)
        self.setWindowTitle(f"Session: {self._client_name}, {appointment_time(row.scheduled_at)}")
        resize_within_screen(self, 1180, 860)
        device = practice.settings.device()
        # The table needs the device's depths, so it is made here, in the place kept for it.
        self.areas = AreaTable(device.min_depth_mm, device.max_depth_mm)
        self.areas.setMinimumHeight(140)
        ui.areasLayout.addWidget(self.areas)
        self.picker = AreaPicker(ui.faceMap, ui.bodyLayout, ui.addAreaEdit, self.areas)
        self.record_form = SessionRecordForm(ui, self.areas, self._allergies)
        self._name_parts()
        tab_in_layout_order(self)  # the body buttons and the table where they stand
        self._connect()
        self._load()

    def _name_parts(self) -> None:
        """The form's widgets under the names the rest of the editor (and its tests) use."""
        ui, form = self.ui, self.record_form
        self.title, self.alerts, self.alerts_area = ui.title, ui.alerts, ui.editorAlertsArea
        self.start_line, self.start_button = ui.startLine, ui.startButton
        self.face_map, self.add_area = ui.faceMap, ui.addAreaEdit
        self.body_buttons = self.picker.body_buttons
        self.same_button, self.same_note, self.remove_button = (
            ui.sameButton, ui.sameNote, ui.removeButton)  # fmt: skip
        self.fields, self.texts = form.fields, form.texts
        self.numbing_on, self.numbing_off = form.numbing_on, form.numbing_off
        self.actives_days = form.actives_days
        self.message, self.print_button = ui.message, ui.printButton
        self.save_button, self.done_button = ui.saveButton, ui.doneButton

    def _connect(self) -> None:
        ui = self.ui
        ui.startButton.clicked.connect(self.start)
        ui.sameButton.clicked.connect(self.same_as_last_time)
        ui.removeButton.clicked.connect(self.areas.remove_selected)
        ui.printButton.clicked.connect(self.print_aftercare)
        ui.saveButton.clicked.connect(self._save_now)
        ui.doneButton.clicked.connect(self.mark_done)
        ui.closeButton.clicked.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Save, self, self._save_now)
        self.picker.refused.connect(self._area_refused)
        self.areas.areas_changed.connect(lambda: self.print_button.setEnabled(self._can_print()))
        # Enter never presses a button here: marking done cannot be undone, and Enter in a
        # note or a field is typing, not a decision (Ctrl+S saves).
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.record_form.connect_edits(self._edited)
        self.add_area.textChanged.connect(self._edited)

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
        self._version = row.version  # what a save may overwrite (see _settle_changed)
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

    def _show_start_line(self, row: Appointment) -> None:
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
        self.record_form.show(record)

    @property
    def closed(self) -> bool:
        """Cancelled or a no-show: shown as it is, not edited."""
        return self._status in (SessionStatus.CANCELLED, SessionStatus.NO_SHOW)

    def _update_buttons(self) -> None:
        closed = self.closed
        for part in (self.face_map, self.add_area, self.remove_button,
                     *self.body_buttons.values(), *self.record_form.parts()):  # fmt: skip
            part.setEnabled(not closed)
        self.done_button.setEnabled(not closed)
        self.save_button.setEnabled(not closed)
        self.done_button.setVisible(self._status is not SessionStatus.DONE)
        self.print_button.setEnabled(self._can_print())

    def _can_print(self) -> bool:
        """Aftercare is for a session that was started and treated some area."""
        return self._started and not self.closed and bool(self.areas.areas())

    # --- choosing areas --------------------------------------------------------------------

    def _area_refused(self, why: str) -> None:
        """A typed name that is not one area: said until the typing is taken away."""
        self._say(why, problem=True, holds=lambda: bool(self.add_area.text().strip()))

    def same_as_last_time(self) -> None:
        """Fill in the areas, depths, products and lots of the client's previous session."""
        previous = self._practice.sessions.previous_record(self.session_id)
        if previous is None:
            return
        summary, record = previous
        self.record_form.show_repeated(record.repeated())
        self.same_note.setText(
            f"Copied from the session of {long_date(summary.scheduled_at.date())}. "
            "Check the lot numbers against today's packs."
        )
        self.same_note.setStyleSheet("color: #8a5a00;")
        self.same_note.setVisible(True)

    # --- gathering and saving --------------------------------------------------------------

    def gathered(self) -> SessionRecord:
        """What the editor holds now; ValueError (in words) for a time that is not one."""
        return self.record_form.gathered(self._allergy_confirmation)

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
        names = ", ".join(
            item.text()
            for row in range(self.areas.rowCount())
            if (item := self.areas.item(row, 0)) is not None
        )
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
                sessions.save(self.session_id, record, done, practitioner, self._version)
            except ProductAllergyNeedsConfirmation as asked:
                if not self._confirm_products(asked):
                    return False
                record = replace(record, allergy_confirmation=asked.confirmation)
                sessions.save(self.session_id, record, done, practitioner, self._version)
        except ChangedElsewhere as error:
            self._settle_changed(error, record)
            return False
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

    def _settle_changed(self, error: ChangedElsewhere, mine: SessionRecord) -> None:
        """Ask, then show the session as saved now, with my edits back on top if asked."""
        from dermadesk.core.row_versions import reapplied
        from dermadesk.gui.changed_elsewhere import ChangedChoice, ask_changed_elsewhere

        choice = ask_changed_elsewhere(self, error)
        if choice is ChangedChoice.KEEP_EDITING:
            self._say("Not saved: it was changed elsewhere.", problem=True)
            return
        loaded = self._saved
        self._load()
        if choice is ChangedChoice.REAPPLY and loaded is not None and self._saved is not None:
            self._show_record(reapplied(loaded, mine, self._saved))

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

    def print_aftercare(self) -> None:
        """Save, then preview and print the aftercare sheet."""
        from dermadesk.gui.printing import preview_and_print, ready_to_print

        if not ready_to_print(self, self._practice):
            return  # the sheet needs the practice's name and phone: say so, with the way there
        if self.is_dirty and not self.save(done=self._status is SessionStatus.DONE):
            return

        try:
            sheet = self._practice.sheets.aftercare(self.session_id)
            if preview_and_print([sheet.pdf], sheet.title, self):
                self._practice.sheets.printed(sheet)
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
