"""Every dialog opens within the screen it opens on: the session editor once opened at
1180×860 and hid its own buttons on a 1024×700 treatment-room screen. (The offscreen
platform's screen is 800×800, smaller still.)"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from dermadesk.core.client_details import ClientDetails
from dermadesk.core.practice import Practice
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.session_editor import SessionEditor
from dermadesk.gui.settings.dialog import SettingsDialog
from tests.gui.paths import answering, click, open_client, press

SMALL_SCREEN_ROOM = (1024, 700 - 30)  # a 1024×700 screen less a title bar


def within_the_screen(dialog: QWidget) -> None:
    """No larger than the screen, unless its own minimum says so; and that minimum fits the
    small screen of a treatment room."""
    room = QGuiApplication.primaryScreen().availableGeometry()
    least = dialog.minimumSizeHint()
    assert dialog.width() <= max(room.width(), least.width()), (
        f"{type(dialog).__name__} opened {dialog.width()} px wide on a {room.width()} px screen"
    )
    assert dialog.height() <= max(room.height(), least.height()), (
        f"{type(dialog).__name__} opened {dialog.height()} px high on a {room.height()} px screen"
    )
    fits = least.width() <= SMALL_SCREEN_ROOM[0] and least.height() <= SMALL_SCREEN_ROOM[1]
    assert fits, f"{type(dialog).__name__} needs at least {least.width()}×{least.height()}"


def test_the_session_editor_and_the_settings_open_within_the_screen(
    lived_in_window: MainWindow, lived_in_practice: Practice
) -> None:
    window = lived_in_window
    seen: list[str] = []

    def editor(dialog: QWidget) -> None:
        assert isinstance(dialog, SessionEditor)
        within_the_screen(dialog)
        seen.append("editor")
        click(dialog, "Close")

    # A file with a long list of findings: the editor's alerts must not push its buttons off.
    (client_id,) = lived_in_practice.clients.search_ids("")[:1]
    client = lived_in_practice.clients.get(client_id)
    details = ClientDetails.of(client)
    lived_in_practice.clients.update(
        client_id,
        replace(
            details,
            allergies="Lidocaine (numbing cream): rash; latex; penicillin; nickel; fragrance",
            medications="Warfarin 3 mg, methotrexate weekly, Roaccutane 20 mg",
        ),
    )
    for wording in ("A pacemaker or any other implanted electronic device under the skin",
                    "Gold threads in the face in the last two years"):  # fmt: skip
        lived_in_practice.custom_questions.add("yes_no", wording)
    open_client(window, client.first_name)
    bar = window.client_view.tabs.tabBar()
    sessions = window.client_view.tabs.indexOf(window.client_view.sessions_tab)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(sessions).center())
    with answering((SessionEditor, editor)):
        click(window.client_view.sessions_tab, "Treat now")

    def settings(dialog: QWidget) -> None:
        within_the_screen(dialog)
        seen.append("settings")
        click(dialog, "Close")

    with answering((SettingsDialog, settings)):
        press(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["editor", "settings"]
