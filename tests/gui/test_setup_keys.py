"""A new practice's first steps: its passphrase (a weak one refused, nothing made), then its
recovery code shown once, its sheet printed on a real CUPS queue and read back, and the tick
that lets the setup go on; driven through the wizard's own fields and buttons."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from dermadesk.core import keys
from dermadesk.core.clock import Clock
from dermadesk.gui.unlock_setup import NewPracticeKeys
from dermadesk.gui.unlock_start import open_first
from tests.gui.test_printing_window import ModalDriver, press_ctrl_p, print_on_test_printer
from tests.print_spool import needs_queue, printed_so_far, wait_for_printed

PASSPHRASE = "four words for the studio"


def when_shown(act: object) -> dict[str, object]:
    """Do `act(wizard)` once the setup is up (from inside its own event loop)."""
    seen: dict[str, object] = {}

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, NewPracticeKeys):
            QTimer.singleShot(20, look)
            return
        try:
            act(modal)  # type: ignore[operator]
        except BaseException as error:  # reported by the test, never left hanging
            seen["error"] = error
            modal.done(0)

    QTimer.singleShot(0, look)
    return seen


def press(qtbot: QtBot, wizard: QWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def choose_passphrase(qtbot: QtBot, wizard: NewPracticeKeys, text: str, again: str) -> None:
    pair = wizard.passphrase_step.passphrase
    for field, typed in ((pair.first, text), (pair.again, again)):
        field.clear()
        qtbot.keyClicks(field, typed)
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)


@needs_queue
def test_setup_refuses_a_weak_passphrase_then_shows_the_code_and_prints_its_sheet(
    data_dir: Path, qtbot: QtBot, clock: Clock
) -> None:
    seen: dict[str, object] = {}

    def set_up(wizard: NewPracticeKeys) -> None:
        step = wizard.passphrase_step
        choose_passphrase(qtbot, wizard, "password1", "password1")
        seen["weak"] = step.problem.text()
        seen["made after weak"] = keys.has_keys(data_dir)
        choose_passphrase(qtbot, wizard, PASSPHRASE, PASSPHRASE + "!")
        seen["differ"] = step.problem.text()
        choose_passphrase(qtbot, wizard, PASSPHRASE, PASSPHRASE)
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.code_step, timeout=10_000)
        view = wizard.code_step.view
        seen["code"] = view.code_label.text()
        seen["finish before tick"] = wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
        driver = ModalDriver(
            {QPrintPreviewDialog: press_ctrl_p, QPrintDialog: print_on_test_printer}
        )
        seen["before"] = printed_so_far()
        qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
        driver.stop()
        seen["printed through"] = driver.seen[-2:]
        wizard.reject()  # closing without the tick: refused, the code stays
        seen["still up"] = wizard.isVisible()
        seen["refusal"] = view.problem.text()
        view.tick.click()
        press(qtbot, wizard, QWizard.WizardButton.FinishButton)

    done = when_shown(set_up)
    practice = open_first(data_dir, clock)
    assert "error" not in done, done
    assert practice is not None
    with practice:
        assert practice.encrypted and practice.is_new()  # the details come next
        code = "-".join(str(seen["code"]).split())
        assert keys.unlock_with_recovery_code(data_dir, code) == practice.key
        assert keys.unlock(data_dir, PASSPHRASE) == practice.key
    assert "common" in str(seen["weak"]) and seen["made after weak"] is False
    assert "not the same" in str(seen["differ"])
    assert seen["finish before tick"] is False
    assert seen["still up"] is True and "cannot be shown again" in str(seen["refusal"])
    assert seen["printed through"] == ["QPrintPreviewDialog", "QPrintDialog"]
    groups = code.split("-")
    printed, text = wait_for_printed(seen["before"], groups[0])  # type: ignore[arg-type]
    words = " ".join(text.split())
    assert all(group in words for group in groups)
    assert "DermaDesk recovery code" in words and "Where to keep it" in words
    assert str(data_dir) in words.replace(" ", "") or data_dir.name in words
    printed.unlink()


def test_closing_the_setup_before_the_passphrase_makes_nothing(
    data_dir: Path, qtbot: QtBot, clock: Clock
) -> None:
    def close(wizard: NewPracticeKeys) -> None:
        qtbot.keyClicks(wizard.passphrase_step.passphrase.first, "half typed")
        press(qtbot, wizard, QWizard.WizardButton.CancelButton)

    done = when_shown(close)
    assert open_first(data_dir, clock) is None
    assert "error" not in done
    assert not keys.has_keys(data_dir) and not (data_dir / "dermadesk.db").exists()


@pytest.fixture(autouse=True)
def _no_passphrase_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DERMADESK_PASSPHRASE", raising=False)
