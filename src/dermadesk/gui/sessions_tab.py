"""The client file's Sessions tab: the plans with their progress, and every session."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.areas import area_name
from dermadesk.core.dates import long_date
from dermadesk.core.errors import ChangedElsewhere, DermaDeskError
from dermadesk.core.plans import PlanDetails, PlanProgress, plan_title
from dermadesk.core.practice import Practice
from dermadesk.core.session_records import SessionStatus, appointment_time, status_label
from dermadesk.gui import prompts, session_questions
from dermadesk.gui.flow_layout import FlowLayout

MUTED = QColor("#7b8794")


class SessionsTab(QWidget):
    """Plans and sessions of the open client."""

    changed = Signal()  # a plan or session was added or changed

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self._practice = practice
        self.client_id: int | None = None
        self.open_plans: list[PlanProgress] = []  # of the client shown, newest first
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_plans_box())
        layout.addWidget(self._build_sessions_box(), 1)

    def _build_plans_box(self) -> QGroupBox:
        """The plans with their progress, and the buttons to add, change or end one."""
        self.plans = QListWidget()
        self.plans.setMaximumHeight(96)
        self.plans.setWordWrap(True)
        self.plans.itemSelectionChanged.connect(self._update_buttons)
        self.new_plan_button = QPushButton("New &plan…")
        self.new_plan_button.clicked.connect(self.new_plan)
        self.edit_plan_button = QPushButton("&Edit plan…")
        self.edit_plan_button.clicked.connect(self.edit_plan)
        self.close_plan_button = QPushButton("End plan")
        self.close_plan_button.clicked.connect(self.close_plan)
        plans_box = QGroupBox("Treatment plans")
        plans_layout = QHBoxLayout(plans_box)
        plans_layout.addWidget(self.plans, 1)
        plan_buttons = QVBoxLayout()
        for button in (self.new_plan_button, self.edit_plan_button, self.close_plan_button):
            plan_buttons.addWidget(button)
        plan_buttons.addStretch(1)
        plans_layout.addLayout(plan_buttons)
        return plans_box

    def _build_sessions_box(self) -> QGroupBox:
        """The buttons for sessions above every session of the client, newest first."""
        self.sessions = QTreeWidget()
        self.sessions.setHeaderLabels(["When", "Status", "Areas", "Plan"])
        self.sessions.setRootIsDecorated(False)
        self.sessions.setUniformRowHeights(True)
        self.sessions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.sessions.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.sessions.itemSelectionChanged.connect(self._update_buttons)
        self.sessions.itemActivated.connect(lambda *_: self.open_session())
        sessions_box = QGroupBox("Sessions")
        sessions_layout = QVBoxLayout(sessions_box)
        sessions_layout.addLayout(self._build_session_buttons())
        sessions_layout.addWidget(self.sessions, 1)
        return sessions_box

    def _build_session_buttons(self) -> FlowLayout:
        """Open, start and book on the left; the picked booking's changes on the right."""
        self.treat_now_button = QPushButton("&Treat now")
        self.treat_now_button.setToolTip("Start a session for this client now (a walk-in)")
        self.treat_now_button.clicked.connect(self.treat_now)
        self.book_button = QPushButton("&Book session…")
        self.book_button.clicked.connect(self.book)
        self.open_button = QPushButton("&Open session")
        self.open_button.clicked.connect(self.open_session)
        self.move_button = QPushButton("&Move…")
        self.move_button.setToolTip("Another day or time for this planned session")
        self.move_button.clicked.connect(self.move_session)
        self.cancel_button = QPushButton("Cancelled")
        self.cancel_button.clicked.connect(lambda: self._set_status(SessionStatus.CANCELLED))
        self.no_show_button = QPushButton("No-show")
        self.no_show_button.clicked.connect(lambda: self._set_status(SessionStatus.NO_SHOW))
        self.replan_button = QPushButton("Back to planned")
        self.replan_button.setToolTip("Undo a cancellation or a no-show marked by mistake")
        self.replan_button.clicked.connect(lambda: self._set_status(SessionStatus.PLANNED))
        bar = FlowLayout()  # wraps in a narrow window
        for button in (self.open_button, self.treat_now_button, self.book_button):
            bar.addWidget(button)
        bar.addStretch(1)
        for button in (self.move_button, self.cancel_button, self.no_show_button,
                       self.replan_button):  # fmt: skip
            bar.addWidget(button)
        return bar

    # --- showing ---------------------------------------------------------------------------

    def show_client(self, client_id: int, archived: bool = False) -> None:
        """Show client `client_id`'s plans and sessions."""
        self.client_id = client_id
        self._archived = archived
        today = self._practice.clock.today()
        sessions = self._practice.sessions
        self.plans.clear()
        self.open_plans = []
        labels: dict[int, str] = {}
        for plan in sessions.plans(client_id):
            assert plan.id is not None
            progress = sessions.progress(plan.id, today)
            labels[plan.id] = plan.concerns
            if not (progress.closed or progress.complete):
                self.open_plans.append(progress)
            item = QListWidgetItem(
                f"{plan_title(plan)}: {plan.sessions_planned} sessions, every "
                f"{plan.interval_weeks} weeks from {long_date(plan.starts_on)}.  "
                f"{progress.describe()}"
            )
            item.setData(Qt.ItemDataRole.UserRole, plan.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, progress.closed or progress.complete)
            if progress.closed or progress.complete:
                item.setForeground(MUTED)
            self.plans.addItem(item)
        if self.plans.count():
            self.plans.setCurrentRow(0)
        self.sessions.clear()
        for summary in sessions.for_client(client_id):
            row = QTreeWidgetItem(
                [
                    appointment_time(summary.scheduled_at),
                    status_label(summary.status, summary.started)
                    + ("  (block overridden)" if summary.overridden else ""),
                    ", ".join(area_name(a) for a in summary.areas),
                    labels.get(summary.plan_id, "") if summary.plan_id else "",
                ]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, summary.id)
            row.setData(1, Qt.ItemDataRole.UserRole, summary.status.value)
            if summary.status in (SessionStatus.CANCELLED, SessionStatus.NO_SHOW):
                for column in range(4):
                    row.setForeground(column, MUTED)
            self.sessions.addTopLevelItem(row)
        if (newest := self.sessions.topLevelItem(0)) is not None:
            self.sessions.setCurrentItem(newest)
        self._update_buttons()

    def clear(self) -> None:
        """Show nobody (a new file not saved yet)."""
        self.client_id = None
        self._archived = False
        self.plans.clear()
        self.open_plans = []
        self.sessions.clear()
        self._update_buttons()

    def refresh(self) -> None:
        """Show the open client again (after a change elsewhere)."""
        if self.client_id is not None:
            self.show_client(self.client_id, self._archived)

    def selected_plan(self) -> int | None:
        """The id of the selected plan, if any."""
        item = self.plans.currentItem()
        chosen = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        return chosen if isinstance(chosen, int) else None

    def selected_session(self) -> int | None:
        """The id of the selected session, if any."""
        item = self.sessions.currentItem()
        return None if item is None else item.data(0, Qt.ItemDataRole.UserRole)

    def _update_buttons(self) -> None:
        writable = self.client_id is not None and not self._archived
        for button in (self.new_plan_button, self.treat_now_button, self.book_button):
            button.setEnabled(writable)
        plan = self.plans.currentItem()
        open_plan = plan is not None and not plan.data(Qt.ItemDataRole.UserRole + 1)
        self.edit_plan_button.setEnabled(writable and open_plan)
        self.close_plan_button.setEnabled(writable and open_plan)
        item = self.sessions.currentItem()
        self.open_button.setEnabled(item is not None)
        status = None if item is None else item.data(1, Qt.ItemDataRole.UserRole)
        for button in (self.move_button, self.cancel_button, self.no_show_button):
            button.setEnabled(writable and status == "planned")
        self.replan_button.setEnabled(writable and status in ("cancelled", "no_show"))

    # --- plans -----------------------------------------------------------------------------

    def new_plan(self) -> None:
        """Ask for a new plan and keep it."""
        from dermadesk.gui.plan_dialogs import PlanDialog

        client_id = self.client_id
        if client_id is None:
            return
        concerns = self._practice.clients.get(client_id).concerns
        dialog = PlanDialog(self._practice.clock.today(), concerns=concerns, parent=self)
        if dialog.exec() == PlanDialog.DialogCode.Accepted:
            self._do(lambda: self._practice.sessions.create_plan(client_id, dialog.details()))

    def edit_plan(self) -> None:
        """Change the selected plan."""
        from dermadesk.gui.changed_elsewhere import settle_changed_elsewhere
        from dermadesk.gui.plan_dialogs import PlanDialog

        plan_id = self.selected_plan()
        if plan_id is None:
            return
        plan, mine = self._practice.sessions.plan(plan_id), None
        while True:  # open again after a save refused over a change made elsewhere
            dialog = PlanDialog(self._practice.clock.today(), plan, parent=self)
            if mine is not None:
                dialog.show_details(mine)
            if dialog.exec() != PlanDialog.DialogCode.Accepted:
                return
            mine = dialog.details()
            try:
                self._practice.sessions.update_plan(plan_id, mine, plan.version)
            except ChangedElsewhere as error:
                plan, mine = settle_changed_elsewhere(
                    self,
                    error,
                    plan,
                    mine,
                    lambda: self._practice.sessions.plan(plan_id),
                    PlanDetails.of,
                )
                continue
            except DermaDeskError as error:
                prompts.show_error(self, "Not saved", str(error))
                return
            self.refresh()
            self.changed.emit()
            return

    def close_plan(self) -> None:
        """End the selected plan early (it leaves the due list)."""
        plan_id = self.selected_plan()
        if plan_id is None:
            return
        concerns = self._practice.sessions.plan(plan_id).concerns
        if session_questions.confirm(  # it cannot be reopened: Enter keeps the plan
            self,
            "End plan",
            f"End the plan for {concerns} now? It will no longer show as due, and it cannot "
            "be reopened.",
            "End plan",
            "Keep the plan",
        ):
            self._do(lambda: self._practice.sessions.close_plan(plan_id))

    # --- sessions --------------------------------------------------------------------------

    def _open_plans(self) -> list[tuple[int, str]]:
        """The open plans as (id, label) to book under, newest first."""
        return [
            (p.plan.id, f"{p.plan.concerns} (session {p.done + 1} of {p.plan.sessions_planned})")
            for p in self.open_plans
            if p.plan.id is not None
        ]

    def plan_lines(self) -> list[str]:
        """Each open plan's progress in a line, for the file's header."""
        return [f"{plan_title(p.plan)}: {p.describe()}" for p in self.open_plans]

    def book(self) -> None:
        """Book a planned session, suggesting the day the plan falls due."""
        from dermadesk.gui.plan_dialogs import BookDialog

        if self.client_id is None:
            return
        plans = self._open_plans()
        client_id = self.client_id
        suggested = self._practice.sessions.suggested_day(
            client_id, plans[0][0] if plans else None, self._practice.clock.today()
        )
        dialog = BookDialog(plans, suggested, self, check=self._booking_check(None))
        if dialog.exec() == BookDialog.DialogCode.Accepted:
            self._do(
                lambda: self._practice.sessions.book(
                    client_id, dialog.when(), dialog.plan_id(), dialog.duration.value()
                )
            )

    def treat_now(self) -> None:
        """Open today's planned session, or book one now under the client's open plan.

        A booking made here and never started (the screening said no, or the
        editor was closed) is taken back, so no phantom appointment stays.
        """
        if self.client_id is None:
            return
        sessions = self._practice.sessions
        today = self._practice.clock.today()
        waiting = [
            s
            for s in sessions.for_client(self.client_id)
            if s.status is SessionStatus.PLANNED and s.scheduled_at.date() == today
        ]
        if waiting:
            self.open_session(waiting[-1].id)  # the earliest of today's
            return
        plans = self._open_plans()
        now = self._practice.clock.local_now().replace(second=0, microsecond=0)
        try:
            session_id = sessions.book(self.client_id, now, plans[0][0] if plans else None)
        except DermaDeskError as error:
            prompts.show_error(self, "Not booked", str(error))
            return
        self.open_session(session_id)
        with contextlib.suppress(DermaDeskError):  # refused once started or anything noted
            sessions.delete_booking(session_id)
        self.refresh()
        self.changed.emit()

    def move_session(self) -> None:
        """Move the selected planned session to another day or time."""
        from dermadesk.gui.plan_dialogs import BookDialog

        session_id = self.selected_session()
        if session_id is None:
            return
        current = self._practice.sessions.get(session_id)
        check = self._booking_check(session_id, current.plan_id, current.duration_minutes)
        dialog = BookDialog(
            [], current.scheduled_at.date(), self, moving=current.scheduled_at, check=check
        )
        if dialog.exec() == BookDialog.DialogCode.Accepted:
            self._do(lambda: self._practice.sessions.reschedule(session_id, dialog.when()))

    def _booking_check(
        self, moving: int | None, plan_id: int | None = None, duration: int | None = None
    ) -> Callable[[datetime, int, int | None], str]:
        """The check a booking (or the move of session `moving`, of plan `plan_id`) passes
        before its dialog closes: a plan's second session on a day is refused, naming the
        first; an overlap with another appointment is asked about."""
        sessions = self._practice.sessions

        def check(at: datetime, minutes: int, chosen_plan: int | None) -> str:
            plan = plan_id if moving is not None else chosen_plan
            if refused := sessions.same_plan_booking(plan, at.date(), moving):
                return refused
            length = duration if duration is not None else minutes
            overlaps = sessions.overlapping(at, length, moving)
            if overlaps and not session_questions.confirm(
                self,
                "Appointments overlap",
                f"{at:%H:%M} for {length} minutes overlaps with:\n"
                + "\n".join(f"• {o}" for o in overlaps)
                + "\n\nBook it all the same?",
                "Book anyway",
                "Choose another time",
            ):
                return "Choose another time: it overlaps with " + "; ".join(overlaps) + "."
            return ""

        return check

    def open_session(self, session_id: int | None = None) -> None:
        """Open a session (the selected one by default) in the session editor."""
        from dermadesk.gui.session_editor import open_session_editor

        session_id = session_id or self.selected_session()
        if session_id is None:
            return
        saved = open_session_editor(self._practice, session_id, self)
        self.refresh()
        if saved:
            self.changed.emit()  # after the refresh: listeners read the tab's new progress

    def _set_status(self, status: SessionStatus) -> None:
        session_id = self.selected_session()
        if session_id is None:
            return
        when = appointment_time(self._practice.sessions.get(session_id).scheduled_at)
        if status is not SessionStatus.PLANNED and not prompts.ask_yes_no(
            self, status.label, f"Mark the session of {when} as {status.label.lower()}?"
        ):
            return
        self._do(lambda: self._practice.sessions.set_status(session_id, status))

    def _do(self, change: Callable[[], object]) -> None:
        try:
            change()
        except DermaDeskError as error:
            prompts.show_error(self, "Not saved", str(error))
            return
        self.refresh()
        self.changed.emit()
