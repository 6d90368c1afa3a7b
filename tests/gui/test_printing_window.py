"""Printing from the window as reception does: the menu or Ctrl+P, the preview, the print
dialog's Print button, a real CUPS queue, and the printed PDF read back."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import TypeVar

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import PHOTO, TREATMENT
from dermadesk.core.demo import DEMO_PRACTICE
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.gui import printing
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.settings.dialog import SettingsDialog
from dermadesk.gui.ui_state import UiState
from tests.helpers import TEST_NOW, details, signature
from tests.print_spool import (
    PRINTER,
    needs_queue,
    nothing_printed_with,
    page_count,
    printed_so_far,
    wait_for_printed,
)

TODAY = TEST_NOW.date()
SESSIONS = 20
T = TypeVar("T")


class ModalDriver:
    """Answers the modal dialogs as they come up, the way a person would, and notes them.

    `answers` maps a dialog's class to what to do with it; a dialog no answer
    names is left alone (the test then hangs, so every expected one is named).
    """

    def __init__(
        self, answers: dict[type, Callable[[QWidget], bool]], give_up_after: float = 60
    ) -> None:
        self.answers = answers
        self.seen: list[str] = []
        # The dialogs answered, kept: a later dialog may get a finished one's id().
        self._done: list[QWidget] = []
        self._give_up_at = time.monotonic() + give_up_after
        self.timer = QTimer()
        self.timer.setInterval(30)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        shown = QApplication.activeModalWidget()
        if shown is not None and time.monotonic() > self._give_up_at:
            self.seen.append(f"gave up on {type(shown).__name__}")  # the test fails, not hangs
            shown.reject()  # type: ignore[attr-defined]
            return
        if shown is None or any(shown is done for done in self._done):
            return
        for kind, answer in self.answers.items():
            if isinstance(shown, kind):
                if kind.__name__ not in self.seen[-1:]:
                    self.seen.append(kind.__name__)
                if answer(shown):  # True: answered, never again
                    self._done.append(shown)
                return

    def stop(self) -> None:
        self.timer.stop()


class LoopTurns:
    """Counts the turns of the window's event loop (a timer on the GUI thread), and lets work
    on another thread wait until the loop has turned: work on the GUI thread itself would
    wait in vain, as nothing turns the loop while it waits."""

    def __init__(self) -> None:
        self.turns = 0
        self._changed = threading.Condition()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._turned)
        self.timer.start()

    def _turned(self) -> None:
        with self._changed:
            self.turns += 1
            self._changed.notify_all()

    def wait_for_turns(self, turns: int, timeout_s: float) -> bool:
        """True once the loop has turned `turns` times since the call; False after `timeout_s`."""
        with self._changed:
            until = self.turns + turns
            return self._changed.wait_for(lambda: self.turns >= until, timeout_s)


def held_until_the_window_answers(
    loop: LoopTurns, name: str, work: Callable[..., T], seen: list[tuple[str, bool, bool]]
) -> Callable[..., T]:
    """`work`, noting whether it ran on the GUI thread and whether the window's event loop
    turned while it was under way (it waits for that before it goes on)."""

    def run(*args: object, **kwargs: object) -> T:
        on_gui_thread = threading.current_thread() is threading.main_thread()
        answered = loop.wait_for_turns(3, timeout_s=0.5 if on_gui_thread else 60)
        seen.append((name, on_gui_thread, answered))
        return work(*args, **kwargs)

    return run


def click(dialog: QWidget, text: str) -> None:
    """Click the dialog's button whose text (without its & mnemonic) is `text`, once the
    driver's timer has returned (the click may open a dialog of its own, with its own loop)."""
    (button,) = [
        b
        for b in dialog.findChildren(QPushButton)
        if b.text().replace("&", "") == text and b.isVisible()
    ]
    QTimer.singleShot(0, lambda: QTest.mouseClick(button, Qt.MouseButton.LeftButton))


def print_on_test_printer(dialog: QWidget) -> bool:
    """The print dialog: pick the test printer and press Print."""
    for combo in dialog.findChildren(QComboBox):
        if combo.findText(PRINTER) >= 0:
            combo.setCurrentIndex(combo.findText(PRINTER))
    click(dialog, "Print")
    return True


def press_ctrl_p(dialog: QWidget) -> bool:
    """Ctrl+P on the dialog (after the driver's timer has returned, as click does)."""
    keys = lambda: QTest.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # noqa: E731
    QTimer.singleShot(0, keys)
    return True


@pytest.fixture
def day_window(practice: Practice, qtbot: QtBot) -> Iterator[MainWindow]:
    """The window on a practice with 20 planned sessions today; each client's surname is
    unique to this run, so the printed job is told apart from anyone else's."""
    practice.settings.set_practice_details(DEMO_PRACTICE)
    run = uuid.uuid4().hex[:6]
    start = datetime.combine(TODAY, clock(8))
    for number in range(SESSIONS):
        client_id = practice.clients.create(
            details("Client", f"Day{run}x{number:02d}"), ScreeningAnswers(answered_on=TODAY)
        )
        practice.sessions.book(client_id, start + timedelta(minutes=25 * number))
    shown = MainWindow(practice, UiState(practice.data_dir))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.run_id = run  # type: ignore[attr-defined]
    yield shown


@needs_queue
@pytest.mark.slow
def test_the_day_pack_is_prepared_while_the_window_keeps_working_and_prints_as_a_pdf(
    day_window: MainWindow, practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = day_window.run_id  # type: ignore[attr-defined]
    # One client has both consents on file: a cover line only, no blank forms.
    signed = practice.clients.search_ids(f"Day{run}x00")[0]
    answers = practice.clients.latest_screening(signed)
    practice.consents.sign(Signing(signed, TREATMENT, "Dr M", signature(1), signature(2)), answers)
    practice.consents.sign(
        Signing(signed, PHOTO, "Dr M", signature(1), signature(2), photo_levels=("clinical",))
    )
    # The packs are prepared off the GUI thread: both steps of the preparation wait, on their
    # worker, until the window's event loop has turned, which it does only if it is free
    # (it was not: the window stood still for 26 s, painting pages). No clock is read, so a
    # busy machine makes it slower, never wrong.
    loop = LoopTurns()
    seen: list[tuple[str, bool, bool]] = []
    sheets = practice.sheets
    monkeypatch.setattr(
        sheets, "day_pack", held_until_the_window_answers(loop, "gather", sheets.day_pack, seen)
    )
    monkeypatch.setattr(
        printing, "prepare", held_until_the_window_answers(loop, "lay out", printing.prepare, seen)
    )
    progress_values: list[int] = []

    def watch_progress(box: QWidget) -> bool:
        progress_values.append(box.value())  # type: ignore[attr-defined]
        return False  # keep watching: it closes by itself

    driver = ModalDriver(
        {
            QProgressDialog: watch_progress,
            QPrintPreviewDialog: press_ctrl_p,
            QPrintDialog: print_on_test_printer,
        }
    )
    before = printed_so_far()
    day_window.print_day_action.trigger()
    driver.stop()
    loop.timer.stop()
    assert driver.seen == ["QProgressDialog", "QPrintPreviewDialog", "QPrintDialog"]
    # (step, on the GUI thread, the window answered meanwhile)
    assert seen == [("gather", False, True), ("lay out", False, True)]
    assert max(progress_values) > 0
    printed, text = wait_for_printed(before, f"Client Day{run}x19")
    assert all(f"Client Day{run}x{n:02d}" in text for n in range(SESSIONS))
    assert text.count("Consent to microneedling") == SESSIONS - 1  # not for the one on file
    assert "Nothing to sign: the consents on file hold for the day." in text
    assert page_count(printed) == 3 * (SESSIONS - 1) + 1
    printed.unlink()
    (event,) = [e for e in practice.audit.events(limit=5) if e.action == "sheet.printed"]
    assert event.target.startswith("Consent packs - ")


@needs_queue
def test_cancel_stops_the_day_pack_and_nothing_is_spooled(
    day_window: MainWindow, practice: Practice
) -> None:
    run = day_window.run_id  # type: ignore[attr-defined]
    asked: list[str] = []

    def cancel(box: QWidget) -> bool:
        if box.value() <= 0:  # type: ignore[attr-defined]
            return False  # wait until the layout is under way
        click(box, "Cancel")
        return True

    def preview(dialog: QWidget) -> bool:
        asked.append("preview")
        dialog.reject()  # type: ignore[attr-defined]
        return True

    driver = ModalDriver({QProgressDialog: cancel, QPrintPreviewDialog: preview})
    before = printed_so_far()
    day_window.print_day_action.trigger()
    driver.stop()
    assert driver.seen == ["QProgressDialog"] and not asked  # stopped: no preview, no job
    assert nothing_printed_with(before, f"Day{run}")
    assert not [e for e in practice.audit.events(limit=5) if e.action == "sheet.printed"]


@needs_queue
def test_ctrl_p_prints_the_consent_pack_as_a_pdf_from_the_preview(
    day_window: MainWindow, qtbot: QtBot, practice: Practice
) -> None:
    run = day_window.run_id  # type: ignore[attr-defined]
    client_id = practice.clients.search_ids(f"Day{run}x07")[0]
    day_window.client_view.show_client(client_id)
    driver = ModalDriver(
        {
            QProgressDialog: lambda _box: False,  # three pages: prepared off the GUI thread
            QPrintPreviewDialog: press_ctrl_p,
            QPrintDialog: print_on_test_printer,
        }
    )
    before = printed_so_far()
    QTest.keyClick(day_window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    driver.stop()
    assert driver.seen[-2:] == ["QPrintPreviewDialog", "QPrintDialog"]
    printed, text = wait_for_printed(before, f"Client Day{run}x07")
    assert "Consent to microneedling" in text and "Consent to photographs" in text
    assert page_count(printed) == 3
    # The audit trail names the sheet as the print queue did (cups-pdf: spaces as _).
    (event,) = [e for e in practice.audit.events(limit=5) if e.action == "sheet.printed"]
    assert event.target == f"Consent pack - Client Day{run}x07"
    assert printed.name.startswith(event.target.replace(" ", "_"))
    assert (event.client_id, event.detail) == (client_id, "treatment and photo forms")
    printed.unlink()


def test_printing_is_refused_until_the_practice_has_a_name_and_phone(
    practice: Practice, qtbot: QtBot
) -> None:
    client_id = practice.clients.create(details("Zoë", "Notyet"))  # a new practice: no details
    window = MainWindow(practice, UiState(practice.data_dir))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.client_view.show_client(client_id)
    told: list[str] = []
    opened: list[bool] = []

    def refusal(box: QWidget) -> bool:
        told.append(box.text())  # type: ignore[attr-defined]
        click(box, "Open Practice settings")
        return True

    def settings(dialog: QWidget) -> bool:
        opened.append(True)
        dialog.reject()  # type: ignore[attr-defined]
        return True

    driver = ModalDriver(
        {QMessageBox: refusal, SettingsDialog: settings, QPrintPreviewDialog: lambda _d: False}
    )
    window.print_action.trigger()
    assert told and told[0].startswith("The practice's name and phone number are not set yet")
    assert opened == [True]  # the window's own Practice settings, as its menu opens them
    told.clear()

    def close(box: QWidget) -> bool:
        told.append(box.text())  # type: ignore[attr-defined]
        click(box, "Close")
        return True

    driver.answers[QMessageBox] = close
    window.print_day_action.trigger()
    driver.stop()
    assert told and "Practice settings" in told[0]
    assert "QPrintPreviewDialog" not in driver.seen


def test_print_to_file_writes_the_chosen_pages_of_the_pdf_itself(
    day_window: MainWindow, practice: Practice, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QLineEdit, QRadioButton, QSpinBox

    run = day_window.run_id  # type: ignore[attr-defined]
    day_window.client_view.show_client(practice.clients.search_ids(f"Day{run}x03")[0])
    target = tmp_path / "pages two and three.pdf"

    def to_file(dialog: QWidget) -> bool:
        (printers,) = [c for c in dialog.findChildren(QComboBox) if c.objectName() == "printers"]
        printers.setCurrentIndex(printers.findText("Print to File (PDF)"))
        (name,) = [e for e in dialog.findChildren(QLineEdit) if e.objectName() == "filename"]
        # Set, not typed: typing a path opens the field's completer popup, which the
        # offscreen platform cannot raise (a Qt warning, and so a failure).
        name.setText(str(target))
        QTest.mouseClick(
            next(b for b in dialog.findChildren(QPushButton) if "Options" in b.text()),
            Qt.MouseButton.LeftButton,
        )
        (pages,) = [r for r in dialog.findChildren(QRadioButton) if r.text() == "Pages from"]
        QTest.mouseClick(pages, Qt.MouseButton.LeftButton)
        for spin_box, number in (("to", "3"), ("from", "2")):
            (spin,) = [b for b in dialog.findChildren(QSpinBox) if b.objectName() == spin_box]
            spin.lineEdit().selectAll()
            QTest.keyClicks(spin, number)
        click(dialog, "Print")
        return True

    driver = ModalDriver(
        {
            QProgressDialog: lambda _box: False,
            QPrintPreviewDialog: press_ctrl_p,
            QPrintDialog: to_file,
        }
    )
    day_window.print_action.trigger()
    driver.stop()
    pages = PdfReader(target).pages
    assert len(pages) == 2  # the treatment form's second page, and the photo form
    assert "Signatures" in pages[0].extract_text()  # text, not pictures of it
    assert "Consent to photographs" in pages[1].extract_text()
