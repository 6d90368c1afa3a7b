"""Practice settings: what is saved is what core uses from then on."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dermadesk.core.consent_status import TREATMENT
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.screening_rules import Status
from dermadesk.gui.settings.dialog import SettingsDialog
from tests.gui.conftest import PromptRecorder
from tests.helpers import TEST_NOW, details

TODAY = TEST_NOW.date()


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
    assert dialog.screening_page.block_checks[
        "herpes_outbreak"
    ].isChecked()  # DOMAIN's defaults shown
    assert not dialog.screening_page.block_checks["keloid_tendency"].isChecked()
    dialog.screening_page.block_checks["keloid_tendency"].setChecked(True)
    dialog.screening_page.ui.toxinDays.setValue(28)
    dialog.screening_page.ui.renewalDays.setValue(180)
    assert dialog.save()
    assert "Settings saved." in dialog.message.text()

    result = practice.screen_client(client_id)
    assert result.status is Status.BLOCKED
    assert {f.rule for f in result.findings} == {"keloid_tendency", "recent_botulinum_toxin"}
    assert practice.settings.consent().renewal_days == 180


def test_practice_details_need_a_name(practice: Practice, qtbot: QtBot) -> None:
    dialog = dialog_for(practice, qtbot)
    dialog.practice_page.ui.nameEdit.setText("  ")
    assert not dialog.save()
    assert "The practice needs a name." in dialog.message.text()
    dialog.practice_page.ui.nameEdit.setText("Skin Studio Łódź")
    dialog.practice_page.ui.phoneEdit.setText("+48 42 000 00 00")
    assert dialog.save()
    assert practice.settings.practice_details().name == "Skin Studio Łódź"


def test_an_edited_form_becomes_a_new_version(practice: Practice, qtbot: QtBot) -> None:
    dialog = dialog_for(practice, qtbot)
    assert dialog.forms_page.ui.versionLabel.text() == "Version 1"
    assert dialog.forms_page.save_form()
    assert "stays at this version" in dialog.message.text()
    dialog.forms_page.ui.templateBody.setPlainText(
        dialog.forms_page.ui.templateBody.toPlainText() + "\n\nA new paragraph."
    )
    assert dialog.forms_page.save_form()
    assert dialog.forms_page.ui.versionLabel.text() == "Version 2"
    assert practice.consents.current_template(TREATMENT).body.endswith("A new paragraph.")
    dialog.forms_page.ui.templateBody.setPlainText("")
    assert not dialog.forms_page.save_form()
    assert "needs its text" in dialog.message.text()
    dialog.forms_page.ui.kindCombo.setCurrentIndex(1)
    assert "photographs" in dialog.forms_page.ui.templateBody.toPlainText()


def test_save_keeps_an_edited_form_and_switching_forms_asks_first(
    practice: Practice, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    dialog = dialog_for(practice, qtbot)
    dialog.forms_page.ui.templateBody.setPlainText(
        dialog.forms_page.ui.templateBody.toPlainText() + "\n\nSaved with Save."
    )
    assert dialog.save()
    assert practice.consents.current_template(TREATMENT).version == 2

    dialog.forms_page.ui.templateBody.setPlainText(
        dialog.forms_page.ui.templateBody.toPlainText() + "\n\nAnd with the switch."
    )
    prompts.yes = True  # "Save your changes ... first?" Yes
    dialog.forms_page.ui.kindCombo.setCurrentIndex(1)
    assert practice.consents.current_template(TREATMENT).version == 3
    assert "photographs" in dialog.forms_page.ui.templateBody.toPlainText()


def test_device_range_and_aftercare_advice_are_saved_and_used(
    practice: Practice, qtbot: QtBot
) -> None:
    default_advice = practice.settings.aftercare_text()
    dialog = dialog_for(practice, qtbot)
    assert (
        dialog.treatment_page.ui.minDepth.value(),
        dialog.treatment_page.ui.maxDepth.value(),
    ) == (0.25, 3.0)
    dialog.treatment_page.ui.deviceEdit.setText("Pen X2")
    dialog.treatment_page.ui.maxDepth.setValue(2.5)
    assert dialog.save()
    assert practice.settings.aftercare_text() == default_advice  # untouched: still the default
    device = practice.settings.device()
    assert (device.name, device.min_depth_mm, device.max_depth_mm) == ("Pen X2", 0.25, 2.5)
    client_id = practice.clients.create(details())
    session_id = practice.sessions.book(client_id, datetime(2026, 12, 1, 10))
    assert practice.sessions.record(session_id).device == "Pen X2"  # filled into new sessions

    dialog.treatment_page.ui.minDepth.setValue(2.8)  # shallowest deeper than deepest
    assert not dialog.save()
    assert "depth range" in dialog.message.text()
    dialog.treatment_page.ui.minDepth.setValue(0.25)

    dialog.treatment_page.ui.aftercareText.setPlainText("Aftercare\n\nNo sauna for {actives_days}.")
    assert dialog.save()
    assert practice.settings.aftercare_text() == "Aftercare\n\nNo sauna for {actives_days}."
    dialog.treatment_page.ui.aftercareText.setPlainText("Call {nobody}")
    assert not dialog.save()
    assert "{nobody}" in dialog.message.text()
    qtbot.mouseClick(dialog.treatment_page.ui.defaultAftercareButton, Qt.MouseButton.LeftButton)
    assert dialog.treatment_page.ui.aftercareText.toPlainText() == default_advice
