"""One window per data dir: a lock file says who owns it, a local socket reaches them.

The first DermaDesk on a data dir takes `dermadesk.lock` and listens on a
local socket named after the dir. A second launch finds the lock taken, asks
the first (over the socket) to bring its window to the front, and exits. A
lock left behind by a crash names a process that no longer runs; QLockFile
sees that and hands the lock over.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

LOCK_NAME = "dermadesk.lock"
_ACTIVATE = b"activate\n"
_TIMEOUT_MS = 2000
# A second launch right after the first may find the lock taken before the
# first listens (it starts listening once its window is up): keep trying.
_CONNECT_PATIENCE_S = 5.0


def socket_name(data_dir: Path) -> str:
    """The local socket name for a data dir and user: the same for every launch of theirs."""
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    key = f"{user}:{data_dir.resolve()}"
    return f"dermadesk-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:20]}"


class SingleInstance(QObject):
    """Ownership of a data dir by one running DermaDesk."""

    activation_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self._lock = QLockFile(str(data_dir / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, however old
        self._name = socket_name(data_dir)
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """Take the data dir for this process; False when another DermaDesk holds it.

        Call `listen` afterwards (once the window is up) to hear later launches.
        """
        return self._lock.tryLock(0)

    def listen(self) -> None:
        """Start answering later launches on this data dir (once; later calls do nothing)."""
        if self._server is not None:
            return
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(self._name)  # a socket file a crash left behind
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        if not self._server.listen(self._name):
            # Not fatal: this window works; a second launch will say it gets no answer.
            logging.getLogger("dermadesk").warning(
                "Cannot listen for later launches: %s", self._server.errorString()
            )

    def ask_running_to_activate(self) -> bool:
        """Ask the DermaDesk holding the dir to show its window; False if it cannot be reached."""
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        deadline = time.monotonic() + _CONNECT_PATIENCE_S
        while True:
            socket.connectToServer(self._name)
            if socket.waitForConnected(_TIMEOUT_MS):
                break
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        socket.write(_ACTIVATE)
        delivered = socket.waitForBytesWritten(_TIMEOUT_MS)
        socket.disconnectFromServer()
        return delivered

    def release(self) -> None:
        """Give the data dir up (on quitting)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            # The message is one short line sent right after connecting; reading it
            # here, briefly, avoids keeping per-socket callbacks alive.
            if socket.bytesAvailable() or socket.waitForReadyRead(_TIMEOUT_MS):
                message = bytes(socket.readAll().data())
                if message.startswith(_ACTIVATE.strip()):
                    self.activation_requested.emit()
            socket.disconnectFromServer()
            socket.deleteLater()
