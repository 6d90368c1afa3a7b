"""File dialogs start in the user's Documents or Pictures, never the program's folder, and then
where that kind of file was last chosen (kept in the practice's window-state.ini).

These tests use the real file dialogs (the other GUI tests replace them), answered through
their own fields and buttons.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from dermadesk.core.backup_rotation import SUFFIX
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.ui_state import UiState
from tests.gui.test_window_paths import answer_modal, click_button


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A home folder with Documents and Pictures; the real file dialogs instead of the stand-ins."""
    monkeypatch.undo()  # the conftest's stand-ins for the prompts go: the real ones here
    home = tmp_path / "home"
    for folder in ("Documents", "Pictures"):
        (home / folder).mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))  # no user-dirs.dirs: defaults
    monkeypatch.chdir(tmp_path)  # the program's folder, where the dialogs must not start
    yield home


def answer_file_dialog(qtbot: QtBot, seen: dict[str, object], typed: str | None) -> None:
    """Note where the dialog starts; then type `typed` and accept, or Cancel when None."""

    def answer(dialog: QWidget) -> None:
        try:
            answer_it(dialog)
        except BaseException as error:
            seen["error"] = error
            dialog.close()  # never left hanging; the test then fails on the error
            raise

    def answer_it(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        seen["start"] = Path(dialog.directory().absolutePath())
        if typed is None:
            click_button(dialog, "Cancel")
            return
        # The file is picked as the dialog itself picks it (typing a path in it pops up a
        # completer that the offscreen platform cannot show); its own Save button accepts.
        dialog.selectFile(typed)
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        accept = buttons.buttons()[0]
        qtbot.waitUntil(accept.isEnabled)
        accept.click()

    seen.clear()
    answer_modal(qtbot, answer)


def test_back_up_now_starts_in_documents_then_where_the_last_backup_went(
    window: MainWindow, qtbot: QtBot, home: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb stick"
    usb.mkdir()
    seen: dict[str, object] = {}
    answer_file_dialog(qtbot, seen, str(usb / "friday"))
    window.backup_action.trigger()
    assert seen["start"] == home / "Documents"
    qtbot.waitUntil(
        lambda: window.backup_task is not None and window.backup_task.done, timeout=20_000
    )
    assert (usb / f"friday{SUFFIX}").is_file()

    answer_file_dialog(qtbot, seen, None)
    window.backup_action.trigger()
    assert seen["start"] == usb
    # Kept with the practice: the next start of DermaDesk remembers it too.
    assert UiState(window.practice.data_dir).last_folder("backups") == str(usb)


def test_importing_photos_starts_in_pictures(window: MainWindow, qtbot: QtBot, home: Path) -> None:
    window._open_client(window.practice.clients.search_ids("")[0])
    seen: dict[str, object] = {}
    answer_file_dialog(qtbot, seen, None)
    window.import_photos_action.trigger()
    assert seen["start"] == home / "Pictures"
