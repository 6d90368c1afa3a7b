"""The Photos tab: the gallery model and its thumbnails, grouping, filters, drops, viewer, bin."""

from __future__ import annotations

import json
import shutil
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, QMimeData, QPoint, QPointF, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QPixmap
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dermadesk.core.clock import Clock, FixedClock
from dermadesk.core.photo_tags import PhotoTags
from dermadesk.core.photo_vault import THUMBS_DIR
from dermadesk.core.practice import Practice
from dermadesk.core.records import PhotoInfo
from dermadesk.gui import gallery_tab
from dermadesk.gui.client_view import ClientView
from dermadesk.gui.gallery_model import (
    ANNOUNCE_AFTER_MS,
    GalleryFilter,
    GalleryHeader,
    IsHeaderRole,
    LoadedRole,
    PhotoGalleryModel,
)
from dermadesk.gui.gallery_tab import GalleryTab, show_first_screen
from dermadesk.gui.gallery_view import THUMB_BOX
from dermadesk.gui.photo_viewer import PhotoViewer
from dermadesk.gui.thumbnails import ThumbnailCache, ThumbnailLoader
from tests.built_once import built_once
from tests.gui.conftest import PromptRecorder
from tests.helpers import TEST_NOW, details, looks_upright, open_practice, photo_bytes
from tests.postgres_server import (
    ServerDatabase,
    create_database,
    drop_database,
    open_server_practice,
)
from tests.practice_folders import folder_with_database


class ManualPool:
    """A stand-in thread pool that runs its work only when the test says (Picard's idea)."""

    def __init__(self) -> None:
        self.queued: list[Callable[[], None]] = []

    def start(self, work: Callable[[], None]) -> None:
        self.queued.append(work)

    def clear(self) -> None:
        self.queued.clear()

    def run_all(self) -> None:
        while self.queued:
            self.queued.pop(0)()


def pil_of(image: QImage | QPixmap) -> Image.Image:
    """A Qt picture as a Pillow one, to check what is on screen with Pillow's eyes."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    import io

    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")


# On a folder practice and on a practice server, whose photos are in its database.
pytestmark = pytest.mark.both_stores


def fill_album(practice: Practice, camera: Path) -> dict[str, int]:
    """A client with seven photos: three at a first session, two at a second, two linked to
    none. Returns the ids: the client's, each photo's by its name, and the two sessions'."""
    client = practice.clients.create(details("Maja", "Lindqvist"))
    first = practice.sessions.book(client, datetime(2026, 3, 14, 10, 0))
    second = practice.sessions.book(client, datetime(2026, 4, 11, 10, 0))
    plan = {
        "s1_cheek_before": (first, "cheek_left", "front", "before", "2026:03:14 10:05:00"),
        "s1_cheek_after": (first, "cheek_left", "front", "after", "2026:03:14 11:05:00"),
        "s1_chin_before": (first, "chin", "front", "before", "2026:03:14 10:06:00"),
        "s2_cheek_before": (second, "cheek_left", "front", "before", "2026:04:11 10:05:00"),
        "s2_cheek_after": (second, "cheek_left", "front", "after", "2026:04:11 11:05:00"),
        "loose_follow_up": (None, "cheek_left", "front", "follow-up", "2026:05:09 09:00:00"),
        "loose_untagged": (None, "", "", "", "2026:05:10 09:00:00"),
    }
    ids: dict[str, int] = {"client": client}
    camera.mkdir()
    for shade, (name, (session, area, view, stage, taken)) in enumerate(plan.items(), 1):
        path = camera / f"{name}.jpg"
        path.write_bytes(photo_bytes(taken=taken, shade=shade))
        outcome = practice.photos.import_file(client, path, PhotoTags(session, area, view, stage))
        assert outcome.photo_id is not None
        ids[name] = outcome.photo_id
    ids["first_session"], ids["second_session"] = first, second
    return ids


@pytest.fixture(scope="session")
def _album_folder(tmp_path_factory: pytest.TempPathFactory, new_practice_dir: Path) -> Path:
    """A practice folder holding the album (in practice/, its ids in album.json), filled once
    for the run: importing seven photos took about a second a test."""

    def build(folder: Path) -> None:
        data_dir = folder_with_database(new_practice_dir, folder / "practice")
        with open_practice(data_dir, FixedClock(TEST_NOW)) as made:
            ids = fill_album(made, folder / "camera")
        (folder / "album.json").write_text(json.dumps(ids))

    return built_once(tmp_path_factory, "gallery-album", build)


@dataclass(frozen=True)
class ServerAlbum:
    """A server database holding the album, to be copied; its thumbnails; its ids."""

    database: ServerDatabase
    thumbs: Path
    ids: dict[str, int]


@pytest.fixture(scope="session")
def _server_album(
    server_template: ServerDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerAlbum]:
    """The album on a server practice, filled once per session, with the thumbnails its
    import made on this computer."""
    template = create_database(server_template.socket, template=server_template.name)
    try:
        scratch = tmp_path_factory.mktemp("server-album")
        clock = FixedClock(TEST_NOW)
        with open_server_practice(scratch / "practice", template.app_url, clock) as filled:
            ids = fill_album(filled, scratch / "camera")
            thumbs = filled.data_dir / THUMBS_DIR
        yield ServerAlbum(template, thumbs, ids)  # closed: a template is copied unused
    finally:
        drop_database(template)


@pytest.fixture
def practice(
    request: pytest.FixtureRequest, store: str, data_dir: Path, clock: Clock
) -> Iterator[Practice]:
    """The suite's new practice; for a test of the album, the test's own copy of a practice
    holding it (on a practice server: a copy of its database, and of its thumbnails)."""
    if "album" not in request.fixturenames:
        yield request.getfixturevalue("practice")  # the suite's own
        return
    if store == "postgresql":
        album: ServerAlbum = request.getfixturevalue("_server_album")
        database = create_database(album.database.socket, template=album.database.name)
        try:
            with open_server_practice(data_dir, database.app_url, clock) as opened:
                shutil.copytree(album.thumbs, opened.data_dir / THUMBS_DIR)
                yield opened
        finally:
            drop_database(database)
        return
    shutil.copytree(request.getfixturevalue("_album_folder") / "practice", data_dir)
    with open_practice(data_dir, clock) as opened:
        yield opened


@pytest.fixture
def album(request: pytest.FixtureRequest, store: str) -> dict[str, int]:
    """The album's ids: the client's ("client"), each photo's by its name, and the sessions'
    ("first_session", "second_session")."""
    if store == "postgresql":
        return dict(request.getfixturevalue("_server_album").ids)
    ids: dict[str, int] = json.loads(
        (request.getfixturevalue("_album_folder") / "album.json").read_text()
    )
    return ids


@pytest.fixture
def client(request: pytest.FixtureRequest, practice: Practice) -> int:
    """Maja Lindqvist: the album's client, or a new client of that name with no photos."""
    if "album" in request.fixturenames:
        return request.getfixturevalue("album")["client"]  # type: ignore[no-any-return]
    return practice.clients.create(details("Maja", "Lindqvist"))


def gallery_items(practice: Practice, client: int) -> list[PhotoInfo]:
    return practice.photos.for_client(client)


@pytest.fixture
def tab(practice: Practice, client: int, album: dict[str, int], qtbot: QtBot) -> GalleryTab:
    shown = GalleryTab(practice)
    qtbot.addWidget(shown)
    shown.resize(1000, 700)
    shown.show_client(client)
    shown.show()
    qtbot.waitUntil(lambda: not shown.loading)  # the rows are read off the GUI thread
    qtbot.waitExposed(shown)
    return shown


def row_titles(model: PhotoGalleryModel) -> list[str]:
    """The grid as a practitioner reads it: headings, and photos by their file name's tag."""
    titles = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(IsHeaderRole):
            titles.append(f"# {index.data()}")
        else:
            titles.append(model.photo_at(row).original_name.removesuffix(".jpg"))  # type: ignore[union-attr]
    return titles


# --- the model ---------------------------------------------------------------------------------


def test_the_gallery_model_passes_qts_model_checks_and_groups_by_session(
    practice: Practice, client: int, album: dict[str, int], qtmodeltester, qapp
) -> None:  # type: ignore[no-untyped-def]
    loader = ThumbnailLoader(practice.photos, THUMB_BOX, pool=ManualPool())
    model = PhotoGalleryModel(loader)

    model.set_photos(gallery_items(practice, client), practice.sessions.for_client(client))

    qtmodeltester.check(model)
    assert row_titles(model) == [
        "# Session 2 · 11 Apr 2026",
        "s2_cheek_before",
        "s2_cheek_after",
        "# Session 1 · 14 Mar 2026",
        "s1_cheek_before",
        "s1_chin_before",
        "s1_cheek_after",
        "# Not linked to a session",
        "loose_follow_up",
        "loose_untagged",
    ]
    heading = model.index(0, 0)
    assert not heading.flags() & Qt.ItemFlag.ItemIsSelectable  # a heading is never picked
    assert model.index(1, 0).flags() & Qt.ItemFlag.ItemIsSelectable
    assert model.index(1, 0).data() == "Left cheek\nFront · Before"
    assert model.index(9, 0).data() == "No area\nNot tagged"

    model.set_filter(GalleryFilter(area="cheek_left", stage="before"))
    qtmodeltester.check(model)
    assert row_titles(model) == [
        "# Session 2 · 11 Apr 2026",
        "s2_cheek_before",
        "# Session 1 · 14 Mar 2026",
        "s1_cheek_before",
    ]
    assert next(i for i in model._rows if isinstance(i, GalleryHeader)).count == 1


def test_a_thumbnail_shows_a_placeholder_at_once_then_the_picture_from_the_background(
    practice: Practice, client: int, album: dict[str, int], qtbot: QtBot
) -> None:
    loader = ThumbnailLoader(practice.photos, THUMB_BOX)  # a real thread pool
    model = PhotoGalleryModel(loader)
    model.set_photos(gallery_items(practice, client), practice.sessions.for_client(client))
    index = model.index(1, 0)

    first = index.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(first, QPixmap) and not index.data(LoadedRole)  # the placeholder
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        pass
    qtbot.waitUntil(lambda: index.data(LoadedRole))

    shown = index.data(Qt.ItemDataRole.DecorationRole)
    assert max(shown.width(), shown.height()) == THUMB_BOX
    assert looks_upright(pil_of(shown))


def test_changing_the_filter_drops_thumbnails_the_old_grid_asked_for(
    practice: Practice, client: int, album: dict[str, int], qtbot: QtBot
) -> None:
    pool = ManualPool()
    loader = ThumbnailLoader(practice.photos, THUMB_BOX, pool=pool)
    model = PhotoGalleryModel(loader)
    model.set_photos(gallery_items(practice, client), practice.sessions.for_client(client))
    for row in range(model.rowCount()):  # the whole grid asks for its thumbnails
        model.index(row, 0).data(Qt.ItemDataRole.DecorationRole)
    assert len(pool.queued) == 7
    already_running = pool.queued.pop(0)  # a worker picked this one up just before the change
    changes: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: changes.append(top.row()))

    model.set_filter(GalleryFilter(stage="follow-up"))
    already_running()
    pool.run_all()

    assert loader.decoded_count == 0  # nothing decoded for a grid no longer on show
    qtbot.wait(3 * ANNOUNCE_AFTER_MS)
    assert changes == []
    assert row_titles(model) == ["# Not linked to a session", "loose_follow_up"]
    model.index(1, 0).data(Qt.ItemDataRole.DecorationRole)
    pool.run_all()
    assert loader.decoded_count == 1
    qtbot.waitUntil(lambda: changes == [1])
    assert model.index(1, 0).data(LoadedRole)


def test_a_thumbnail_decoded_for_the_previous_client_is_not_kept_when_it_arrives_late(
    practice: Practice, client: int, album: dict[str, int], qapp
) -> None:  # type: ignore[no-untyped-def]
    pool = ManualPool()
    loader = ThumbnailLoader(practice.photos, THUMB_BOX, pool=pool)
    model = PhotoGalleryModel(loader)
    model.set_photos(gallery_items(practice, client), practice.sessions.for_client(client))
    model.index(1, 0).data(Qt.ItemDataRole.DecorationRole)
    worker = threading.Thread(target=pool.queued.pop())
    worker.start()
    worker.join()  # decoded on a worker thread; its result waits in the GUI thread's queue
    assert loader.decoded_count == 1
    changes: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: changes.append(top.row()))

    other = practice.clients.create(details("Otto", "Berg"))
    model.set_photos(gallery_items(practice, other), [])  # another client's (empty) gallery
    QApplication.processEvents()  # the late result is delivered now…

    assert changes == [] and len(loader.cache) == 0  # …and dropped


def test_the_thumbnail_cache_forgets_the_least_recently_used_beyond_its_byte_budget(qapp) -> None:  # type: ignore[no-untyped-def]
    one = QPixmap(100, 100)
    one.fill(Qt.GlobalColor.gray)
    cost = 100 * 100 * one.depth() // 8
    cache = ThumbnailCache(budget_bytes=3 * cost)
    for key in "abc":
        cache.put(key, one)
    assert cache.get("a") is not None  # "a" is now the most recently used

    cache.put("d", one)

    assert "b" not in cache and {"a", "c", "d"} <= {k for k in "abcd" if k in cache}
    assert cache.used == 3 * cost


# --- the tab -----------------------------------------------------------------------------------


def test_the_photos_tab_counts_filters_and_lists_only_what_the_client_has(
    tab: GalleryTab, qtbot: QtBot
) -> None:
    assert tab.filter_bar.count_label.text() == "7 photos"
    areas = [
        tab.filter_bar.area_filter.itemText(i) for i in range(tab.filter_bar.area_filter.count())
    ]
    assert areas == ["All areas", "Left cheek", "Chin", "No area"]
    stages = [
        tab.filter_bar.stage_filter.itemText(i) for i in range(tab.filter_bar.stage_filter.count())
    ]
    assert stages == ["All stages", "Before", "After", "Follow-up", "No stage"]

    tab.filter_bar.area_filter.setCurrentIndex(tab.filter_bar.area_filter.findText("Chin"))

    assert tab.filter_bar.count_label.text() == "1 of 7 photos shown"
    assert row_titles(tab.model) == ["# Session 1 · 14 Mar 2026", "s1_chin_before"]
    qtbot.waitUntil(tab.first_screen_ready)


def test_the_first_screen_of_thumbnails_is_painted_for_the_benchmark(
    practice: Practice, client: int, album: dict[str, int], qtbot: QtBot
) -> None:
    shown = show_first_screen(practice, client)
    qtbot.addWidget(shown)

    visible = shown.view.visible_rows()
    assert len(visible) == shown.model.rowCount()  # seven photos fit on one screen
    assert all(
        shown.model.index(row, 0).data(LoadedRole)
        for row in visible
        if not shown.model.index(row, 0).data(IsHeaderRole)
    )
    picture = pil_of(shown.view.viewport().grab())
    rect = shown.view.visualRect(shown.model.index(1, 0))
    # The real thumbnail, not the grey placeholder: the marker's red corner is on screen.
    red = [
        picture.getpixel((x, y))
        for x in range(rect.left(), rect.right(), 4)
        for y in range(rect.top(), rect.bottom(), 4)
    ]
    assert any(r > 180 and g < 80 and b < 80 for r, g, b in red)  # type: ignore[misc]


def drop(widget, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    """Drop files on `widget` as a file manager would."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    where = QPointF(widget.rect().center())
    with warnings.catch_warnings():
        # PySide 6.12 binds only the QPoint form, which it marks deprecated; it is what
        # Qt itself sends, so the test does too.
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            where.toPoint(),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    dropped = QDropEvent(
        where,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, dropped)


def test_a_picture_dropped_on_the_gallery_is_imported(
    tab: GalleryTab, practice: Practice, client: int, tmp_path: Path, qtbot: QtBot
) -> None:
    picture = tmp_path / "from the desktop.jpg"
    picture.write_bytes(photo_bytes(taken="2026:06:01 12:00:00", shade=99))

    drop(tab.view.viewport(), [picture])
    dialog = tab.dialogs.import_dialog
    assert dialog is not None and dialog.isVisible()
    assert "from the desktop.jpg" in dialog.intro.text()
    dialog.tags_form.stage.setCurrentIndex(dialog.tags_form.stage.findData("follow-up"))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())  # all went well: it closes by itself

    names = {photo.original_name: photo for photo in practice.photos.for_client(client)}
    assert names["from the desktop.jpg"].stage == "follow-up"
    assert tab.filter_bar.count_label.text() == "8 photos"
    assert tab.status.text() == "1 photo imported."
    new = names["from the desktop.jpg"].id
    assert tab.selected_ids() == [new]  # the new photo is shown, selected


def test_double_clicking_a_photo_opens_it_large_and_upright(
    practice: Practice, client: int, tmp_path: Path, qtbot: QtBot
) -> None:
    turned = tmp_path / "IMG_0001.JPG"
    turned.write_bytes(photo_bytes(orientation=6, size=(600, 400)))  # stored on its side
    practice.photos.import_file(client, turned, PhotoTags(area="chin", stage="before"))
    tab = GalleryTab(practice)
    qtbot.addWidget(tab)
    tab.show_client(client)
    tab.show()
    qtbot.waitUntil(lambda: not tab.loading)  # the rows are read off the GUI thread
    qtbot.waitExposed(tab)
    rect = tab.view.visualRect(tab.model.index(1, 0))

    # A double click is a click, then the second press (QTest sends only the second part).
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    viewer = tab.dialogs.viewer
    assert isinstance(viewer, PhotoViewer)
    qtbot.addWidget(viewer)
    qtbot.waitUntil(lambda: viewer.loaded_id is not None)
    assert (viewer.canvas.image.width(), viewer.canvas.image.height()) == (600, 400)
    assert looks_upright(pil_of(viewer.canvas.image))  # what is displayed…
    on_screen = pil_of(viewer.canvas.grab())
    drawn = viewer.canvas.image_rect().toRect()
    assert looks_upright(on_screen.crop((drawn.left(), drawn.top(), drawn.right(), drawn.bottom())))
    assert "Chin, before" in viewer.caption.text()


def test_the_viewer_zooms_pans_and_steps_through_the_photos_shown(
    tab: GalleryTab, album: dict[str, int], qtbot: QtBot
) -> None:
    tab.select_photos([album["s1_cheek_before"]])
    qtbot.mouseClick(tab.buttons.view_button, Qt.MouseButton.LeftButton)
    viewer = tab.dialogs.viewer
    assert isinstance(viewer, PhotoViewer)
    qtbot.addWidget(viewer)
    qtbot.waitUntil(lambda: viewer.loaded_id == album["s1_cheek_before"])
    canvas = viewer.canvas
    whole = canvas.image_rect()

    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.state.zoom == pytest.approx(1.5625)
    assert canvas.image_rect().width() == pytest.approx(whole.width() * 1.5625)
    before = canvas.image_rect()
    middle = canvas.rect().center()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=middle)
    qtbot.mouseMove(canvas, middle + QPoint(40, 0))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=middle + QPoint(40, 0))
    assert canvas.image_rect().left() == pytest.approx(before.left() + 40, abs=1)  # dragged along
    qtbot.keyClick(canvas, Qt.Key.Key_0)
    assert canvas.image_rect() == whole

    position = viewer.index
    qtbot.mouseClick(viewer.next_button, Qt.MouseButton.LeftButton)
    assert viewer.photo_id == [p.id for p in tab.model.shown_photos()][position + 1]
    qtbot.keyClick(viewer, Qt.Key.Key_Left)
    assert viewer.photo_id == album["s1_cheek_before"]


def test_photos_go_to_the_bin_and_come_back_out(
    tab: GalleryTab, practice: Practice, client: int, album: dict[str, int], qtbot: QtBot
) -> None:
    tab.select_photos([album["loose_untagged"], album["s1_chin_before"]])
    qtbot.mouseClick(tab.buttons.bin_action_button, Qt.MouseButton.LeftButton)

    assert tab.filter_bar.count_label.text() == "5 photos"
    assert tab.buttons.bin_button.text() == "Bin (2)"
    assert "2 photos moved to the bin" in tab.status.text()
    assert len(practice.photos.for_client(client, in_bin=True)) == 2

    qtbot.mouseClick(tab.buttons.bin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.loading)
    assert tab.in_bin and tab.bin_banner.isVisible()
    assert tab.filter_bar.count_label.text() == "2 photos in the bin"
    assert tab.buttons.bin_action_button.text().replace("&", "") == "Take out of bin"
    tab.select_photos([album["s1_chin_before"]])
    qtbot.mouseClick(tab.buttons.bin_action_button, Qt.MouseButton.LeftButton)
    assert tab.filter_bar.count_label.text() == "1 photo in the bin"

    qtbot.mouseClick(tab.buttons.bin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.loading)
    assert tab.filter_bar.count_label.text() == "6 photos"
    assert tab.model.row_of(album["s1_chin_before"]) is not None

    tab.select_photos([album["s1_chin_before"]])
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)  # the Delete key does the same
    assert tab.filter_bar.count_label.text() == "5 photos"


def test_tags_of_several_photos_change_together_keeping_what_differs(
    tab: GalleryTab, practice: Practice, album: dict[str, int], qtbot: QtBot
) -> None:
    chosen = [album["loose_follow_up"], album["loose_untagged"]]
    tab.select_photos(chosen)
    qtbot.mouseClick(tab.buttons.tags_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialogs.tags_dialog
    form = dialog.form  # type: ignore[union-attr]
    assert form.stage.currentText() == "Keep each photo's own"  # follow-up and none differ
    form.session.setCurrentIndex(form.session.findData(album["second_session"]))
    form.view.setCurrentIndex(form.view.findData("left_oblique"))

    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()  # type: ignore[union-attr]

    follow_up, untagged = (practice.photos.get(pid) for pid in chosen)
    assert (follow_up.session_id, follow_up.view, follow_up.stage) == (
        album["second_session"],
        "left_oblique",
        "follow-up",
    )
    assert (untagged.session_id, untagged.view, untagged.stage) == (
        album["second_session"],
        "left_oblique",
        "",
    )
    assert tab.status.text() == "Tags of 2 photos saved."
    assert "Not linked" not in " ".join(row_titles(tab.model))


def test_the_photos_tab_waits_for_a_saved_file_and_compare_is_two_clicks_away(
    practice: Practice, client: int, album: dict[str, int], qtbot: QtBot
) -> None:
    view = ClientView(practice)
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show()
    view.start_new_client()
    photos_at = view.tabs.indexOf(view.gallery_tab)
    assert not view.tabs.isTabEnabled(photos_at)  # nothing to show before the file is saved

    view.show_client(client)
    assert view.tabs.isTabEnabled(photos_at)
    assert view.tabs.tabText(photos_at).replace("&", "") == "Photos"
    bar = view.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(photos_at).center())
    qtbot.mouseClick(view.gallery_tab.buttons.compare_button, Qt.MouseButton.LeftButton)

    compare = view.gallery_tab.dialogs.compare_dialog
    assert compare is not None and compare.isVisible()
    qtbot.addWidget(compare)
    natural = practice.photos.natural_pair(client)
    assert natural is not None
    # The first "before" and the latest "after" of the left cheek, front.
    assert compare.view.pair == (album["s1_cheek_before"], album["loose_follow_up"])  # type: ignore[attr-defined]
    assert compare.view.pair == (natural[0].id, natural[1].id)  # type: ignore[attr-defined]


def test_an_archived_clients_gallery_is_for_looking_only(
    practice: Practice, client: int, album: dict[str, int], qtbot: QtBot, prompts: PromptRecorder
) -> None:
    tab = GalleryTab(practice)
    qtbot.addWidget(tab)
    tab.show_client(client, archived=True)
    tab.show()
    qtbot.waitUntil(lambda: not tab.loading)  # the rows are read off the GUI thread
    tab.select_photos([album["s1_chin_before"]])

    assert (
        not tab.buttons.import_button.isEnabled() and not tab.buttons.bin_action_button.isEnabled()
    )
    assert not tab.buttons.tags_button.isEnabled()
    assert tab.buttons.view_button.isEnabled() and tab.buttons.compare_button.isEnabled()
    assert tab.buttons.export_button.isEnabled()
    assert not tab.view.acceptDrops()


def test_a_gallery_without_photos_says_how_to_add_them(
    practice: Practice, client: int, qtbot: QtBot, prompts: PromptRecorder
) -> None:
    tab = GalleryTab(practice)
    qtbot.addWidget(tab)
    tab.show_client(client)
    tab.show()
    qtbot.waitUntil(lambda: not tab.loading)  # the rows are read off the GUI thread

    assert tab.filter_bar.count_label.text() == "0 photos"
    assert "drop pictures or a folder here" in tab.view.empty_text
    assert not tab.buttons.compare_button.isEnabled() and not tab.buttons.view_button.isEnabled()
    tab.dialogs.compare()  # from the menu, all the same: told why not, in words

    assert prompts.errors == [
        (
            "Nothing to compare yet",
            "A comparison needs two photos of this client. Import a “before” and an “after” "
            "photo of the same area and view, then press Compare.",
        )
    ]


def test_moving_quickly_to_another_client_never_shows_the_first_clients_photos(
    practice: Practice,
    client: int,
    album: dict[str, int],
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(gallery_tab, "READ_AT_ONCE_UP_TO", 0)  # as for a large gallery
    other = practice.clients.create(details("Otto", "Berg"))
    picture = tmp_path / "otto.jpg"
    picture.write_bytes(photo_bytes(shade=77))
    practice.photos.import_file(other, picture)
    tab = GalleryTab(practice)
    qtbot.addWidget(tab)
    tab.show()

    tab.show_client(client)  # its rows are being read…
    tab.show_client(other)  # …when the practitioner opens the next file
    qtbot.waitUntil(lambda: not tab.loading)
    QThreadPool.globalInstance().waitForDone()
    QApplication.processEvents()  # whatever was still on its way has arrived by now

    assert [photo.original_name for photo in tab.model.photos] == ["otto.jpg"]
    assert tab.filter_bar.count_label.text() == "1 photo"


def test_a_late_read_never_shows_the_previous_clients_photos(
    practice: Practice, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anna's photos are being read, the practitioner goes to another tab and opens Otto's
    file: Anna's read must not land under Otto's name."""
    monkeypatch.setattr(gallery_tab, "READ_AT_ONCE_UP_TO", 0)  # as for a large gallery
    anna = practice.clients.create(details("Anna", "First"))
    otto = practice.clients.create(details("Otto", "Berg"))
    for number in range(30):
        picture = tmp_path / f"anna{number}.jpg"
        picture.write_bytes(photo_bytes(shade=number + 1))
        practice.photos.import_file(anna, picture)
    picture = tmp_path / "otto.jpg"
    picture.write_bytes(photo_bytes(shade=99))
    practice.photos.import_file(otto, picture)
    tab = GalleryTab(practice)
    qtbot.addWidget(tab)
    tab.show()
    tab.show_client(anna)
    tab.hide()
    tab.show_client(otto)
    QThreadPool.globalInstance().waitForDone()
    QApplication.processEvents()
    tab.show()
    assert all(photo.original_name == "otto.jpg" for photo in tab.model.photos)
    qtbot.waitUntil(lambda: not tab.loading)
    assert [photo.original_name for photo in tab.model.photos] == ["otto.jpg"]


def test_cached_thumbnails_are_in_place_at_the_first_paint_and_only_a_screenful_is_decoded(
    practice: Practice, client: int, tmp_path: Path, qtbot: QtBot
) -> None:
    folder = tmp_path / "card"
    folder.mkdir()
    for number in range(24):  # more than a screen holds
        path = folder / f"photo-{number:02}.jpg"
        path.write_bytes(photo_bytes(shade=number + 1, taken=f"2026:03:14 10:{number:02}:00"))
    outcomes = practice.photos.import_files(client, [folder])
    assert all(outcome.photo_id is not None for outcome in outcomes)  # thumbnails now on disk

    tab = GalleryTab(practice)
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    paints: list[tuple[int, int]] = []  # per paint showing photos: (photos on screen, placeholders)

    def look() -> None:
        rows = [row for row in tab.view.visible_rows() if tab.model.photo_at(row) is not None]
        if rows:
            waiting = [row for row in rows if not tab.model.index(row, 0).data(LoadedRole)]
            paints.append((len(rows), len(waiting)))

    tab.view.painted.connect(look)
    tab.show_client(client)
    tab.show()
    qtbot.waitUntil(lambda: tab.first_screen_painted, timeout=10_000)
    qtbot.wait(3 * ANNOUNCE_AFTER_MS)  # let anything still on its way arrive

    on_screen = paints[0][0]
    assert 0 < on_screen < 24
    assert paints[0] == (on_screen, 0)  # the very first paint: every thumbnail real
    assert tab.loader.decoded_count <= tab.view.cells_on_screen()  # not all 24
    assert all(waiting == 0 for _shown, waiting in paints)  # no placeholder ever flashed
