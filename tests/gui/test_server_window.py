"""The window on a practice server, reached as a practitioner reaches it: the address given
(or chosen on the first screen, or in Settings), the server named on the unlock screen, the
passphrase typed; an empty server database set up as a new folder is; a server that cannot be
used said in words with the ways forward; and Settings switching between the server and this
computer's own practice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget, QWizard
from pytestqt.qtbot import QtBot

from dermadesk.core import keys
from dermadesk.core.clock import Clock
from dermadesk.core.practice import Practice
from dermadesk.core.server_address import remember_server, remembered_server, without_password
from dermadesk.core.server_keys import server_home
from dermadesk.core.server_practice import server_kind
from dermadesk.core.server_roles import prepare_server
from dermadesk.gui.app import run_app
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.server_connect import ServerConnectDialog
from dermadesk.gui.server_unlock import ServerUnlockScreen
from dermadesk.gui.settings.dialog import SettingsDialog
from dermadesk.gui.unlock_setup import NewPracticeKeys
from dermadesk.gui.unlock_start import PASSPHRASE_ENV, open_first
from tests.gui.test_printing_window import ModalDriver
from tests.helpers import TEST_PASSPHRASE
from tests.postgres_server import APP_ROLE, ServerDatabase

NEW_PASSPHRASE = "four words for the studio"
UNREACHABLE = "postgresql+psycopg://dermadesk_app@/practice?host=/nonexistent-socket-folder"
Answer = Callable[[QWidget], bool]


def click(button: QWidget) -> None:
    from PySide6.QtTest import QTest

    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def click_later(button: QWidget) -> None:
    """Click a button that opens a dialog of its own: after the answer that clicks it has
    returned (the driver's timer does not fire again while one of its answers runs)."""
    QTimer.singleShot(0, lambda: click(button))


def type_passphrase(text: str) -> Answer:
    """Once the server has answered: the passphrase typed, Enter pressed."""

    def answer(screen: QWidget) -> bool:
        assert isinstance(screen, ServerUnlockScreen)
        if not screen.passphrase_page.isVisible() or not screen.passphrase_edit.isEnabled():
            return False
        from PySide6.QtTest import QTest

        QTest.keyClicks(screen.passphrase_edit, text)
        QTest.keyClick(screen.passphrase_edit, Qt.Key.Key_Return)
        return True

    return answer


def connect_to(address: str) -> Answer:
    """The address typed into ServerConnectDialog, Connect clicked."""

    def answer(dialog: QWidget) -> bool:
        from PySide6.QtTest import QTest

        assert isinstance(dialog, ServerConnectDialog)
        QTest.keyClicks(dialog.field, address)
        click(dialog.connect_button)
        return True

    return answer


def cancel_setup(wizard: QWidget) -> bool:
    assert isinstance(wizard, QWizard)
    click(wizard.button(QWizard.WizardButton.CancelButton))
    return True


@pytest.fixture
def no_passphrase_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)


@pytest.fixture
def empty_server(server_database: ServerDatabase, tmp_path: Path, clock: Clock) -> ServerDatabase:
    """A server database its administrator has prepared, holding no practice yet."""
    prepare_server(server_database.owner_url, APP_ROLE, tmp_path / "admin", clock)
    return server_database


def test_the_unlock_screen_names_the_server_and_its_passphrase_opens_it(
    server_practice_database: ServerDatabase,
    data_dir: Path,
    clock: Clock,
    no_passphrase_given: None,
) -> None:
    url = server_practice_database.app_url
    seen: dict[str, str] = {}

    def look_then_type(screen: QWidget) -> bool:
        assert isinstance(screen, ServerUnlockScreen)
        seen["title"] = screen.title_label.text()
        seen["where"] = screen.folder_label.text()
        return type_passphrase(TEST_PASSPHRASE)(screen)

    driver = ModalDriver({ServerUnlockScreen: look_then_type})
    practice = open_first(data_dir, clock, database_url=url, remember=True)
    driver.stop()

    assert practice is not None
    with practice:
        assert not practice.store.is_sqlite and practice.audit.source == "window"
        assert practice.clients.count() == 0
    assert seen["title"] == "Practice on this computer's server"
    assert seen["where"] == (
        f"Practice server: database “{server_practice_database.name}” on this computer"
    )
    assert remembered_server(data_dir) == without_password(url)  # this computer's from now on
    assert not (data_dir / "dermadesk.db").exists()  # no folder practice was made


def test_an_empty_server_database_is_set_up_as_a_new_folder_is(
    empty_server: ServerDatabase, data_dir: Path, clock: Clock, qtbot: QtBot
) -> None:
    url = empty_server.app_url
    seen: dict[str, str] = {}

    def set_up(wizard: QWidget) -> bool:
        assert isinstance(wizard, NewPracticeKeys)
        step = wizard.passphrase_step
        if "server" not in seen:
            label = step.findChild(QWidget, "setupServer")
            seen["server"] = label.text() if label is not None else ""  # type: ignore[attr-defined]
            for field in (step.passphrase.first, step.passphrase.again):
                qtbot.keyClicks(field, NEW_PASSPHRASE)
            click(wizard.button(QWizard.WizardButton.CommitButton))
        if wizard.currentPage() is not wizard.code_step:
            return False  # the keys are being made on the server
        seen["code"] = wizard.code_step.view.code
        click(wizard.code_step.view.tick)
        click(wizard.button(QWizard.WizardButton.FinishButton))
        return True

    driver = ModalDriver({NewPracticeKeys: set_up})
    practice = open_first(data_dir, clock, database_url=url)
    driver.stop()

    assert practice is not None
    with practice:
        assert not practice.store.is_sqlite and practice.is_new()  # its details come next
    assert empty_server.name in seen["server"]
    assert server_kind(data_dir, url) == "encrypted"
    home = server_home(data_dir, url)
    assert keys.unlock(home, NEW_PASSPHRASE) == keys.unlock_with_recovery_code(home, seen["code"])


def test_an_unreachable_server_is_said_and_this_computers_own_practice_can_be_chosen(
    data_dir: Path, clock: Clock, no_passphrase_given: None
) -> None:
    remember_server(data_dir, UNREACHABLE)
    seen: list[str] = []

    def try_then_go_home(screen: QWidget) -> bool:
        assert isinstance(screen, ServerUnlockScreen)
        if not screen.ways_forward.isVisible():
            return False  # still connecting
        seen.append(screen.server_problem.text())
        if len(seen) == 1:
            click(screen.try_again_button)
            return False
        click(screen.own_practice_button)
        return True

    driver = ModalDriver({ServerUnlockScreen: try_then_go_home, NewPracticeKeys: cancel_setup})
    practice = open_first(data_dir, clock, database_url=UNREACHABLE)
    driver.stop()

    assert practice is None  # the folder's setup was closed: nothing made
    assert driver.seen == ["ServerUnlockScreen", "NewPracticeKeys"]
    assert "The practice server cannot be reached" in seen[0]
    assert "Check that the server computer is on" in seen[0] and len(seen) == 2
    assert remembered_server(data_dir) is None  # this computer's own practice from now on


def test_a_server_refused_for_want_of_tls_is_said_and_another_server_chosen(
    server_practice_database: ServerDatabase, data_dir: Path, clock: Clock
) -> None:
    seen: list[str] = []

    def choose_another(screen: QWidget) -> bool:
        assert isinstance(screen, ServerUnlockScreen)
        if screen.switch_to is not None or not screen.ways_forward.isVisible():
            return False  # still connecting, or left
        seen.append(screen.server_problem.text())
        problem = screen.server_problem  # every wrapped line shown, the last one too
        seen.append(str(problem.height() >= problem.heightForWidth(problem.width())))
        click_later(screen.other_server_button)
        return True

    good = server_practice_database.app_url
    driver = ModalDriver(
        {ServerUnlockScreen: choose_another, ServerConnectDialog: connect_to(good)}
    )
    practice = open_first(
        data_dir, clock, database_url="postgresql://dermadesk_app@reception-pc.example/practice"
    )
    driver.stop()

    assert "on another computer" in seen[0] and "Nothing was sent" in seen[0]
    assert seen[1] == "True"
    assert practice is not None  # DERMADESK_PASSPHRASE unlocked the other at once
    with practice:
        assert not practice.store.is_sqlite
    assert remembered_server(data_dir) == without_password(good)


def test_a_new_folders_setup_connects_to_a_practice_server_instead(
    server_practice_database: ServerDatabase, data_dir: Path, clock: Clock
) -> None:
    def connect_instead(wizard: QWidget) -> bool:
        assert isinstance(wizard, NewPracticeKeys)
        click_later(wizard.passphrase_step.server_button)
        return True

    url = server_practice_database.app_url
    driver = ModalDriver({NewPracticeKeys: connect_instead, ServerConnectDialog: connect_to(url)})
    practice = open_first(data_dir, clock)
    driver.stop()

    assert practice is not None
    with practice:
        assert not practice.store.is_sqlite
    assert remembered_server(data_dir) == without_password(url)
    assert not (data_dir / "dermadesk.db").exists() and not keys.has_keys(data_dir)


def _shown_window() -> MainWindow | None:
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    return next((w for w in shown if w.isVisible()), None)


def test_settings_switch_the_window_to_this_computers_own_practice_and_back(
    server_practice_database: ServerDatabase, data_dir: Path, clock: Clock
) -> None:
    Practice.create(data_dir, TEST_PASSPHRASE, clock)[0].close()  # this computer's own
    url = server_practice_database.app_url
    windows: list[tuple[str, str]] = []

    def own_practice(dialog: QWidget) -> bool:
        assert isinstance(dialog, SettingsDialog)
        dialog.show_tab("server")
        click(dialog.server_page.own_button)
        return True

    def back_to_the_server(dialog: QWidget) -> bool:
        assert isinstance(dialog, SettingsDialog)
        dialog.show_tab("server")
        click_later(dialog.server_page.connect_button)
        return True

    answers = iter([own_practice, back_to_the_server])

    def each_window() -> None:
        """Note each window as it opens; Settings on the first two, the third closed."""
        window = _shown_window()
        if window is None or (windows and window.windowTitle() == windows[-1][0]):
            QTimer.singleShot(30, each_window)
            return
        windows.append((window.windowTitle(), window.data_dir_label.text()))
        if len(windows) < 3:
            window.settings_action.trigger()  # returns once the window has closed
            QTimer.singleShot(30, each_window)
        else:
            window.close()

    driver = ModalDriver(
        {SettingsDialog: lambda dialog: next(answers)(dialog), ServerConnectDialog: connect_to(url)}
    )
    QTimer.singleShot(0, each_window)
    assert run_app(data_dir, url) == 0
    driver.stop()

    assert [title for title, _ in windows] == [
        "DermaDesk — practice server on this computer",
        "DermaDesk",
        "DermaDesk — practice server on this computer",
    ]
    assert server_practice_database.name in windows[0][1]
    assert windows[1][1] == str(data_dir.absolute())
    assert remembered_server(data_dir) == without_password(url)


def name_of(practice: Practice, client_id: int) -> str:
    person = practice.clients.get(client_id)
    return f"{person.first_name} {person.last_name}"


@pytest.mark.parametrize("store", ["postgresql"], indirect=True)
def test_a_client_file_on_the_server_opens_whole_and_the_status_bar_names_the_server(
    lived_in_window: MainWindow, lived_in_practice: Practice, qtbot: QtBot
) -> None:
    from tests.gui.paths import open_client

    practice, window = lived_in_practice, lived_in_window
    with_history = next(
        client_id
        for client_id in practice.clients.search_ids("")
        if practice.consents.records(client_id)
        and practice.sessions.for_client(client_id)
        and name_of(practice, client_id).isascii()  # typed with QTest's keys
    )
    open_client(window, name_of(practice, with_history))  # Ctrl+F, the name, Enter

    view = window.client_view
    assert view.client_id == with_history
    banner = view.alerts
    labels = (banner.blocking_label, banner.warning_label, banner.clear_label)
    shown = [label.text() for label in labels if label.isVisibleTo(window)]
    assert shown and all(shown)  # the banner says whether the client may be treated
    assert view.consents_tab.table.rowCount() == len(practice.consents.records(with_history))
    assert view.sessions_tab.sessions.topLevelItemCount() > 0
    assert window.windowTitle() == "DermaDesk — practice server on this computer"
    assert window.data_dir_label.text().startswith("Practice server: database “")


def test_the_recovery_code_unlocks_from_another_computer_and_its_new_passphrase_is_everyones(
    empty_server: ServerDatabase, tmp_path: Path, clock: Clock, no_passphrase_given: None
) -> None:
    url = empty_server.app_url
    made, code = Practice.create(tmp_path / "reception", TEST_PASSPHRASE, clock, database_url=url)
    made.close()

    def recover(screen: QWidget) -> bool:
        from PySide6.QtTest import QTest

        assert isinstance(screen, ServerUnlockScreen)
        if not screen.passphrase_page.isVisible():
            return False  # still connecting
        click(screen.recovery_button)
        QTest.keyClicks(screen.code_edit, code)
        QTest.keyClicks(screen.new_passphrase.first, NEW_PASSPHRASE)
        QTest.keyClicks(screen.new_passphrase.again, NEW_PASSPHRASE)
        click(screen.recover_button)
        return True

    driver = ModalDriver({ServerUnlockScreen: recover})
    practice = open_first(tmp_path / "treatment-room", clock, database_url=url)
    driver.stop()

    assert practice is not None
    with practice:
        recorded = [(event.action, event.source) for event in practice.audit.events(limit=5)]
    here = practice.store.computer
    assert ("passphrase.recovered", f"window on {here}") in recorded  # said in the trail
    third = tmp_path / "office"
    assert server_kind(third, url) == "encrypted"  # the keys fetched from the server
    assert keys.unlock(server_home(third, url), NEW_PASSPHRASE) is not None


@pytest.mark.parametrize("given", ["environment", "remembered"])
def test_the_window_opens_on_the_server_from_the_environment_or_remembered(
    given: str,
    server_practice_database: ServerDatabase,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dermadesk.core.server_address import DATABASE_URL_ENV

    url = server_practice_database.app_url
    if given == "environment":
        monkeypatch.setenv(DATABASE_URL_ENV, url)
    else:
        remember_server(data_dir, url)
    titles: list[str] = []

    def look() -> None:
        window = _shown_window()
        if window is None:
            QTimer.singleShot(30, look)
            return
        titles.append(window.windowTitle())
        window.close()

    QTimer.singleShot(0, look)
    assert run_app(data_dir) == 0  # DERMADESK_PASSPHRASE unlocks it without the screen
    assert titles == ["DermaDesk — practice server on this computer"]
