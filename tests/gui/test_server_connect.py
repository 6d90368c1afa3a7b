"""Connecting to a practice server, as the practitioner does it: the address typed, Connect
clicked; for a server on another computer, its certificate's fingerprint compared, then
trusted or not with a click."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dermadesk.core.server_address import CERTIFICATE_FILE, fingerprint_of
from dermadesk.gui.server_connect import MISMATCH, ServerConnectDialog
from tests.tls_postgres import TlsServer

# Another address of this computer: a server there is "on another computer" to the dialog.
OTHER_COMPUTER = "127.0.0.2"


def _dialog(qtbot: QtBot, data_dir: Path) -> ServerConnectDialog:
    dialog = ServerConnectDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type_and_connect(qtbot: QtBot, dialog: ServerConnectDialog, text: str) -> None:
    qtbot.keyClicks(dialog.field, text)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)


def test_a_server_on_this_computer_is_accepted_at_once(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, tmp_path)
    _type_and_connect(qtbot, dialog, "postgresql://dermadesk@localhost/practice")
    assert dialog.result() == ServerConnectDialog.DialogCode.Accepted
    assert dialog.address is not None and dialog.address.database == "practice"


def test_an_address_that_is_not_a_server_is_said_and_the_dialog_stays(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, tmp_path)
    _type_and_connect(qtbot, dialog, "mysql://reception/practice")
    assert dialog.isVisible()
    assert "starts with postgresql://" in dialog.problem.text()
    assert dialog.address is None


def _network_server(tls_server: TlsServer) -> str:
    if tls_server.network_host is None:
        pytest.skip("this computer has no network address to reach its test server by")
    return f"postgresql://postgres@{tls_server.network_host}:{tls_server.port}/postgres"


def _expected_fingerprint(tls_server: TlsServer) -> str:
    certificate = x509.load_pem_x509_certificate(tls_server.certificate)
    return fingerprint_of(certificate.public_bytes(serialization.Encoding.DER))


def test_a_server_on_another_computer_is_trusted_once_its_fingerprint_is_compared(
    qtbot: QtBot, tmp_path: Path, tls_server: TlsServer
) -> None:
    dialog = _dialog(qtbot, tmp_path)
    _type_and_connect(qtbot, dialog, _network_server(tls_server))
    qtbot.waitUntil(dialog.fingerprint.isVisible, timeout=10_000)
    assert dialog.fingerprint.text().replace("\n", ":") == _expected_fingerprint(tls_server)
    assert dialog.result() != ServerConnectDialog.DialogCode.Accepted  # nothing trusted yet
    qtbot.mouseClick(dialog.matches_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == ServerConnectDialog.DialogCode.Accepted
    assert dialog.address is not None and (tmp_path / CERTIFICATE_FILE).exists()
    conninfo = dialog.address.sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo) as connection:  # verified against the pinned certificate
        assert connection.pgconn.ssl_in_use


def test_a_fingerprint_that_does_not_match_trusts_nothing(
    qtbot: QtBot, tmp_path: Path, tls_server: TlsServer
) -> None:
    dialog = _dialog(qtbot, tmp_path)
    _type_and_connect(qtbot, dialog, _network_server(tls_server))
    qtbot.waitUntil(dialog.fingerprint.isVisible, timeout=10_000)
    qtbot.keyClick(dialog.differs_button, Qt.Key.Key_Space)  # focus starts on "does not match"
    assert dialog.isVisible() and dialog.address is None
    assert dialog.problem.text() == MISMATCH
    assert not (tmp_path / CERTIFICATE_FILE).exists()


@pytest.fixture
def silent_server() -> Iterator[socket.socket]:
    """A port on another address of this computer (so the dialog asks for its certificate)
    that takes connections and never answers, until the test closes it."""
    listener = socket.create_server((OTHER_COMPUTER, 0))
    yield listener
    listener.close()


def _address(port: int) -> str:
    return f"postgresql://dermadesk@{OTHER_COMPUTER}:{port}/practice"


def test_a_server_that_does_not_answer_is_said_in_words(qtbot: QtBot, tmp_path: Path) -> None:
    # Nothing listens there: refused at once. (A computer that is off says the same only after
    # the connection's timeout, seconds a test would wait out.)
    with socket.create_server((OTHER_COMPUTER, 0)) as taken:
        port = taken.getsockname()[1]
    dialog = _dialog(qtbot, tmp_path)
    _type_and_connect(qtbot, dialog, _address(port))
    qtbot.waitUntil(lambda: bool(dialog.problem.text()), timeout=15_000)
    assert "cannot be reached" in dialog.problem.text()
    assert dialog.address is None


def test_closing_the_dialog_while_the_server_is_asked_leaves_nothing_behind(
    qtbot: QtBot, tmp_path: Path, silent_server: socket.socket
) -> None:
    dialog = _dialog(qtbot, tmp_path)
    _type_and_connect(qtbot, dialog, _address(silent_server.getsockname()[1]))
    task = dialog.task
    assert task is not None and dialog.working.isVisible()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == ServerConnectDialog.DialogCode.Rejected
    assert not task.done  # still waiting for the server
    silent_server.close()  # the server hangs up at last: the asking ends in an error
    qtbot.waitUntil(lambda: task.done, timeout=15_000)  # its answer came, and found no one
    assert dialog.problem.text() == "" and dialog.address is None
