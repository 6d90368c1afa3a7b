"""gallery: the Photos tab's first screen on a 1,000-photo client, against bare thumbnail reads."""

from __future__ import annotations

import os
import statistics
import sys
import time

from harness import Result, benchmark, info
from workspace import Workspace

GALLERY_RUNS = 7


def _qt_application() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from dermadesk.gui.app import make_application

    return make_application([sys.argv[0]])


@benchmark("gallery", target="value < 100 ms")
def bench_gallery(workspace: Workspace) -> Result:
    """Median time from opening the Photos tab on a 1,000-photo client (thumbnails cached on
    disk) to its first screen painted with every visible thumbnail in place.

    The baseline is the bare work of that screen: the same number of cached
    thumbnail files read into QImages one after another and one empty widget
    painted, with no model, no threads and no database.
    """
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget

    from dermadesk.core.practice import Practice
    from dermadesk.gui.gallery_tab import show_first_screen

    data_dir, client_id = workspace.gallery_1000
    app = _qt_application()
    with Practice.open(data_dir) as practice:
        shown: list[int] = []

        def app_run() -> float:
            started = time.perf_counter()
            tab = show_first_screen(practice, client_id)
            elapsed = time.perf_counter() - started
            shown.append(len(tab.view.visible_rows()))
            tab.close()
            tab.deleteLater()
            app.processEvents()  # type: ignore[attr-defined]
            return elapsed

        photos = practice.photos.for_client(client_id)

        def raw_run() -> float:
            paths = [practice.photos.thumbnail_path(p.sha256) for p in photos[: shown[-1]]]
            started = time.perf_counter()
            images = [QImage(str(path)) for path in paths]
            widget = QWidget()
            widget.resize(1100, 800)
            widget.show()
            widget.repaint()
            elapsed = time.perf_counter() - started
            widget.close()
            assert all(not image.isNull() for image in images)
            return elapsed

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
    info(f"  first screen ({shown[-1]} thumbnails): {app_ms:.1f} ms; bare reads {raw_ms:.1f} ms")
    return Result(value=app_ms, baseline=raw_ms, unit="ms")
