"""The main window: the client list and the Today panel beside the open client file.

It composes the parts and routes between them; each part owns its own area.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QWidget

from dermadesk import __version__
from dermadesk.core.practice import Practice
from dermadesk.gui import prompts
from dermadesk.gui.client_list import ClientListPanel
from dermadesk.gui.client_view import ClientView
from dermadesk.gui.prompts import UnsavedChoice
from dermadesk.gui.today_panel import TodayPanel
from dermadesk.gui.ui_state import UiState

WINDOW_STATE_NAME = "main_window"


class MainWindow(QMainWindow):
    """DermaDesk's window on one practice."""

    def __init__(self, practice: Practice, ui_state: UiState, parent: QWidget | None = None):
        super().__init__(parent)
        self.practice = practice
        self.ui_state = ui_state
        self.setWindowTitle("DermaDesk")
        self.setObjectName("mainWindow")

        self._routing = False  # set while the window itself moves the list's selection
        self.client_list = ClientListPanel(practice.clients)
        self.client_view = ClientView(practice)
        self.client_view.set_empty_hint(practice.clients.count(include_archived=True) > 0)
        self.today_panel = TodayPanel(practice)
        self.left_splitter = QSplitter(Qt.Orientation.Vertical)
        self.left_splitter.setObjectName("leftSplitter")
        self.left_splitter.addWidget(self.client_list)
        self.left_splitter.addWidget(self.today_panel)
        self.left_splitter.setStretchFactor(0, 3)
        self.left_splitter.setStretchFactor(1, 2)
        self.left_splitter.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.left_splitter)
        self.splitter.addWidget(self.client_view)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.centralWidget().setContentsMargins(8, 8, 8, 0)

        self.client_list.client_selected.connect(self._open_client)
        self.client_view.saved.connect(self._on_saved)
        self.client_view.archived_changed.connect(self._on_archived_changed)
        self.client_view.records_changed.connect(lambda _id: self.today_panel.refresh())
        self.today_panel.client_requested.connect(self._open_client)

        self._make_actions()
        self.data_dir_label = QLabel(str(practice.data_dir))
        self.data_dir_label.setEnabled(False)
        self.statusBar().addPermanentWidget(self.data_dir_label)

        self.resize(1280, 800)
        self.splitter.setSizes([500, 780])
        self.left_splitter.setSizes([470, 330])
        ui_state.restore_window(WINDOW_STATE_NAME, self)
        ui_state.restore_splitter("main", self.splitter)
        ui_state.restore_splitter("left", self.left_splitter)
        # After the client list has painted: the day's list is not what start-up waits for.
        QTimer.singleShot(0, self.today_panel.refresh)
        if practice.upgrade_copy:
            self.statusBar().showMessage(
                f"DermaDesk was updated; the data from before is kept in {practice.upgrade_copy}",
                20_000,
            )
        self.client_list.focus_search()

    def _make_actions(self) -> None:
        def action(text: str, shortcut: QKeySequence | str, slot: object, tip: str) -> QAction:
            made = QAction(text, self)
            made.setShortcut(QKeySequence(shortcut))
            made.setStatusTip(tip)
            made.setToolTip(
                f"{tip} ({made.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            )
            made.triggered.connect(slot)
            return made

        self.new_client_action = action(
            "&New client", QKeySequence.StandardKey.New, self.new_client, "Open a new client file"
        )
        self.find_action = action(
            "&Find client", QKeySequence.StandardKey.Find, self.client_list.focus_search,
            "Type part of a name, phone or email",
        )  # fmt: skip
        self.save_action = action(
            "&Save", QKeySequence.StandardKey.Save, self.client_view.save, "Save the open file"
        )
        self.quit_action = action(
            "&Quit", QKeySequence.StandardKey.Quit, self.close, "Close DermaDesk"
        )
        self.print_action = action(
            "&Print consent pack…", QKeySequence.StandardKey.Print,
            self.client_view.print_consent_pack,
            "Print the open client's consent forms, pre-filled for signing",
        )  # fmt: skip
        self.print_day_action = QAction("Print the &day's consent packs…", self)
        self.print_day_action.setStatusTip(
            "Every planned client of today, in time order, with their consent forms"
        )
        self.print_day_action.setIconText("Print day's packs")  # the toolbar's shorter name
        self.print_day_action.triggered.connect(self.today_panel.print_day_packs)
        self.settings_action = action(
            "Practice &settings…", QKeySequence.StandardKey.Preferences, self.open_settings,
            "The practice's details, screening rules and consent forms",
        )  # fmt: skip
        self.about_action = QAction("&About DermaDesk", self)
        self.about_action.triggered.connect(self._about)

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.new_client_action)
        toolbar.addAction(self.find_action)
        toolbar.addAction(self.save_action)
        toolbar.addAction(self.print_action)
        toolbar.addAction(self.print_day_action)

        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        client_menu = self.menuBar().addMenu("&Client")
        client_menu.addAction(self.new_client_action)
        client_menu.addAction(self.find_action)
        client_menu.addAction(self.save_action)
        client_menu.addAction(self.print_action)
        client_menu.addAction(self.print_day_action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.about_action)

    # --- routing -----------------------------------------------------------------

    def new_client(self) -> None:
        """Open an empty client file (after dealing with unsaved changes)."""
        if self._settle_unsaved_changes():
            self.client_view.start_new_client()
            self._select_in_list(None)

    def open_settings(self) -> None:
        """Show the practice settings; the open file's banner follows any change."""
        from dermadesk.gui.settings_dialog import SettingsDialog  # loaded when first needed

        SettingsDialog(self.practice, self).exec()
        self.today_panel.refresh()  # the rules decide the day's screening column
        if self.client_view.client_id is not None and not self.client_view.has_unsaved_changes():
            self.client_view.show_client(self.client_view.client_id)

    def bring_to_front(self) -> None:
        """Show the window above others (a second launch asked for it)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def _open_client(self, client_id: int) -> None:
        if self._routing or client_id == self.client_view.client_id:
            return
        if self._settle_unsaved_changes():
            self.client_view.show_client(client_id)
        # Saving may have refreshed the list, and staying put must undo the click:
        # either way the list now shows the file that is open.
        self._select_in_list(self.client_view.client_id)

    def _select_in_list(self, client_id: int | None) -> None:
        """Pick the open file's row without treating it as a new choice."""
        self._routing = True
        try:
            if client_id is None or not self.client_list.select(client_id):
                self.client_list.clear_selection()
        finally:
            self._routing = False

    def _settle_unsaved_changes(self) -> bool:
        """Save or drop unsaved changes as the user says; False when they chose to stay."""
        if not self.client_view.has_unsaved_changes():
            return True
        choice = prompts.ask_unsaved_changes(self, self.client_view.title())
        if choice is UnsavedChoice.SAVE:
            return self.client_view.save()
        if choice is UnsavedChoice.DISCARD:
            self.client_view.discard_changes()
            return True
        return False

    def _on_saved(self, client_id: int) -> None:
        self.client_list.refresh()
        self.today_panel.refresh()  # new screening answers change the day's checks
        self._select_in_list(client_id)
        self.statusBar().showMessage("Saved.", 4000)

    def _on_archived_changed(self, client_id: int, archived: bool) -> None:
        name = self.client_view.title()
        self.client_list.refresh()
        self.today_panel.refresh()
        self._select_in_list(client_id)
        if archived:
            hint = (
                ""
                if self.client_list.model.include_archived
                else " Tick “Show archived” to see them."
            )
            self.statusBar().showMessage(f"{name} archived.{hint}", 8000)
        else:
            self.statusBar().showMessage(f"{name} is back in the client list.", 8000)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About DermaDesk",
            f"<b>DermaDesk {__version__}</b><p>Client records for microneedling practices.</p>"
            f"<p>Data folder: {self.practice.data_dir}</p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._settle_unsaved_changes():
            event.ignore()
            return
        self.ui_state.save_window(WINDOW_STATE_NAME, self)
        self.ui_state.save_splitter("main", self.splitter)
        self.ui_state.save_splitter("left", self.left_splitter)
        self.ui_state.sync()
        event.accept()
