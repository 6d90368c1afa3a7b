"""The window opens the way it was left: size and the split between list and file."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from dermadesk.core.practice import Practice
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.ui_state import STATE_FILE, UiState
from tests.helpers import details


def test_geometry_and_splitter_are_remembered(practice: Practice, qtbot: QtBot) -> None:
    first = MainWindow(practice, UiState(practice.data_dir))
    qtbot.addWidget(first)
    first.show()
    first.resize(731, 517)  # inside the offscreen platform's 800 x 800 screen
    first.splitter.setSizes([250, 465])
    sizes = first.splitter.sizes()
    first.close()
    assert (practice.data_dir / STATE_FILE).exists()

    second = MainWindow(practice, UiState(practice.data_dir))
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (731, 517)
    assert second.splitter.sizes() == sizes


def test_a_new_practice_says_how_to_begin(practice: Practice, qtbot: QtBot) -> None:
    window = MainWindow(practice, UiState(practice.data_dir))
    qtbot.addWidget(window)
    assert "No clients yet" in window.client_view.empty_label.text()
    assert window.client_list.count_label.text() == "0 clients"


def test_a_practice_whose_clients_are_all_archived_is_not_called_new(
    practice: Practice, qtbot: QtBot
) -> None:
    practice.clients.archive(practice.clients.create(details()))

    window = MainWindow(practice, UiState(practice.data_dir))
    qtbot.addWidget(window)

    assert window.client_list.count_label.text() == "0 clients"  # archived ones are not listed
    assert "Pick a client from the list" in window.client_view.empty_label.text()
