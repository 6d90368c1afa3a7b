"""A name typed with characters nobody can see is refused in words in the client form, and a
name kept before that rule shows its hidden characters written out, never flipping its row."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dermadesk.core.practice import Practice
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.ui_state import UiState
from tests.gui.conftest import type_text
from tests.helpers import connect_db, details


def test_a_name_with_a_hidden_override_or_only_zero_width_spaces_is_refused(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.client_view.form
    type_text(form.ui.firstNameEdit, "Anna\u202egpj.exe")  # the keyboard sends U+202E
    type_text(form.ui.lastNameEdit, "\u200b\u200b\u200b")
    qtbot.keyClicks(form.ui.dateOfBirthEdit, form.dates.show(date(1990, 2, 28)))
    assert form.ui.firstNameEdit.text() == "Anna\u202egpj.exe"  # typed as a person would
    qtbot.mouseClick(form.ui.saveButton, Qt.MouseButton.LeftButton)

    shown = form.ui.problemsLabel.text()
    assert form.ui.problemsLabel.isVisibleTo(window)
    assert (
        "The first name holds a character that cannot be seen or printed "
        "(U+202E, right-to-left override); type it again without it." in shown
    )
    assert "The last name holds only characters that cannot be seen; type it in letters." in shown
    assert form.ui.firstNameEdit.styleSheet() and form.ui.lastNameEdit.styleSheet()
    assert demo_practice.clients.count() == 300  # nothing saved

    form.ui.firstNameEdit.clear()
    form.ui.lastNameEdit.clear()
    type_text(form.ui.firstNameEdit, "علی\u200cرضا")  # a joiner inside a Persian name is fine
    type_text(form.ui.lastNameEdit, "Ahmadi")
    qtbot.mouseClick(form.ui.saveButton, Qt.MouseButton.LeftButton)
    assert not form.ui.problemsLabel.isVisibleTo(window)
    assert demo_practice.clients.count() == 301


def test_a_name_kept_before_the_rule_shows_its_override_written_out(
    demo_practice: Practice, qtbot: QtBot
) -> None:
    client_id = demo_practice.clients.create(details("Aaron", "Aardvark"))
    with connect_db(demo_practice.data_dir) as raw:
        raw.execute("UPDATE client SET first_name = ? WHERE id = ?", ("Aaron\u202e", client_id))
    window = MainWindow(demo_practice, UiState(demo_practice.data_dir))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    panel = window.client_list
    qtbot.keyClicks(panel.search_edit, "aardvark")
    assert panel.model.rowCount() == 1 and panel.model.client_id(0) == client_id
    assert panel.model.index(0, panel.model.NAME).data() == "Aardvark, Aaron\\u202e"
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Down)  # opens the file, as a person does
    assert window.client_view.client_id == client_id
    assert window.client_view.header.name_label.text() == "Aaron\\u202e Aardvark"
