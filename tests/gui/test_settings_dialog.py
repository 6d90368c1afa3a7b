"""Practice settings: what is saved is what core uses from then on."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dermadesk.core.consent_status import TREATMENT
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.screening_rules import Status
from dermadesk.gui.settings_dialog import SettingsDialog
from tests.gui.conftest import PromptRecorder
from tests.helpers import details

TODAY = date.today()


def dialog_for(practice: Practice, qtbot: QtBot) -> SettingsDialog:
    dialog = SettingsDialog(practice)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_rules_and_intervals_are_saved_and_used(practice: Practice, qtbot: QtBot) -> None:
    answers = ScreeningAnswers(
        answered_on=TODAY, keloid_tendency=True, botulinum_toxin_last=TODAY - timedelta(days=20)
    )
    client_id = practice.clients.create(details(), answers)
    assert practice.screen_client(client_id).status is Status.CAUTION

    dialog = dialog_for(practice, qtbot)
    assert dialog.block_checks["herpes_outbreak"].isChecked()  # DOMAIN's defaults shown
    assert not dialog.block_checks["keloid_tendency"].isChecked()
    dialog.block_checks["keloid_tendency"].setChecked(True)
    dialog.toxin_days.setValue(28)
    dialog.renewal_days.setValue(180)
    assert dialog.save()
    assert "Settings saved." in dialog.message.text()

    result = practice.screen_client(client_id)
    assert result.status is Status.BLOCKED
    assert {f.rule for f in result.findings} == {"keloid_tendency", "recent_botulinum_toxin"}
    assert practice.settings.consent().renewal_days == 180


def test_practice_details_need_a_name(practice: Practice, qtbot: QtBot) -> None:
    dialog = dialog_for(practice, qtbot)
    dialog.name_edit.setText("  ")
    assert not dialog.save()
    assert "The practice needs a name." in dialog.message.text()
    dialog.name_edit.setText("Skin Studio Łódź")
    dialog.phone_edit.setText("+48 42 000 00 00")
    assert dialog.save()
    assert practice.settings.practice_details().name == "Skin Studio Łódź"


def test_an_edited_form_becomes_a_new_version(practice: Practice, qtbot: QtBot) -> None:
    dialog = dialog_for(practice, qtbot)
    assert dialog.version_label.text() == "Version 1"
    assert dialog.save_form()
    assert "stays at this version" in dialog.message.text()
    dialog.body_edit.setPlainText(dialog.body_edit.toPlainText() + "\n\nA new paragraph.")
    assert dialog.save_form()
    assert dialog.version_label.text() == "Version 2"
    assert practice.consents.current_template(TREATMENT).body.endswith("A new paragraph.")
    dialog.body_edit.setPlainText("")
    assert not dialog.save_form()
    assert "needs its text" in dialog.message.text()
    dialog.kind_combo.setCurrentIndex(1)
    assert "photographs" in dialog.body_edit.toPlainText()


def test_save_keeps_an_edited_form_and_switching_forms_asks_first(
    practice: Practice, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    dialog = dialog_for(practice, qtbot)
    dialog.body_edit.setPlainText(dialog.body_edit.toPlainText() + "\n\nSaved with Save.")
    assert dialog.save()
    assert practice.consents.current_template(TREATMENT).version == 2

    dialog.body_edit.setPlainText(dialog.body_edit.toPlainText() + "\n\nAnd with the switch.")
    prompts.yes = True  # "Save your changes ... first?" Yes
    dialog.kind_combo.setCurrentIndex(1)
    assert practice.consents.current_template(TREATMENT).version == 3
    assert "photographs" in dialog.body_edit.toPlainText()


def test_device_range_and_aftercare_advice_are_saved_and_used(
    practice: Practice, qtbot: QtBot
) -> None:
    default_advice = practice.settings.aftercare_text()
    dialog = dialog_for(practice, qtbot)
    assert (dialog.min_depth.value(), dialog.max_depth.value()) == (0.25, 3.0)
    dialog.device_edit.setText("Pen X2")
    dialog.max_depth.setValue(2.5)
    assert dialog.save()
    assert practice.settings.aftercare_text() == default_advice  # untouched: still the default
    device = practice.settings.device()
    assert (device.name, device.min_depth_mm, device.max_depth_mm) == ("Pen X2", 0.25, 2.5)
    client_id = practice.clients.create(details())
    session_id = practice.sessions.book(client_id, datetime(2026, 12, 1, 10))
    assert practice.sessions.get(session_id).device == "Pen X2"  # filled into new sessions

    dialog.min_depth.setValue(2.8)  # shallowest deeper than deepest
    assert not dialog.save()
    assert "depth range" in dialog.message.text()
    dialog.min_depth.setValue(0.25)

    dialog.aftercare_edit.setPlainText("Aftercare\n\nNo sauna for {actives_days}.")
    assert dialog.save()
    assert practice.settings.aftercare_text() == "Aftercare\n\nNo sauna for {actives_days}."
    dialog.aftercare_edit.setPlainText("Call {nobody}")
    assert not dialog.save()
    assert "{nobody}" in dialog.message.text()
    qtbot.mouseClick(dialog.default_aftercare_button, Qt.MouseButton.LeftButton)
    assert dialog.aftercare_edit.toPlainText() == default_advice
