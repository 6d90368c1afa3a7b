"""Tab goes through the Designer-built dialogs in the order they show their fields, the
widgets made in code included (they are put into the form after it is built)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from dermadesk.core.consent_status import PHOTO, TREATMENT
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.gui.consent_dialog import SIGN_STEP, ConsentDialog
from dermadesk.gui.paper_consent_dialog import PaperConsentDialog
from dermadesk.gui.session_editor import SessionEditor
from tests.helpers import details

ANSWERED = date(2026, 1, 2)


def _client(practice: Practice) -> int:
    return practice.clients.create(details(), ScreeningAnswers(answered_on=ANSWERED))


def _shown(qtbot: QtBot, window: QWidget) -> None:
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _tab_from(qtbot: QtBot, widget: QWidget) -> QWidget | None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return QApplication.focusWidget()


def test_the_session_editor_tabs_from_start_to_the_body_buttons_then_to_the_table(
    practice: Practice, qtbot: QtBot
) -> None:
    session_id = practice.sessions.book(_client(practice), datetime(2026, 11, 2, 10))
    editor = SessionEditor(practice, session_id)
    _shown(qtbot, editor)
    first_body_button = next(iter(editor.body_buttons.values()))
    assert _tab_from(qtbot, editor.start_button) is first_body_button
    assert _tab_from(qtbot, editor.remove_button) is editor.areas  # "Same as last" is off


def test_the_consent_dialog_tabs_through_the_signatures_as_shown(
    practice: Practice, qtbot: QtBot
) -> None:
    dialog = ConsentDialog(practice, _client(practice), TREATMENT)
    _shown(qtbot, dialog)
    dialog.next_button.click()
    dialog.next_button.click()
    assert dialog.stack.currentIndex() == SIGN_STEP
    assert _tab_from(qtbot, dialog.practitioner_sign.pad) is dialog.witness_check
    dialog.witness_check.click()
    assert _tab_from(qtbot, dialog.witness_check) is dialog.witness_sign.name_edit


def test_the_photo_consent_tabs_from_the_form_to_the_choice(
    practice: Practice, qtbot: QtBot
) -> None:
    dialog = ConsentDialog(practice, _client(practice), PHOTO)
    _shown(qtbot, dialog)
    first_level = next(iter(dialog.level_checks.values()))
    assert _tab_from(qtbot, dialog.form_view) is first_level


def test_the_paper_consent_tabs_from_the_witness_to_the_ticks(
    practice: Practice, qtbot: QtBot, tmp_path: Path
) -> None:
    scan = tmp_path / "signed.png"
    image = QImage(200, 280, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    assert image.save(str(scan))
    dialog = PaperConsentDialog(practice, _client(practice), PHOTO, scan, scan.read_bytes())
    _shown(qtbot, dialog)
    first_level = next(iter(dialog.level_checks.values()))
    assert _tab_from(qtbot, dialog.witness_edit) is first_level
