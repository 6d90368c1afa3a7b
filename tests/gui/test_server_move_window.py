"""File ▸ Move to a practice server…, through its dialogs; and a moved folder opened in the
window: a banner saying where the practice went, and a save refused in words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from dermadesk.core.clock import FixedClock
from dermadesk.core.practice import Practice
from dermadesk.core.server_move import move_to_server
from dermadesk.core.server_roles import prepare_server
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.ui_state import UiState
from tests.gui.conftest import PromptRecorder
from tests.gui.modal import ModalAnswers
from tests.gui.paths import bring_to_front, open_client
from tests.helpers import TEST_NOW, details, open_practice
from tests.postgres_server import APP_ROLE, ServerDatabase, open_server_practice


@pytest.fixture
def prepared(server_database: ServerDatabase, tmp_path: Path) -> ServerDatabase:
    prepare_server(server_database.owner_url, APP_ROLE, tmp_path / "admin", FixedClock(TEST_NOW))
    return server_database


def _window(practice: Practice, qtbot: QtBot) -> MainWindow:
    shown = MainWindow(practice, UiState(practice.data_dir))
    qtbot.addWidget(shown)
    shown.resize(1024, 700)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def _file_menu_action(window: MainWindow, text: str):  # type: ignore[no-untyped-def]
    (file_menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    (action,) = [a for a in file_menu.actions() if a.text().replace("&", "") == text]
    return action


@pytest.fixture
def practice_with_clients(practice: Practice) -> Iterator[Practice]:
    practice.clients.create(details("Zofia", "Nowak"))
    practice.clients.create(details("Anna", "Kowalska"))
    yield practice


def test_the_practice_moves_from_the_file_menu_and_the_window_then_says_where(
    practice_with_clients: Practice, prepared: ServerDatabase, qtbot: QtBot, tmp_path: Path
) -> None:
    practice = practice_with_clients
    window = _window(practice, qtbot)
    answers = ModalAnswers()

    def type_address(dialog) -> None:  # type: ignore[no-untyped-def]
        field = dialog.findChild(QLineEdit, "serverAddress")
        qtbot.keyClicks(field, prepared.app_url)

    answers.click("Connect", before=type_address)
    answers.click("Move the practice")
    answers.click("OK")
    _file_menu_action(window, "Move to a practice server…").trigger()
    qtbot.waitUntil(lambda: answers.pending == 0, timeout=30_000)

    said = answers.seen[-1]
    assert "The practice moved" in said
    assert "checked on arrival" in said
    banner = window.findChild(QLabel, "movedBanner")
    assert banner is not None and banner.isVisible()
    assert prepared.name in banner.text() and "read-only" in banner.text()
    assert not _file_menu_action(window, "Move to a practice server…").isEnabled()
    with open_server_practice(tmp_path / "other", prepared.app_url) as server:
        assert server.clients.count() == 2
        assert server.audit.chain_problems() == []


def test_a_moved_folder_opens_with_its_banner_and_refuses_a_save_in_words(
    practice_with_clients: Practice,
    prepared: ServerDatabase,
    qtbot: QtBot,
    prompts: PromptRecorder,
) -> None:
    data_dir = practice_with_clients.data_dir
    move_to_server(practice_with_clients, prepared.app_url)
    practice_with_clients.close()
    with open_practice(data_dir) as moved:
        window = _window(moved, qtbot)
        banner = window.findChild(QLabel, "movedBanner")
        assert banner is not None and banner.isVisible()
        assert "moved to the practice server" in banner.text() and prepared.name in banner.text()
        assert banner.geometry().right() <= window.width()  # whole at 1024x700

        bring_to_front(window)
        open_client(window, "Nowak")  # still readable
        qtbot.keyClicks(window.client_view.form.ui.emailEdit, "zofia@example.com")
        qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert prompts.errors, "the save was not refused"
        assert "moved to the practice server" in prompts.errors[-1][1]
        assert moved.clients.get(moved.clients.search_ids("nowak")[0]).email == ""
        window.close()


def test_back_up_now_on_a_server_practice_writes_a_backup_that_restores_into_a_folder(
    server_practice_database: ServerDatabase,
    qtbot: QtBot,
    prompts: PromptRecorder,
    tmp_path: Path,
) -> None:
    from dermadesk.core.backup_keys import by_passphrase
    from tests.helpers import TEST_PASSPHRASE

    url = server_practice_database.app_url
    with open_server_practice(tmp_path / "reception", url) as server:
        server.clients.create(details("Zofia", "Nowak"))
        window = _window(server, qtbot)
        prompts.save_path = str(tmp_path / "friday")
        _file_menu_action(window, "Back up now…").trigger()
        assert window.backup_task is not None
        qtbot.waitUntil(lambda: window.backup_task is not None and window.backup_task.done)
        assert prompts.errors == []
        assert "Backup made and checked" in window.statusBar().currentMessage()
        window.close()
    restored = tmp_path / "restored"
    Practice.restore(
        tmp_path / "friday.dermadesk-backup", restored, unlock=by_passphrase(TEST_PASSPHRASE)
    )
    with open_practice(restored) as folder:
        assert folder.clients.search_ids("nowak") and folder.audit.chain_problems() == []


def test_a_move_into_a_server_holding_a_practice_is_refused_in_words_and_nothing_changes(
    practice_with_clients: Practice,
    server_practice_database: ServerDatabase,
    qtbot: QtBot,
    prompts: PromptRecorder,
) -> None:
    window = _window(practice_with_clients, qtbot)
    answers = ModalAnswers()

    def type_address(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(
            dialog.findChild(QLineEdit, "serverAddress"), server_practice_database.app_url
        )

    answers.click("Connect", before=type_address)
    answers.click("Move the practice")
    _file_menu_action(window, "Move to a practice server…").trigger()
    qtbot.waitUntil(lambda: bool(prompts.errors), timeout=30_000)
    ((title, words),) = prompts.errors
    assert title == "The practice was not moved"
    assert "already holds a practice" in words and "as it was" in words
    assert window.findChild(QLabel, "movedBanner") is None
    assert practice_with_clients.moved is None
    practice_with_clients.clients.create(details("Still", "Writable"))


def test_a_move_cut_short_after_the_server_took_it_is_finished_from_the_file_menu(
    practice_with_clients: Practice, prepared: ServerDatabase, qtbot: QtBot, tmp_path: Path
) -> None:
    """As a move killed between the server's commit and the folder's mark leaves it."""
    from dermadesk.core.moved_practice import MOVING, mark_moved
    from dermadesk.core.server_move import copy_into_server

    data_dir = practice_with_clients.data_dir
    mark_moved(data_dir, prepared.app_url, prepared.name, practice_with_clients.clock, MOVING)
    origin = f"the folder {data_dir.resolve()}"
    copy_into_server(practice_with_clients, prepared.app_url, ("practice.moved_in", origin))
    practice_with_clients.close()
    with open_practice(data_dir) as folder:
        window = _window(folder, qtbot)
        banner = window.findChild(QLabel, "movedBanner")
        assert banner is not None and banner.isVisible() and "did not finish" in banner.text()
        answers = ModalAnswers()

        def type_address(dialog) -> None:  # type: ignore[no-untyped-def]
            qtbot.keyClicks(dialog.findChild(QLineEdit, "serverAddress"), prepared.app_url)

        answers.click("Connect", before=type_address)
        answers.click("Move the practice")
        answers.click("OK")
        _file_menu_action(window, "Move to a practice server…").trigger()
        qtbot.waitUntil(lambda: answers.pending == 0, timeout=30_000)
        assert "started earlier is finished" in answers.seen[-1]
        assert "moved to the practice server" in banner.text()
        assert not _file_menu_action(window, "Move to a practice server…").isEnabled()
        window.close()
    assert folder.moved is not None and not (data_dir / MOVING).exists()
