"""gallery: the Photos tab's first screen on a 1,000-photo client, against bare thumbnail reads."""

from __future__ import annotations

import os
import statistics
import sys
import time
from typing import TYPE_CHECKING

from harness import BenchError, Result, benchmark, info
from workspace import Workspace, open_bench_practice

if TYPE_CHECKING:
    from dermadesk.core.photos import Photos
    from dermadesk.core.practice import Practice

GALLERY_RUNS = 7


def _qt_application() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from dermadesk.gui.app import make_application

    return make_application([sys.argv[0]])


def _bare_screen(photos: Photos, shown: list[str]) -> float:
    """Seconds for the bare work of one screen: the cached thumbnails of the pictures `shown`
    (their hashes) read as the app reads them (`photos.cached_thumbnail`: decrypted when
    sealed) into QImages one after another and one empty widget painted, with no model,
    threads or database."""
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget

    started = time.perf_counter()
    images = [QImage.fromData(photos.cached_thumbnail(sha256) or b"") for sha256 in shown]
    widget = QWidget()
    widget.resize(1100, 800)
    widget.show()
    widget.repaint()
    elapsed = time.perf_counter() - started
    widget.close()
    if any(image.isNull() for image in images):
        raise BenchError("a cached thumbnail could not be read")
    return elapsed


class FirstScreen:
    """Times the Photos tab on `client_id`: from opening it to its first screen painted with
    every visible thumbnail in place; `shown` is how many were visible."""

    def __init__(self, app: object, practice: Practice, client_id: int):
        self.app, self.practice, self.client_id = app, practice, client_id
        self.shown = 0

    def __call__(self) -> float:
        from dermadesk.gui.gallery_tab import show_first_screen

        started = time.perf_counter()
        tab = show_first_screen(self.practice, self.client_id)
        elapsed = time.perf_counter() - started
        self.shown = len(tab.view.visible_rows())
        tab.close()
        tab.deleteLater()
        self.app.processEvents()  # type: ignore[attr-defined]
        return elapsed


@benchmark("gallery", target="value < 100 ms")
def bench_gallery(workspace: Workspace) -> Result:
    """Median time from opening the Photos tab on a 1,000-photo client (thumbnails cached on
    disk) to its first screen painted with every visible thumbnail in place.

    The baseline is the bare work of that screen: the same number of cached
    thumbnails read into QImages one after another (`photos.cached_thumbnail`, then
    `QImage.fromData`, as the app reads them) and one empty widget painted, with no
    model, no threads and no database. On a practice server (--database-url), the same on
    the server practice (gallery_server.py).
    """
    if workspace.database_url:
        from gallery_server import bench_server_gallery

        return bench_server_gallery(workspace)
    data_dir, client_id = workspace.gallery
    with open_bench_practice(data_dir) as practice:
        return measure_first_screen(practice, client_id)


def measure_first_screen(practice: Practice, client_id: int) -> Result:
    """The Photos tab's first screen on `client_id` against the bare reads, taking turns."""
    app = _qt_application()
    app_run = FirstScreen(app, practice, client_id)
    shas = [photo.sha256 for photo in practice.photos.for_client(client_id)]

    def raw_run() -> float:
        return _bare_screen(practice.photos, shas[: app_run.shown])

    app_run()  # warm-up: imports, the first thread pool, the font cache
    raw_run()
    app_times, raw_times = [], []
    for round_ in range(GALLERY_RUNS):
        if round_ % 2:
            raw_times.append(raw_run())
            app_times.append(app_run())
        else:
            app_times.append(app_run())
            raw_times.append(raw_run())
    app_ms = statistics.median(app_times) * 1000
    raw_ms = statistics.median(raw_times) * 1000
    info(
        f"  first screen ({app_run.shown} thumbnails): {app_ms:.1f} ms; bare reads {raw_ms:.1f} ms"
    )
    return Result(value=app_ms, baseline=raw_ms, unit="ms")


@benchmark("gallery_scroll", target="value < 50 ms")
def bench_gallery_scroll(workspace: Workspace) -> Result:
    """The longest the GUI thread is held at once while the gallery is scrolled a screen at a
    time from the top to the end, each screen waited for until every thumbnail on it is in
    place (nothing cached in memory beforehand: each screen is new).

    The baseline is the bare work of one screen: its cached thumbnail files read into
    QImages one after another and one empty widget painted (as for `gallery`).
    """
    from PySide6.QtCore import QEventLoop

    from dermadesk.gui.gallery_tab import show_first_screen

    data_dir, client_id = workspace.gallery
    app = _qt_application()
    with open_bench_practice(data_dir) as practice:
        tab = show_first_screen(practice, client_id)
        view = tab.view
        bar = view.verticalScrollBar()
        longest = 0.0
        frames = 0
        started_all = time.perf_counter()

        def held(work: object) -> None:
            nonlocal longest, frames
            started = time.perf_counter()
            work()  # type: ignore[operator]
            longest = max(longest, time.perf_counter() - started)
            frames += 1

        last = tab.model.index(tab.model.rowCount() - 1, 0)

        def at_the_end() -> bool:
            # Not the scroll bar's end: a long grid is laid out in batches, and the bar grows
            # as they come. The end is the last photo on screen.
            return view.visualRect(last).intersects(view.viewport().rect())

        while not at_the_end():
            held(lambda: bar.setValue(bar.value() + bar.pageStep()))
            held(view.viewport().repaint)  # the paint a person would see, done at once
            while not tab.first_screen_ready():  # every thumbnail of this screen in place
                held(lambda: app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5))  # type: ignore[attr-defined]
            held(lambda: app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5))  # type: ignore[attr-defined]
        scroll_ms = (time.perf_counter() - started_all) * 1000
        on_screen = len(view.visible_rows())
        photos = practice.photos.for_client(client_id)[:on_screen]
        shas = [photo.sha256 for photo in photos]
        tab.close()

        _bare_screen(practice.photos, shas)
        raw_ms = statistics.median(_bare_screen(practice.photos, shas) for _ in range(GALLERY_RUNS))
        raw_ms *= 1000
    info(
        f"  {workspace.photos:,} photos scrolled end to end in {scroll_ms:.0f} ms, "
        f"{frames} steps; the longest held the GUI thread {longest * 1000:.1f} ms; "
        f"one bare screen {raw_ms:.1f} ms"
    )
    return Result(value=longest * 1000, baseline=raw_ms, unit="ms")
