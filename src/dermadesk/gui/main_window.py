"""The main window: the client list and the Today panel beside the open client file.

It composes the parts and routes between them; each part owns its own area
(the lock in lock_screen, backups in backups and restore_dialog).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QWidget,
)

from dermadesk import __version__
from dermadesk.core.keys import DataKey
from dermadesk.core.live_changes import Change
from dermadesk.core.practice import Practice
from dermadesk.gui import main_actions, prompts
from dermadesk.gui.backups import BackupStatusLabel, back_up_now, backup_before_closing
from dermadesk.gui.client_list import ClientListPanel
from dermadesk.gui.client_view import ClientView
from dermadesk.gui.first_paint import after_first_paint
from dermadesk.gui.live_updates import LiveUpdates
from dermadesk.gui.lock_screen import LockGuard
from dermadesk.gui.prompts import UnsavedChoice
from dermadesk.gui.today_panel import TodayPanel
from dermadesk.gui.ui_state import UiState
from dermadesk.gui.unlock_start import SwitchTo
from dermadesk.gui.workers import BackgroundTask

WINDOW_STATE_NAME = "main_window"


class MainWindow(QMainWindow):
    """DermaDesk's window on one practice."""

    # Made by main_actions.add_actions, which puts them on the toolbar and in the menus.
    new_client_action: QAction
    find_action: QAction
    save_action: QAction
    print_action: QAction
    print_day_action: QAction
    import_photos_action: QAction
    audit_action: QAction
    settings_action: QAction
    lock_action: QAction
    backup_action: QAction
    restore_action: QAction
    move_action: QAction
    about_action: QAction
    quit_action: QAction

    def __init__(self, practice: Practice, ui_state: UiState, parent: QWidget | None = None):
        super().__init__(parent)
        self.practice = practice
        self.ui_state = ui_state
        self.setWindowTitle("DermaDesk")
        self.setObjectName("mainWindow")

        self._routing = False  # set while the window itself moves the list's selection
        self._build_panes()
        self._connect_panes()
        prompts.remember_folders_in(ui_state)  # file dialogs start where they were last used
        held = None if practice.key is None else (practice.data_dir, practice.key)
        self.lock_guard = LockGuard(self, practice.settings, practice.audit, held)
        self.backup_task: BackgroundTask | None = None  # Back up now, while it runs
        self.move_task: BackgroundTask | None = None  # File ▸ Move to a practice server, running
        self._closing = False
        self.switch_to: SwitchTo | None = None  # Settings chose another practice: reopen on it
        main_actions.add_actions(self)
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.focusWindowChanged.connect(self._lend_lock_action)
        self._build_status_bar()
        self._restore_layout()
        if practice.moved:  # a folder whose practice moved to a server: read-only, and said
            from dermadesk.gui.server_move import show_moved_banner

            show_moved_banner(self)
        # A plain practice with a PIN opens locked, before anything is shown: closing DermaDesk
        # and starting it again must not get past the lock (an encrypted one was just
        # unlocked with its passphrase).
        self.lock_guard.reload()
        if self.lock_guard.has_pin and practice.key is None:
            self.lock_guard.lock("as DermaDesk opened")
        # After the client list has painted: the day's list, the backup folder (perhaps on a
        # slow disk) and what a killed backup or restore left there are not what start-up
        # waits for.
        after_first_paint(
            self.client_list.rows_area(),
            self.practice.remove_leftovers,
            self.today_panel.refresh,
            self.backup_label.refresh,
        )
        if practice.upgrade_copy:
            self.statusBar().showMessage(
                f"DermaDesk was updated; the data from before is kept in {practice.upgrade_copy}",
                20_000,
            )
        self.client_list.focus_search()

    def _build_panes(self) -> None:
        """The client list above the Today panel, beside the open client file."""
        practice = self.practice
        self.client_list = ClientListPanel(practice.clients)
        self.client_view = ClientView(practice)
        # The list has just counted its clients: only an empty list asks about archived ones.
        listed = self.client_list.model.rowCount() > 0
        self.client_view.set_empty_hint(listed or practice.clients.count(include_archived=True) > 0)
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
        self.splitter.setContentsMargins(8, 8, 8, 0)

    def _connect_panes(self) -> None:
        """The window routes between its parts: none of them knows the others."""
        self.client_list.client_selected.connect(self._open_client)
        self.client_view.saved.connect(self._on_saved)
        self.client_view.archived_changed.connect(self._on_archived_changed)
        self.client_view.opened.connect(self._select_in_list)
        self.client_view.records_changed.connect(lambda _id: self.today_panel.refresh())
        self.today_panel.client_requested.connect(self._open_client)
        self.live_updates = LiveUpdates(self.practice.live, self)
        self.live_updates.changed.connect(self._show_change_made_elsewhere)

    def _build_status_bar(self) -> None:
        """The last backup's line and the data folder, at the right of the status bar."""
        self.backup_label = BackupStatusLabel(self.practice)
        self.statusBar().addPermanentWidget(self.backup_label)
        self.data_dir_label = QLabel(str(self.practice.data_dir))
        self.data_dir_label.setEnabled(False)
        if not self.practice.store.is_sqlite:  # which server, said as the title says it
            from dermadesk.gui.server_words import practice_server, server_host, where_words

            words, tip = where_words(self.practice)
            self.data_dir_label.setText(words)
            self.data_dir_label.setToolTip(tip)
            host = server_host(practice_server(self.practice) or "")
            self.setWindowTitle(f"DermaDesk — practice server on {host}")
        self.statusBar().addPermanentWidget(self.data_dir_label)

    def _restore_layout(self) -> None:
        """The window's size and dividers as they were left, or sizes that fit the screen."""
        # 1280 x 800 where the screen has room; never larger than the screen (1024 x 700).
        screen = self.screen().availableGeometry() if self.screen() else None
        self.resize(
            min(1280, screen.width()) if screen else 1280,
            min(800, screen.height()) if screen else 800,
        )
        self.splitter.setSizes([500, 780])
        self.left_splitter.setSizes([470, 330])
        self.ui_state.restore_window(WINDOW_STATE_NAME, self)
        self.ui_state.restore_splitter("main", self.splitter)
        self.ui_state.restore_splitter("left", self.left_splitter)

    # --- routing -----------------------------------------------------------------

    def new_client(self) -> None:
        """Open an empty client file (after dealing with unsaved changes)."""
        if self._settle_unsaved_changes():
            self.client_view.start_new_client()
            self._select_in_list(None)

    def open_settings(self, tab: str | None = None) -> None:
        """Show the practice settings (on `tab`: one of SettingsDialog.TABS, e.g. "lock"); the
        open file's banner, the lock and the backup line follow any change."""
        from dermadesk.gui.settings.dialog import SettingsDialog  # loaded when first needed

        dialog = SettingsDialog(self.practice, self, self.ui_state.data_dir)
        if tab is not None:
            dialog.show_tab(tab)
        dialog.exec()
        switch = dialog.switch_to
        dialog.deleteLater()  # a new one each time: it reads the settings afresh
        if switch is not None and self.switch_practice(switch):
            return
        self.lock_guard.reload()
        self.backup_label.refresh()
        self.today_panel.refresh()  # the rules decide the day's screening column
        if self.client_view.client_id is not None and not self.client_view.has_unsaved_changes():
            self.client_view.show_client(self.client_view.client_id)

    def switch_practice(self, switch: SwitchTo) -> bool:
        """Close, for the window to open again on the practice Settings chose; False when
        the person stayed (unsaved changes, a backup running)."""
        self.switch_to = switch
        if not self.close():
            self.switch_to = None
            return False
        return True

    def run_first_run(self) -> bool:
        """The setup of a new practice (gui/first_run); True when it was finished. The window
        then shows what it set: the clients imported, the lock, the backup line."""
        from dermadesk.gui.first_run import FirstRunWizard  # loaded only for a new practice

        wizard = FirstRunWizard(self.practice, self)
        finished = bool(wizard.exec())
        wizard.deleteLater()
        if finished:
            self.lock_guard.reload()
            self.backup_label.refresh()
            self.client_list.refresh()
            self.today_panel.refresh()
            self.client_view.set_empty_hint(self.practice.clients.count(include_archived=True) > 0)
            imported = f" {wizard.imported} clients imported." if wizard.imported else ""
            self.statusBar().showMessage(f"The practice is set up.{imported}", 15_000)
        return finished

    # --- the lock and backups ---------------------------------------------------------

    def lock(self) -> bool:
        """Hide every client's data until the PIN or passphrase is typed (Ctrl+L); a plain
        practice without a PIN is offered one, as a lock anyone can open keeps nobody out."""
        if self.lock_guard.lock():
            return True
        if prompts.ask_yes_no(
            self,
            "No PIN yet",
            "DermaDesk can lock only once the practice has a PIN; without one, anybody could "
            "unlock it. Set a PIN now?",
        ):
            self.open_settings("lock")
        return False

    def _lend_lock_action(self, _focus: object) -> None:
        dialog = QApplication.activeWindow()
        if (
            isinstance(dialog, QDialog)
            and dialog is not self.lock_guard.box  # the PIN box over a dialog, while locked
            and self.lock_action not in dialog.actions()
            and self._owns(dialog)
        ):
            dialog.addAction(self.lock_action)

    def _owns(self, widget: QWidget) -> bool:
        """True when `widget` is one of this window's own (dialogs included)."""
        parent = widget.parentWidget()
        while parent is not None and parent is not self:
            parent = parent.parentWidget()
        return parent is self

    def print_consent_pack(self) -> None:
        """Print the open client's consent pack; with no file open, say what to do."""
        if self.client_view.client_id is None:
            self.statusBar().showMessage(
                "Open a client's file first (Ctrl+F finds one); its consent pack then prints "
                "with Ctrl+P. The day's packs print from the Today panel.",
                15_000,
            )
            return
        self.client_view.print_consent_pack()

    def back_up_now(self) -> BackgroundTask | None:
        """Write a checked backup where the practitioner chooses, with progress."""
        if self.backup_task is not None and self.backup_task.running:
            return self.backup_task
        self.backup_task = back_up_now(self, self.practice, self._backup_finished)
        return self.backup_task

    def _backup_finished(self, message: str | None) -> None:
        self.backup_label.refresh()
        if message:
            self.statusBar().showMessage(message, 30_000)

    def restore_from_backup(self) -> None:
        """The restore dialog (an encrypted backup asks its passphrase); a restored practice may
        be opened at once in a new window."""
        from dermadesk.gui import restore_dialog  # loaded when first needed

        dialog = restore_dialog.RestoreDialog(
            self.practice.data_dir, self.practice.clock.today(), self
        )
        dialog.open_requested.connect(self.open_restored_practice)
        dialog.exec()

    def open_restored_practice(self, data_dir: Path, key: DataKey | None) -> bool:
        """Open a restored practice in a new window, with the key its restore was unlocked
        with, and close this one; False (said in words) when it could not be opened."""
        from dermadesk.gui import restore_dialog

        why_not = restore_dialog.open_restored(data_dir, key, self.practice.clock)
        if why_not:
            prompts.show_error(
                self,
                "The restored practice did not open",
                f'{why_not} Open it yourself with dermadesk --data-dir "{data_dir}".',
            )
            return False
        QTimer.singleShot(0, self.close)  # after the restore dialog has gone
        return True

    def import_photos(self) -> None:
        """Import pictures into the open client's gallery (its Photos tab comes to the front)."""
        view = self.client_view
        if view.client_id is None:
            self.statusBar().showMessage("Open a client's file first: photos go in their gallery.")
            return
        view.tabs.setCurrentWidget(view.gallery_tab)
        view.gallery_tab.dialogs.import_files()

    def show_audit_trail(self) -> None:
        """The audit trail, on the open client's entries when a file is open."""
        from dermadesk.gui.audit_viewer import AuditViewer  # loaded when first needed

        AuditViewer(self.practice, self.client_view.client_id, self).exec()

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

    def _show_change_made_elsewhere(self, change: Change) -> None:
        """Another computer or program changed the practice: show it (keeping what is typed)."""
        self.today_panel.refresh()
        if change.concerns("client"):
            self.client_list.refresh()
            self._select_in_list(self.client_view.client_id)
        self.client_view.show_change_made_elsewhere(change)

    def show_about(self) -> None:
        """The program's version and the practice's data folder."""
        QMessageBox.about(
            self,
            "About DermaDesk",
            f"<b>DermaDesk {__version__}</b><p>Client records for microneedling practices.</p>"
            f"<p>Data folder: {self.practice.data_dir}</p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing:  # the daily backup is running; it ends the closing
            event.ignore()
            return
        if self.lock_guard.locked and self.client_view.has_unsaved_changes():
            # Asking what to do with the changes would show whose file it is.
            self.lock_guard.say(
                "A client file has changes that are not saved. Unlock DermaDesk to save them "
                "(or let them go) before closing it."
            )
            event.ignore()
            return
        if self.backup_task is not None and self.backup_task.running:
            self.statusBar().showMessage("The backup is still being written; close after it.")
            event.ignore()
            return
        if not self._settle_unsaved_changes():
            event.ignore()
            return
        self.ui_state.save_window(WINDOW_STATE_NAME, self)
        self.ui_state.save_splitter("main", self.splitter)
        self.ui_state.save_splitter("left", self.left_splitter)
        self.ui_state.sync()
        self.live_updates.stop()
        self._closing = True
        self.lock_guard.pause()  # no lock while the last backup is written
        try:
            backup_before_closing(self, self.practice)
        finally:
            self._closing = False
        event.accept()
