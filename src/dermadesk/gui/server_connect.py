"""Connect to a practice server: its address, checked in words, and for a server on another
computer its certificate's fingerprint, shown for the practitioner to compare with the one
the server's computer shows, before it is trusted. Asking for the certificate runs on a
worker (a server that does not answer takes seconds to give up)."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from dermadesk.core.server_address import (
    ServerAddress,
    ServerAddressError,
    ServerCertificate,
    fetch_certificate,
    needs_pinning,
    parse_address,
    trust_certificate,
)
from dermadesk.gui.unlock_fields import Working, big_button, big_field, code_font, problem_label
from dermadesk.gui.workers import BackgroundTask

EXPLAINED = (
    "When a practice has several computers, its client files live on one practice server. "
    "Type the address whoever set it up gave you. Never type a password into it: they keep "
    "the server's password on this computer for you (the README says how)."
)
COMPARE = (
    "{host} is another computer, so DermaDesk checks it is the practice's own server before "
    "sending anything. On the server's computer, whoever set it up shows its certificate's "
    "SHA-256 fingerprint (README, “A practice server”). Trust it only if every pair of "
    "characters below matches."
)
MISMATCH = (
    "Not connected. The server that answered is not the one set up for the practice, or its "
    "certificate was changed. Ask whoever set up the server before connecting."
)


def two_lines(fingerprint: str) -> str:
    """A SHA-256 fingerprint as two lines of 16 pairs: compared a line at a time, it fits."""
    pairs = fingerprint.split(":")
    half = (len(pairs) + 1) // 2
    return ":".join(pairs[:half]) + "\n" + ":".join(pairs[half:])


class ServerConnectDialog(QDialog):
    """Asks for a practice server's address; `address` holds it, checked, once accepted."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("serverConnect")
        self.setWindowTitle("Connect to a practice server")
        self.data_dir = data_dir
        self.address: ServerAddress | None = None
        self._unpinned: ServerAddress | None = None
        self._certificate: ServerCertificate | None = None
        self.task: BackgroundTask | None = None
        explained = QLabel(EXPLAINED)
        explained.setWordWrap(True)
        self.field = big_field(
            "serverAddress", "postgresql://dermadesk@reception-pc/practice", secret=False
        )
        self.problem = problem_label("serverProblem")
        self.working = Working()
        self.compare = QLabel()
        self.compare.setWordWrap(True)
        self.fingerprint = QLabel()
        self.fingerprint.setObjectName("serverFingerprint")
        self.fingerprint.setFont(code_font(self.font()))
        self.fingerprint.setWordWrap(True)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.matches_button = big_button("It &matches: trust this server", "fingerprintMatches")
        self.matches_button.clicked.connect(self._trust)
        self.differs_button = big_button("It &does not match", "fingerprintDiffers")
        self.differs_button.clicked.connect(self._distrust)
        self.cancel_button = big_button("Cancel", "cancelServer")
        self.cancel_button.clicked.connect(self.reject)
        self.connect_button = big_button("&Connect", "connectServer")
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.connect_to)
        self._lay_out(explained)
        self._show_certificate(False)

    def _lay_out(self, explained: QLabel) -> None:
        column = QVBoxLayout(self)
        column.addWidget(explained)
        label = QLabel("Practice server's &address")
        label.setBuddy(self.field)
        column.addWidget(label)
        column.addWidget(self.field)
        column.addWidget(self.problem)
        column.addWidget(self.working)
        column.addWidget(self.compare)
        column.addWidget(self.fingerprint)
        choice = QHBoxLayout()
        choice.addWidget(self.differs_button)
        choice.addStretch(1)
        choice.addWidget(self.matches_button)
        column.addLayout(choice)
        column.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.connect_button)
        column.addLayout(buttons)
        whole_line = self.fingerprint.fontMetrics().horizontalAdvance("AB:" * 16)
        self.setMinimumWidth(max(600, whole_line + 40))

    def _show_certificate(self, shown: bool) -> None:
        for widget in (self.compare, self.fingerprint, self.matches_button, self.differs_button):
            widget.setVisible(shown)
        self.connect_button.setVisible(not shown)
        self.field.setReadOnly(shown)

    def connect_to(self) -> None:
        """Check the address; a server on another computer has its certificate fetched."""
        self.problem.clear()
        try:
            address = parse_address(self.field.text(), verified=False)
        except ServerAddressError as error:
            self.problem.setText(str(error))
            self.field.setFocus()
            return
        if not needs_pinning(address):
            self.address = address
            self.accept()
            return
        self._unpinned = address
        host, port = address.hosts[0], address.port
        self.working.start(f"Asking {host} for its certificate…")
        self.connect_button.setEnabled(False)
        self.task = BackgroundTask(lambda _progress: fetch_certificate(host, port))
        self.task.succeeded.connect(self._fetched)
        self.task.failed.connect(self._not_fetched)
        self.task.start()

    def _fetched(self, certificate: ServerCertificate) -> None:
        self.working.stop()
        self.problem.clear()
        self.connect_button.setEnabled(True)
        self._certificate = certificate
        host = self._unpinned.hosts[0] if self._unpinned else ""
        self.compare.setText(COMPARE.format(host=host))
        self.fingerprint.setText(two_lines(certificate.fingerprint))
        self._show_certificate(True)
        self.adjustSize()  # room for the comparison's words
        self.differs_button.setFocus()  # Enter alone never trusts a server

    def _not_fetched(self, error: BaseException) -> None:
        self.working.stop()
        self.connect_button.setEnabled(True)
        if not isinstance(error, ServerAddressError):
            raise error
        self.problem.setText(str(error))

    def done(self, result: int) -> None:
        """Closed while the certificate is still being asked for: its answer finds no one."""
        if self.task is not None and not self.task.done:
            with contextlib.suppress(RuntimeError, TypeError):
                self.task.succeeded.disconnect(self._fetched)
                self.task.failed.disconnect(self._not_fetched)
        super().done(result)

    def _trust(self) -> None:
        assert self._unpinned is not None and self._certificate is not None
        try:
            self.address = trust_certificate(self.data_dir, self._unpinned, self._certificate)
        except OSError as error:
            self.problem.setText(f"The certificate could not be kept in {self.data_dir}: {error}")
            return
        self.accept()

    def _distrust(self) -> None:
        self._certificate = None
        self._show_certificate(False)
        self.problem.setText(MISMATCH)
        self.adjustSize()
