"""The Consents tab: signed consents listed, a signed copy saved, withdrawal and paper consents."""

from __future__ import annotations

import io
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import PHOTO, TREATMENT, ConsentState
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.paper_consent_dialog import PaperConsentDialog
from tests.gui.conftest import PromptRecorder
from tests.gui.modal import ModalAnswer, OnModal
from tests.helpers import TEST_NOW, details, signature

TODAY = TEST_NOW.date()


def open_with_consent(window: MainWindow, practice: Practice) -> tuple[int, int]:
    answers = ScreeningAnswers(answered_on=TODAY)
    client_id = practice.clients.create(details("Łucja", "Wiśniewska"), answers)
    record_id = practice.consents.sign(
        Signing(client_id, TREATMENT, "Dr Nowak", signature(1), signature(2)), answers
    )
    window.client_list.refresh()
    window.client_list.select(client_id)
    return client_id, record_id


def test_signed_consents_are_listed_with_their_standing(
    window: MainWindow, demo_practice: Practice
) -> None:
    _client_id, record_id = open_with_consent(window, demo_practice)
    tab = window.client_view.consents_tab
    assert tab.table.rowCount() == 1
    row = [tab.table.item(0, column).text() for column in range(tab.table.columnCount())]
    assert row[0] == "Treatment consent" and row[2] == "on screen" and row[3] == "1"
    assert row[4] == "current" and row[5] == f"#{record_id}, verified"


def test_a_signed_copy_is_saved_as_pdf(
    window: MainWindow, demo_practice: Practice, prompts: PromptRecorder, tmp_path: Path
) -> None:
    _client_id, record_id = open_with_consent(window, demo_practice)
    tab = window.client_view.consents_tab
    tab.table.selectRow(0)
    prompts.save_path = str(tmp_path / "copy")  # no extension typed
    tab.save_copy()
    saved = tmp_path / "copy.pdf"
    text = "".join(page.extract_text() for page in PdfReader(saved).pages)
    assert "Łucja Wiśniewska" in text and "(signed copy)" in text
    assert demo_practice.consents.record(record_id).record_hash in text.replace("\n", "")
    assert "Saved to" in tab.message.text()
    copy = tab.signed_copy()  # what "Print signed copy" sends to the printer
    assert copy is not None and copy.title == "Treatment consent - Łucja Wiśniewska (signed copy)"
    (event,) = [e for e in demo_practice.audit.events(limit=5) if e.action == "sheet.saved"]
    assert (event.target, event.detail) == (copy.title, str(saved))


def test_withdrawal_is_recorded_and_shown(
    window: MainWindow, demo_practice: Practice, prompts: PromptRecorder
) -> None:
    client_id, _record_id = open_with_consent(window, demo_practice)
    tab = window.client_view.consents_tab
    tab.table.selectRow(0)
    prompts.text = "Moving abroad"
    tab.withdraw()
    assert demo_practice.consents.status(client_id, TREATMENT).state is ConsentState.WITHDRAWN
    assert tab.table.item(0, 4).text().startswith("withdrawn")
    prompts.text = None  # cancelling asks nothing more
    tab.table.selectRow(0)
    tab.withdraw()
    assert len(demo_practice.consents.withdrawals(client_id)) == 1


def jpeg_scan(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 160), "white").save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def choose_paper(window: MainWindow, qtbot: QtBot, kind_label: str) -> None:
    """Click "Record a consent signed on paper" and pick the kind from its menu."""
    tab = window.client_view.consents_tab
    window.client_view.tabs.setCurrentWidget(tab)
    qtbot.mouseClick(tab.paper_button, Qt.MouseButton.LeftButton)
    menu = tab.paper_button.choices
    assert menu.isVisible()
    (action,) = [a for a in menu.actions() if a.text().startswith(kind_label)]
    menu.hide()
    action.trigger()


# A menu popping up offscreen says it cannot raise itself or grab the keyboard.
MENU_POPS_UP = pytest.mark.qt_log_ignore("does not support raise", "grabbing the keyboard")


@MENU_POPS_UP
def test_a_paper_consent_is_seen_dated_witnessed_and_confirmed_before_saving(
    window: MainWindow,
    qtbot: QtBot,
    demo_practice: Practice,
    prompts: PromptRecorder,
    tmp_path: Path,
) -> None:
    client_id, _ = open_with_consent(window, demo_practice)
    scan = jpeg_scan(tmp_path / "scan of the form.jpg")
    prompts.open_path = str(scan)
    seen: dict[str, object] = {}

    def work_in(dialog: PaperConsentDialog) -> None:
        seen["preview"] = not dialog.preview.pixmap().isNull()
        dates = dialog.dates
        problems = dialog.problems_label
        edit = dialog.signed_on_edit
        for typed in (dates.show(TODAY + timedelta(days=3)), dates.show(TODAY - timedelta(days=2))):
            edit.selectAll()
            qtbot.keyClicks(edit, typed)
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            seen.setdefault("said", []).append(problems.text())  # type: ignore[union-attr]
        assert demo_practice.consents.status(client_id, PHOTO).record_id is None
        edit.selectAll()
        qtbot.keyClicks(edit, dates.show(TODAY))
        assert "before this client's file was opened" not in problems.text()  # put right
        qtbot.keyClicks(dialog.witness_edit, "Anna Kowalska")
        for level in ("clinical", "marketing"):
            check = dialog.level_checks[level]
            qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))
        back = ModalAnswer("Go back")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["confirm"] = back.said
        assert dialog.isVisible()
        assert demo_practice.consents.status(client_id, PHOTO).record_id is None
        save = ModalAnswer("Save")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert save.said is not None

    worker = OnModal(work_in)
    choose_paper(window, qtbot, "Photo consent")
    worker.check()
    assert seen["preview"] is True
    future, before_file = seen["said"]  # type: ignore[misc]
    assert "is in the future" in future
    assert "before this client's file was opened" in before_file
    assert "witnessed by Anna Kowalska" in str(seen["confirm"])
    assert "cannot be changed" in str(seen["confirm"])

    status = demo_practice.consents.status(client_id, PHOTO)
    assert status.photo_levels == ("clinical", "marketing")
    record = demo_practice.consents.record(status.record_id)  # type: ignore[arg-type]
    assert record.method == "paper" and record.paper_scan == scan.read_bytes()
    assert record.witness_name == "Anna Kowalska"
    assert record.signed_at.replace(tzinfo=UTC).astimezone().date() == TODAY
    assert demo_practice.consents.verify(record.id)  # type: ignore[arg-type]
    tab = window.client_view.consents_tab
    assert tab.table.rowCount() == 2
    assert "recorded with scan of the form.jpg" in tab.message.text()


@MENU_POPS_UP
def test_cancelling_a_paper_consent_saves_nothing(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice, prompts: PromptRecorder,
    tmp_path: Path,
) -> None:  # fmt: skip
    client_id, _ = open_with_consent(window, demo_practice)
    prompts.open_path = str(jpeg_scan(tmp_path / "scan.jpg"))
    cancel = ModalAnswer("Cancel")
    choose_paper(window, qtbot, "Treatment consent")
    assert cancel.said is not None
    assert len(demo_practice.consents.records(client_id)) == 1

    prompts.open_path = str(tmp_path / "notes.txt")
    (tmp_path / "notes.txt").write_text("not a scan")
    choose_paper(window, qtbot, "Treatment consent")
    tab = window.client_view.consents_tab
    assert "JPEG or PNG picture, or a PDF" in tab.message.text()
    assert len(demo_practice.consents.records(client_id)) == 1


def test_ctrl_p_prints_the_consent_pack_of_the_open_client(
    window: MainWindow, demo_practice: Practice
) -> None:
    client_id, _ = open_with_consent(window, demo_practice)
    pack = demo_practice.sheets.consent_pack(client_id)  # what Ctrl+P previews
    assert pack.title == "Consent pack - Łucja Wiśniewska"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pack.pdf)).pages)
    assert text.index("Consent to microneedling") < text.index("Consent to photographs")
    assert text.count("Łucja Wiśniewska") >= 2
    assert window.print_action.shortcut().toString() == "Ctrl+P"


@MENU_POPS_UP
def test_a_pdf_scan_is_shown_before_anything_is_saved(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice, prompts: PromptRecorder,
    tmp_path: Path,
) -> None:  # fmt: skip
    client_id, _ = open_with_consent(window, demo_practice)
    scan = tmp_path / "scanned form.pdf"
    scan.write_bytes(demo_practice.sheets.consent(client_id).pdf)
    prompts.open_path = str(scan)
    seen: dict[str, bool] = {}

    def look_and_cancel(dialog: PaperConsentDialog) -> None:
        seen["preview"] = not dialog.preview.pixmap().isNull()
        (cancel,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel"]
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    worker = OnModal(look_and_cancel)
    choose_paper(window, qtbot, "Treatment consent")
    worker.check()
    assert seen["preview"]  # the PDF's first page, drawn
    assert len(demo_practice.consents.records(client_id)) == 1
