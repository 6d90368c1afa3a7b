"""The window's first screens for a practice on a practice server: connect and unlock, or set
up a new practice in an empty server database; a server that cannot be used is said on the
screen, never as a crash, and the person may choose another server or this computer's own
practice instead."""

from __future__ import annotations

import logging
from pathlib import Path

from dermadesk.core.clock import Clock
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.keys import DataKey
from dermadesk.core.passphrase_audit import record_recovered_at_unlock
from dermadesk.core.practice import Practice
from dermadesk.gui.server_unlock import ServerUnlockScreen
from dermadesk.gui.unlock_start import SwitchTo, quick_key


def _set_up(data_dir: Path, database_url: str) -> DataKey | None:
    """A new practice's passphrase and recovery code, made on the server; its key."""
    from dermadesk.gui.unlock_setup import NewPracticeKeys

    setup = NewPracticeKeys(data_dir, database_url)
    key = setup.key if setup.exec() else None
    setup.deleteLater()
    return key


def _remember(data_dir: Path, database_url: str) -> None:
    """This computer opens this server next time too."""
    from dermadesk.core.server_address import remember_server

    try:
        remember_server(data_dir, database_url)
    except OSError as error:  # the practice is open; only next start would ask again
        logging.getLogger("dermadesk").warning("The server was not remembered: %s", error)


def open_server_first(
    data_dir: Path, database_url: str, clock: Clock | None, remember: bool
) -> Practice | SwitchTo | None:
    """The practice on the server at `database_url`, once unlocked (or set up, for an empty
    server database); a SwitchTo when the person chose another practice; None when closed.
    `remember`: remember the server for this computer once its practice is open."""
    screen = ServerUnlockScreen(data_dir, database_url, quick_key)
    try:
        while True:
            screen.exec()
            if screen.switch_to is not None:
                return screen.switch_to
            key, recovered = screen.key, screen.used_recovery_code
            if screen.kind == "new":
                key, recovered = _set_up(data_dir, database_url), False
            if key is None:
                return None
            try:
                practice = Practice.open(data_dir, clock, key, database_url=database_url)
            except DermaDeskError as error:  # the server went, or changed, meanwhile
                screen.show_problem(str(error))
                continue
            practice.audit.source = "window"
            if recovered:
                record_recovered_at_unlock(practice.audit)
            if remember:
                _remember(data_dir, database_url)
            return practice
    finally:
        screen.deleteLater()
