"""The alerts banner tells the whole truth (issue 12), reached as a practitioner reaches it:
typing into the real form, Ctrl+S, the search box and Enter."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.gui.main_window import MainWindow
from tests.gui.conftest import type_text
from tests.helpers import TEST_NOW, details


def open_by_search(window: MainWindow, qtbot: QtBot, typed: str) -> None:
    """Ctrl+F, type, Enter: the receptionist's way into a file."""
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.client_list.search_edit
    search.clear()
    type_text(search, typed)
    qtbot.keyClick(search, Qt.Key.Key_Return)  # into the list, on the first match: opened


def banner_texts(window: MainWindow) -> dict[str, str]:
    alerts = window.client_view.alerts
    shown = {}
    for name, label in (
        ("block", alerts.blocking_label),
        ("warn", alerts.warning_label),
        ("clear", alerts.clear_label),
        ("note", alerts.consent_label),
    ):
        if label.isVisibleTo(window):
            shown[name] = label.text()
    return shown


def test_an_allergy_typed_into_the_file_shows_in_the_banner_and_green_goes(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    client = demo_practice.clients.create(
        details("Lena", "Müllerová", allergies="", medications=""),
        ScreeningAnswers(answered_on=TEST_NOW.date()),
    )
    open_by_search(window, qtbot, "lena mullerova")
    assert window.client_view.client_id == client
    assert "clear" not in banner_texts(window) or "warn" not in banner_texts(window)

    form = window.client_view.form
    type_text(form.ui.allergiesEdit, "Lidocaine (numbing cream): rash")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    shown = banner_texts(window)
    assert (
        "Allergy: Lidocaine (numbing cream): rash; allergic to a numbing agent: check the "
        "numbing cream." in shown["warn"]
    )
    assert "clear" not in shown  # green only when nothing calls for a look


def test_none_known_is_no_allergy_and_ordinary_medicines_show_in_grey(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    from dermadesk.core.consent_signing import Signing

    client = demo_practice.clients.create(
        details("Nora", "Quist", allergies="None known.", medications="Levothyroxine 50 µg"),
        ScreeningAnswers(answered_on=TEST_NOW.date()),
    )
    from tests.helpers import signature

    demo_practice.consents.sign(
        Signing(client, "treatment", "Dr Ada", signature(1), signature(2)),
        demo_practice.clients.latest_screening(client),
    )
    open_by_search(window, qtbot, "nora quist")
    shown = banner_texts(window)
    assert set(shown) == {"clear", "note"}
    assert "Medications: Levothyroxine 50 µg" in shown["note"]


def test_pregnancy_isotretinoin_and_a_medicine_of_note_each_say_so(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    today = TEST_NOW.date()
    demo_practice.clients.create(
        details("Thu Hương", "Lê", medications="Warfarin 3 mg"),
        ScreeningAnswers(
            answered_on=today,
            pregnant_or_breastfeeding=True,
            isotretinoin_last=today - timedelta(days=40),
        ),
    )
    open_by_search(window, qtbot, "huong le")
    shown = banner_texts(window)
    assert "Oral isotretinoin taken 40 days before" in shown["block"]
    assert "Pregnant or breastfeeding" in shown["warn"]
    assert "Takes warfarin (a blood thinner)" in shown["warn"]
    assert "Medications:" not in shown.get("note", "")  # of note: among the warnings instead


def test_an_older_answer_set_shows_the_newer_questions_as_not_asked_yet(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    today = TEST_NOW.date()
    client = demo_practice.clients.create(
        details("Olga", "Older"),
        ScreeningAnswers(
            answered_on=today,
            pregnant_or_breastfeeding=None,
            anticoagulants=None,
            question_set=1,
        ),
    )
    open_by_search(window, qtbot, "olga older")
    assert (
        "Not asked yet: pregnancy or breastfeeding, blood thinners, oral isotretinoin"
        in (banner_texts(window)["warn"])
    )
    form = window.client_view.form
    pregnancy = form.condition_checks["pregnant_or_breastfeeding"]
    assert "not asked yet" in pregnancy.text()
    # Saving the file for another reason never turns "not asked" into "no".
    type_text(form.ui.phoneEdit, "07700 900777")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    latest = demo_practice.clients.latest_screening(client)
    assert latest.pregnant_or_breastfeeding is None
    # Asking it: the practitioner clicks the box (yes), then again (no), and saves.
    on_the_box = QPoint(8, pregnancy.height() // 2)  # the tick box itself, at its left
    qtbot.mouseClick(pregnancy, Qt.MouseButton.LeftButton, pos=on_the_box)
    assert pregnancy.isChecked()
    qtbot.mouseClick(pregnancy, Qt.MouseButton.LeftButton, pos=on_the_box)
    assert "not asked yet" not in pregnancy.text()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    latest = demo_practice.clients.latest_screening(client)
    assert latest.pregnant_or_breastfeeding is False
    assert latest.anticoagulants is None
    assert "blood thinners, oral isotretinoin" in banner_texts(window)["warn"]
