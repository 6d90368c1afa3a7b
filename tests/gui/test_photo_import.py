"""Importing photos from the Photos tab: tags once per batch, progress, Cancel, the summary."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dermadesk.core import photo_import
from dermadesk.core.photo_tags import PhotoTags
from dermadesk.core.practice import Practice
from dermadesk.gui.gallery_tab import GalleryTab
from dermadesk.gui.photo_import import ImportDialog
from tests.gui.conftest import PromptRecorder
from tests.helpers import details, photo_bytes


@pytest.fixture
def client(practice: Practice) -> int:
    return practice.clients.create(details("Maja", "Lindqvist"))


@pytest.fixture
def tab(practice: Practice, client: int, qtbot: QtBot) -> GalleryTab:
    shown = GalleryTab(practice)
    qtbot.addWidget(shown)
    shown.resize(1000, 700)
    shown.show_client(client)
    shown.show()
    qtbot.waitUntil(lambda: not shown.loading)  # the rows are read off the GUI thread
    qtbot.waitExposed(shown)
    return shown


def camera_card(folder: Path, count: int, first_shade: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for number in range(count):
        path = folder / f"IMG_{number + 1:04}.JPG"
        path.write_bytes(photo_bytes(shade=first_shade + number))
        made.append(path)
    return made


needs_pipes = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


@contextlib.contextmanager
def slow_file(path: Path) -> Iterator[Callable[[bytes], None]]:
    """A "file" whose import waits until the test hands over its bytes (a named pipe).

    It holds a batch still at a known place, as a slow card reader would. The import
    refuses pipes (a real one would hang it), so that check is set aside for this one
    stand-in. However the test ends, the pipe is closed, so no import is left waiting.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    writers: list[threading.Thread] = []

    def hand_over(data: bytes) -> None:
        writer = threading.Thread(target=path.write_bytes, args=(data,))
        writer.start()
        writers.append(writer)

    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(photo_import, "refuse_unless_regular_file", lambda _path: None)
            yield hand_over
    finally:
        if not writers:
            with contextlib.suppress(OSError):  # nobody reading: nothing to release
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        for writer in writers:
            writer.join(timeout=10)


def the_dialog(tab: GalleryTab) -> ImportDialog:
    dialog = tab.dialogs.import_dialog
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    return dialog


def test_a_batch_is_imported_with_its_tags_and_every_refusal_is_named_with_its_reason(
    tab: GalleryTab,
    practice: Practice,
    client: int,
    tmp_path: Path,
    qtbot: QtBot,
    prompts: PromptRecorder,
) -> None:
    session = practice.sessions.book(client, datetime(2026, 3, 14, 10, 0))
    tab.reload()  # the session is new since the tab was shown
    good = camera_card(tmp_path / "card", 2)
    already = tmp_path / "elsewhere" / "same picture.jpg"
    already.parent.mkdir()
    already.write_bytes(good[0].read_bytes())
    practice.photos.import_file(client, already)  # imported once, last week
    broken = tmp_path / "card" / "IMG_0099.JPG"
    whole = good[1].read_bytes()
    broken.write_bytes(whole[: len(whole) // 2])  # the card was pulled out mid-copy
    prompts.open_paths = [str(good[0]), str(broken), str(good[1])]

    qtbot.mouseClick(tab.buttons.import_button, Qt.MouseButton.LeftButton)
    dialog = the_dialog(tab)
    form = dialog.tags_form
    form.session.setCurrentIndex(form.session.findData(session))
    form.area.setCurrentIndex(form.area.findData("cheek_left"))
    form.view.setCurrentIndex(form.view.findData("front"))
    form.stage.setCurrentIndex(form.stage.findData("before"))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None)

    summary = dialog.summary_text()
    assert summary.splitlines()[0] == (
        "1 photo imported. 1 picture already in the gallery, kept once. 1 file not imported."
    )
    assert "IMG_0099.JPG: the picture is damaged" in summary  # by name, with the reason
    assert "IMG_0001.JPG: this picture is in the gallery already; kept once." in summary
    assert dialog.isVisible() and dialog.cancel_button.text() == "Close"  # something to read
    stored = {p.original_name: p for p in practice.photos.for_client(client)}
    assert set(stored) == {"same picture.jpg", "IMG_0002.JPG"}
    assert PhotoTags.of(stored["IMG_0002.JPG"]) == PhotoTags(
        session, "cheek_left", "front", "before"
    )
    assert tab.filter_bar.count_label.text() == "2 photos"  # the gallery has re-read already

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_a_folder_is_imported_and_a_clean_batch_needs_no_reading(
    tab: GalleryTab,
    practice: Practice,
    client: int,
    tmp_path: Path,
    qtbot: QtBot,
    prompts: PromptRecorder,
) -> None:
    camera_card(tmp_path / "DCIM" / "100PHONE", 3)
    (tmp_path / "DCIM" / "notes.txt").write_text("not a picture; not offered")
    prompts.folder = str(tmp_path / "DCIM")

    qtbot.mouseClick(tab.buttons.import_folder_button, Qt.MouseButton.LeftButton)
    dialog = the_dialog(tab)
    assert dialog.intro.text() == "To import: every picture in the folder “DCIM”."
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert len(practice.photos.for_client(client)) == 3
    assert tab.status.text() == "3 photos imported."
    assert len(tab.selected_ids()) == 3


def test_a_folder_without_pictures_says_which_kinds_are_taken(
    tab: GalleryTab, tmp_path: Path, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "letter.docx").write_text("hello")
    prompts.folder = str(tmp_path / "documents")

    qtbot.mouseClick(tab.buttons.import_folder_button, Qt.MouseButton.LeftButton)
    dialog = the_dialog(tab)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None)

    assert dialog.summary_text() == (
        "No pictures were found there. DermaDesk takes JPEG, PNG, HEIC, TIFF or WebP files."
    )


@needs_pipes
def test_cancel_stops_the_batch_after_the_picture_in_hand(
    tab: GalleryTab, practice: Practice, client: int, tmp_path: Path, qtbot: QtBot
) -> None:
    card = camera_card(tmp_path / "card", 4)
    picture = card[1].read_bytes()
    card[1].unlink()
    with slow_file(card[1]) as hand_over:  # the batch will wait at the second picture
        tab.dialogs.import_paths(card)
        dialog = the_dialog(tab)
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "IMG_0002.JPG (2 of 4)" in dialog.progress_label.text())
        assert dialog.progress.isVisible() and dialog.progress.value() == 1
        assert not dialog.import_button.isEnabled()

        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        assert dialog.progress_label.text() == "Stopping after this picture…"
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # closing the window waits for it too
        assert dialog.isVisible()
        hand_over(picture)
        qtbot.waitUntil(lambda: dialog.report is not None)

    summary = dialog.summary_text()
    assert summary.splitlines()[0] == "2 photos imported. Stopped: 2 files not imported."
    assert "IMG_0003.JPG: not imported (the import was stopped)." in summary
    assert "IMG_0004.JPG: not imported (the import was stopped)." in summary
    names = sorted(p.original_name for p in practice.photos.for_client(client))
    assert names == ["IMG_0001.JPG", "IMG_0002.JPG"]
    assert tab.filter_bar.count_label.text() == "2 photos"


@needs_pipes
def test_the_window_stays_usable_while_a_batch_imports(
    tab: GalleryTab, practice: Practice, client: int, tmp_path: Path, qtbot: QtBot
) -> None:
    slow = tmp_path / "card" / "IMG_0001.JPG"
    with slow_file(slow) as hand_over:
        tab.dialogs.import_paths([slow])
        dialog = the_dialog(tab)
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Importing IMG_0001.JPG" in dialog.progress_label.text())

        # The import is held reading the file, yet the window goes on answering.
        qtbot.keyClick(dialog.tags_form.stage, Qt.Key.Key_Down)
        qtbot.wait(50)
        assert dialog.running and dialog.progress.isVisible()

        hand_over(photo_bytes())
        qtbot.waitUntil(lambda: dialog.report is not None)
    assert len(practice.photos.for_client(client)) == 1


def test_the_main_windows_import_photos_goes_to_the_open_clients_photos_tab(
    window,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from dermadesk.gui import prompts as real_prompts

    asked: list[str] = []
    monkeypatch.setattr(
        real_prompts, "ask_open_paths", lambda _p, title, _f: asked.append(title) or []
    )
    window.import_photos_action.trigger()  # no file open: said, nothing asked
    assert "Open a client's file first" in window.statusBar().currentMessage()
    assert asked == []

    window._open_client(window.practice.clients.search_ids("")[0])
    window.import_photos_action.trigger()

    assert asked == ["Import photos"]
    assert window.client_view.tabs.currentWidget() is window.client_view.gallery_tab
