"""The lock: after the practice's idle minutes, or with Ctrl+L, every client's data is hidden
until the practice PIN or passphrase is typed, as KeePassXC locks.

Nothing is closed or thrown away. Each window's contents are hidden behind a
cover and come back exactly as they were, unsaved typing and the cursor
included. An open dialog (a session being edited, a consent being signed) is
not hidden as a whole: Qt ends a dialog's exec() when it is hidden, which
would cancel it. Its contents are hidden instead and its title, which may
name the client, is replaced. While such a dialog holds the window, the PIN
is asked in a small box in front of everything; otherwise on the main
window's lock page.

An encrypted practice always locks: its passphrase unlocks (checked with Argon2id on a
worker thread), and so does the shorter PIN, which only opens a window whose program already
holds the key in memory. After 5 wrong PINs only the passphrase unlocks. A plain practice
locks only once it has a PIN (Practice settings, Lock): without one, anyone could unlock it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMainWindow, QToolTip, QWidget

from dermadesk.core import keys
from dermadesk.core import lock as pins
from dermadesk.core.audit import Audit
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.passphrase_audit import record_unlocked_with_passphrase
from dermadesk.core.pin_attempts import PASSPHRASE_AFTER, PinAttempts
from dermadesk.core.settings import PracticeSettings
from dermadesk.gui.crash_report import logger
from dermadesk.gui.idle_watch import IdleWatch
from dermadesk.gui.workers import BackgroundTask

if TYPE_CHECKING:
    from dermadesk.gui.lock_cover import WindowCover
    from dermadesk.gui.lock_widgets import LockPage, LockPanel, UnlockBox

MINUTE_MS = 60_000  # tests shorten the minute


class LockGuard(QObject):
    """Locks a main window (and every window in front of it) and unlocks it with the PIN or,
    for an encrypted practice (`held`: its folder and the key in memory), the passphrase."""

    locked_changed = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        settings: PracticeSettings,
        audit: Audit | None = None,
        held: tuple[Path, keys.DataKey] | None = None,
    ):
        super().__init__(window)
        self._window = window
        self._held = held
        self.passphrase_check: BackgroundTask | None = None
        self._settings = settings
        self._audit = audit
        self._pin_hash = ""
        self._idle_minutes = 0
        self.locked = False
        self.attempts = PinAttempts(None if held is None else PASSPHRASE_AFTER)
        self.clock: Callable[[], float] = time.monotonic  # replaceable in tests
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self._on_idle)
        self._idle_watch = IdleWatch(window, self._someone_is_here)
        self.countdown = QTimer(self)
        self.countdown.setInterval(250)
        self.countdown.timeout.connect(self._show_wait)
        self._covers: list[WindowCover] = []
        self._disabled: list[QAction] = []
        self._focus: QWidget | None = None
        self.page: LockPage | None = None  # built at the first lock
        self.panel: LockPanel | None = None
        self.box: UnlockBox | None = None

    # --- settings and idle time ------------------------------------------------------

    def reload(self) -> None:
        """Read the PIN and the idle minutes again (after the settings changed)."""
        settings = self._settings.lock()
        self._pin_hash = settings.pin_hash
        self._idle_minutes = settings.idle_minutes
        watch = self.can_lock and self._idle_minutes > 0
        if watch:
            self._idle_watch.start()
        else:
            self._idle_watch.stop()
        self.idle_timer.setInterval(max(1, self._idle_minutes) * MINUTE_MS)
        if watch and not self.locked:
            self.idle_timer.start()
        else:
            self.idle_timer.stop()

    @property
    def has_pin(self) -> bool:
        """True when the practice has a PIN."""
        return bool(self._pin_hash)

    @property
    def can_lock(self) -> bool:
        """True when something can unlock the window again: a PIN, or the passphrase."""
        return self.has_pin or self._held is not None

    def _asks_passphrase(self) -> bool:
        """The passphrase, not the PIN: without a PIN, after 5 wrong ones, or when chosen."""
        if self._held is None:
            return False
        return not self.has_pin or self.attempts.passphrase_required

    def pause(self) -> None:
        """Stop counting idle time (the window is closing)."""
        self.idle_timer.stop()
        self._idle_watch.stop()

    def _someone_is_here(self) -> None:
        if not self.locked:
            self.idle_timer.start()  # count the idle minutes from now

    def _on_idle(self) -> None:
        self.lock(f"after {self._idle_minutes} idle minute{'s' * (self._idle_minutes != 1)}")

    # --- locking ---------------------------------------------------------------------

    def lock(self, why: str = "on demand") -> bool:
        """Hide every client's data until the PIN is typed; False when no PIN is set. `why` goes
        to the audit trail."""
        if self.locked:
            return True
        if not self.can_lock:
            return False
        self.locked = True
        self._record(lambda audit: pins.record_locked(audit, why))
        self.idle_timer.stop()
        QToolTip.hideText()
        for _ in range(8):  # an open menu or list would show over the cover; close them
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        self._focus = QApplication.focusWidget()
        modal = QApplication.activeModalWidget()
        # A passing message may name a client ("… archived."); it is not wanted back later.
        self._window.statusBar().clearMessage()
        page, panel = self._lock_page()
        panel.reset()
        self._cover_windows(page)
        self._disabled = [
            action
            for action in self._window.findChildren(QAction)
            if action.isEnabled() and not _inside(action, page)
        ]
        for action in self._disabled:
            action.setEnabled(False)  # Ctrl+N, Ctrl+F, Ctrl+P ... would open client data
        if modal is None or modal is self._window:
            page.asks_here(True)
            page.panel_slot.addWidget(panel)
        else:
            # The dialog in front takes every key, so the PIN is asked in front of it.
            page.asks_here(False)
            # Owned by the main window, not the dialog: a dialog that closes while locked
            # (a finished backup's progress) must not take the PIN box with it.
            from dermadesk.gui.lock_widgets import UnlockBox  # loaded at the first lock

            self.box = UnlockBox(self._window)
            self.box.panel_slot.addWidget(panel)
            self.box.show()  # a new window comes up in front of its parent by itself
            self.box.activateWindow()
        panel.show()
        self._ask(self._asks_passphrase())
        self._show_wait()
        self.locked_changed.emit(True)
        return True

    def _lock_page(self) -> tuple[LockPage, LockPanel]:
        """The lock's page and PIN panel, built at the first lock (start-up does not load them)."""
        if self.page is None or self.panel is None:
            from dermadesk.gui.lock_widgets import LockPage, LockPanel

            self.page = LockPage()
            self.panel = LockPanel()
            self.panel.unlock_requested.connect(self.try_unlock)
            self.panel.passphrase_chosen.connect(lambda: self._ask(passphrase=True))
        return self.page, self.panel

    def _cover_windows(self, page: LockPage) -> None:
        """The lock page over the window, and a plain cover over every other window shown."""
        from dermadesk.gui.lock_cover import WindowCover
        from dermadesk.gui.lock_widgets import plain_cover

        self._covers = [WindowCover(self._window, page, keep_bars=True, dispose=False)]
        for other in QApplication.topLevelWidgets():
            if (
                other is not self._window
                and other.isVisible()
                and other.windowType() not in (Qt.WindowType.ToolTip, Qt.WindowType.Popup)
            ):
                self._covers.append(
                    WindowCover(other, plain_cover(), keep_bars=False, dispose=True)
                )

    def _record(self, write: Callable[[Audit], None]) -> None:
        """Write to the audit trail; a database too busy to take it never stops the lock."""
        if self._audit is None:
            return
        try:
            write(self._audit)
        except DermaDeskError as error:
            logger.warning("The lock could not be recorded in the audit trail: %s", error)

    @property
    def failures(self) -> int:
        """Wrong PINs in a row since the last unlock."""
        return self.attempts.failures

    def seconds_to_wait(self) -> float:
        """How long until the next PIN may be tried (0 when now)."""
        return self.attempts.seconds_to_wait(self.clock())

    def try_unlock(self, pin: str) -> bool:
        """Unlock when `pin` is right; a wrong one is said in words and makes the next wait."""
        if not self.locked:
            return True
        assert self.panel is not None
        if self.panel.asks_passphrase:
            self._check_passphrase(pin)
            return False
        if self.seconds_to_wait() > 0:
            self._show_wait()
            return False
        if not pins.verify_pin(pin, self._pin_hash):
            self.attempts.wrong(self.clock())
            self.panel.pin_edit.clear()
            if self._asks_passphrase():  # 5 wrong PINs: the passphrase from now on
                self._ask(passphrase=True)
            self._show_wait()
            return False
        self._record(lambda audit: pins.record_unlocked(audit, self.failures))
        if pins.needs_rehash(self._pin_hash):  # made under weaker settings: renew it now
            try:
                self._settings.renew_lock_pin_hash(pin)
                self._pin_hash = self._settings.lock().pin_hash
            except DermaDeskError:
                pass  # the old hash still works; renewing it can wait for the next unlock
        self._unlock()
        return True

    def _ask(self, passphrase: bool) -> None:
        """Ask for the passphrase or the PIN, and say which where the page explains."""
        assert self.panel is not None and self.page is not None
        self.panel.ask_for(passphrase, pin_possible=self.has_pin and not self._asks_passphrase())
        what = "passphrase" if passphrase else "PIN"
        self.page.asks_here(self.box is None, what)
        if self.box is not None:
            self.box.explanation.setText(f"Client records are hidden.\nType the practice {what}.")

    def _check_passphrase(self, passphrase: str) -> None:
        """Check the passphrase on a worker (Argon2id takes up to a second); unlock if right."""
        assert self.panel is not None and self._held is not None
        if self.passphrase_check is not None and self.passphrase_check.running:
            return
        if not passphrase:
            self.panel.say("Type the practice passphrase, then press Enter.")
            return
        data_dir, held = self._held
        self.panel.say("")
        self.panel.busy("Checking the passphrase…")
        task = BackgroundTask(lambda _progress: keys.unlock(data_dir, passphrase) == held)
        task.succeeded.connect(self._passphrase_checked)
        task.failed.connect(self._passphrase_failed)
        self.passphrase_check = task.start()

    def _passphrase_checked(self, right: bool) -> None:
        if not self.locked or self.panel is None:
            return
        self.panel.busy(None)
        if not right:
            self._passphrase_failed(keys.WrongPassphrase("That passphrase is not this practice's."))
            return
        wrong_pins = self.failures
        self._record(lambda audit: record_unlocked_with_passphrase(audit, wrong_pins))
        self._unlock()

    def _passphrase_failed(self, error: BaseException) -> None:
        if self.panel is None:
            return
        self.panel.busy(None)
        self.panel.passphrase_edit.clear()
        self.panel.passphrase_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(error, keys.WrongPassphrase):
            self.panel.say("That passphrase is not right. Check Caps Lock and try again.")
        else:
            self.panel.say(str(error))

    def _show_wait(self) -> None:
        if self.panel is None:
            return
        if self.panel.asks_passphrase:
            self.countdown.stop()
            self.panel.unlock_button.setEnabled(True)
            if self.attempts.passphrase_required:
                self.panel.say(self.attempts.message(self.clock()))
            return
        now = self.clock()
        waiting = not self.attempts.may_try(now)
        self.panel.unlock_button.setEnabled(not waiting)
        self.panel.say(self.attempts.message(now))
        if not waiting:
            self.countdown.stop()
        elif not self.countdown.isActive():
            self.countdown.start()

    def _unlock(self) -> None:
        self.locked = False
        self.attempts.reset()
        self.countdown.stop()
        assert self.panel is not None
        self.panel.reset()
        assert self.page is not None
        self.page.panel_slot.addWidget(self.panel)  # back from the box, for the next lock
        if self.box is not None:
            self.box.dismiss()  # first, so the dialog it stood in front of holds the window again
            self.box = None
        for cover in reversed(self._covers):
            cover.remove()
        self._covers = []
        for action in self._disabled:
            if shiboken6.isValid(action):
                action.setEnabled(True)
        self._disabled = []
        if self._focus is not None and shiboken6.isValid(self._focus):
            self._focus.activateWindow()
            self._focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus = None
        if self._idle_watch.watching:
            self.idle_timer.start()
        self.locked_changed.emit(False)

    def say(self, message: str) -> None:
        """Show `message` where the PIN is asked (e.g. why the window cannot close yet)."""
        if self.panel is not None:
            self.panel.say(message)


def _inside(action: QAction, page: QWidget) -> bool:
    owner = action.parent()
    return isinstance(owner, QWidget) and (owner is page or page.isAncestorOf(owner))


def locked_guard() -> LockGuard | None:
    """The lock of a window that is locked now, if any."""
    for window in QApplication.topLevelWidgets():
        guard = getattr(window, "lock_guard", None)
        if isinstance(guard, LockGuard) and guard.locked:
            return guard
    return None


def when_unlocked(callback: Callable[[], object]) -> None:
    """Run `callback` now, or once the window is unlocked when it is locked.

    What finished behind the lock (a restore, a failed backup or import) must
    not pop up a box in front of it: a message may name a client, and a
    question could act on data the lock is hiding.
    """
    guard = locked_guard()
    if guard is None:
        callback()
        return

    def unlocked(locked: bool) -> None:
        if not locked:
            guard.locked_changed.disconnect(unlocked)
            callback()

    guard.locked_changed.connect(unlocked)
