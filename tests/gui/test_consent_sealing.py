"""Signing in the window seals the signed copy off the GUI thread, and keeps it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dermadesk.core import consent_seal
from dermadesk.core.practice import Practice
from dermadesk.core.practice_key import certificate_pem
from dermadesk.gui.consent_dialog import ConsentDialog
from tests.gui.test_consent_flow import draw, open_dialog


def test_signing_seals_the_copy_on_a_worker_thread(
    practice: Practice, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real_seal = consent_seal.seal_pdf

    def watched(pdf: bytes, signer: object, reason: str = "") -> bytes:
        threads.append(threading.current_thread())
        return real_seal(pdf, signer, reason)  # type: ignore[arg-type]

    monkeypatch.setattr(consent_seal, "seal_pdf", watched)
    dialog, _client = open_dialog(practice, qtbot)
    dialog._go(2)
    draw(qtbot, dialog.client_sign.pad)
    dialog.practitioner_sign.name_edit.setText("Dr Ola Nowak")
    draw(qtbot, dialog.practitioner_sign.pad, wiggle=10)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == ConsentDialog.DialogCode.Accepted
    task = dialog.seal_task
    assert task is not None and dialog.record_id is not None
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert task.error is None
    assert threads and threads[0] is not threading.main_thread()
    sealed = consent_seal.sealed_copy(practice.store, dialog.record_id)
    assert sealed is not None
    status = consent_seal.validate_seal(sealed, certificate_pem(practice.data_dir))
    assert status.bottom_line  # intact, valid and made by the practice's certificate
