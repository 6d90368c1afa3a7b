"""Starting the window: one instance per data dir, the practice opened, errors caught."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from dermadesk import __version__
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.lost_practice import LostPracticeError, refuse_if_lost
from dermadesk.core.practice import (
    DATABASE_NAME,
    Practice,
    disk_space_warning,
    prepare_data_dir,
)
from dermadesk.gui import prompts
from dermadesk.gui.crash_report import CrashHandler, logger, start_logging
from dermadesk.gui.first_paint import after_first_paint
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.single_instance import SingleInstance
from dermadesk.gui.ui_state import UiState
from dermadesk.gui.unlock_start import open_first, shows_a_screen_first
from dermadesk.paths import APP_NAME, resource_path

# Benchmarks set this to time "start to client list shown": the program quits
# as soon as the list has painted its first rows.
QUIT_WHEN_READY_ENV = "DERMADESK_QUIT_WHEN_READY"
# A list that does not paint (the window opened locked, or minimised) still lets the window
# answer later launches after this.
LISTEN_AT_THE_LATEST_MS = 1000


def no_screen_message() -> str | None:
    """Why no window can be shown here, or None when a screen is available."""
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM"):
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            return (
                "DermaDesk needs a screen, and none was found (DISPLAY is not set). "
                "Start it from a desktop session, or on a headless machine run it "
                "under xvfb-run. The command-line commands work without one "
                "(dermadesk --help)."
            )
    return None


def make_application(argv: list[str]) -> QApplication:
    """The QApplication with DermaDesk's names, style and a readable base font."""
    app = QApplication.instance()
    if app is None:
        # The style named on Qt's command line: QApplication.setStyle() would first set up the
        # Python types of Qt's style classes, some 20 ms of start-up.
        app = QApplication([*(argv[:1] or [APP_NAME]), "-style", "Fusion", *argv[1:]])
    else:
        assert isinstance(app, QApplication)
        app.setStyle("Fusion")
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    font = QFont(app.font())
    if font.pointSizeF() < 10.5:
        font.setPointSizeF(10.5)  # read at arm's length, gloves coming off
        app.setFont(font)
    icon = resource_path("icons", "dermadesk.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


class _QuitOnFirstPaint(QObject):
    """Quits the application once the watched widget has painted (for benchmarks)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            # The paint finishes; nothing queued after it runs. exit(), not quit(): quit()
            # closes the window first, and its closing (the layout saved, today's backup) is
            # work after the first paint, which start-up is not timed by.
            QApplication.exit(0)
        return False


def open_window(practice: Practice, data_dir: Path) -> MainWindow:
    """Show the window on `practice`; a new, empty practice is then offered its setup."""
    window = MainWindow(practice, UiState(data_dir))
    window.show()
    # Started here, not by the window itself: a window opened on an empty practice elsewhere
    # (a restored one, a test) is not held up by a modal setup.
    if practice.is_new() and not os.environ.get(QUIT_WHEN_READY_ENV):
        QTimer.singleShot(0, window.run_first_run)
    return window


def _hand_over_to_the_open_window(instance: SingleInstance, data_dir: Path) -> int:
    """Another DermaDesk has this data folder: bring its window forward, or say why not."""
    if instance.ask_running_to_activate():
        print("DermaDesk is already open on this data folder; its window is now in front.")
        return 0
    QMessageBox.critical(
        None,
        "DermaDesk is already open",
        f"Another DermaDesk is using {data_dir} but does not answer. "
        "Close it (or restart the computer) and try again.",
    )
    return 1


def _answer_while_a_screen_is_up(
    instance: SingleInstance, data_dir: Path, offer: bool, database_url: str | None
) -> None:
    """When a screen (unlock, setup, the offer to encrypt) comes before the window, a second
    launch meanwhile brings it forward instead of hearing no answer."""
    if shows_a_screen_first(data_dir, offer, database_url):
        instance.activation_requested.connect(_bring_the_screen_forward)
        instance.listen()


def _bring_the_screen_forward() -> None:
    """A second launch while the unlock (or setup) screen is up: show that screen."""
    screen = QApplication.activeModalWidget()
    if screen is not None:
        screen.showNormal()
        screen.raise_()
        screen.activateWindow()


def _after_the_window(window: MainWindow, instance: SingleInstance, data_dir: Path) -> None:
    """What waits for the window: a second start brings it forward, a nearly full disk is
    said, and (for the start-up benchmark) the program quits at the list's first paint."""
    instance.activation_requested.connect(window.bring_to_front)
    # After the list's first paint (QtNetwork's loading is not what start-up waits for); a
    # later launch keeps asking for a few seconds meanwhile.
    after_first_paint(window.client_list.rows_area(), instance.listen)
    QTimer.singleShot(LISTEN_AT_THE_LATEST_MS, instance.listen)
    if os.environ.get(QUIT_WHEN_READY_ENV):
        quitter = _QuitOnFirstPaint(window)  # the first of the list's paint filters to run
        window.client_list.rows_area().installEventFilter(quitter)
    if warning := disk_space_warning(data_dir):
        QTimer.singleShot(0, lambda: prompts.show_error(window, "Not enough disk space", warning))


def _offer_restore(error: LostPracticeError, data_dir: Path) -> int:
    from dermadesk.gui.lost_practice import offer_restore  # only for a lost practice

    return offer_restore(error, data_dir)


def _chosen_server(explicit: str | None, data_dir: Path) -> tuple[str | None, bool]:
    """The practice server the window opens on (--database-url, DERMADESK_DATABASE_URL, or the
    one this computer remembers), and whether it was given; (None, False) for the folder."""
    # The names of server_address's DATABASE_URL_ENV and REMEMBERED: a folder practice starts
    # without loading that module (TLS, certificates).
    if not (
        explicit
        or os.environ.get("DERMADESK_DATABASE_URL")
        or (data_dir / "practice-server.json").exists()
    ):
        return None, False
    from dermadesk.core.server_address import chosen_server

    return chosen_server(explicit, data_dir)


def _open_practice(
    data_dir: Path, offer: bool, database_url: str | None, remember: bool
) -> Practice | int:
    """The practice the first screens let open, or the exit status when none was."""
    try:
        # The unlock screen, or a new practice's passphrase and recovery code, first.
        opened = open_first(data_dir, None, offer, database_url, remember)
        if opened is None:  # closed before anything was opened: nothing to do
            return 0
        opened.audit.source = "window"
        return opened
    except LostPracticeError as error:  # an empty database, or another practice's
        return _offer_restore(error, data_dir)
    except DermaDeskError as error:
        QMessageBox.critical(None, "DermaDesk cannot open its data", str(error))
        return 1


def run_app(data_dir: Path, database_url: str | None = None) -> int:
    """Open the window on `data_dir` (its practice, or the practice server at `database_url`,
    given or remembered); returns the exit status."""
    if message := no_screen_message():
        print(f"dermadesk: {message}", file=sys.stderr)
        return 1
    try:
        prepare_data_dir(data_dir)
    except DermaDeskError as error:
        # Said on the terminal and on screen: started from a desktop icon, there is no terminal.
        print(f"dermadesk: {error}", file=sys.stderr)
        make_application(sys.argv[:1])
        prompts.show_error(None, "DermaDesk cannot use its data folder", str(error))
        return 1
    app = make_application(sys.argv[:1])
    url, given = _chosen_server(database_url, data_dir)
    try:
        if url is None:
            refuse_if_lost(data_dir)  # before the lock and the log: nothing is written here
    except LostPracticeError as error:
        print(f"dermadesk: {error}", file=sys.stderr)
        return _offer_restore(error, data_dir)

    instance = SingleInstance(data_dir)
    if not instance.acquire():
        return _hand_over_to_the_open_window(instance, data_dir)

    log_file = start_logging(data_dir / "logs")
    CrashHandler(log_file).install()
    offer = not os.environ.get(QUIT_WHEN_READY_ENV)
    _answer_while_a_screen_is_up(instance, data_dir, offer, url)
    # A server given on the command line is remembered as the command line does: only where
    # no folder practice is this computer's already.
    remember = given and not (data_dir / DATABASE_NAME).exists()
    try:
        return _run_windows(app, instance, data_dir, offer, url, remember)
    finally:
        instance.release()


def _run_windows(
    app: QApplication,
    instance: SingleInstance,
    data_dir: Path,
    offer: bool,
    url: str | None,
    remember: bool,
) -> int:
    """The window, on the practice its first screens opened; again on another practice when
    Settings chose one (a practice server, or this computer's own). The exit status."""
    while True:
        practice = _open_practice(data_dir, offer, url, remember)
        if isinstance(practice, int):
            return practice
        window = open_window(practice, data_dir)
        _after_the_window(window, instance, data_dir)
        logger.info("DermaDesk %s opened on %s", __version__, practice.data_dir)
        try:
            status = app.exec()
        finally:
            practice.close()
        if window.switch_to is None:
            return status
        instance.activation_requested.disconnect(window.bring_to_front)
        url, remember = window.switch_to.database_url, True
        if url is None:  # this computer's own practice from now on
            from dermadesk.core.server_address import forget_server

            forget_server(data_dir)
