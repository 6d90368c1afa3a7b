"""Changes made at another computer, or by another program on this one, as a Qt signal on
the GUI thread: the window refreshes what it shows when one comes."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, QTimer, Signal

from dermadesk.core.live_changes import Change, LiveChanges

DEBOUNCE_MS = 200  # several changes within this refresh the window once


class LiveUpdates(QObject):
    """Listens to a practice's change feed while it lives; `changed` says what changed
    elsewhere, at most once each DEBOUNCE_MS (this program's own writes are not news)."""

    changed = Signal(object)  # a Change
    _arrived = Signal(object)  # from the feed's thread; queued to this object's

    def __init__(self, feed: LiveChanges, parent: QObject | None = None):
        super().__init__(parent)
        self._feed = feed
        self._pending: Change | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._deliver)
        self._arrived.connect(self._collect)
        feed.listen(self._from_feed)

    def _from_feed(self, change: Change) -> None:
        if not change.elsewhere:
            return  # the window showed its own change when it made it
        with contextlib.suppress(RuntimeError):  # the window is gone; the feed stops soon
            self._arrived.emit(change)

    def _collect(self, change: Change) -> None:
        self._pending = change if self._pending is None else self._pending.merged(change)
        if not self._timer.isActive():
            self._timer.start()

    def _deliver(self) -> None:
        change, self._pending = self._pending, None
        if change is not None:
            self.changed.emit(change)

    def stop(self) -> None:
        """Stop listening (the window is closing)."""
        self._feed.stop()
        self._timer.stop()
        self._pending = None
