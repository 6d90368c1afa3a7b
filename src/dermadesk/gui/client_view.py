"""The client file: a header with who this is, and tabs for the file's parts.

Later parts (alerts banner, consents, sessions, photos) slot into the header
and the tabs; this module owns loading, saving and archiving the file.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.client_details import ClientDetails
from dermadesk.core.consent_status import KINDS, ConsentStatus
from dermadesk.core.errors import ChangedElsewhere, DermaDeskError, ValidationError
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.gui import prompts
from dermadesk.gui.changed_elsewhere_bar import ChangedElsewhereBar
from dermadesk.gui.prompts import show_error

if TYPE_CHECKING:
    from dermadesk.core.live_changes import Change
    from dermadesk.core.records import ClientFile
    from dermadesk.core.screening_rules import CustomQuestion  # loaded with the first file
    from dermadesk.gui.alerts_banner import AlertsBanner
    from dermadesk.gui.client_form import ClientForm
    from dermadesk.gui.client_header import ClientHeader
    from dermadesk.gui.consents_tab import ConsentsTab
    from dermadesk.gui.gallery_tab import GalleryTab
    from dermadesk.gui.sessions_tab import SessionsTab


ALERTS_HEIGHT_LINES = 11  # the alerts area's first height, in lines of ordinary text


class ClientView(QWidget):
    """One client's file, or an invitation to pick one."""

    # Built with the first file opened (see _build_file_page).
    header: ClientHeader
    alerts: AlertsBanner
    form: ClientForm
    tabs: QTabWidget
    consents_tab: ConsentsTab
    sessions_tab: SessionsTab
    gallery_tab: GalleryTab

    saved = Signal(int)
    records_changed = Signal(int)  # a consent, plan or session of this client changed
    archived_changed = Signal(int, bool)
    opened = Signal(int)  # the view opened a file itself (not picked in the list)

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self._practice = practice
        self.client_id: int | None = None
        self._archived = False
        self._loaded: tuple[ClientDetails, int] | None = None  # the file as opened, its version
        self._file_page: QWidget | None = None
        self._shown_saved: tuple[object, object] | None = None  # saved file the form shows

        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setEnabled(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.elsewhere_bar = ChangedElsewhereBar()
        self.elsewhere_bar.reload_requested.connect(self._reload_changed_elsewhere)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.elsewhere_bar)
        layout.addWidget(self.stack)
        self.set_empty_hint(practice_has_clients=True)

    def set_empty_hint(self, practice_has_clients: bool) -> None:
        """Say what to do when no file is open: pick one, or open the very first."""
        if practice_has_clients:
            text = (
                "<p style='font-size:14pt'>Pick a client from the list,</p>"
                "<p>or press <b>Ctrl+N</b> to open a new client file.</p>"
            )
        else:
            text = (
                "<p style='font-size:14pt'>No clients yet.</p>"
                "<p>Press <b>Ctrl+N</b> to open the first client file,<br>"
                "or import a list: <code>dermadesk clients import FILE</code></p>"
            )
        self.empty_label.setText(text)

    def _build_file_page(self) -> None:
        """Make the header, tabs and form the first time a file is opened.

        Deferred so that start-up shows the client list without building (or
        importing) a form nobody has asked for yet.
        """
        self._build_header()
        self._build_tabs()
        self._build_alerts_area()
        self.file_splitter = QSplitter(Qt.Orientation.Vertical)
        self.file_splitter.setObjectName("fileSplitter")
        self.file_splitter.addWidget(self.alerts_area)
        self.file_splitter.addWidget(self.tabs)
        self.file_splitter.setChildrenCollapsible(False)
        self.file_splitter.setStretchFactor(1, 1)
        self.file_splitter.setSizes([ALERTS_HEIGHT_LINES * self.fontMetrics().height(), 10_000])
        file_page = QWidget()
        file_layout = QVBoxLayout(file_page)
        file_layout.setContentsMargins(0, 0, 0, 0)
        file_layout.addWidget(self.header)
        file_layout.addWidget(self.file_splitter, 1)
        self.stack.addWidget(file_page)
        self._file_page = file_page

    def _build_header(self) -> None:
        """Who the client is, with the buttons to sign a consent and to archive."""
        from dermadesk.gui.client_header import ClientHeader

        self.header = ClientHeader()
        self.header.archive_button.clicked.connect(self._toggle_archived)
        for kind, label in KINDS.items():
            action = self.header.consent_menu.addAction(f"{label}…")
            action.triggered.connect(lambda _checked=False, k=kind: self.sign_consent(k))

    def _build_tabs(self) -> None:
        """The details form, then the consents, the sessions and the photos."""
        from dermadesk.gui.client_form import ClientForm
        from dermadesk.gui.consents_tab import ConsentsTab
        from dermadesk.gui.gallery_tab import GalleryTab
        from dermadesk.gui.sessions_tab import SessionsTab

        self.form = ClientForm()
        self.form.save_requested.connect(self.save)
        self.form.discard_requested.connect(self.discard_changes)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.form, "&Details")
        self.consents_tab = ConsentsTab(self._practice)
        self.consents_tab.changed.connect(self._on_consents_changed)
        self.tabs.addTab(self.consents_tab, "Co&nsents")
        self.sessions_tab = SessionsTab(self._practice)
        self.sessions_tab.changed.connect(self._on_sessions_changed)
        self.tabs.addTab(self.sessions_tab, "Sess&ions")
        self.gallery_tab = GalleryTab(self._practice)  # reads the photos when first shown
        self.tabs.addTab(self.gallery_tab, "Photo&s")

    def _build_alerts_area(self) -> None:
        """The alerts and the plans' progress, above the tabs (after _build_header)."""
        from dermadesk.gui.alerts_banner import AlertsBanner  # with the first file opened

        # The alerts and plans take as much height as their text, which differs from
        # client to client; in an area of their own, with a scroll bar when they need
        # more, the tabs and their buttons stay in the same place for every client.
        # The practitioner can drag the divider to give the alerts more room.
        self.alerts = AlertsBanner()
        notes = QWidget()
        notes_layout = QVBoxLayout(notes)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_layout.addWidget(self.alerts)
        notes_layout.addWidget(self.header.plan_label)
        notes_layout.addStretch(1)
        self.alerts_area = QScrollArea()
        self.alerts_area.setObjectName("alertsArea")
        self.alerts_area.setWidget(notes)
        self.alerts_area.setWidgetResizable(True)
        self.alerts_area.setFrameShape(QFrame.Shape.NoFrame)
        self.alerts_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.alerts_area.setMinimumHeight(self.fontMetrics().height() * 3)

    def _show_file_page(self) -> None:
        if self._file_page is None:
            self._build_file_page()
        assert self._file_page is not None  # built just now
        self.stack.setCurrentWidget(self._file_page)

    @property
    def showing_file(self) -> bool:
        """True when a client's file (or a new one) is open."""
        return self._file_page is not None and self.stack.currentWidget() is self._file_page

    def has_unsaved_changes(self) -> bool:
        """True when the open file has changes that are not saved."""
        return self.showing_file and self.form.is_dirty

    def title(self) -> str:
        """How the open file is named in questions to the user."""
        return (self.showing_file and self.header.name_label.text()) or "this client"

    def show_client(self, client_id: int) -> None:
        """Open client `client_id`'s file."""
        client = self._practice.clients.get(client_id)
        details = ClientDetails.of(client)
        self.elsewhere_bar.hide()  # the file is read afresh
        self._show_file_page()
        self.client_id = client_id
        self._archived = client.archived
        self._loaded = (details, client.version)
        today = self._practice.clock.today()
        self.header.show_client(details, client.archived, today)
        self.form.screening_fields.set_questions(self._own_questions())
        screening = self._practice.clients.latest_screening(client_id)
        self.form.load(details, screening)
        self._shown_saved = (client, screening)  # what the typing starts from
        for tab in (self.consents_tab, self.sessions_tab, self.gallery_tab):
            self.tabs.setTabEnabled(self.tabs.indexOf(tab), True)
        self._show_records(client_id, client)

    def _show_records(self, client_id: int, client: ClientFile) -> None:
        """The banner, the plans and the tabs beside the details form, read afresh."""
        today = self._practice.clock.today()
        standing = {kind: self._practice.consents.status(client_id, kind, today) for kind in KINDS}
        self._show_alerts(client_id, list(standing.values()), client.medications, today)
        self.consents_tab.show_client(client_id, standing)
        self.sessions_tab.show_client(client_id, client.archived)
        self.gallery_tab.show_client(client_id, client.archived)
        self.header.show_plans(self.sessions_tab.plan_lines())

    def _own_questions(self) -> tuple[CustomQuestion, ...]:
        return self._practice.settings.screening().custom_questions

    def _show_alerts(
        self, client_id: int, standing: list[ConsentStatus], medications: str, today: date
    ) -> None:
        """Today's screening in the banner: everything the file says, in one glance."""
        result = self._practice.screen_client(client_id, today)
        self.alerts.show_result(result, standing, medications)
        self.alerts.setVisible(True)

    def _on_consents_changed(self) -> None:
        if self.client_id is not None:
            self.show_client(self.client_id)  # the banner follows a withdrawal at once
            self.records_changed.emit(self.client_id)

    def _on_sessions_changed(self) -> None:
        if self.client_id is not None:
            self.header.show_plans(self.sessions_tab.plan_lines())  # the tab has just re-read
            # A session done today makes another one too soon: the banner says so at once.
            today = self._practice.clock.today()
            client = self._practice.clients.get(self.client_id)
            standing = [
                self._practice.consents.status(self.client_id, kind, today) for kind in KINDS
            ]
            self._show_alerts(self.client_id, standing, client.medications, today)
            self.records_changed.emit(self.client_id)

    def show_change_made_elsewhere(self, change: Change) -> None:
        """Show the open file as another computer or program left it; unsaved changes in the
        details form are kept, with a note when the details changed too."""
        if not self.showing_file or self.client_id is None or not change.touches(self.client_id):
            return
        session_id = self.sessions_tab.selected_session()
        photo_ids = self.gallery_tab.selected_ids()
        if not self.form.is_dirty:
            self.show_client(self.client_id)
        else:  # the form keeps what is typed; everything else shows the file as it is now
            client = self._practice.clients.get(self.client_id)
            self._show_records(self.client_id, client)
            if (
                client,
                self._practice.clients.latest_screening(self.client_id),
            ) != self._shown_saved:
                self.elsewhere_bar.show()  # the saved details are no longer what was typed over
        self._reselect(session_id, photo_ids)

    def _reselect(self, session_id: int | None, photo_ids: list[int]) -> None:
        """What was picked in the tabs stays picked after a refresh, where it still is."""
        sessions = self.sessions_tab.sessions
        for row in range(sessions.topLevelItemCount()):
            item = sessions.topLevelItem(row)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == session_id:
                sessions.setCurrentItem(item)
        if photo_ids:
            self.gallery_tab.select_photos(photo_ids)

    def _reload_changed_elsewhere(self) -> None:
        """Show the file as it is saved now, asking first when that lets typing go."""
        if self.client_id is None:
            return
        if self.form.is_dirty and not prompts.ask_yes_no(
            self,
            "Reload this file",
            f"Show the file of {self.title()} as it is saved now? What you typed here will "
            "be lost.",
        ):
            return
        self.show_client(self.client_id)

    def start_new_client(self) -> None:
        """Open an empty file, ready to type the first name."""
        self.elsewhere_bar.hide()
        self._show_file_page()
        self.client_id = None
        self._archived = False
        self.header.show_new()
        self.header.show_plans([])
        # Consents, sessions and photos belong to a saved file: none to show or add to yet.
        for tab in (self.consents_tab, self.sessions_tab, self.gallery_tab):
            self.tabs.setTabEnabled(self.tabs.indexOf(tab), False)
        self.sessions_tab.clear()
        self.gallery_tab.clear()
        self.alerts.setVisible(False)  # nothing to screen until the file is saved
        self.form.screening_fields.set_questions(self._own_questions())
        self.form.load(None, None)
        self.tabs.setCurrentWidget(self.form)
        self.form.ui.firstNameEdit.setFocus()

    def discard_changes(self) -> None:
        """Forget what was typed and show the file as saved."""
        if self.client_id is None:
            self.start_new_client()
        else:
            self.show_client(self.client_id)

    def save(self) -> bool:
        """Save the open file; False (with the problems shown) when it cannot be saved."""
        if not self.showing_file:
            return False
        clients = self._practice.clients
        today = self._practice.clock.today()
        details, screening, problems = self.form.current_problems(today)
        if problems:
            self.form.show_problems(problems)
            return False
        if self.client_id is None and not self._settle_same_person(details):
            return False
        try:
            if self.client_id is None:
                self.client_id = clients.create(details, screening)
            else:
                version = self._loaded[1] if self._loaded else None
                clients.update(self.client_id, details, screening, version=version)
        except ChangedElsewhere as error:
            self._settle_changed_elsewhere(error, details, screening)
            return False
        except ValidationError as error:
            self.form.show_problems(error.problems)
            return False
        except DermaDeskError as error:
            show_error(self, "Not saved", str(error))
            return False
        client_id = self.client_id
        self.show_client(client_id)
        self.form.show_saved(f"Saved at {self._practice.clock.local_now():%H:%M}.")
        self.saved.emit(client_id)
        return True

    def _settle_changed_elsewhere(
        self, error: ChangedElsewhere, mine: ClientDetails, screening: ScreeningAnswers | None
    ) -> None:
        """Ask, then reload the file as saved now, with the user's edits back on top if asked."""
        from dermadesk.core.row_versions import reapplied
        from dermadesk.gui.changed_elsewhere import ChangedChoice, ask_changed_elsewhere

        choice = ask_changed_elsewhere(self, error)
        if choice is ChangedChoice.KEEP_EDITING or self.client_id is None or not self._loaded:
            return
        loaded = self._loaded[0]
        self.show_client(self.client_id)  # theirs, and the version to save over next
        if choice is ChangedChoice.REAPPLY:
            theirs, latest = (
                self._loaded[0],
                self._practice.clients.latest_screening(self.client_id),
            )
            self.form.load(reapplied(loaded, mine, theirs), screening or latest)
            self.form.mark_edited(screening_changed=screening is not None)

    def _settle_same_person(self, details: ClientDetails) -> bool:
        """Before a new file is saved for someone already on file, ask; False to not save."""
        from dermadesk.gui.duplicate_client import SamePersonChoice, ask_about_same_person

        existing_id = self._practice.clients.find_same_person(details)
        if existing_id is None:
            return True
        existing = self._practice.clients.get(existing_id)
        choice = ask_about_same_person(self, existing)
        if choice is SamePersonChoice.OPEN_EXISTING:
            self.show_client(existing_id)  # what was typed for the new file is let go
            self.opened.emit(existing_id)
        return choice is SamePersonChoice.SAVE_ANYWAY

    def print_consent_pack(self) -> None:
        """Preview and print the open client's consent pack (treatment and photo forms)."""
        from dermadesk.gui.printing import preview_and_print, ready_to_print

        if self.client_id is None or not ready_to_print(self, self._practice):
            return  # no file open, or the practice has no name and phone for the forms yet
        try:
            pack = self._practice.sheets.consent_pack(self.client_id)
            if preview_and_print([pack.pdf], pack.title, self):
                self._practice.sheets.printed(pack)
        except DermaDeskError as error:
            show_error(self, "Not printed", str(error))

    def sign_consent(self, kind: str) -> int | None:
        """Run the consent flow for the open client; the new record's id, if signed."""
        if self.client_id is None:
            return None
        if self.form.is_dirty and not self.save():
            return None  # the file's own changes come first
        from dermadesk.gui.consent_dialog import ConsentDialog  # loaded when first needed

        dialog = ConsentDialog(self._practice, self.client_id, kind, self)
        if dialog.exec() != ConsentDialog.DialogCode.Accepted:
            return None
        self.show_client(self.client_id)  # new answers and consent on the banner
        self.records_changed.emit(self.client_id)
        return dialog.record_id

    def _toggle_archived(self) -> None:
        if self.client_id is None:
            return
        if self.form.is_dirty and not self.save():
            return  # keep what was typed; the problems are on show
        archive = not self._archived
        try:
            self._practice.clients.set_archived(self.client_id, archive)
        except DermaDeskError as error:
            show_error(self, "Not changed", str(error))
            return
        self.show_client(self.client_id)
        self.archived_changed.emit(self.client_id, archive)
