"""A change made by another program on the same practice (the command line beside the window,
here a second Practice on the same folder) shows in the window within 2 s, nothing clicked;
what the user is typing is never reloaded under them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from dermadesk.core.audit import Audit
from dermadesk.core.client_details import ClientDetails
from dermadesk.core.clients import Clients
from dermadesk.core.clock import Clock
from dermadesk.core.live_changes import Change, LiveChanges
from dermadesk.core.practice import Practice
from dermadesk.gui.live_updates import DEBOUNCE_MS, LiveUpdates
from dermadesk.gui.main_window import MainWindow
from tests.core.test_live_changes import _server_store
from tests.gui.modal import dialog_text
from tests.gui.paths import answering, click, is_titled
from tests.helpers import details, open_practice
from tests.postgres_server import ServerDatabase

WITHIN_MS = 2000


@pytest.fixture
def beside(window: MainWindow, clock: Clock) -> Iterator[Practice]:
    """The same practice opened by a second program, as the command line opens it."""
    other = open_practice(window.practice.data_dir, clock)
    assert window.practice.live.ready.wait(2)  # the window is listening
    yield other
    other.close()


def click_client(window: MainWindow, qtbot: QtBot, row: int) -> int:
    """Open the file on `row` of the client list with a click, as a person does."""
    table = window.client_list.table
    index = window.client_list.model.index(row, 1)
    table.scrollTo(index)
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
    )
    client_id = window.client_view.client_id
    assert client_id == window.client_list.model.client_id(row)
    return client_id


def renamed(practice: Practice, client_id: int, last_name: str) -> None:
    details = ClientDetails.of(practice.clients.get(client_id))
    practice.clients.update(client_id, dataclasses.replace(details, last_name=last_name))


def test_a_session_booked_elsewhere_shows_in_today_s_list(
    window: MainWindow, beside: Practice, qtbot: QtBot, clock: Clock
) -> None:
    panel = window.today_panel
    qtbot.waitUntil(lambda: panel.tabs.tabText(0).startswith("Today ("))
    before = panel.today.topLevelItemCount()
    client_id = window.client_list.model.client_id(4)
    assert client_id is not None
    beside.sessions.book(client_id, datetime.combine(clock.today(), time(20, 40)))
    qtbot.waitUntil(lambda: panel.today.topLevelItemCount() == before + 1, timeout=WITHIN_MS)
    assert panel.tabs.tabText(0) == f"Today ({before + 1})"


def test_the_open_file_follows_a_change_made_elsewhere(
    window: MainWindow, beside: Practice, qtbot: QtBot
) -> None:
    client_id = click_client(window, qtbot, 2)
    renamed(beside, client_id, "Changedelsewhere")
    header = window.client_view.header
    qtbot.waitUntil(lambda: "Changedelsewhere" in header.name_label.text(), timeout=WITHIN_MS)
    form = window.client_view.form
    assert form.ui.lastNameEdit.text() == "Changedelsewhere"
    assert not window.client_view.elsewhere_bar.isVisible()


def test_what_is_typed_stays_and_a_calm_note_offers_to_reload(
    window: MainWindow, beside: Practice, qtbot: QtBot, real_questions: None
) -> None:
    client_id = click_client(window, qtbot, 3)
    form = window.client_view.form
    qtbot.keyClicks(form.ui.phoneEdit, "9")
    typed = form.ui.phoneEdit.text()
    renamed(beside, client_id, "Changedelsewhere")
    bar = window.client_view.elsewhere_bar
    qtbot.waitUntil(bar.isVisible, timeout=WITHIN_MS)
    assert form.ui.phoneEdit.text() == typed  # nothing reloaded under the typing
    assert form.ui.lastNameEdit.text() != "Changedelsewhere"

    asked: list[str] = []

    def answer(box: QWidget, button: str) -> None:
        asked.append(dialog_text(box))
        click(box, button)

    with answering((is_titled("Reload this file"), lambda box: answer(box, "&No"))):
        qtbot.mouseClick(bar.reload_button, Qt.MouseButton.LeftButton)
    assert "What you typed here will be lost" in asked[0]  # asked first
    assert form.ui.phoneEdit.text() == typed and bar.isVisible()

    with answering((is_titled("Reload this file"), lambda box: answer(box, "&Yes"))):
        qtbot.mouseClick(bar.reload_button, Qt.MouseButton.LeftButton)
    assert form.ui.lastNameEdit.text() == "Changedelsewhere"
    assert not bar.isVisible()
    assert not form.is_dirty


def test_the_window_s_own_save_is_not_news_to_it(
    window: MainWindow, beside: Practice, qtbot: QtBot
) -> None:
    changes: list[object] = []
    window.live_updates.changed.connect(changes.append)
    click_client(window, qtbot, 5)
    form = window.client_view.form
    qtbot.keyClicks(form.ui.phoneEdit, "9")
    qtbot.mouseClick(form.ui.saveButton, Qt.MouseButton.LeftButton)
    qtbot.wait(800)  # three polls and the debounce
    assert changes == []


def test_records_changed_elsewhere_show_beside_the_typing_without_a_note(
    window: MainWindow, beside: Practice, qtbot: QtBot, clock: Clock
) -> None:
    client_id = click_client(window, qtbot, 6)
    form = window.client_view.form
    qtbot.keyClicks(form.ui.phoneEdit, "9")
    typed = form.ui.phoneEdit.text()
    sessions = window.client_view.sessions_tab.sessions
    before = sessions.topLevelItemCount()
    beside.sessions.book(client_id, datetime.combine(clock.today(), time(20, 40)))
    qtbot.waitUntil(lambda: sessions.topLevelItemCount() == before + 1, timeout=WITHIN_MS)
    assert form.ui.phoneEdit.text() == typed and form.is_dirty
    assert not window.client_view.elsewhere_bar.isVisible()  # the details did not change


def test_several_changes_together_refresh_once(
    server_database: ServerDatabase, qtbot: QtBot, clock: Clock, tmp_path: Path
) -> None:
    """On a practice server every transaction sends its own note: three saves in a row at
    another computer reach the window as one change naming all three clients."""
    here = _server_store(server_database.owner_url, clock, tmp_path / "here")
    there = _server_store(server_database.owner_url, clock, tmp_path / "there")
    LiveChanges(there)
    feed = LiveChanges(here)
    updates = LiveUpdates(feed)
    received: list[Change] = []
    updates.changed.connect(received.append)
    try:
        assert feed.ready.wait(2)
        clients = Clients(there, Audit(there))
        made = {clients.create(details(name, "Nowak")) for name in ("Ada", "Ewa", "Iga")}
        qtbot.waitUntil(lambda: len(received) == 1, timeout=WITHIN_MS)
        qtbot.wait(DEBOUNCE_MS * 2)
        assert len(received) == 1
        assert received[0].client_ids == frozenset(made) and received[0].elsewhere
    finally:
        updates.stop()
        here.dispose()
        there.dispose()


def test_the_session_picked_stays_picked(
    window: MainWindow, beside: Practice, qtbot: QtBot, clock: Clock
) -> None:
    client_id = click_client(window, qtbot, 7)
    window.client_view.tabs.setCurrentWidget(window.client_view.sessions_tab)
    sessions = window.client_view.sessions_tab.sessions
    count = sessions.topLevelItemCount()
    tomorrow = clock.today() + timedelta(days=1)
    picked = beside.sessions.book(client_id, datetime.combine(tomorrow, time(9, 0)))
    qtbot.waitUntil(lambda: sessions.topLevelItemCount() == count + 1, timeout=WITHIN_MS)
    row = next(
        sessions.topLevelItem(r)
        for r in range(count + 1)
        if sessions.topLevelItem(r).data(0, Qt.ItemDataRole.UserRole) == picked  # type: ignore[union-attr]
    )
    assert row is not None
    qtbot.mouseClick(
        sessions.viewport(), Qt.MouseButton.LeftButton, pos=sessions.visualItemRect(row).center()
    )
    assert window.client_view.sessions_tab.selected_session() == picked

    later = clock.today() + timedelta(days=60)  # the newest: picked first when a file opens
    beside.sessions.book(client_id, datetime.combine(later, time(20, 40)))
    qtbot.waitUntil(lambda: sessions.topLevelItemCount() == count + 2, timeout=WITHIN_MS)
    assert window.client_view.sessions_tab.selected_session() == picked
