"""The client file: creating, editing and validating through the real form."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.prompts import UnsavedChoice
from tests.gui.conftest import PromptRecorder, type_text
from tests.helpers import TEST_NOW


def typed_date(window: MainWindow, value: date) -> str:
    return window.client_view.form.dates.show(value)


def test_a_new_client_is_created_through_the_form(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.client_view.form
    assert window.client_view.header.name_label.text() == "New client"
    assert form.ui.firstNameEdit.hasFocus() or not window.isActiveWindow()
    assert not form.ui.saveButton.isEnabled()

    type_text(form.ui.firstNameEdit, "Zoë")
    type_text(form.ui.lastNameEdit, "O'Brien-Łukasik")
    qtbot.keyClicks(form.ui.dateOfBirthEdit, typed_date(window, date(1990, 2, 28)))
    qtbot.keyClicks(form.ui.phoneEdit, "+44 7700 900123")
    qtbot.keyClicks(form.ui.emailEdit, "zoe@example.com")
    form.ui.skinTypeCombo.setCurrentIndex(form.ui.skinTypeCombo.findData(3))
    qtbot.keyClicks(form.ui.allergiesEdit, "Lidocaine")
    form.condition_checks["keloid_tendency"].click()
    assert form.ui.saveButton.isEnabled()
    qtbot.mouseClick(form.ui.saveButton, Qt.MouseButton.LeftButton)

    (created,) = demo_practice.clients.search_ids("zoe obrien")
    client = demo_practice.clients.get(created)
    assert (client.first_name, client.last_name) == ("Zoë", "O'Brien-Łukasik")
    assert client.date_of_birth == date(1990, 2, 28)
    assert client.skin_type == 3 and client.allergies == "Lidocaine"
    assert demo_practice.clients.latest_screening(created) == ScreeningAnswers(
        answered_on=TEST_NOW.date(), keloid_tendency=True
    )
    # The new file stays open, saved, and is picked in the list.
    assert window.client_view.client_id == created
    assert window.client_list.selected_id() == created
    assert window.client_view.header.name_label.text() == "Zoë O'Brien-Łukasik"
    assert form.ui.savedLabel.text().startswith("Saved at")
    assert not form.ui.saveButton.isEnabled()
    assert demo_practice.clients.count() == 301


def test_problems_are_shown_in_words_and_nothing_is_saved(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    window.new_client()
    form = window.client_view.form
    qtbot.keyClicks(form.ui.firstNameEdit, "Anna")
    qtbot.keyClicks(
        form.ui.dateOfBirthEdit, "31/02/1990" if form.dates.order == "DMY" else "02/31/1990"
    )
    qtbot.keyClicks(form.ui.emailEdit, "anna@")
    qtbot.mouseClick(form.ui.saveButton, Qt.MouseButton.LeftButton)

    assert form.ui.problemsLabel.isVisibleTo(window)
    shown = form.ui.problemsLabel.text()
    assert "Last name is required." in shown
    assert "is not a real date." in shown
    assert "“anna@” is not an email address" in shown
    assert form.ui.lastNameEdit.styleSheet() and form.ui.emailEdit.styleSheet()
    assert not form.ui.firstNameEdit.styleSheet()
    assert demo_practice.clients.count() == 300
    assert window.client_view.client_id is None  # still the unsaved new file

    form.ui.dateOfBirthEdit.clear()
    qtbot.keyClicks(form.ui.dateOfBirthEdit, typed_date(window, date(2090, 1, 1)))
    qtbot.mouseClick(form.ui.saveButton, Qt.MouseButton.LeftButton)
    assert "is in the future" in form.ui.problemsLabel.text()

    form.ui.dateOfBirthEdit.clear()
    qtbot.keyClicks(form.ui.dateOfBirthEdit, typed_date(window, date(1990, 2, 1)))
    qtbot.keyClicks(form.ui.lastNameEdit, "Nowakowska")
    form.ui.emailEdit.clear()
    qtbot.keyClicks(form.ui.emailEdit, "anna@example.com")
    qtbot.mouseClick(form.ui.saveButton, Qt.MouseButton.LeftButton)
    assert not form.ui.problemsLabel.isVisibleTo(window)
    assert not form.ui.emailEdit.styleSheet()
    assert demo_practice.clients.count() == 301


def test_editing_answers_adds_a_dated_entry_and_keeps_history(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    earlier = ScreeningAnswers(answered_on=date(2025, 3, 1), active_acne=True)
    from tests.helpers import details

    client_id = demo_practice.clients.create(details("Ewa", "Zielińska"), earlier)
    window.client_list.refresh()
    assert window.client_list.select(client_id)
    form = window.client_view.form
    assert form.condition_checks["active_acne"].isChecked()
    assert "1 Mar 2025" in form.ui.screeningDateLabel.text()

    form.condition_checks["active_acne"].click()
    form.condition_checks["herpes_outbreak"].click()
    qtbot.keyClicks(form.ui.medicationsEdit, "Aciclovir")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    history = demo_practice.clients.screening_history(client_id)
    assert history == [
        ScreeningAnswers(answered_on=TEST_NOW.date(), herpes_outbreak=True),
        earlier,
    ]
    assert demo_practice.clients.get(client_id).medications == "Aciclovir"


def test_editing_details_alone_adds_no_screening_entry(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    client_id = window.client_list.model.client_id(5)
    assert client_id is not None
    window.client_list.select(client_id)
    before = demo_practice.clients.screening_history(client_id)
    concerns = window.client_view.form.ui.concernsEdit
    qtbot.keyClick(concerns, Qt.Key.Key_End)  # a long text shows its start: go to its end
    qtbot.keyClicks(concerns, ", rosacea")
    assert window.client_view.save()
    assert demo_practice.clients.screening_history(client_id) == before
    assert demo_practice.clients.get(client_id).concerns.endswith(", rosacea")


def test_moving_away_from_unsaved_changes_asks_first(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice, prompts: PromptRecorder
) -> None:
    first, second = window.client_list.model.client_id(0), window.client_list.model.client_id(1)
    assert first is not None and second is not None
    window.client_list.select(first)
    qtbot.keyClicks(window.client_view.form.ui.phoneEdit, "9")

    prompts.unsaved_answer = UnsavedChoice.CANCEL
    window.client_list.select(second)
    assert window.client_view.client_id == first  # stayed, with the typing intact
    assert window.client_list.selected_id() == first
    assert window.client_view.form.ui.phoneEdit.text().endswith("9")

    prompts.unsaved_answer = UnsavedChoice.SAVE
    window.client_list.select(second)
    assert window.client_view.client_id == second
    assert demo_practice.clients.get(first).phone.endswith("9")
    assert len(prompts.asked) == 2

    qtbot.keyClicks(window.client_view.form.ui.phoneEdit, "7")
    prompts.unsaved_answer = UnsavedChoice.DISCARD
    window.new_client()
    assert not demo_practice.clients.get(second).phone.endswith("7")


def test_discard_changes_restores_the_saved_file(window: MainWindow, qtbot: QtBot) -> None:
    client_id = window.client_list.model.client_id(2)
    assert client_id is not None
    window.client_list.select(client_id)
    form = window.client_view.form
    saved_name = form.ui.firstNameEdit.text()
    qtbot.keyClicks(form.ui.firstNameEdit, "xx")
    qtbot.mouseClick(form.ui.discardButton, Qt.MouseButton.LeftButton)
    assert form.ui.firstNameEdit.text() == saved_name
    assert not form.is_dirty


def test_archive_and_restore_from_the_file_header(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    client_id = window.client_list.model.client_id(0)
    assert client_id is not None
    window.client_list.select(client_id)
    header = window.client_view.header
    qtbot.mouseClick(header.archive_button, Qt.MouseButton.LeftButton)
    assert demo_practice.clients.get(client_id).archived
    assert window.client_list.model.row_of(client_id) is None
    assert "archived" in header.facts_label.text()
    assert "archived" in window.statusBar().currentMessage()
    qtbot.mouseClick(header.archive_button, Qt.MouseButton.LeftButton)
    assert not demo_practice.clients.get(client_id).archived
    assert window.client_list.model.row_of(client_id) is not None


def test_saving_on_the_way_to_another_client_leaves_list_and_file_in_step(
    window: MainWindow, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    first, second = window.client_list.model.client_id(3), window.client_list.model.client_id(9)
    assert first is not None and second is not None
    window.client_list.select(first)
    concerns = window.client_view.form.ui.concernsEdit
    qtbot.keyClick(concerns, Qt.Key.Key_End)  # a long text shows its start: go to its end
    qtbot.keyClicks(concerns, ", rosacea")
    prompts.unsaved_answer = UnsavedChoice.SAVE
    window.client_list.select(second)
    assert window.client_view.client_id == second
    assert window.client_list.selected_id() == second


def test_staying_on_a_new_file_keeps_the_list_unpicked(
    window: MainWindow, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    window.new_client()
    type_text(window.client_view.form.ui.firstNameEdit, "Ewa")
    prompts.unsaved_answer = UnsavedChoice.CANCEL
    target = window.client_list.model.client_id(4)
    assert target is not None
    window.client_list.select(target)
    assert window.client_view.client_id is None  # still the new file, typing intact
    assert window.client_list.selected_id() is None
    assert window.client_view.form.ui.firstNameEdit.text() == "Ewa"
    prompts.unsaved_answer = UnsavedChoice.DISCARD
    window.client_list.select(target)  # the same row again is a new choice
    assert window.client_view.client_id == target


def tick(qtbot: QtBot, check: QAbstractButton) -> None:
    """Click a tick box where a person clicks it: on its box."""
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))


def asked_today_control(window: MainWindow) -> QAbstractButton:
    """The control a person reads as "record these answers as given today"."""
    form = window.client_view.form
    (control,) = [
        button
        for button in form.findChildren(QAbstractButton)
        if "as given today" in button.text() and button.isVisibleTo(form)
    ]
    return control


def test_answers_are_recorded_only_when_given(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    window.new_client()
    form = window.client_view.form
    type_text(form.ui.firstNameEdit, "Ewa")
    type_text(form.ui.lastNameEdit, "Zielińska")
    type_text(form.ui.dateOfBirthEdit, typed_date(window, date(1985, 6, 1)))
    assert window.client_view.save()
    first = window.client_view.client_id
    assert first is not None
    assert demo_practice.clients.latest_screening(first) is None  # never asked: not "all clear"

    qtbot.mouseClick(asked_today_control(window), Qt.MouseButton.LeftButton)  # nothing applies
    assert "recorded as given today" in form.pending_label.text()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert demo_practice.clients.latest_screening(first) == ScreeningAnswers(
        answered_on=TEST_NOW.date()
    )


def test_changed_answers_are_recorded_whatever_else_is_clicked(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    """Ticking an answer, then pressing "as given today" to be sure, never drops the answer."""
    from tests.helpers import details

    earlier = ScreeningAnswers(answered_on=date(2025, 3, 1))
    client_id = demo_practice.clients.create(details("Ewa", "Zielińska"), earlier)
    window.client_list.refresh()
    window.client_list.select(client_id)
    form = window.client_view.form
    tick(qtbot, form.condition_checks["herpes_outbreak"])
    assert "Changed answers will be recorded" in form.pending_label.text()
    # "Yes, asked today": a person clicks whatever offers it, to be sure.
    for button in form.findChildren(QAbstractButton):
        if "as given today" in button.text() and button.isVisibleTo(form):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "Changed answers will be recorded" in form.pending_label.text()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.ui.savedLabel.text().startswith("Saved at")
    assert demo_practice.clients.latest_screening(client_id) == ScreeningAnswers(
        answered_on=TEST_NOW.date(), herpes_outbreak=True
    )


def test_a_message_goes_as_soon_as_it_stops_being_true(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    window.new_client()
    form = window.client_view.form
    type_text(form.ui.firstNameEdit, "Ewa")
    type_text(form.ui.dateOfBirthEdit, typed_date(window, date(1890, 6, 1)))
    qtbot.mouseClick(form.ui.saveButton, Qt.MouseButton.LeftButton)
    assert "1900" in form.ui.problemsLabel.text()
    assert "Last name is required." in form.ui.problemsLabel.text()

    form.ui.dateOfBirthEdit.selectAll()
    type_text(form.ui.dateOfBirthEdit, typed_date(window, date(1990, 6, 1)))
    assert "1900" not in form.ui.problemsLabel.text()  # put right: gone before saving
    assert not form.ui.dateOfBirthEdit.styleSheet()
    assert "Last name is required." in form.ui.problemsLabel.text()  # still true, still shown
    type_text(form.ui.lastNameEdit, "Zielińska")
    assert not form.ui.problemsLabel.isVisibleTo(window)
    assert demo_practice.clients.count() == 300  # nothing saved by typing


def test_long_texts_show_their_start_and_the_whole_on_hover(
    window: MainWindow, demo_practice: Practice
) -> None:
    from tests.helpers import details

    concerns = "acne scarring on both cheeks, enlarged pores, fine lines around the eyes, melasma"
    client_id = demo_practice.clients.create(
        details("Ewa", "Zielińska", concerns=concerns, skin_type=6)
    )
    window.client_list.refresh()
    window.client_list.select(client_id)
    window.resize(1024, 700)
    form = window.client_view.form
    edit = form.ui.concernsEdit
    assert edit.cursorPosition() == 0  # the start is what shows
    assert edit.toolTip() == concerns
    combo = form.ui.skinTypeCombo
    assert combo.width() >= combo.sizeHint().width()  # as wide as Qt says its items need
    assert combo.toolTip() == "VI – never burns, deeply pigmented"
    for index in range(combo.count()):
        shown = combo.itemText(index)
        assert combo.fontMetrics().horizontalAdvance(shown) + 12 <= combo.width(), shown
        whole = combo.itemData(index, Qt.ItemDataRole.ToolTipRole)
        assert index == 0 or whole.startswith(shown), whole


def test_a_name_is_shown_as_written_never_as_markup(
    window: MainWindow, demo_practice: Practice
) -> None:
    from tests.helpers import details

    client_id = demo_practice.clients.create(details("<b>Ann</b>", "Lee & Co"))
    window.client_list.refresh()
    window.client_list.select(client_id)
    header = window.client_view.header.name_label
    assert header.text() == "<b>Ann</b> Lee & Co"
    assert header.textFormat() == Qt.TextFormat.PlainText


def type_new_client(window: MainWindow, qtbot: QtBot, first: str, last: str, born: date) -> None:
    window.activateWindow()  # perhaps back from a question
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.client_view.form
    type_text(form.ui.firstNameEdit, first)
    type_text(form.ui.lastNameEdit, last)
    type_text(form.ui.dateOfBirthEdit, typed_date(window, born))
    qtbot.keyClicks(form.ui.phoneEdit, "+44 7700 900456")


def test_the_same_person_twice_is_named_and_their_file_offered(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    from tests.gui.modal import ModalAnswer
    from tests.helpers import details

    existing = demo_practice.clients.create(
        details("Łucja", "Wiśniewska", date_of_birth=date(1988, 5, 17))
    )
    window.client_list.refresh()

    # Compared as `clients import` compares: capitals and accents do not count.
    type_new_client(window, qtbot, "lucja", "WISNIEWSKA", date(1988, 5, 17))
    form = window.client_view.form
    back = ModalAnswer("Go back")
    qtbot.mouseClick(form.ui.saveButton, Qt.MouseButton.LeftButton)
    assert back.said is not None and "Łucja Wiśniewska, born 17 May 1988" in back.said
    assert "already has a file" in back.said
    assert demo_practice.clients.count() == 301  # nothing saved
    assert window.client_view.client_id is None and form.ui.firstNameEdit.text() == "lucja"

    opened = ModalAnswer("Open their file")
    window.activateWindow()  # back from the question
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert opened.said is not None
    assert window.client_view.client_id == existing
    assert window.client_list.selected_id() == existing
    assert not form.is_dirty and demo_practice.clients.count() == 301

    type_new_client(window, qtbot, "Łucja", "Wiśniewska", date(1988, 5, 17))
    anyway = ModalAnswer("Save a new file anyway")
    qtbot.mouseClick(form.ui.saveButton, Qt.MouseButton.LeftButton)
    assert anyway.said is not None
    assert demo_practice.clients.count() == 302  # twins of the same name do happen


def test_a_namesake_born_another_day_is_saved_without_asking(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    from tests.helpers import details

    demo_practice.clients.create(details("Łucja", "Wiśniewska", date_of_birth=date(1988, 5, 17)))
    type_new_client(window, qtbot, "Łucja", "Wiśniewska", date(1988, 5, 18))
    qtbot.mouseClick(window.client_view.form.ui.saveButton, Qt.MouseButton.LeftButton)
    assert demo_practice.clients.count() == 302
