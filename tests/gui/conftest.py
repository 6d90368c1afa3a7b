"""GUI tests run offscreen with pytest-qt; without Qt's system libraries they are skipped."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

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

from dermadesk.core.demo import fill_demo_practice
from dermadesk.core.practice import Practice
from dermadesk.gui.app import make_application
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.ui_state import UiState

TODAY = date.today()


@pytest.fixture(scope="session")
def qapp_cls():  # type: ignore[no-untyped-def]
    """pytest-qt's application, set up the way DermaDesk sets up its own."""
    from PySide6.QtWidgets import QApplication

    return QApplication


@pytest.fixture(autouse=True)
def _dermadesk_look(qapp) -> None:  # type: ignore[no-untyped-def]
    make_application([])


@pytest.fixture
def demo_practice(practice: Practice) -> Practice:
    """A practice with 300 demo clients."""
    fill_demo_practice(practice, clients=300, seed=3, today=TODAY, history=False)
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
