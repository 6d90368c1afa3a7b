"""The window's menus and shortcuts, reached as a person reaches them: a click on the menu, the
real key sequence, a modal dialog answered through its buttons."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.settings.dialog import SettingsDialog

# A menu popping up offscreen asks for what that platform cannot do; harmless there.
OFFSCREEN_MENU = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)


def answer_modal(qtbot: QtBot, answer: Callable[[QWidget], None]) -> dict[str, object]:
    """Call `answer` with the modal dialog once one is up (from inside its exec())."""
    seen: dict[str, object] = {}

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, look)
            return
        seen["dialog"] = modal
        seen["type"] = type(modal).__name__
        answer(modal)

    QTimer.singleShot(0, look)
    return seen


def click_button(dialog: QWidget, text: str) -> None:
    """Click the button of `dialog` whose text (without its &) is `text`."""
    for button in dialog.findChildren(QPushButton):
        if button.text().replace("&", "") == text and button.isVisible():
            button.click()
            return
    raise AssertionError(f"no button {text!r} in {dialog.windowTitle()!r}")


def menu_item(window: MainWindow, menu_title: str, item: str) -> tuple[QMenu, QAction]:
    for top in window.menuBar().actions():
        if top.text().replace("&", "") == menu_title:
            menu = top.menu()
            assert isinstance(menu, QMenu)
            for action in menu.actions():
                if action.text().replace("&", "") == item:
                    return menu, action
    raise AssertionError(f"no {menu_title} ▸ {item}")


def click_menu_item(qtbot: QtBot, window: MainWindow, menu_title: str, item: str) -> None:
    """Open the menu from the menu bar and click the item, as a mouse does."""
    menu, action = menu_item(window, menu_title, item)
    bar = window.menuBar()
    top = next(a for a in bar.actions() if a.menu() is menu)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(top).center())
    qtbot.waitUntil(menu.isVisible)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def test_practice_settings_opens_from_the_menu_action(window: MainWindow, qtbot: QtBot) -> None:
    seen = answer_modal(qtbot, lambda dialog: click_button(dialog, "Close"))
    window.settings_action.trigger()
    assert seen["type"] == "SettingsDialog"


@OFFSCREEN_MENU
def test_practice_settings_opens_with_a_click_on_the_file_menu(
    window: MainWindow, qtbot: QtBot
) -> None:
    seen = answer_modal(qtbot, lambda dialog: click_button(dialog, "Close"))
    click_menu_item(qtbot, window, "File", "Practice settings…")
    qtbot.waitUntil(lambda: "dialog" in seen)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert isinstance(seen["dialog"], SettingsDialog)


def test_ctrl_comma_opens_practice_settings(window: MainWindow, qtbot: QtBot) -> None:
    seen = answer_modal(qtbot, lambda dialog: click_button(dialog, "Close"))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert seen.get("type") == "SettingsDialog"
    assert "Ctrl+," in window.settings_action.toolTip()


def test_ctrl_l_locks_while_a_dialog_holds_the_window(window: MainWindow, qtbot: QtBot) -> None:
    window.practice.settings.set_lock_pin("2468")
    window.lock_guard.reload()
    dialog = QDialog(window)
    dialog.setWindowTitle("A dialog in front")
    seen: dict[str, object] = {}

    def press() -> None:
        seen["modal"] = QApplication.activeModalWidget() is dialog
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)  # the keys go there
        qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        seen["locked"] = window.lock_guard.locked
        if window.lock_guard.locked:
            assert window.lock_guard.panel is not None
            qtbot.keyClicks(window.lock_guard.panel.pin_edit, "2468")
            qtbot.keyClick(window.lock_guard.panel.pin_edit, Qt.Key.Key_Return)
        seen["dialog open after"] = dialog.isVisible()
        dialog.reject()

    QTimer.singleShot(0, press)
    dialog.exec()
    assert seen["modal"] and seen["locked"] and seen["dialog open after"]
    assert not window.lock_guard.locked


def test_ctrl_l_locks_from_inside_practice_settings(window: MainWindow, qtbot: QtBot) -> None:
    window.practice.settings.set_lock_pin("2468")
    window.lock_guard.reload()
    seen: dict[str, object] = {}

    def inside(dialog: QWidget) -> None:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        seen["locked"] = window.lock_guard.locked
        seen["title"] = dialog.windowTitle()
        if window.lock_guard.locked:
            assert window.lock_guard.panel is not None
            qtbot.keyClicks(window.lock_guard.panel.pin_edit, "2468")
            qtbot.keyClick(window.lock_guard.panel.pin_edit, Qt.Key.Key_Return)
        click_button(dialog, "Close")

    answer_modal(qtbot, inside)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert seen["locked"] is True and seen["title"] == "DermaDesk is locked"
    assert not window.lock_guard.locked


def test_locking_and_unlocking_show_in_the_audit_trail(window: MainWindow, qtbot: QtBot) -> None:
    window.practice.settings.set_lock_pin("2468")
    window.lock_guard.reload()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.lock_guard.locked
    panel = window.lock_guard.panel
    assert panel is not None
    qtbot.keyClicks(panel.pin_edit, "1111")
    qtbot.keyClick(panel.pin_edit, Qt.Key.Key_Return)
    window.lock_guard.clock = lambda: 10**9  # no wait before the next try (a wrong one waits)
    qtbot.keyClicks(panel.pin_edit, "2468")
    qtbot.keyClick(panel.pin_edit, Qt.Key.Key_Return)
    assert not window.lock_guard.locked
    shown: list[tuple[str, str]] = []

    def read_trail(dialog: QWidget) -> None:
        model = dialog.model  # type: ignore[attr-defined]
        for row in range(min(3, model.rowCount())):
            what = model.index(row, 2).data()
            detail = model.index(row, 5).data()
            shown.append((what, detail))
        click_button(dialog, "Close")

    answer_modal(qtbot, read_trail)
    window.audit_action.trigger()
    assert shown[:3] == [
        ("DermaDesk unlocked", "after 1 wrong try"),
        ("DermaDesk locked", "on demand"),
        ("PIN set", ""),
    ]
