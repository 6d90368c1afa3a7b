"""Sessions on screen: the face map, the session editor, the Sessions tab and the Today panel."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QGroupBox, QLabel, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import TREATMENT
from dermadesk.core.plans import PlanDetails
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.session_records import AreaNote, SessionRecord, SessionStatus, appointment_time
from dermadesk.gui.face_map import FaceMap
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.prompts import UnsavedChoice
from dermadesk.gui.session_editor import SessionEditor
from tests.gui.conftest import PromptRecorder
from tests.gui.modal import ModalAnswers
from tests.helpers import TEST_NOW, details, signature

TODAY = TEST_NOW.date()

# Points well inside each region, in the SVG's own coordinates (resources/face_map.svg).
# The client faces the practitioner: the client's right cheek is on the picture's left.
INSIDE = {
    "forehead": (200, 95),
    "glabella": (200, 138),
    "periorbital_right": (140, 164),
    "periorbital_left": (260, 164),
    "nose": (200, 200),
    "cheek_right": (140, 225),
    "cheek_left": (260, 225),
    "upper_lip": (200, 245),
    "chin": (200, 305),
    "jawline_right": (145, 290),
    "jawline_left": (255, 290),
    "neck": (200, 365),
    "decolletage": (200, 460),
}


def booked(practice: Practice, at: datetime, answers: ScreeningAnswers | None = None,
           name: tuple[str, str] = ("Zoë", "Ferreira")) -> tuple[int, int]:  # fmt: skip
    client_id = practice.clients.create(
        details(*name), answers or ScreeningAnswers(answered_on=TODAY)
    )
    return client_id, practice.sessions.book(client_id, at)


def click_area(qtbot: QtBot, face_map: FaceMap, area: str) -> None:
    point = face_map.map_from_svg(QPointF(*INSIDE[area]))
    qtbot.mouseClick(face_map, Qt.MouseButton.LeftButton, pos=point)


def in_front(qtbot: QtBot, window: QWidget) -> None:
    """Make `window` the active one, where keys and shortcuts go, as a person's click does."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


@pytest.fixture
def editor(demo_practice: Practice, qtbot: QtBot) -> SessionEditor:
    _client, session_id = booked(demo_practice, datetime.combine(TODAY, time(10, 30)))
    shown = SessionEditor(demo_practice, session_id)
    qtbot.addWidget(shown)
    shown.show()
    in_front(qtbot, shown)
    return shown


# --- the face map ------------------------------------------------------------------------


@pytest.mark.parametrize("area", sorted(INSIDE))
def test_clicking_a_region_of_the_map_chooses_its_area(
    editor: SessionEditor, qtbot: QtBot, area: str
) -> None:
    click_area(qtbot, editor.face_map, area)
    assert editor.areas.areas() == [area]
    assert editor.face_map.treated() == {area}  # and it is shaded


def test_the_map_draws_every_face_region_and_nothing_outside_is_an_area(
    editor: SessionEditor, qtbot: QtBot
) -> None:
    assert set(editor.face_map.regions) == set(INSIDE)
    for corner in [(5, 5), (395, 5), (200, 15)]:  # beside and above the head
        qtbot.mouseClick(
            editor.face_map, Qt.MouseButton.LeftButton,
            pos=editor.face_map.map_from_svg(QPointF(*corner)),
        )  # fmt: skip
    assert editor.areas.areas() == []


def test_a_second_click_goes_to_the_row_and_removing_unshades(
    editor: SessionEditor, qtbot: QtBot
) -> None:
    click_area(qtbot, editor.face_map, "cheek_left")
    click_area(qtbot, editor.face_map, "forehead")
    click_area(qtbot, editor.face_map, "cheek_left")  # not a second row, nor a removal
    assert editor.areas.areas() == ["cheek_left", "forehead"]
    editor.areas.selectRow(0)
    editor.areas.remove_selected()
    assert editor.areas.areas() == ["forehead"]
    assert editor.face_map.treated() == {"forehead"}


def test_body_areas_come_from_their_buttons(editor: SessionEditor, qtbot: QtBot) -> None:
    qtbot.mouseClick(editor.body_buttons["abdomen"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.body_buttons["thighs"], Qt.MouseButton.LeftButton)
    assert editor.areas.areas() == ["abdomen", "thighs"]
    qtbot.mouseClick(editor.body_buttons["abdomen"], Qt.MouseButton.LeftButton)
    assert editor.areas.areas() == ["thighs"]


# --- the session editor ------------------------------------------------------------------


def test_a_session_is_recorded_and_marked_done(
    editor: SessionEditor, demo_practice: Practice, qtbot: QtBot
) -> None:
    click_area(qtbot, editor.face_map, "cheek_right")
    depth = editor.areas.cellWidget(0, 1)
    assert depth.minimum() == 0.25 and depth.maximum() == 3.0  # the device's range
    depth.setValue(1.5)
    editor.fields["serum"].setText("HA gel")
    editor.fields["serum_lot"].setText("HA-2411")
    editor.numbing_on.setText("9:40")
    editor.numbing_off.setText("10.05")
    editor.texts["reactions"].setPlainText("Even redness.")
    answers = ModalAnswers()
    answers.click("Mark done")
    qtbot.mouseClick(editor.done_button, Qt.MouseButton.LeftButton)  # starts (screens) it too
    assert answers.pending == 0 and "cannot be set back to planned" in answers.seen[0]
    record = demo_practice.sessions.record(editor.session_id)
    assert record.areas == (AreaNote("cheek_right", 1.5, 2, "", ""),)
    assert (record.serum, record.serum_lot, record.reactions) == ("HA gel", "HA-2411",
                                                                 "Even redness.")  # fmt: skip
    assert (record.numbing_on, record.numbing_off) == (time(9, 40), time(10, 5))
    row = demo_practice.sessions.get(editor.session_id)
    assert row.status == "done" and row.screening_status == "clear"
    assert "Saved and marked done" in editor.message.text()
    aftercare = demo_practice.sheets.aftercare(editor.session_id)  # what Print aftercare sends
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(aftercare.pdf)).pages)
    assert "Right cheek" in text and "Zoë Ferreira" in text


def test_a_time_that_is_not_one_is_said_and_nothing_saved(
    editor: SessionEditor, demo_practice: Practice
) -> None:
    editor.numbing_on.setText("25:00")
    assert not editor.save(done=False)
    assert "“25:00” is not a time" in editor.message.text()
    assert demo_practice.sessions.get(editor.session_id).started_at is None


def test_starting_never_loses_what_was_typed(
    editor: SessionEditor, demo_practice: Practice, qtbot: QtBot
) -> None:
    click_area(qtbot, editor.face_map, "forehead")
    editor.fields["serum_lot"].setText("HA-9")
    editor.numbing_on.setText("9.4")  # a slip of the finger
    assert not editor.start()
    assert "“9.4” is not a time" in editor.message.text()
    assert demo_practice.sessions.get(editor.session_id).started_at is None
    editor.numbing_on.setText("9:40")
    assert editor.start()
    assert editor.areas.areas() == ["forehead"] and editor.fields["serum_lot"].text() == "HA-9"
    assert editor.is_dirty  # typed, not yet saved: closing still asks


def type_reason(text: str):  # type: ignore[no-untyped-def]
    def typing(dialog: QDialog) -> None:
        reason = dialog.findChild(QPlainTextEdit)
        reason.clear()
        reason.setFocus()
        QTest.keyClicks(reason, text)

    return typing


def test_a_blocking_finding_asks_for_a_reason_of_a_few_words_and_keeps_it(
    demo_practice: Practice, qtbot: QtBot
) -> None:
    blocked = ScreeningAnswers(answered_on=TODAY, local_infection=True)
    _client, session_id = booked(demo_practice, datetime.combine(TODAY, time(9)), blocked)
    editor = SessionEditor(demo_practice, session_id)
    qtbot.addWidget(editor)
    editor.show()
    answers = ModalAnswers()
    answers.click("Don't start")  # the practitioner thinks again
    qtbot.mouseClick(editor.start_button, Qt.MouseButton.LeftButton)
    assert "Not started" in editor.message.text()
    assert demo_practice.sessions.get(session_id).started_at is None

    refused: list[str] = []
    answers.click("Go ahead")  # nothing typed: the dialog stays open and says why
    answers.click("Go ahead", before=type_reason("x"))
    answers.click(
        "Go ahead",
        before=lambda d: refused.append(d.message.text()),  # type: ignore[attr-defined]
    )
    answers.click("Go ahead", before=type_reason("Area away from the infection; GP agreed."))
    qtbot.mouseClick(editor.start_button, Qt.MouseButton.LeftButton)
    assert answers.pending == 0
    assert "at least 3 words" in refused[0]
    dialog = answers.dialogs[-1]
    assert dialog.findChild(QGroupBox, "block").title() == "Blocks treatment"
    row = demo_practice.sessions.get(session_id)
    assert row.override_reason == "Area away from the infection; GP agreed."
    assert row.overridden_by == demo_practice.settings.practice_details().practitioner_name
    assert "Block overridden" in editor.start_line.text()
    assert not editor.start_button.isVisible()
    assert editor.message.text() == "Session started."  # "Not started" went with it


def test_no_reason_dialog_goes_ahead_on_enter_and_blocks_and_warnings_stand_apart(
    qtbot: QtBot,
) -> None:
    from dermadesk.core.screening_rules import Finding, Level, ScreeningResult, Status
    from dermadesk.gui.session_questions import ReasonDialog

    result = ScreeningResult(
        Status.BLOCKED,
        [Finding("local_infection", Level.BLOCK, "Infection in the area."),
         Finding("recent_botulinum_toxin", Level.WARN, "Toxin ten days ago.")],
    )  # fmt: skip
    dialog = ReasonDialog(result)
    qtbot.addWidget(dialog)
    dialog.show()
    block, warn = dialog.findChild(QGroupBox, "block"), dialog.findChild(QGroupBox, "warn")
    assert "Infection" in block.findChild(QLabel).text()
    assert "Toxin" in warn.findChild(QLabel).text()
    assert "Toxin" not in block.findChild(QLabel).text()
    assert "#b42318" in block.styleSheet() and "#8a5a00" in warn.styleSheet()
    QTest.keyClicks(dialog.reason, "GP agreed")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and not dialog.go_button.isDefault()


def test_same_as_last_time_fills_areas_products_and_lots(
    demo_practice: Practice, qtbot: QtBot
) -> None:
    client_id, first = booked(demo_practice, datetime.combine(TODAY - timedelta(weeks=4), time(9)))
    demo_practice.sessions.start(first)
    last_time = SessionRecord(
        device="Pen A", cartridge_lot="C-77", serum="HA", serum_lot="HA-1", reactions="Swelling",
        areas=(AreaNote("forehead", 0.5, 2, "Even erythema"), AreaNote("neck", 0.75, 3)),
    )  # fmt: skip
    demo_practice.sessions.save(first, last_time, done=True)
    today = demo_practice.sessions.book(client_id, datetime.combine(TODAY, time(9)))
    editor = SessionEditor(demo_practice, today)
    qtbot.addWidget(editor)
    assert editor.same_button.isEnabled()
    qtbot.mouseClick(editor.same_button, Qt.MouseButton.LeftButton)
    assert editor.areas.notes() == last_time.areas
    assert editor.face_map.treated() == {"forehead", "neck"}
    assert (editor.fields["device"].text(), editor.fields["cartridge_lot"].text()) == (
        "Pen A",
        "C-77",
    )
    assert editor.texts["reactions"].toPlainText() == ""  # what happened is not repeated
    assert "Check the lot numbers" in editor.same_note.text()


def test_closing_with_unsaved_changes_asks_first(
    editor: SessionEditor, demo_practice: Practice, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    click_area(qtbot, editor.face_map, "nose")
    prompts.unsaved_answer = UnsavedChoice.CANCEL
    editor.reject()
    assert editor.isVisible() and prompts.asked == ["this session of Zoë Ferreira"]
    prompts.unsaved_answer = UnsavedChoice.SAVE
    editor.reject()
    assert not editor.isVisible()
    assert demo_practice.sessions.record(editor.session_id).areas[0].area == "nose"


# --- the client file and the Today panel -------------------------------------------------


def test_the_client_file_shows_plan_progress_and_sessions(
    window: MainWindow, demo_practice: Practice
) -> None:
    client_id, first = booked(demo_practice, datetime.combine(TODAY - timedelta(weeks=3), time(9)))
    plan = demo_practice.sessions.create_plan(
        client_id, PlanDetails("acne scars", 4, 4, TODAY - timedelta(weeks=3))
    )
    done = demo_practice.sessions.book(client_id, datetime.combine(TODAY - timedelta(weeks=3),
                                                                   time(11)), plan)  # fmt: skip
    demo_practice.sessions.start(done)
    demo_practice.sessions.save(done, SessionRecord(areas=(AreaNote("chin", 1.0, 2),)), True)
    demo_practice.sessions.set_status(first, SessionStatus.NO_SHOW)
    window.client_list.refresh()
    window._open_client(client_id)
    due = TODAY + timedelta(weeks=1)
    assert window.client_view.header.plan_label.text() == (
        f"Acne scars: Session 1 of 4 done; next due around {due.day} {due:%b %Y}."
    )
    tab = window.client_view.sessions_tab
    assert tab.plans.count() == 1
    rows = [tab.sessions.topLevelItem(i) for i in range(tab.sessions.topLevelItemCount())]
    assert [(r.text(1), r.text(2)) for r in rows] == [("Done", "Chin"), ("No-show", "")]


def test_treat_now_books_under_the_open_plan_and_opens_the_editor(
    window: MainWindow, demo_practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dermadesk.gui import session_editor

    client_id = demo_practice.clients.create(details("Walk", "In"))
    plan = demo_practice.sessions.create_plan(client_id, PlanDetails("pores", 3, 4, TODAY))
    opened: list[int] = []

    def practitioner_closes_without_starting(_practice, session_id, _parent):  # type: ignore[no-untyped-def]
        opened.append(session_id)
        return False

    def practitioner_starts(practice, session_id, _parent):  # type: ignore[no-untyped-def]
        opened.append(session_id)
        if practice.sessions.get(session_id).started_at is None:
            practice.sessions.start(session_id, reason="Answers asked again today")
        return True

    window.client_list.refresh()
    window._open_client(client_id)
    tab = window.client_view.sessions_tab
    monkeypatch.setattr(session_editor, "open_session_editor", practitioner_closes_without_starting)
    tab.treat_now()
    assert len(opened) == 1
    assert demo_practice.sessions.for_client(client_id) == []  # no phantom booking stays
    assert window.today_panel.entries == []

    monkeypatch.setattr(session_editor, "open_session_editor", practitioner_starts)
    tab.treat_now()
    session_id = opened[-1]
    summary = demo_practice.sessions.summary(session_id)
    assert summary.plan_id == plan and summary.scheduled_at.date() == TODAY and summary.started
    assert [e.session_id for e in window.today_panel.entries] == [session_id]
    tab.treat_now()  # today's session is opened again, not booked twice
    assert opened[-1] == session_id and len(demo_practice.sessions.for_client(client_id)) == 1


def test_a_new_file_shows_no_sessions_of_the_last_one(
    window: MainWindow, demo_practice: Practice
) -> None:
    client_id, _ = booked(demo_practice, datetime.combine(TODAY, time(9)))
    window.client_list.refresh()
    window._open_client(client_id)
    assert window.client_view.sessions_tab.sessions.topLevelItemCount() == 1
    window.new_client()
    tab = window.client_view.sessions_tab
    assert tab.client_id is None and tab.sessions.topLevelItemCount() == 0
    assert not window.client_view.tabs.isTabEnabled(window.client_view.tabs.indexOf(tab))
    assert not tab.treat_now_button.isEnabled()


def test_a_mistaken_no_show_is_confirmed_and_can_be_undone(
    window: MainWindow, demo_practice: Practice, prompts: PromptRecorder
) -> None:
    client_id, session_id = booked(demo_practice, datetime.combine(TODAY, time(9)))
    window.client_list.refresh()
    window._open_client(client_id)
    tab = window.client_view.sessions_tab
    prompts.yes = False
    tab.no_show_button.click()
    assert demo_practice.sessions.get(session_id).status == "planned"
    prompts.yes = True
    tab.no_show_button.click()
    assert demo_practice.sessions.get(session_id).status == "no_show"
    assert tab.replan_button.isEnabled() and not tab.move_button.isEnabled()
    tab.replan_button.click()
    assert demo_practice.sessions.get(session_id).status == "planned"


def test_the_today_panel_lists_the_day_with_its_checks_and_prints_the_packs(
    window: MainWindow, demo_practice: Practice, qtbot: QtBot
) -> None:
    late_client, _ = booked(demo_practice, datetime.combine(TODAY, time(15, 0)),
                            name=("Łucja", "Wiśniewska"))  # fmt: skip
    blocked = ScreeningAnswers(answered_on=TODAY, chemotherapy=True)
    booked(demo_practice, datetime.combine(TODAY, time(9, 15)), blocked, ("Ana", "Ruiz"))
    demo_practice.consents.sign(
        Signing(late_client, TREATMENT, "Dr M", signature(1), signature(2)),
        ScreeningAnswers(answered_on=TODAY),
    )
    tomorrow = demo_practice.clients.create(details("Not", "Today"))
    demo_practice.sessions.book(tomorrow, datetime.combine(TODAY + timedelta(days=1), time(9)))
    window.today_panel.refresh()

    tree = window.today_panel.today
    rows = [
        [tree.topLevelItem(i).text(c) for c in range(5)] for i in range(tree.topLevelItemCount())
    ]
    assert rows == [
        ["09:15", "Ana Ruiz", "None on file", "Blocked", "Planned"],
        ["15:00", "Łucja Wiśniewska", "Signed", "Clear", "Planned"],
    ]
    assert window.today_panel.tabs.tabText(0) == "Today (2)"

    pack = demo_practice.sheets.day_pack(window.today_panel.day)  # what the panel prints
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pack.pdf)).pages)
    assert text.index("Ana Ruiz") < text.index("Łucja Wiśniewska") and "Not Today" not in text
    assert pack.title.startswith("Consent packs - ")

    item = tree.topLevelItem(1)
    tree.itemActivated.emit(item, 0)  # Enter or a double-click on the row
    assert window.client_view.client_id == late_client


# --- the session editor as it is used (issue 11) ------------------------------------------


def test_enter_in_an_area_note_never_marks_the_session_done(
    editor: SessionEditor, demo_practice: Practice, qtbot: QtBot
) -> None:
    from PySide6.QtWidgets import QLineEdit, QPushButton

    click_area(qtbot, editor.face_map, "neck")
    note = editor.areas.cellWidget(0, 4)
    assert isinstance(note, QLineEdit)
    note.setFocus()
    QTest.keyClicks(note, "slight redness")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    for field in (editor.fields["serum"], editor.numbing_on, editor.add_area):
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_Enter)
    row = demo_practice.sessions.get(editor.session_id)
    assert row.status == "planned" and row.started_at is None
    assert editor.isVisible()
    pressed_by_enter = [
        b.text() for b in editor.findChildren(QPushButton) if b.isDefault() or b.autoDefault()
    ]
    assert pressed_by_enter == []


def test_mark_done_asks_first_and_not_yet_leaves_it_planned(
    editor: SessionEditor, demo_practice: Practice, qtbot: QtBot
) -> None:
    click_area(qtbot, editor.face_map, "chin")
    answers = ModalAnswers()
    answers.click("Not yet")
    qtbot.mouseClick(editor.done_button, Qt.MouseButton.LeftButton)
    assert (
        answers.pending == 0
        and "Mark this session of Zoë Ferreira done (Chin)?" in (answers.seen[0])
    )
    assert demo_practice.sessions.get(editor.session_id).status == "planned"
    default = answers.dialogs[0].defaultButton()  # Enter in the question says "Not yet"
    assert default is not None and default.text() == "Not yet"


def test_mark_done_is_refused_in_words_while_no_area_is_recorded(
    editor: SessionEditor, demo_practice: Practice, qtbot: QtBot
) -> None:
    answers = ModalAnswers()
    answers.click("Mark done")  # would be answered, were the question asked
    qtbot.mouseClick(editor.done_button, Qt.MouseButton.LeftButton)
    assert answers.seen == []  # refused before asking
    answers.forget()
    assert editor.message.text() == (
        "Record at least one treated area before marking the session done."
    )
    row = demo_practice.sessions.get(editor.session_id)
    assert row.status == "planned" and row.started_at is None
    click_area(qtbot, editor.face_map, "forehead")
    assert editor.message.text() == ""  # no longer true: gone at once


# The offscreen platform cannot raise the completion popup or grab the keyboard for it.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_adding_an_area_by_name_completes_and_adds_one_area_on_enter(
    editor: SessionEditor, qtbot: QtBot
) -> None:
    field = editor.add_area
    field.setFocus()
    QTest.keyClicks(field, "nec")
    assert editor.areas.areas() == []  # typing adds nothing
    popup = field.completer().popup()
    assert popup.isVisible()
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert shown == ["Neck"]
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert editor.areas.areas() == ["neck"] and field.text() == ""

    QTest.keyClicks(field, "eye")  # the right and the left eye area: a choice
    popup = field.completer().popup()
    names = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert names == ["Right eye area", "Left eye area"]
    rect = popup.visualRect(popup.model().index(1, 0))
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.areas.areas() == ["neck", "periorbital_left"]
    qtbot.waitUntil(lambda: field.text() == "")

    field.setFocus()
    QTest.keyClicks(field, "jaw")
    qtbot.keyClick(field, Qt.Key.Key_Return)  # two jawlines: Enter asks which
    assert editor.areas.areas() == ["neck", "periorbital_left"]
    assert editor.message.text() == "Which area? “jaw” could be Right jawline, Left jawline."
    QTest.keyClicks(field, "line, l")
    field.clear()
    assert editor.message.text() == ""  # gone with what it was about


def test_ctrl_s_saves_the_open_session(
    editor: SessionEditor, demo_practice: Practice, qtbot: QtBot
) -> None:
    click_area(qtbot, editor.face_map, "nose")
    editor.fields["serum"].setFocus()
    QTest.keyClicks(editor.fields["serum"], "HA gel")
    QTest.keySequence(editor.fields["serum"], QKeySequence(QKeySequence.StandardKey.Save))
    record = demo_practice.sessions.record(editor.session_id)
    assert record.serum == "HA gel" and [a.area for a in record.areas] == ["nose"]
    assert editor.message.text() == "Saved." and not editor.is_dirty
    QTest.keyClicks(editor.fields["serum"], " plus")
    assert editor.message.text() == ""  # "Saved." is no longer true


def test_the_header_shows_the_real_status_once_started(
    editor: SessionEditor, demo_practice: Practice, qtbot: QtBot
) -> None:
    assert "Planned" in editor.title.text()
    qtbot.mouseClick(editor.start_button, Qt.MouseButton.LeftButton)
    assert "Started" in editor.title.text() and "Planned" not in editor.title.text()
    click_area(qtbot, editor.face_map, "chin")
    answers = ModalAnswers()
    answers.click("Mark done")
    qtbot.mouseClick(editor.done_button, Qt.MouseButton.LeftButton)
    assert "Done" in editor.title.text() and not editor.done_button.isVisible()


def test_a_time_message_stays_while_wrong_and_goes_once_fixed(
    editor: SessionEditor, qtbot: QtBot
) -> None:
    editor.numbing_on.setFocus()
    QTest.keyClicks(editor.numbing_on, "9.4")
    QTest.keySequence(editor, QKeySequence(QKeySequence.StandardKey.Save))
    assert "“9.4” is not a time" in editor.message.text()
    QTest.keyClicks(editor.fields["serum"], "HA")  # another field: the time is still wrong
    assert "“9.4” is not a time" in editor.message.text()
    QTest.keyClicks(editor.numbing_on, "0")  # 9.40
    assert editor.message.text() == ""


def test_long_product_names_show_their_start_and_the_whole_on_hover(
    demo_practice: Practice, qtbot: QtBot
) -> None:
    _client_id, session_id = booked(demo_practice, datetime.combine(TODAY, time(11)))
    long_name = "Hyaluronic acid 1.5% with peptides and niacinamide, 30 ml, batch reserve"
    demo_practice.sessions.save(session_id, SessionRecord(serum=long_name))
    editor = SessionEditor(demo_practice, session_id)
    qtbot.addWidget(editor)
    editor.resize(1024, 700)
    editor.show()
    serum = editor.fields["serum"]
    assert serum.cursorPosition() == 0 and serum.toolTip() == long_name
    assert serum.fontMetrics().horizontalAdvance(long_name) > serum.width()  # it is cut
    mask = editor.fields["mask"]
    in_front(qtbot, editor)
    mask.setFocus()
    QTest.keyClicks(mask, long_name)
    assert mask.cursorPosition() == len(long_name)  # while typing, the end
    qtbot.keyClick(mask, Qt.Key.Key_Tab)
    assert mask.cursorPosition() == 0 and mask.toolTip() == long_name


def test_the_treated_areas_table_takes_the_room_it_is_given(
    editor: SessionEditor, qtbot: QtBot
) -> None:
    editor.resize(1180, 1000)
    qtbot.wait(50)
    small = editor.areas.height()
    assert small >= 5 * editor.areas.verticalHeader().defaultSectionSize()
    editor.resize(1180, 1200)
    qtbot.wait(50)
    assert editor.areas.height() >= small + 190  # the rows get the room, not blank space


# --- typed products against the allergies (issue 12) -------------------------------------


def test_a_numbing_cream_the_client_is_allergic_to_is_outlined_as_typed_and_confirmed_once(
    demo_practice: Practice, qtbot: QtBot
) -> None:
    client_id = demo_practice.clients.create(
        details("Lena", "Müller", allergies="Lidocaine (numbing cream): rash"),
        ScreeningAnswers(answered_on=TODAY),
    )
    session_id = demo_practice.sessions.book(client_id, datetime.combine(TODAY, time(9)))
    # The allergy itself asks the practitioner's judgement once screening reads the file.
    demo_practice.sessions.start(session_id, reason="Patch tested, no reaction.")
    editor = SessionEditor(demo_practice, session_id)
    qtbot.addWidget(editor)
    editor.show()
    in_front(qtbot, editor)
    numbing = editor.fields["numbing_product"]
    numbing.setFocus()
    assert numbing.styleSheet() == ""
    for key in "LMX4 lidocaine 4%":
        QTest.keyClicks(numbing, key)
    assert "#b42318" in numbing.styleSheet()
    assert "may contain what the client is allergic to: “Lidocaine (numbing cream): rash”" in (
        numbing.toolTip()
    )

    answers = ModalAnswers()
    answers.click("Go back")
    QTest.keySequence(numbing, QKeySequence(QKeySequence.StandardKey.Save))
    assert answers.pending == 0 and "“LMX4 lidocaine 4%” may contain" in answers.seen[0]
    assert demo_practice.sessions.record(session_id).numbing_product == ""
    assert "Not saved" in editor.message.text()

    answers.click("Checked, save")
    in_front(qtbot, editor)  # back in the editor after the question
    QTest.keySequence(numbing, QKeySequence(QKeySequence.StandardKey.Save))
    assert answers.pending == 0 and len(answers.seen) == 2
    record = demo_practice.sessions.record(session_id)
    assert record.numbing_product == "LMX4 lidocaine 4%"
    assert "“LMX4 lidocaine 4%” may contain" in record.allergy_confirmation
    assert (
        demo_practice.sessions.get(session_id).allergy_confirmed_by
        == demo_practice.settings.practice_details().practitioner_name
    )
    editor.close()

    again = SessionEditor(demo_practice, session_id)  # reopened: confirmed, not asked again
    qtbot.addWidget(again)
    again.show()
    in_front(qtbot, again)
    QTest.keyClicks(again.fields["serum"], "HA gel")
    QTest.keySequence(again, QKeySequence(QKeySequence.StandardKey.Save))
    assert len(answers.seen) == 2 and again.message.text() == "Saved."
    numbing.clear()
    assert numbing.styleSheet() == ""


# --- booking from the Sessions tab (issue 11) ----------------------------------------------


def test_booking_refuses_a_plans_second_session_on_a_day_and_asks_about_overlaps(
    window: MainWindow, demo_practice: Practice, qtbot: QtBot
) -> None:
    from PySide6.QtCore import QDate, QTime

    from dermadesk.gui.plan_dialogs import BookDialog

    tomorrow = TODAY + timedelta(days=1)
    client_id = demo_practice.clients.create(details("Inès", "Dubois"))
    plan = demo_practice.sessions.create_plan(client_id, PlanDetails("pores", 4, 4, TODAY))
    demo_practice.sessions.book(client_id, datetime.combine(TODAY, time(10)), plan)
    other = demo_practice.clients.create(details("Ana", "Ruiz"))
    demo_practice.sessions.book(other, datetime.combine(tomorrow, time(10)))
    for busy in demo_practice.sessions.day(tomorrow):  # the demo's own bookings that day
        if busy.client_id != other:
            demo_practice.sessions.set_status(busy.session_id, SessionStatus.CANCELLED)
    window.client_list.refresh()
    window._open_client(client_id)
    tab = window.client_view.sessions_tab

    seen: dict[str, object] = {}

    def on(day: date, hour: int, minute: int = 0):  # type: ignore[no-untyped-def]
        def choose(dialog: QDialog) -> None:
            assert isinstance(dialog, BookDialog)
            seen.setdefault("suggested", dialog.day.date().toPython())
            seen[f"message before {hour}:{minute:02}"] = dialog.message.text()
            dialog.day.setDate(QDate(day.year, day.month, day.day))
            dialog.time.setTime(QTime(hour, minute))

        return choose

    answers = ModalAnswers()
    answers.click("OK", before=on(TODAY, 15))  # the plan has today's session already
    answers.click("OK", before=on(tomorrow, 10, 30))  # Ana Ruiz is booked 10:00 to 11:00
    answers.click("Choose another time")
    answers.click("OK", before=on(tomorrow, 11))
    qtbot.mouseClick(tab.book_button, Qt.MouseButton.LeftButton)
    assert answers.pending == 0
    assert seen["suggested"] == tomorrow  # today is booked: never offered
    refused = str(seen["message before 10:30"])
    assert refused.startswith("This plan already has a session that day: ")
    assert appointment_time(datetime.combine(TODAY, time(10))) in refused
    question = answers.seen[2]  # after the booking dialog, twice
    assert question.startswith("Appointments overlap: 10:30 for 60 minutes overlaps with:\n")
    assert "• Ana Ruiz, " in question and "10:00 (60 minutes)" in question
    assert "Choose another time: it overlaps with Ana Ruiz" in str(seen["message before 11:00"])
    booked_times = [s.scheduled_at for s in demo_practice.sessions.for_client(client_id)]
    assert booked_times == [
        datetime.combine(tomorrow, time(11)),
        datetime.combine(TODAY, time(10)),
    ]

    answers.click("OK", before=on(tomorrow, 16))  # a second one tomorrow: refused
    answers.click("Cancel")
    qtbot.mouseClick(tab.book_button, Qt.MouseButton.LeftButton)
    assert answers.pending == 0 and len(demo_practice.sessions.for_client(client_id)) == 2


def test_ending_a_plan_asks_and_enter_keeps_it(
    window: MainWindow, demo_practice: Practice, qtbot: QtBot
) -> None:
    client_id = demo_practice.clients.create(details("Inès", "Dubois"))
    plan = demo_practice.sessions.create_plan(client_id, PlanDetails("pores", 4, 4, TODAY))
    window.client_list.refresh()
    window._open_client(client_id)
    tab = window.client_view.sessions_tab
    answers = ModalAnswers()
    answers.click("Keep the plan")
    qtbot.mouseClick(tab.close_plan_button, Qt.MouseButton.LeftButton)
    assert answers.dialogs[0].defaultButton().text() == "Keep the plan"
    assert demo_practice.sessions.plan(plan).closed_on is None
    answers.click("End plan")
    qtbot.mouseClick(tab.close_plan_button, Qt.MouseButton.LeftButton)
    assert demo_practice.sessions.plan(plan).closed_on == TODAY


def test_a_started_session_is_listed_as_started(
    window: MainWindow, demo_practice: Practice
) -> None:
    client_id, session_id = booked(demo_practice, datetime.combine(TODAY, time(8)))
    demo_practice.sessions.start(session_id)
    window.client_list.refresh()
    window._open_client(client_id)
    tree = window.client_view.sessions_tab.sessions
    assert tree.topLevelItem(0).text(1) == "Started"


def test_a_done_session_keeps_an_area_and_the_refusal_goes_once_one_is_back(
    demo_practice: Practice, qtbot: QtBot
) -> None:
    _client, session_id = booked(demo_practice, datetime.combine(TODAY, time(8, 30)))
    demo_practice.sessions.start(session_id)
    demo_practice.sessions.save(session_id, SessionRecord(areas=(AreaNote("chin", 1.0, 2),)), True)
    editor = SessionEditor(demo_practice, session_id)
    qtbot.addWidget(editor)
    editor.show()
    in_front(qtbot, editor)
    editor.areas.selectRow(0)
    qtbot.keyClick(editor.areas, Qt.Key.Key_Delete)
    assert editor.areas.areas() == []
    QTest.keySequence(editor, QKeySequence(QKeySequence.StandardKey.Save))
    assert "Not saved: Record at least one treated area" in editor.message.text()
    assert demo_practice.sessions.record(session_id).areas[0].area == "chin"
    click_area(qtbot, editor.face_map, "forehead")
    assert editor.message.text() == ""


def test_ctrl_s_saves_the_editor_opened_from_the_client_file(
    window: MainWindow, demo_practice: Practice, qtbot: QtBot
) -> None:
    client_id, session_id = booked(demo_practice, datetime.combine(TODAY, time(8)))
    window.client_list.refresh()
    window._open_client(client_id)
    tab = window.client_view.sessions_tab

    def type_and_save(dialog: QDialog) -> None:
        assert isinstance(dialog, SessionEditor)
        in_front(qtbot, dialog)
        serum = dialog.fields["serum"]
        serum.setFocus()
        QTest.keyClicks(serum, "HA gel")
        QTest.keySequence(serum, QKeySequence(QKeySequence.StandardKey.Save))

    answers = ModalAnswers()
    answers.click("Close", before=type_and_save)
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    assert answers.pending == 0
    assert demo_practice.sessions.record(session_id).serum == "HA gel"
