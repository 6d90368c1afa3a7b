"""Alt+letter keys: no two things on screen at once answer to the same letter."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar, QWidget
from pytestqt.qtbot import QtBot

from dermadesk.core.practice import Practice
from dermadesk.gui.main_window import MainWindow


def mnemonic(text: str) -> str | None:
    """The Alt+letter a label with an & answers to, as Qt reads it."""
    key = QKeySequence.mnemonic(text)
    return None if key.isEmpty() else key.toString()


def visible_mnemonics(window: MainWindow) -> dict[str, list[str]]:
    """Every Alt key the window answers to now, with what it reaches."""
    found: dict[str, list[str]] = defaultdict(list)
    for action in window.menuBar().actions():
        if action.isVisible() and (key := mnemonic(action.text())):
            found[key].append(f"menu {action.text()}")
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        texts: list[str] = []
        buddied = isinstance(widget, QLabel) and widget.buddy() is not None
        if isinstance(widget, QAbstractButton) or buddied:
            texts = [widget.text()]  # type: ignore[union-attr]
        elif isinstance(widget, QGroupBox):
            texts = [widget.title()]
        elif isinstance(widget, QTabBar):
            texts = [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
        for text in texts:
            if key := mnemonic(text):
                found[key].append(f"{type(widget).__name__} {text}")
    return found


def clashes(window: MainWindow) -> dict[str, list[str]]:
    return {key: what for key, what in visible_mnemonics(window).items() if len(what) > 1}


def walk_tabs(window: MainWindow, qtbot: QtBot) -> dict[str, dict[str, list[str]]]:
    """The clashes on each tab of the open file, each tab opened by a click."""
    tabs = window.client_view.tabs
    bar = tabs.tabBar()
    seen = {}
    for index in range(tabs.count()):
        if not tabs.isTabEnabled(index):
            continue
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
        assert tabs.currentIndex() == index
        seen[tabs.tabText(index)] = clashes(window)
    return seen


def test_no_two_alt_keys_clash_anywhere_in_the_window(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    assert clashes(window) == {}  # nothing open yet
    client_id = window.client_list.model.client_id(3)
    assert client_id is not None
    window.client_list.select(client_id)
    seen = walk_tabs(window, qtbot)
    assert len(seen) == 4
    assert all(found == {} for found in seen.values()), seen
    keys = visible_mnemonics(window)
    assert "Alt+C" in keys and "Alt+N" in keys and "Alt+A" not in keys  # the menu, the tab

    qtbot.mouseClick(window.client_view.header.archive_button, Qt.MouseButton.LeftButton)
    assert window.client_view.header.archive_button.text() == "&Restore client"
    assert all(found == {} for found in walk_tabs(window, qtbot).values())

    window.new_client()
    assert walk_tabs(window, qtbot) == {"&Details": {}}
