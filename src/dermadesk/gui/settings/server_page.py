"""The settings page of where this computer's practice lives: in its own data folder, or on a
practice server (several computers). Connecting, or going back to the folder practice,
closes the window and opens it again on the practice chosen; nothing is copied or changed
in either place (moving a practice to a server is another step)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dermadesk.gui.settings.page import SettingsPage
from dermadesk.gui.unlock_start import SwitchTo


def _words(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class ServerPage(SettingsPage):
    """Which practice this computer opens, and the buttons that change it."""

    NAME = "server"
    TITLE = "Serv&er"

    switch_requested = Signal(object)  # a SwitchTo: the practice to open instead

    def __init__(self, data_dir: Path, server_url: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_dir = data_dir
        self.server_url = server_url
        group = QGroupBox("Where this computer's practice is")
        self.where = _words(self._where_words())
        self.where.setObjectName("practiceWhere")
        on_server = server_url is not None
        self.connect_button = QPushButton(
            "Connect to another practice ser&ver…"
            if on_server
            else "&Connect to a practice server…"
        )
        self.connect_button.setObjectName("connectToServer")
        self.connect_button.clicked.connect(self.connect_to_server)
        self.own_button = QPushButton("Use this computer's &own practice")
        self.own_button.setObjectName("useOwnPractice")
        self.own_button.setEnabled(on_server)
        self.own_button.setToolTip(
            f"The practice in {data_dir} opens again; nothing on the server changes."
            if on_server
            else "This computer's own practice is the one open now."
        )
        self.own_button.clicked.connect(self.use_own_practice)
        buttons = QHBoxLayout()
        buttons.addWidget(self.connect_button)
        buttons.addWidget(self.own_button)
        buttons.addStretch(1)
        inside = QVBoxLayout(group)
        inside.addWidget(self.where)
        inside.addLayout(buttons)
        inside.addWidget(
            _words(
                "Either way DermaDesk closes and opens again on the practice chosen, asking "
                "for its passphrase; unsaved changes are offered for saving first. Nothing is "
                "copied, and the practice left stays as it is. Connecting only opens a "
                "practice already on the server, or sets up a new one in an empty server "
                "database."
            )
        )
        layout = QVBoxLayout(self)
        layout.addWidget(group)
        layout.addStretch(1)

    def _where_words(self) -> str:
        if self.server_url is None:
            folder = html.escape(str(self.data_dir))
            return (
                f"<b>This computer's own practice</b>, in its data folder {folder}. "
                "When the practice has several computers, its records live on a practice "
                "server: connect to it here."
            )
        from dermadesk.gui.server_words import server_words

        return (
            f"<b>The practice server: {html.escape(server_words(self.server_url))}</b>. This "
            f"computer's own files (logs, thumbnails, window layout) stay in "
            f"{html.escape(str(self.data_dir))}."
        )

    def connect_to_server(self) -> None:
        """The server's address (its certificate compared, if on another computer)."""
        from dermadesk.gui.server_connect import ServerConnectDialog

        dialog = ServerConnectDialog(self.data_dir, self)
        if dialog.exec() and dialog.address is not None:
            self.switch_requested.emit(SwitchTo(dialog.address.sqlalchemy_url))
        dialog.deleteLater()

    def use_own_practice(self) -> None:
        """This computer's own practice again: the server is forgotten once the window closes."""
        self.switch_requested.emit(SwitchTo(None))
