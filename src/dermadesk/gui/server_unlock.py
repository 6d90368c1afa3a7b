"""The unlock screen of a practice on a practice server: it says which server, connects first
(on a worker: a server that does not answer takes seconds to give up), then asks for the
passphrase or recovery code from the server's key record. A server that cannot be used is
said in words, with the ways forward: try again, connect to another server, or use this
computer's own practice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from dermadesk.core import keys
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.server_keys import server_home
from dermadesk.gui.server_words import server_host, server_words
from dermadesk.gui.unlock_fields import Working, problem_label
from dermadesk.gui.unlock_screen import UnlockScreen
from dermadesk.gui.unlock_start import SwitchTo
from dermadesk.gui.workers import BackgroundTask

QuickKey = Callable[[Path], tuple[keys.DataKey | None, str]]


def _link(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setFlat(True)
    button.setStyleSheet("color: #1f5fa8; text-decoration: underline;")
    return button


class ServerUnlockScreen(UnlockScreen):
    """Connects to the server, then unlocks its practice. Once closed: `kind` is "new" for an
    empty server database (its setup comes next), `key` the unlocked key, `switch_to` the
    other practice the person chose; all None when the screen was closed."""

    def __init__(
        self,
        data_dir: Path,
        database_url: str,
        quick_key: QuickKey | None = None,
        parent: QWidget | None = None,
    ):
        self.computer_dir = data_dir
        self.database_url = database_url
        self.quick_key = quick_key
        self.kind: str | None = None
        self.switch_to: SwitchTo | None = None
        self.check: BackgroundTask | None = None
        super().__init__(server_home(data_dir, database_url), parent)
        self.setObjectName("unlockScreen")
        where = server_words(database_url)
        host = server_host(database_url)
        here = host == "this computer"
        self.title_label.setText(
            "Practice on this computer's server" if here else f"Practice on {host}"
        )
        self.explained.setText(
            # True words: the server keeps the records as its administrator protects them;
            # only the photos are sealed before they leave this computer.
            "Client records are kept on the practice's server; photos are encrypted before "
            "they leave this computer. The practice opens with its passphrase."
        )
        self.folder_label.setText(f"Practice server: {where}")
        self.folder_label.setToolTip(f"This computer's own files stay in {data_dir}")
        self.server_page = self._build_server_page()
        layout = self.card.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.server_page)
        self.connect_to_server()

    def _build_server_page(self) -> QWidget:
        page = QWidget()
        self.server_working = Working()
        self.server_problem = problem_label("serverProblem")
        self.try_again_button = QPushButton("&Try again")
        self.try_again_button.setObjectName("tryServerAgain")
        self.try_again_button.clicked.connect(self.connect_to_server)
        self.other_server_button = _link("Connect to &another server…", "otherServer")
        self.other_server_button.clicked.connect(self.choose_another_server)
        self.own_practice_button = _link("Use this computer's &own practice", "ownPractice")
        self.own_practice_button.clicked.connect(self.use_own_practice)
        self.ways_forward = QWidget()
        row = QHBoxLayout(self.ways_forward)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.try_again_button)
        row.addStretch(1)
        row.addWidget(self.other_server_button)
        row.addWidget(self.own_practice_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.server_working)
        layout.addWidget(self.server_problem)
        layout.addWidget(self.ways_forward, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    # --- connecting ------------------------------------------------------------------

    def connect_to_server(self) -> None:
        """Ask the server what it holds (a practice, or nothing yet), off the GUI thread."""
        if self.check is not None and self.check.running:
            return
        from dermadesk.core.server_practice import server_kind

        data_dir, url = self.computer_dir, self.database_url
        self.passphrase_page.hide()
        self.recovery_page.hide()
        self.ways_forward.hide()
        self.server_page.show()
        self.server_problem.clear()
        self.server_working.start(f"Connecting to the practice server ({server_words(url)})…")
        self._fit()
        self.check = BackgroundTask(lambda _progress: server_kind(data_dir, url))
        self.check.succeeded.connect(self._connected)
        self.check.failed.connect(self._not_connected)
        self.check.start()

    def _connected(self, kind: str) -> None:
        self.server_working.stop()
        self.server_page.hide()
        self.kind = kind
        if kind == "new":
            self.accept()  # an empty server database: its setup comes next
            return
        key, why_not = self.quick_key(self.data_dir) if self.quick_key else (None, "")
        if key is not None:
            self.key = key
            self.accept()
            return
        self.show_passphrase()
        if why_not:
            self.say(why_not)

    def _not_connected(self, error: BaseException) -> None:
        self.server_working.stop()
        if not isinstance(error, DermaDeskError):
            raise error  # a bug, not the server's state: the crash report tells it
        self.show_problem(str(error))

    def show_problem(self, words: str) -> None:
        """Say why the server cannot be used, with the ways forward."""
        self.kind = None
        self.key = None
        self.passphrase_page.hide()
        self.recovery_page.hide()
        self.server_problem.setText(words)
        # Wrapped words are measured one line short until laid out: ask for every line.
        width = self.card.width() - 56  # the card's side margins
        self.server_problem.setMinimumHeight(self.server_problem.heightForWidth(width) + 4)
        self.server_page.show()
        self.ways_forward.show()
        self._fit()
        self.try_again_button.setFocus()

    # --- the ways forward ------------------------------------------------------------

    def choose_another_server(self) -> None:
        from dermadesk.gui.server_connect import ServerConnectDialog

        dialog = ServerConnectDialog(self.computer_dir, self)
        if dialog.exec() and dialog.address is not None:
            self.switch_to = SwitchTo(dialog.address.sqlalchemy_url)
            self.done(0)
        dialog.deleteLater()

    def use_own_practice(self) -> None:
        self.switch_to = SwitchTo(None)
        self.done(0)

    def busy(self) -> bool:
        return super().busy() or (self.check is not None and self.check.running)
