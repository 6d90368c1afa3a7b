"""The gallery never shows a swapped picture as the client's photo: without a thumbnail made
from the verified original, the photo is marked as damaged (the crossed square)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dermadesk.core.practice import Practice
from dermadesk.gui.gallery_model import LoadedRole
from dermadesk.gui.gallery_tab import GalleryTab
from tests.helpers import details, photo_bytes


def test_a_swapped_photo_is_shown_as_damaged_and_the_others_as_they_are(
    practice: Practice, tmp_path: Path, qtbot: QtBot
) -> None:
    client = practice.clients.create(details("Maja", "Lindqvist"))
    ids = []
    for shade in (1, 2):
        source = tmp_path / f"IMG_{shade}.jpg"
        source.write_bytes(photo_bytes(shade=shade))
        ids.append(practice.photos.import_file(client, source).photo_id)
    victim, other = (practice.photos.get(i) for i in ids)  # type: ignore[arg-type]
    # The attack: the original replaced by another picture, and the thumbnail cache gone
    # (deleted, or a fresh restore), so the gallery must make it again.
    target = practice.photos.original_path(victim.sha256)
    target.chmod(0o600)
    shutil.copyfile(practice.photos.original_path(other.sha256), target)
    shutil.rmtree(practice.photos.thumbs)

    tab = GalleryTab(practice)
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.show_client(client)
    tab.show()
    qtbot.waitUntil(lambda: not tab.loading)
    rows = {
        tab.model.photo_at(r).id: r for r in range(tab.model.rowCount()) if tab.model.photo_at(r)
    }
    for row in rows.values():
        tab.model.index(row, 0).data(Qt.ItemDataRole.DecorationRole)  # as the view paints
    qtbot.waitUntil(lambda: tab.loader.failed(victim.sha256), timeout=5000)
    qtbot.waitUntil(lambda: tab.model.index(rows[other.id], 0).data(LoadedRole), timeout=5000)
    assert not tab.model.index(rows[victim.id], 0).data(LoadedRole)
    assert not practice.photos.thumbnail_path(victim.sha256).exists()
