"""A plain (older) practice is opened, then offered its encryption before its window: the
warning, the passphrase twice (weak or differing ones refused), the conversion with its
progress, the recovery code, and the practice opened again, encrypted; or Not now."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from dermadesk.core import keys
from dermadesk.core.clock import Clock
from dermadesk.gui.unlock_convert import EncryptOffer
from dermadesk.gui.unlock_start import open_first
from tests.gui.plain_practice import make_plain_practice

PASSPHRASE = "seven swans by the mill pond"
HAS_CONVERSION = importlib.util.find_spec("dermadesk.core.encrypt_practice") is not None


def on_offer(act: Callable[[EncryptOffer], None]) -> dict[str, object]:
    seen: dict[str, object] = {}

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, EncryptOffer):
            QTimer.singleShot(20, look)
            return
        try:
            act(modal)
        except BaseException as error:  # reported by the test, never left hanging
            seen["error"] = error
            modal.done(0)

    QTimer.singleShot(0, look)
    return seen


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
        if not HAS_CONVERSION:  # this build has no conversion yet: said, nothing changed
            type_twice(qtbot, offer, PASSPHRASE, PASSPHRASE)
            press(qtbot, offer.encrypt_button)
            said["missing"] = offer.problem.text()
        press(qtbot, offer.not_now_button)

    seen = on_offer(answer)
    practice = open_first(data_dir, clock)
    assert "error" not in seen and practice is not None
    with practice:
        assert not practice.encrypted and practice.clients.count() == 2
    assert said["warning"] == "Encrypt this practice?"
    assert "Choose a passphrase" in said["empty"]
    assert "10 characters" in said["weak"] or "common" in said["weak"]
    assert "not the same" in said["differ"]
    if not HAS_CONVERSION:
        assert "cannot encrypt a practice yet" in said["missing"]
    assert not keys.has_keys(data_dir)


@pytest.mark.skipif(not HAS_CONVERSION, reason="core.encrypt_practice (the store part) is not in")
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
        assert not offer.open_button.isEnabled()  # not before the tick
        offer.code_view.tick.click()
        press(qtbot, offer.open_button)

    seen = on_offer(answer)
    practice = open_first(data_dir, clock)
    assert "error" not in seen and practice is not None
    with practice:
        assert practice.encrypted and practice.clients.count() == 3
        code = "-".join(shown["code"].split())
        assert keys.unlock(data_dir, PASSPHRASE) == practice.key
        assert keys.unlock_with_recovery_code(data_dir, code) == practice.key


def _stand_in_conversion(
    data_dir: Path, passphrase: str, progress: Callable[[int, int], None]
) -> str:
    """What core.encrypt_practice does, in short (keys, then the database exported into an
    encrypted copy that takes its place), for the dialog's flow until the store part is in."""
    from sqlcipher3 import dbapi2

    made = keys.create_keys(data_dir, passphrase)
    database, encrypted = data_dir / "dermadesk.db", data_dir / "encrypted.db"
    connection = dbapi2.connect(str(database))
    try:
        connection.execute(f"ATTACH DATABASE '{encrypted}' AS enc KEY {made.key.database_pragma()}")
        connection.execute("SELECT sqlcipher_export('enc')")
        connection.execute("DETACH DATABASE enc")
    finally:
        connection.close()
    progress(1, 2)
    database.rename(data_dir / "plain-copy.db")
    encrypted.rename(database)
    progress(2, 2)
    return made.recovery_code


def test_the_offer_runs_the_conversion_on_a_worker_and_opens_the_practice_encrypted(
    data_dir: Path, qtbot: QtBot, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dialog's whole path, with a short stand-in for core's conversion."""
    from dermadesk.gui import unlock_convert

    monkeypatch.setattr(unlock_convert, "conversion", lambda: _stand_in_conversion)
    _encrypts(data_dir, qtbot, clock)
