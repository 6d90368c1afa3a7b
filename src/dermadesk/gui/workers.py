"""Slow work (backups, restores) on Qt's thread pool, reporting back on the GUI thread.

The work is a plain function that never touches a widget: it gets a
`progress(done, total)` callback and returns a result or raises. Its
progress, result and error arrive as signals of a `BackgroundTask`, which
lives on the GUI thread, so whatever listens may update widgets.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThreadPool, Signal, Slot

Work = Callable[[Callable[[int, int], None]], Any]


class BackgroundTask(QObject):
    """One piece of work running off the GUI thread; listen to its signals."""

    progressed = Signal(int, int)  # done, total (any unit; bytes for backups)
    succeeded = Signal(object)  # what the work returned
    failed = Signal(object)  # the exception it raised
    finished = Signal()  # after succeeded or failed

    # Emitted from the worker thread; queued to the slots below on the GUI thread.
    _progress_from_worker = Signal(object, object)
    _result_from_worker = Signal(object)
    _error_from_worker = Signal(object)

    def __init__(self, work: Work):
        super().__init__()
        self._work = work
        self.running = False
        self.done = False  # set on the GUI thread, once the listeners have been told
        # What the work returned or raised, kept here too for wait(): while the program
        # quits, the event loop that would deliver the signals no longer runs.
        self.result: Any = None
        self.error: BaseException | None = None
        self._ended = threading.Event()
        self._reported = threading.Event()  # the outcome is on its way to the GUI thread
        self._progress_from_worker.connect(self._on_progress)
        self._result_from_worker.connect(self._on_result)
        self._error_from_worker.connect(self._on_error)

    def start(self, pool: QThreadPool | None = None) -> BackgroundTask:
        """Run the work on `pool` (Qt's global pool by default); returns self."""
        self.running = True
        _running.add(self)  # kept alive until it reports, even if nobody holds it
        (pool or QThreadPool.globalInstance()).start(self._run)
        return self

    def _run(self) -> None:  # on a worker thread
        try:
            self.result = self._work(self._report)
        except BaseException as error:  # every outcome reaches the GUI thread
            self.error = error
        finally:
            self._ended.set()
        try:
            if self.error is not None:
                self._error_from_worker.emit(self.error)
            else:
                self._result_from_worker.emit(self.result)
        except RuntimeError:
            pass  # the program has ended meanwhile and taken the task with it: nobody to tell
        finally:
            self._reported.set()

    def _report(self, done: int, total: int) -> None:
        with contextlib.suppress(RuntimeError):  # as above
            self._progress_from_worker.emit(done, total)

    def deliver_if_done_within(self, timeout: float) -> bool:
        """On the GUI thread: when the work ends within `timeout` seconds, tell the listeners
        now (instead of at the event loop's next turn); True when they were told."""
        if self._reported.wait(timeout):
            QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        return self.done

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work has ended (without delivering the signals); False on timeout."""
        return self._ended.wait(timeout)

    @Slot(object, object)
    def _on_progress(self, done: int, total: int) -> None:
        # Bytes overflow a Qt int past 2 GB; listeners get a share of 1,000,000.
        self.progressed.emit(*_scaled(done, total))

    @Slot(object)
    def _on_result(self, result: object) -> None:
        self._finish()
        self.succeeded.emit(result)
        self.finished.emit()

    @Slot(object)
    def _on_error(self, error: object) -> None:
        self._finish()
        self.failed.emit(error)
        self.finished.emit()

    def _finish(self) -> None:
        self.running = False
        self.done = True
        _running.discard(self)


_running: set[BackgroundTask] = set()
_SCALE = 1_000_000


def _scaled(done: int, total: int) -> tuple[int, int]:
    if total <= 0:
        return 0, 0
    return min(_SCALE, done * _SCALE // total), _SCALE


def run_in_background(work: Work) -> BackgroundTask:
    """Start `work(progress)` on the thread pool; the task's signals tell how it went.

    The task has no Qt parent on purpose: a widget closed meanwhile must not
    delete it under the worker's feet (it lives until it has reported).
    """
    return BackgroundTask(work).start()
