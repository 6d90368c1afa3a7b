"""A plain (older) practice is opened, then offered its encryption before its window: the
warning, the passphrase twice (weak or differing ones refused), the conversion with its
progress, the recovery code, and the practice opened again, encrypted; or Not now."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from dermadesk.core import keys
from dermadesk.core.clock import Clock
from dermadesk.core.encrypt_practice import plain_copies
from dermadesk.gui.unlock_convert import EncryptOffer
from dermadesk.gui.unlock_start import open_first
from tests.gui.modal_answers import answer_when_shown
from tests.gui.plain_practice import make_plain_practice

PASSPHRASE = "seven swans by the mill pond"


def type_twice(qtbot: QtBot, offer: EncryptOffer, first: str, again: str) -> None:
    for field, text in ((offer.passphrase.first, first), (offer.passphrase.again, again)):
        field.clear()
        qtbot.keyClicks(field, text)


def press(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_offer_refuses_weak_or_differing_passphrases_and_not_now_keeps_it_plain(
    data_dir: Path, qtbot: QtBot, clock: Clock
) -> None:
    make_plain_practice(data_dir, clients=2)
    said: dict[str, str] = {}

    def answer(offer: EncryptOffer) -> None:
        said["warning"] = offer.windowTitle()
        type_twice(qtbot, offer, "", "")
        press(qtbot, offer.encrypt_button)
        said["empty"] = offer.problem.text()
        type_twice(qtbot, offer, "letmein", "letmein")
        press(qtbot, offer.encrypt_button)
        said["weak"] = offer.problem.text()
        type_twice(qtbot, offer, PASSPHRASE, PASSPHRASE.upper())
        press(qtbot, offer.encrypt_button)
        said["differ"] = offer.problem.text()
        press(qtbot, offer.not_now_button)

    seen = answer_when_shown(EncryptOffer, answer)
    practice = open_first(data_dir, clock)
    assert "error" not in seen and practice is not None
    with practice:
        assert not practice.encrypted and practice.clients.count() == 2
    assert said["warning"] == "Encrypt this practice?"
    assert "Choose a passphrase" in said["empty"]
    assert "10 characters" in said["weak"] or "common" in said["weak"]
    assert "not the same" in said["differ"]
    assert not keys.has_keys(data_dir)


def test_the_offer_encrypts_shows_the_code_and_opens_the_practice_encrypted(
    data_dir: Path, qtbot: QtBot, clock: Clock
) -> None:
    _encrypts(data_dir, qtbot, clock)


def _encrypts(data_dir: Path, qtbot: QtBot, clock: Clock) -> None:
    """Encrypt through the offer; the practice then opens encrypted, with its clients."""
    make_plain_practice(data_dir, clients=3)
    shown: dict[str, str] = {}

    def answer(offer: EncryptOffer) -> None:
        type_twice(qtbot, offer, PASSPHRASE, PASSPHRASE)
        press(qtbot, offer.encrypt_button)
        qtbot.waitUntil(lambda: offer.stack.currentIndex() == 2, timeout=60_000)
        shown["code"] = offer.code_view.code_label.text()
        shown["done"] = offer.done_label.text()
        assert not offer.open_button.isEnabled()  # not before the tick
        offer.code_view.tick.click()
        press(qtbot, offer.open_button)

    seen = answer_when_shown(EncryptOffer, answer)
    practice = open_first(data_dir, clock)
    assert "error" not in seen and practice is not None
    with practice:
        assert practice.encrypted and practice.clients.count() == 3
        code = "-".join(shown["code"].split())
        assert keys.unlock(data_dir, PASSPHRASE) == practice.key
        assert keys.unlock_with_recovery_code(data_dir, code) == practice.key
    (kept,) = plain_copies(data_dir)  # said on the code's page, to be deleted once checked
    assert str(kept) in shown["done"] and "delete it" in shown["done"]
