"""The client list: a lazy model, and a list that narrows as the receptionist types."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dermadesk.core.practice import Practice
from dermadesk.core.search import query_words, search_terms
from dermadesk.gui.client_list import ClientListPanel
from dermadesk.gui.client_list_model import ClientListModel
from dermadesk.gui.main_window import MainWindow


def shown_names(model: ClientListModel) -> list[str]:
    return [model.index(row, ClientListModel.NAME).data() for row in range(model.rowCount())]


def test_model_passes_qt_model_checks(demo_practice: Practice, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ClientListModel(demo_practice.clients)
    model.refresh()
    qtmodeltester.check(model)
    model.set_search("an")
    qtmodeltester.check(model)


def test_model_fetches_rows_a_page_at_a_time(demo_practice: Practice) -> None:
    model = ClientListModel(demo_practice.clients)
    model.refresh()
    assert model.rowCount() == 300
    assert model._pages == {}  # nothing fetched until a row is asked for
    last = model.index(299, ClientListModel.NAME).data()
    assert list(model._pages) == [2]
    client = demo_practice.clients.get(model.client_id(299))  # type: ignore[arg-type]
    assert last == f"{client.last_name}, {client.first_name}"
    assert model.index(299, 0).data(ClientListModel.CLIENT_ID_ROLE) == client.id


def test_list_narrows_as_you_type_and_widens_as_you_delete(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    panel = window.client_list
    model = panel.model
    assert model.rowCount() == 300
    assert panel.count_label.text() == "300 clients"
    someone = demo_practice.clients.get(model.client_id(150))  # type: ignore[arg-type]
    counts = []
    for letter in someone.last_name[:3]:
        qtbot.keyClicks(panel.search_edit, letter)
        counts.append(model.rowCount())
    assert counts == sorted(counts, reverse=True) and counts[-1] < 300
    assert someone.id in [model.client_id(row) for row in range(model.rowCount())]
    typed = panel.search_edit.text()
    for row in range(model.rowCount()):
        summary = demo_practice.clients.summaries([model.client_id(row)])  # type: ignore[list-item]
        (s,) = summary.values()
        words = search_terms(s.first_name, s.last_name, s.phone, s.email).split()
        assert any(w.startswith(query_words(typed)[0]) for w in words)
    assert panel.count_label.text().endswith("found")

    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Backspace)
    assert model.rowCount() >= counts[-1]
    panel.search_edit.clear()
    assert model.rowCount() == 300


def test_a_search_that_finds_nobody_says_so(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClicks(window.client_list.search_edit, "qqqzzz")
    assert window.client_list.model.rowCount() == 0
    assert window.client_list.count_label.text() == "No client found for “qqqzzz”"


def test_a_number_is_found_from_its_third_digit_and_the_list_says_so(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    from dermadesk.core.search import phone_forms

    anyone = demo_practice.clients.summaries(demo_practice.clients.search_ids("")[:1])
    phone = next(iter(anyone.values())).phone
    national = phone_forms(phone)[-1]  # however the number is stored: typed without spaces
    search = window.client_list.search_edit
    qtbot.keyClicks(search, national[:2])
    assert window.client_list.model.rowCount() == 0
    assert window.client_list.count_label.text() == "Type a third digit to find a number"
    qtbot.keyClicks(search, national[2:])
    assert window.client_list.model.rowCount() >= 1
    assert window.client_list.count_label.text().endswith("found")


def test_a_birth_date_typed_in_the_computers_order_finds_the_client(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    from datetime import date

    from tests.helpers import details

    born = date(1985, 3, 27)
    client = demo_practice.clients.create(details("Zsófia", "Tóth", date_of_birth=born))
    from dermadesk.gui.dates import DateFormat

    typed = DateFormat().show(born)  # as the computer writes dates, and the box shows
    assert typed in window.client_list.search_edit.placeholderText()
    qtbot.keyClicks(window.client_list.search_edit, typed)
    ids = [
        window.client_list.model.client_id(r) for r in range(window.client_list.model.rowCount())
    ]
    assert client in ids


def test_down_arrow_moves_from_search_to_first_match(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    panel = window.client_list
    qtbot.keyClicks(panel.search_edit, "a")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Down)
    first = panel.model.client_id(0)
    assert panel.selected_id() == first
    assert window.client_view.client_id == first
    assert window.client_view.header.name_label.text() == "{0.first_name} {0.last_name}".format(
        demo_practice.clients.get(first)  # type: ignore[arg-type]
    )


def test_search_box_has_focus_at_start_and_ctrl_f_returns_to_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.client_list.search_edit)
    window.client_list.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.client_list.search_edit


def test_archived_clients_show_only_when_asked(demo_practice: Practice, qtbot: QtBot) -> None:
    panel = ClientListPanel(demo_practice.clients)
    qtbot.addWidget(panel)
    hidden = panel.model.client_id(0)
    assert hidden is not None
    demo_practice.clients.archive(hidden)
    panel.refresh()
    assert panel.model.rowCount() == 299 and panel.model.row_of(hidden) is None
    panel.archived_check.setChecked(True)
    assert panel.model.rowCount() == 300
    row = panel.model.row_of(hidden)
    assert row is not None
    assert panel.model.index(row, 0).data().endswith("(archived)")


def test_tab_leaves_the_list_and_arrows_move_within_it(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.client_list
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.search_edit)
    opened = []
    panel.client_selected.connect(opened.append)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.table
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    assert panel.table.currentIndex().row() == 2  # arrows move row by row
    assert window.client_view.client_id == panel.model.client_id(2)
    qtbot.keyClick(panel.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not panel.table  # out of the list, to the next part
    assert not panel.table.isAncestorOf(QApplication.focusWidget())
    assert window.client_view.client_id == panel.model.client_id(2)  # Tab opened nobody
    assert len(opened) <= 3
