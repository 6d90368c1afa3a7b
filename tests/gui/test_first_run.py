"""The first run: a new, empty data folder opens a short setup, driven here through its own
fields and buttons; what it saves is then in the database, and the consent prints with it."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget, QWizard
from pytestqt.qtbot import QtBot

from dermadesk.core import lock as pins
from dermadesk.core.practice import Practice
from dermadesk.gui.app import open_window
from dermadesk.gui.first_run import FirstRunWizard
from dermadesk.gui.main_window import MainWindow
from tests.gui.conftest import PromptRecorder
from tests.gui.test_window_paths import answer_modal

CLIENTS_CSV = (
    "first_name,last_name,date_of_birth,phone,email,herpes_outbreak\n"
    "Anna,Kowalska,1990-02-03,+44 7700 900001,anna@example.com,false\n"
    "Bea,Lis,1985-07-21,+44 7700 900002,,false\n"
    "Cleo,Marsh,1979-11-30,,cleo@example.com,true\n"
)


def click(qtbot: QtBot, wizard: QWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def start(practice: Practice, qtbot: QtBot) -> MainWindow:
    """DermaDesk's own start-up path on `practice`."""
    window = open_window(practice, practice.data_dir)
    qtbot.addWidget(window)
    return window


def fill_the_setup(
    qtbot: QtBot, wizard: FirstRunWizard, prompts: PromptRecorder, clients_file: Path | None
) -> dict[str, object]:
    """Go through every step as a new practice would."""
    seen: dict[str, object] = {}
    page = wizard.practice_page
    click(qtbot, wizard, QWizard.WizardButton.NextButton)  # no name yet: refused
    seen["no name"] = page.problem.text()
    qtbot.keyClicks(page.name_edit, "Skin Studio North")
    qtbot.keyClicks(page.address_edit, "1 High Street, York")
    qtbot.keyClicks(page.phone_edit, "01904 555123")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)

    qtbot.keyClicks(wizard.practitioner_page.practitioner_edit, "Ann Lee")
    qtbot.keyClicks(wizard.practitioner_page.credentials_edit, "RN")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)

    qtbot.keyClicks(wizard.pin_page.pin_edit, "2468")
    qtbot.keyClicks(wizard.pin_page.again_edit, "2486")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)  # not the same: refused
    seen["pins differ"] = wizard.pin_page.problem.text()
    qtbot.keyClicks(wizard.pin_page.again_edit, "2468")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)

    usb = Path(str(prompts.folder))
    qtbot.mouseClick(wizard.backup_page.choose_button, Qt.MouseButton.LeftButton)
    seen["backup folder"] = wizard.backup_page.folder_edit.text() == str(usb)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)

    seen["last page"] = wizard.currentPage() is wizard.import_page
    if clients_file is not None:
        prompts.open_path = str(clients_file)
        qtbot.mouseClick(wizard.import_page.choose_button, Qt.MouseButton.LeftButton)
        seen["preview"] = [
            wizard.import_page.preview.item(row, 1).text()
            for row in range(wizard.import_page.preview.rowCount())
        ]
        seen["refused"] = wizard.import_page.refused.toPlainText()
        seen["summary"] = wizard.import_page.summary.text()
    return seen


def test_a_new_practice_is_set_up_through_the_steps_and_prints_a_correct_consent(
    practice: Practice, qtbot: QtBot, prompts: PromptRecorder, tmp_path: Path
) -> None:
    assert practice.is_new()
    usb = tmp_path / "usb"
    usb.mkdir()
    prompts.folder = str(usb)
    clients_file = tmp_path / "clients.csv"
    clients_file.write_text(CLIENTS_CSV, encoding="utf-8")
    seen: dict[str, object] = {}

    def setup(wizard: QWidget) -> None:
        assert isinstance(wizard, FirstRunWizard)
        seen.update(fill_the_setup(qtbot, wizard, prompts, clients_file))
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    answer_modal(qtbot, setup)
    window = start(practice, qtbot)
    qtbot.waitUntil(lambda: "summary" in seen and QApplication.activeModalWidget() is None)

    assert seen["no name"] == "The practice needs a name."
    assert "not the same" in str(seen["pins differ"])
    assert seen["backup folder"] and seen["last page"]
    assert seen["preview"] == ["Kowalska", "Lis", "Marsh"] and seen["refused"] == ""
    assert "3 clients will be imported" in str(seen["summary"])

    details = practice.settings.practice_details()
    assert (details.name, details.address, details.phone) == (
        "Skin Studio North",
        "1 High Street, York",
        "01904 555123",
    )
    assert (details.practitioner_name, details.credentials) == ("Ann Lee", "RN")
    assert pins.verify_pin("2468", practice.settings.lock().pin_hash)
    assert practice.backup_folder() == usb
    ids = practice.clients.search_ids("")
    assert sorted(practice.clients.get(i).last_name for i in ids) == ["Kowalska", "Lis", "Marsh"]
    assert not practice.is_new()
    assert window.client_list.model.rowCount() == 3  # the list shows them at once
    assert window.lock_guard.has_pin and not window.lock_guard.locked

    # The consent printed for a client names the practice and its phone, never a stand-in.
    from dermadesk.core.sheets import contents
    from dermadesk.documents.consent import render_consent

    anna = next(i for i in ids if practice.clients.get(i).last_name == "Kowalska")
    pdf = render_consent(contents.blank_consent_sheet(practice, anna), tmp_path / "consent.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "Skin Studio North" in text and "01904 555123" in text
    assert "Your practice" not in text


def test_a_file_with_bad_rows_shows_them_and_imports_nothing(
    practice: Practice, qtbot: QtBot, prompts: PromptRecorder, tmp_path: Path
) -> None:
    prompts.folder = str(tmp_path)
    bad = tmp_path / "clients.csv"
    bad.write_text(
        CLIENTS_CSV + "Dora,,1990-01-01,,,false\nAnna,Kowalska,1990-02-03,,,false\n",
        encoding="utf-8",
    )
    seen: dict[str, object] = {}

    def setup(wizard: QWidget) -> None:
        assert isinstance(wizard, FirstRunWizard)
        seen.update(fill_the_setup(qtbot, wizard, prompts, bad))
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)  # refused: the file has problems
        seen["still open"] = wizard.isVisible()
        qtbot.mouseClick(wizard.import_page.clear_button, Qt.MouseButton.LeftButton)
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    answer_modal(qtbot, setup)
    start(practice, qtbot)
    qtbot.waitUntil(lambda: "still open" in seen and QApplication.activeModalWidget() is None)

    refused = str(seen["refused"])
    assert "line 5" in refused and "line 6" in refused and "also on line 2" in refused
    assert "nothing would be imported" in str(seen["summary"])
    assert seen["still open"] is True
    assert practice.clients.count(include_archived=True) == 0  # settings saved, no clients
    assert practice.settings.practice_details().name == "Skin Studio North"


def test_cancelling_the_setup_changes_nothing_and_it_is_offered_again(
    practice: Practice, qtbot: QtBot
) -> None:
    seen: dict[str, object] = {}

    def cancel(wizard: QWidget) -> None:
        assert isinstance(wizard, FirstRunWizard)
        qtbot.keyClicks(wizard.practice_page.name_edit, "Half typed")
        click(qtbot, wizard, QWizard.WizardButton.CancelButton)
        seen["cancelled"] = True

    answer_modal(qtbot, cancel)
    start(practice, qtbot)
    qtbot.waitUntil(lambda: "cancelled" in seen and QApplication.activeModalWidget() is None)
    assert practice.is_new() and practice.audit.events() == []


def test_a_practice_in_use_opens_without_the_setup(demo_practice: Practice, qtbot: QtBot) -> None:
    window = start(demo_practice, qtbot)
    qtbot.wait(50)  # the setup would be up by now
    assert QApplication.activeModalWidget() is None
    assert window.isVisible()


def test_no_two_alt_keys_clash_on_a_step(practice: Practice, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    wizard = FirstRunWizard(practice)
    qtbot.addWidget(wizard)
    wizard.show()
    buttons = [wizard.button(b) for b in (QWizard.WizardButton.BackButton,
                                          QWizard.WizardButton.NextButton,
                                          QWizard.WizardButton.FinishButton)]  # fmt: skip
    for page_id in wizard.pageIds():
        page = wizard.page(page_id)
        texts = [b.text() for b in buttons]
        texts += [w.text() for w in page.findChildren(QAbstractButton)]
        texts += [w.text() for w in page.findChildren(QLabel) if w.buddy() is not None]
        keys = [t[t.index("&") + 1].lower() for t in texts if "&" in t[:-1]]
        assert len(keys) == len(set(keys)), (page.title(), texts)
