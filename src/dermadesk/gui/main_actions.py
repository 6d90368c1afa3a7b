"""The main window's actions with their keys, and the toolbar and menus that offer them.

The actions stay attributes of the window (window.new_client_action, …): the lock
switches them off, and dialogs in front borrow the window's Lock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:
    from dermadesk.gui.main_window import MainWindow


def when_triggered(action: QAction, slot: Callable[[], object]) -> None:
    """Run `slot` with no arguments when `action` is triggered.

    triggered(bool checked) would hand `checked` to a slot with an optional
    first parameter (open_settings once took False for a tab's name).
    """
    action.triggered.connect(lambda _checked=False: slot())


def add_actions(window: MainWindow) -> None:
    """Give `window` its actions, then the toolbar and the menus that offer them."""
    _add_client_actions(window)
    _add_practice_actions(window)
    _add_toolbar(window)
    _add_menus(window)


def _keyed(
    window: MainWindow,
    text: str,
    shortcut: QKeySequence | QKeySequence.StandardKey | str,
    slot: Callable[[], object],
    tip: str,
) -> QAction:
    """An action with a key, which its tooltip names."""
    made = QAction(text, window)
    made.setShortcut(QKeySequence(shortcut))
    made.setStatusTip(tip)
    made.setToolTip(f"{tip} ({made.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
    when_triggered(made, slot)
    return made


def _plain(window: MainWindow, text: str, slot: Callable[[], object], tip: str = "") -> QAction:
    """An action without a key (reached from the menus and the toolbar only)."""
    made = QAction(text, window)
    if tip:
        made.setStatusTip(tip)
    when_triggered(made, slot)
    return made


def _add_client_actions(window: MainWindow) -> None:
    """What is done with clients' files: open, find, save, print, import photos."""
    keys = QKeySequence.StandardKey
    window.new_client_action = _keyed(
        window, "&New client", keys.New, window.new_client, "Open a new client file"
    )
    window.find_action = _keyed(
        window, "&Find client", keys.Find, window.client_list.focus_search,
        "Type part of a name, phone or email",
    )  # fmt: skip
    window.save_action = _keyed(
        window, "&Save", keys.Save, window.client_view.save, "Save the open file"
    )
    window.print_action = _keyed(
        window, "&Print consent pack…", keys.Print, window.print_consent_pack,
        "Print the open client's consent forms, pre-filled for signing",
    )  # fmt: skip
    window.print_day_action = _plain(
        window, "Print the &day's consent packs…", window.today_panel.print_day_packs,
        "Every planned client of today, in time order, with their consent forms",
    )  # fmt: skip
    window.print_day_action.setIconText("Print day's packs")  # the toolbar's shorter name
    window.import_photos_action = _plain(
        window, "&Import photos…", window.import_photos,
        "Add pictures to the open client's gallery",
    )  # fmt: skip
    window.audit_action = _plain(
        window, "Audit &trail…", window.show_audit_trail,
        "Who did what and when: the open client's entries, or everyone's",
    )  # fmt: skip


def _add_practice_actions(window: MainWindow) -> None:
    """What concerns the whole practice: settings, the lock, backups, quitting."""
    window.settings_action = _keyed(
        window, "Practice &settings…", "Ctrl+,", window.open_settings,
        "The practice's details, screening rules, consent forms, lock, backups and server",
    )  # fmt: skip
    # Ctrl+, everywhere, and the platform's own key as well where it has one (macOS: Cmd+,).
    preferences = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
    window.settings_action.setShortcuts(
        [QKeySequence("Ctrl+,"), *(key for key in preferences if key != QKeySequence("Ctrl+,"))]
    )
    window.lock_action = _keyed(
        window, "&Lock", "Ctrl+L", window.lock,
        "Hide every client's data until the practice PIN is typed",
    )  # fmt: skip
    # Ctrl+L locks from a dialog in front too (a session being edited): Qt gives a window's
    # shortcuts no keys while a modal dialog holds it, so each dialog gets the action
    # (MainWindow._lend_lock_action), and it works in any window of the application.
    window.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    window.backup_action = _plain(
        window, "&Back up now…", window.back_up_now,
        "Write a checked backup of the database and photos to a file you choose",
    )  # fmt: skip
    window.restore_action = _plain(
        window, "&Restore from a backup…", window.restore_from_backup,
        "Restore a backup into an empty folder and open it; this practice is not touched",
    )  # fmt: skip
    window.move_action = _plain(
        window, "&Move to a practice server…", lambda: _move(window),
        "Copy this practice to an empty practice server database, checked, so that several "
        "computers can use it; this folder is kept, read-only",
    )  # fmt: skip
    from dermadesk.core.moved_practice import moving  # a move cut short is run again

    unmoved = not window.practice.moved or moving(window.practice.data_dir)
    window.move_action.setEnabled(unmoved and window.practice.store.is_sqlite)
    window.about_action = _plain(window, "&About DermaDesk", window.show_about)
    window.quit_action = _keyed(
        window, "&Quit", QKeySequence.StandardKey.Quit, window.close, "Close DermaDesk"
    )


def _move(window: MainWindow) -> None:
    from dermadesk.gui.server_move import move_practice  # loaded when first used

    window.move_task = move_practice(window)


def _add_toolbar(window: MainWindow) -> None:
    """The everyday actions as buttons, the lock at the far end away from them."""
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.addActions(
        [
            window.new_client_action,
            window.find_action,
            window.save_action,
            window.print_action,
            window.print_day_action,
            window.import_photos_action,
        ]
    )
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    toolbar.addAction(window.lock_action)


def _add_menus(window: MainWindow) -> None:
    """File (the practice), Client (the open file) and Help."""
    file_menu = window.menuBar().addMenu("&File")
    file_menu.addActions([window.backup_action, window.restore_action, window.move_action])
    file_menu.addSeparator()
    file_menu.addActions([window.lock_action, window.settings_action])
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    client_menu = window.menuBar().addMenu("&Client")
    client_menu.addActions(
        [
            window.new_client_action,
            window.find_action,
            window.save_action,
            window.print_action,
            window.print_day_action,
            window.import_photos_action,
        ]
    )
    client_menu.addSeparator()
    client_menu.addAction(window.audit_action)
    help_menu = window.menuBar().addMenu("&Help")
    help_menu.addAction(window.about_action)
