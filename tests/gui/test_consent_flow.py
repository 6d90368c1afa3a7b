"""The consent flow driven as the practitioner drives it: answers, the form, drawn signatures."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QCheckBox, QPushButton
from pytestqt.qtbot import QtBot

from dermadesk.core.consent_status import PHOTO, TREATMENT, ConsentState
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.gui.consent_dialog import ConsentDialog
from dermadesk.gui.signature_pad import SignaturePad
from tests.helpers import TEST_NOW, details

TODAY = TEST_NOW.date()


def draw(qtbot: QtBot, pad: SignaturePad, wiggle: int = 0) -> None:
    """Sign with the mouse: press, a few moves, release."""
    points = [
        QPoint(20, 90),
        QPoint(60, 40 + wiggle),
        QPoint(110, 95),
        QPoint(170, 45),
        QPoint(240, 80),
    ]
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=points[0])
    for point in points[1:]:
        qtbot.mouseMove(pad, point)
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=points[-1])


def open_dialog(
    practice: Practice, qtbot: QtBot, kind: str = TREATMENT
) -> tuple[ConsentDialog, int]:
    answers = ScreeningAnswers(answered_on=date(2026, 1, 2), keloid_tendency=True)
    client_id = practice.clients.create(details("Łucja", "Wiśniewska"), answers)
    dialog = ConsentDialog(practice, client_id, kind)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, client_id


def test_a_pad_keeps_what_was_drawn_and_clears(qtbot: QtBot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 150)
    pad.show()
    assert pad.is_empty() and pad.to_png() is None
    with qtbot.waitSignal(pad.changed):
        draw(qtbot, pad)
    assert not pad.is_empty()
    png = pad.to_png()
    assert png is not None and png.startswith(b"\x89PNG")
    image = QImage.fromData(png)
    assert 150 < image.width() * 0.5 < 260  # cropped to the ink, at twice screen resolution
    inked = sum(
        image.pixelColor(x, y).alpha() > 0
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    )
    assert inked > 20
    pad.clear()
    assert pad.is_empty()


def test_signing_a_treatment_consent(practice: Practice, qtbot: QtBot) -> None:
    dialog, client_id = open_dialog(practice, qtbot)
    assert dialog.stack.currentIndex() == 0
    assert dialog.screening.condition_checks["keloid_tendency"].isChecked()  # pre-filled
    dialog.screening.condition_checks["active_acne"].click()  # the client mentions acne
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    shown = dialog.form_view.toPlainText()
    assert "microneedling" in shown.lower() and "Your practice" in shown  # placeholders filled
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.sign_button.isVisible()

    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)  # nobody signed yet
    assert dialog.problems_label.isVisible()
    assert "The client has not signed yet." in dialog.problems_label.text()
    assert practice.consents.records(client_id) == []

    draw(qtbot, dialog.client_sign.pad)
    dialog.practitioner_sign.name_edit.setText("Dr Ola Nowak")
    draw(qtbot, dialog.practitioner_sign.pad, wiggle=10)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == ConsentDialog.DialogCode.Accepted
    (record,) = practice.consents.records(client_id)
    assert record.id == dialog.record_id
    assert record.practitioner_name == "Dr Ola Nowak"
    assert record.client_signature and record.client_signature.startswith(b"\x89PNG")
    assert '"active_acne": true' in record.answers and '"keloid_tendency": true' in record.answers
    assert practice.consents.verify(record.id)
    # The changed answers were kept as new, dated answers; the old ones stay.
    history = practice.clients.screening_history(client_id)
    assert [h.answered_on for h in history] == [TODAY, date(2026, 1, 2)]
    assert practice.consents.status(client_id, TREATMENT).state is ConsentState.SIGNED


def test_a_witness_signs_when_asked(practice: Practice, qtbot: QtBot) -> None:
    dialog, client_id = open_dialog(practice, qtbot)
    dialog._go(2)
    draw(qtbot, dialog.client_sign.pad)
    draw(qtbot, dialog.practitioner_sign.pad)
    dialog.witness_check.setChecked(True)
    draw(qtbot, dialog.witness_sign.pad)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert "their name is required" in dialog.problems_label.text()
    dialog.witness_sign.name_edit.setText("Anna Kowalska")
    assert dialog.sign()
    (record,) = practice.consents.records(client_id)
    assert record.witness_name == "Anna Kowalska" and record.witness_signature


def test_a_photo_consent_starts_at_the_form_and_needs_a_level(
    practice: Practice, qtbot: QtBot
) -> None:
    dialog, client_id = open_dialog(practice, qtbot, PHOTO)
    assert dialog.stack.currentIndex() == 1  # no screening step for photographs
    assert not dialog.back_button.isEnabled()
    dialog._go(2)
    draw(qtbot, dialog.client_sign.pad)
    draw(qtbot, dialog.practitioner_sign.pad)
    assert not dialog.sign()
    assert "what the photographs may be used for" in dialog.problems_label.text()
    dialog._go(1)
    dialog.level_checks["clinical"].setChecked(True)
    assert dialog.client_sign.pad.is_empty()  # signed before the choice: sign again
    dialog._go(2)
    draw(qtbot, dialog.client_sign.pad)
    draw(qtbot, dialog.practitioner_sign.pad)
    assert dialog.sign()
    assert practice.consents.status(client_id, PHOTO).photo_levels == ("clinical",)


def test_a_tap_on_the_pad_is_not_a_signature(practice: Practice, qtbot: QtBot) -> None:
    dialog, client_id = open_dialog(practice, qtbot)
    dialog._go(2)
    qtbot.mouseClick(dialog.client_sign.pad, Qt.MouseButton.LeftButton, pos=QPoint(50, 50))
    draw(qtbot, dialog.practitioner_sign.pad)
    assert dialog.client_sign.pad.is_empty()
    assert not dialog.sign()
    assert "The client's mark is too short to be a signature" in dialog.problems_label.text()
    assert practice.consents.records(client_id) == []


def shown_lines(dialog: ConsentDialog) -> list[tuple[int, str]]:
    """The form as shown: each paragraph's heading level (0 for body text) and its text."""
    document = dialog.form_view.document()
    block, lines = document.begin(), []
    while block.isValid():
        if block.text().strip():
            lines.append((block.blockFormat().headingLevel(), block.text()))
        block = block.next()
    return lines


def tick(qtbot: QtBot, check: QCheckBox) -> None:
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))


def test_the_form_is_set_out_like_the_printed_sheet(practice: Practice, qtbot: QtBot) -> None:
    dialog, _ = open_dialog(practice, qtbot)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    lines = shown_lines(dialog)
    assert lines[0] == (2, "Consent to microneedling (collagen induction therapy)")
    assert (3, "What the treatment is") in lines and (3, "Rare risks") in lines
    assert any(level == 0 and text.startswith("Microneedling uses") for level, text in lines)

    photo, _ = open_dialog(practice, qtbot, PHOTO)
    shown = photo.form_view.toPlainText()
    assert "☐" not in shown and "☒" not in shown  # no boxes that look clickable
    assert "No to photographs for my clinical record" in shown
    tick(qtbot, photo.level_checks["clinical"])
    shown = photo.form_view.toPlainText()
    assert "Yes to photographs for my clinical record" in shown
    assert "No to my photographs being used for marketing" in shown


def test_photo_levels_are_chosen_before_signing_and_a_change_clears_the_signatures(
    practice: Practice, qtbot: QtBot
) -> None:
    dialog, client_id = open_dialog(practice, qtbot, PHOTO)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentIndex() == 1  # nobody signs before the choice is made
    assert "Choose what the photographs may be used for" in dialog.problems_label.text()
    tick(qtbot, dialog.level_checks["clinical"])
    assert not dialog.problems_label.isVisible()  # put right: the message goes
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentIndex() == 2
    draw(qtbot, dialog.client_sign.pad)
    draw(qtbot, dialog.practitioner_sign.pad, wiggle=8)

    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    tick(qtbot, dialog.level_checks["marketing"])  # the client changes their mind
    assert dialog.client_sign.pad.is_empty() and dialog.practitioner_sign.pad.is_empty()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.cleared_note.isVisible()
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert practice.consents.records(client_id) == []  # not signed for the new choice
    draw(qtbot, dialog.client_sign.pad)
    assert not dialog.cleared_note.isVisible()
    draw(qtbot, dialog.practitioner_sign.pad, wiggle=8)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    (record,) = practice.consents.records(client_id)
    assert record.photo_levels == '["clinical", "marketing"]'


def test_the_signature_page_opens_on_the_pad_not_a_name(practice: Practice, qtbot: QtBot) -> None:
    dialog, _ = open_dialog(practice, qtbot)
    dialog.practitioner_sign.name_edit.setText("Dr Ola Nowak")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.focusWidget() is dialog.client_sign.pad
    qtbot.keyClicks(dialog.focusWidget(), "x")  # a stray key
    assert dialog.client_sign.name_edit.text() == "Łucja Wiśniewska"
    assert dialog.practitioner_sign.name_edit.text() == "Dr Ola Nowak"


def test_signature_messages_follow_the_pads(practice: Practice, qtbot: QtBot) -> None:
    dialog, client_id = open_dialog(practice, qtbot)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert "The client has not signed yet." in dialog.problems_label.text()
    assert "The practitioner has not signed yet." in dialog.problems_label.text()

    draw(qtbot, dialog.client_sign.pad)  # while signing, the stale message goes
    assert "The client has not signed yet." not in dialog.problems_label.text()
    assert "The practitioner has not signed yet." in dialog.problems_label.text()

    pad = dialog.practitioner_sign.pad
    qtbot.mouseClick(pad, Qt.MouseButton.LeftButton, pos=QPoint(60, 60))  # a dot
    assert "too short to be a signature" in dialog.practitioner_sign.note.text()
    assert "too short to be a signature" in dialog.problems_label.text()
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert "The practitioner's mark is too short to be a signature" in dialog.problems_label.text()
    assert practice.consents.records(client_id) == []

    qtbot.mouseClick(dialog.practitioner_sign.findChild(QPushButton, "practitionerClear"),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    draw(qtbot, pad, wiggle=6)
    assert not dialog.practitioner_sign.note.isVisible()
    assert not dialog.problems_label.isVisible()
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert len(practice.consents.records(client_id)) == 1


def test_every_step_fits_a_700_pixel_screen(practice: Practice, qtbot: QtBot) -> None:
    dialog, _ = open_dialog(practice, qtbot)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    dialog.witness_check.click()  # the tallest page: three people sign
    assert dialog.witness_sign.isVisibleTo(dialog)
    assert dialog.minimumSizeHint().height() <= 650
