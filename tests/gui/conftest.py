"""GUI tests run offscreen with pytest-qt; without Qt's system libraries they are skipped."""

from __future__ import annotations

import shutil
import sys
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest

try:
    from PySide6 import QtWidgets
except ImportError as error:  # pragma: no cover - only on a machine without Qt's libraries
    pytest.skip(
        f"Qt cannot load here ({error}); install libgl1 libegl1 libxkbcommon0 libglib2.0-0 "
        "libfontconfig1 libdbus-1-3 (./dev test does so as root)",
        allow_module_level=True,
    )

from pytestqt.qtbot import QtBot

from dermadesk.core.clock import Clock, FixedClock
from dermadesk.core.db import connect_file
from dermadesk.core.demo import fill_demo_practice
from dermadesk.core.practice import DATABASE_NAME, Practice
from dermadesk.gui.app import make_application
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.ui_state import UiState
from dermadesk.paths import APP_NAME
from tests.built_once import built_once
from tests.gui import daily_backup
from tests.helpers import TEST_NOW, open_practice
from tests.postgres_server import ServerDatabase
from tests.practice_folders import folder_with_database

TODAY = TEST_NOW.date()

# The real questions, kept before any test replaces them (see `real_questions`).
_QUESTIONS = ("ask_unsaved_changes", "ask_yes_no", "show_error")
from dermadesk.gui import prompts as _prompts_module  # noqa: E402

REAL_QUESTIONS = {name: getattr(_prompts_module, name) for name in _QUESTIONS}


@pytest.fixture(scope="session")
def qapp_cls():  # type: ignore[no-untyped-def]
    """pytest-qt's application, set up the way DermaDesk sets up its own."""
    from PySide6.QtWidgets import QApplication

    return QApplication


@pytest.fixture(autouse=True)
def _dermadesk_look(qapp) -> None:  # type: ignore[no-untyped-def]
    """DermaDesk's style, names and font, put back only when a test changed them: setting the
    style again restyles every widget alive, some 40 ms a test."""
    font_size = qapp.font().pointSizeF()
    if qapp.style().name() != "fusion" or qapp.applicationName() != APP_NAME or font_size < 10.5:
        make_application([])


class CrashWatch:
    """Every exception nobody caught while a test ran: on the GUI thread, in a thread, or one
    that DermaDesk's own crash report would have shown."""

    def __init__(self, before: object) -> None:
        self.before = before  # pytest-qt's hook, which fails the test for the GUI thread
        self.uncaught: list[str] = []
        self.in_threads: list[str] = []

    def hook(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        self.uncaught.append("".join(traceback.format_exception(kind, error, tb)))
        if callable(self.before):
            self.before(kind, error, tb)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        where = args.thread.name if args.thread else "a thread"
        told = traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)
        self.in_threads.append(f"in {where}:\n" + "".join(told))

    def take(self) -> list[str]:
        """What was caught since the last call (for tests that check step by step)."""
        caught = self.uncaught + self.in_threads
        self.uncaught.clear()
        self.in_threads.clear()
        return caught


@pytest.fixture(autouse=True)
def crash_watch(monkeypatch: pytest.MonkeyPatch) -> Iterator[CrashWatch]:
    """An uncaught exception, or DermaDesk's crash dialog, fails the test.

    CrashHandler.install() puts the crash dialog in sys.excepthook's place, which would
    hide the exception from the test: here it records the exception first.
    """
    from dermadesk.gui.crash_report import CrashHandler

    watch = CrashWatch(sys.excepthook)
    monkeypatch.setattr(sys, "excepthook", watch.hook)
    monkeypatch.setattr(threading, "excepthook", watch.thread_hook)

    def install(handler: CrashHandler) -> None:
        def record_then_show(
            kind: type[BaseException], error: BaseException, tb: TracebackType | None
        ) -> None:
            watch.hook(kind, error, tb)
            handler(kind, error, tb)

        sys.excepthook = record_then_show

    monkeypatch.setattr(CrashHandler, "install", install)
    yield watch
    # The GUI thread's exceptions already fail the test through pytest-qt's hook, when on.
    pytest_qt_hook = getattr(getattr(watch.before, "func", None), "__module__", "")
    if watch.uncaught and not pytest_qt_hook.startswith("pytestqt"):
        pytest.fail("Uncaught:\n" + "\n".join(watch.uncaught), pytrace=False)
    if watch.in_threads:
        pytest.fail("Uncaught in a thread:\n" + "\n".join(watch.in_threads), pytrace=False)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", daily_backup.MARKER_HELP)


@pytest.fixture(scope="session")
def _demo_folder(tmp_path_factory: pytest.TempPathFactory, new_practice_dir: Path) -> Path:
    """A practice with 300 demo clients, filled once for the whole run (in practice/), and its
    daily backup (in daily-backup/). It is made from the same new practice as the `practice`
    fixture's, so it has the same data key (SQLCipher copies pages between databases only
    under one key)."""

    def build(folder: Path) -> None:
        data_dir = folder_with_database(new_practice_dir, folder / "practice")
        with open_practice(data_dir, FixedClock(TEST_NOW)) as practice:
            fill_demo_practice(practice, clients=300, seed=3, history=False)
        daily_backup.make_daily_backup(data_dir, folder / "scratch", folder / "daily-backup")

    return built_once(tmp_path_factory, "demo-300", build)


@pytest.fixture
def demo_practice(
    request: pytest.FixtureRequest, practice: Practice, _demo_folder: Path
) -> Practice:
    """A practice with 300 demo clients: the test's own copy, written into its database.
    The copy keeps this practice's identity (practice.json's id), as a database of its own.
    Today's daily backup is made already, unless the test is marked `no_backup_yet`."""
    filled = connect_file(_demo_folder / "practice" / DATABASE_NAME, practice.key)
    raw = practice.store.engine.raw_connection()
    try:
        own = "SELECT value FROM practice_setting WHERE key = 'identity'"
        (identity,) = raw.driver_connection.execute(own).fetchone()  # type: ignore[union-attr]
        filled.backup(raw.driver_connection)  # type: ignore[arg-type]
        raw.driver_connection.execute(  # type: ignore[union-attr]
            "UPDATE practice_setting SET value = ? WHERE key = 'identity'", (identity,)
        )
        raw.driver_connection.commit()  # type: ignore[union-attr]
    finally:
        raw.close()
        filled.close()
    if daily_backup.backed_up_today(request):
        daily_backup.put_in_place(_demo_folder / "daily-backup", practice)
    return practice


@pytest.fixture
def window(demo_practice: Practice, qtbot: QtBot) -> Iterator[MainWindow]:
    """The main window on the demo practice, shown offscreen."""
    shown = MainWindow(demo_practice, UiState(demo_practice.data_dir))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown


class PromptRecorder:
    """Stands in for the modal questions; answers as a test says and remembers what was asked."""

    def __init__(self) -> None:
        from dermadesk.gui.prompts import UnsavedChoice

        self.unsaved_answer = UnsavedChoice.DISCARD
        self.asked: list[str] = []
        self.errors: list[tuple[str, str]] = []
        self.save_path: str | None = None
        self.open_path: str | None = None
        self.open_paths: list[str] = []
        self.folder: str | None = None
        self.text: str | None = None
        self.yes = False
        self.questions: list[str] = []

    def ask_unsaved_changes(self, _parent: object, who: str):  # type: ignore[no-untyped-def]
        self.asked.append(who)
        return self.unsaved_answer

    def show_error(self, _parent: object, title: str, message: str) -> None:
        self.errors.append((title, message))

    def ask_save_path(self, *_args: object) -> str | None:
        return self.save_path

    def ask_open_path(self, *_args: object) -> str | None:
        return self.open_path

    def ask_open_paths(self, *_args: object) -> list[str]:
        return list(self.open_paths)

    def ask_folder(self, *_args: object) -> str | None:
        return self.folder

    def ask_text(self, *_args: object) -> str | None:
        return self.text

    def ask_yes_no(self, _parent: object, _title: str, question: str) -> bool:
        self.questions.append(question)
        return self.yes


@pytest.fixture(autouse=True)
def prompts(monkeypatch: pytest.MonkeyPatch) -> PromptRecorder:
    """No test ever blocks on a modal question."""
    from dermadesk.gui import client_view
    from dermadesk.gui import prompts as real_prompts

    recorder = PromptRecorder()
    monkeypatch.setattr(real_prompts, "ask_unsaved_changes", recorder.ask_unsaved_changes)
    for name in (
        "ask_save_path",
        "ask_open_path",
        "ask_open_paths",
        "ask_folder",
        "ask_text",
        "ask_yes_no",
    ):
        monkeypatch.setattr(real_prompts, name, getattr(recorder, name))
    monkeypatch.setattr(client_view, "show_error", recorder.show_error)
    monkeypatch.setattr(real_prompts, "show_error", recorder.show_error)
    return recorder


def type_text(widget: QtWidgets.QWidget, text: str) -> None:
    """Type `text` into `widget` key by key, letters beyond ASCII included.

    QTest.keyClicks only knows ASCII keys; a key event carrying the character
    is what a keyboard with ë or ł sends.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            QApplication.sendEvent(widget, event)


@pytest.fixture(scope="session")
def _lived_in_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder `lived_in_practice` copies, filled once as filling takes a while (in
    practice/), and its daily backup (in daily-backup/)."""

    def build(folder: Path) -> None:
        with open_practice(folder / "practice", FixedClock(TEST_NOW)) as filled:
            fill_demo_practice(filled, clients=12, seed=3, history=True)
        daily_backup.make_daily_backup(
            folder / "practice", folder / "scratch", folder / "daily-backup"
        )

    return built_once(tmp_path_factory, "lived-in", build)


@pytest.fixture(scope="session")
def _lived_in_server_backup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the lived-in server practice's daily backup is kept, once the first test on it
    has made it (see `lived_in_practice`)."""
    return tmp_path_factory.mktemp("lived-in-server-backup")


@pytest.fixture
def lived_in_source(_lived_in_template: Path) -> Path:
    """The practice folder `lived_in_practice` copies on SQLite; a module may put one of its
    own in its place, built once from this one (tests.built_once)."""
    return _lived_in_template / "practice"


@pytest.fixture
def lived_in_practice(
    request: pytest.FixtureRequest, store: str, data_dir: Path, clock: Clock
) -> Iterator[Practice]:
    """A practice in use: 12 demo clients with consents, plans and sessions (its own copy).
    On "postgresql" (a test marked `both_stores`), the same on a practice server of its own,
    opened as the application role, as a computer of the practice opens it. Today's daily
    backup is made already, unless the test is marked `no_backup_yet`."""
    backed_up = daily_backup.backed_up_today(request)
    if store == "postgresql":
        from tests.postgres_server import open_server_practice

        database = request.getfixturevalue("lived_in_server_database")
        backups = request.getfixturevalue("_lived_in_server_backup") / "daily-backup"
        if backed_up and not backups.exists():
            _make_server_daily_backup(database, backups)
        with open_server_practice(data_dir, database.app_url, clock) as opened:
            if backed_up:
                daily_backup.put_in_place(backups, opened)
            yield opened
        return
    shutil.copytree(request.getfixturevalue("lived_in_source"), data_dir)
    with open_practice(data_dir, clock) as opened:
        if backed_up:
            template = request.getfixturevalue("_lived_in_template")
            daily_backup.put_in_place(template / "daily-backup", opened)
        yield opened


def _make_server_daily_backup(database: ServerDatabase, into: Path) -> None:
    """Today's daily backup of the server practice `database` holds (not opened yet), made on
    a copy of it, so that the audit entry the backup writes stays in the copy."""
    from tests.postgres_server import create_database, drop_database, open_server_practice

    copy = create_database(database.socket, template=database.name)
    try:
        scratch = into.parent / "scratch"
        with open_server_practice(scratch, copy.app_url, FixedClock(TEST_NOW)) as opened:
            daily_backup.make_server_daily_backup(opened, into)
        shutil.rmtree(scratch)
    finally:
        drop_database(copy)


@pytest.fixture
def lived_in_window(lived_in_practice: Practice, qtbot: QtBot) -> Iterator[MainWindow]:
    """The main window on `lived_in_practice`, shown offscreen at 1024x700."""
    from tests.gui.paths import answering, click, is_titled

    shown = MainWindow(lived_in_practice, UiState(lived_in_practice.data_dir))
    shown.resize(1024, 700)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    yield shown
    # Closed here, not by pytest-qt: a question the closing asks gets an answer.
    with answering((is_titled("Unsaved changes"), lambda box: click(box, "Don't save"))):
        shown.close()
    shown.deleteLater()


@pytest.fixture
def real_questions(prompts: PromptRecorder, monkeypatch: pytest.MonkeyPatch) -> None:
    """The program's own message boxes for questions and errors, to be answered through their
    buttons (tests.gui.paths.answering); only the file pickers stay replaced."""
    from dermadesk.gui import client_view
    from dermadesk.gui import prompts as real_prompts

    for name, real in REAL_QUESTIONS.items():
        monkeypatch.setattr(real_prompts, name, real)
    monkeypatch.setattr(client_view, "show_error", REAL_QUESTIONS["show_error"])
