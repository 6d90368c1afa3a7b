"""The lock: after the practice's idle minutes, or with Ctrl+L, every client's data is hidden
until the practice PIN is typed, as KeePassXC locks.

Nothing is closed or thrown away. Each window's contents are hidden behind a
cover and come back exactly as they were, unsaved typing and the cursor
included. An open dialog (a session being edited, a consent being signed) is
not hidden as a whole: Qt ends a dialog's exec() when it is hidden, which
would cancel it. Its contents are hidden instead and its title, which may
name the client, is replaced. While such a dialog holds the window, the PIN
is asked in a small box in front of everything; otherwise on the main
window's lock page.

Without a PIN the lock could not keep anyone out, so the window locks only
once the practice has set one (Practice settings, Lock).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QGuiApplication,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QWindow,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core import lock as pins
from dermadesk.core.audit import Audit
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.settings import PracticeSettings
from dermadesk.gui.crash_report import logger
from dermadesk.gui.sticky_dialog import StickyDialog

MINUTE_MS = 60_000  # tests shorten the minute
LOCKED_TITLE = "DermaDesk is locked"
# What counts as someone at the computer: input from the keyboard, mouse, touch or
# pen, as the windowing system delivers it, never events the program sends itself.
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
    }
)
_PAGE_BACKGROUND = "#eef1f4"
_PROBLEM = "#b42318"


class _Padlock(QWidget):
    """A quiet padlock drawn in the page's grey-blue, so no icon file or emoji font is needed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFixedSize(44, 52)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor("#52606d")
        painter.setPen(QPen(colour, 5))
        shackle = QPainterPath()
        shackle.moveTo(11, 26)
        shackle.lineTo(11, 17)
        shackle.arcTo(11, 4, 22, 26, 180, -180)
        shackle.lineTo(33, 26)
        painter.drawPath(shackle)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(3, 24, 38, 27, 5, 5)
        painter.setBrush(QColor(_PAGE_BACKGROUND))
        painter.drawEllipse(18, 32, 8, 8)
        painter.drawRect(20, 38, 4, 7)


class LockPanel(QWidget):
    """The PIN field, the Unlock button and what went wrong; placed wherever the PIN is asked."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lockPanel")
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("lockPin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setPlaceholderText("Practice PIN")
        self.pin_edit.setMinimumWidth(220)
        self.pin_edit.returnPressed.connect(self._request)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._request)
        self.message = QLabel()
        self.message.setObjectName("lockMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {_PROBLEM};")
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 2)
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        row.addWidget(self.pin_edit, 1)
        row.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.message)

    def _request(self) -> None:
        # Enter asks even while the button is greyed: the guard decides, and says how long.
        self.unlock_requested.emit(self.pin_edit.text())

    def say(self, message: str) -> None:
        """Show `message` under the PIN field (empty clears it)."""
        self.message.setText(message)

    def reset(self) -> None:
        """Empty the field and the message, ready for the next lock."""
        self.pin_edit.clear()
        self.message.clear()
        self.unlock_button.setEnabled(True)


def _heading(explanation: QLabel, title_scale: float) -> QHBoxLayout:
    """The padlock beside "DermaDesk is locked" and `explanation` below it."""
    title = QLabel(LOCKED_TITLE)
    title.setObjectName("lockTitle")
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * title_scale)
    font.setBold(True)
    title.setFont(font)
    # Lines are broken by hand: a word-wrapped label is measured short in a box this size.
    explanation.setStyleSheet("color: #3e4c59;")
    words = QVBoxLayout()
    words.addWidget(title)
    words.addWidget(explanation)
    heading = QHBoxLayout()
    heading.setSpacing(16)
    heading.addWidget(_Padlock(), 0, Qt.AlignmentFlag.AlignTop)
    heading.addLayout(words, 1)
    return heading


class LockPage(QFrame):
    """What the main window shows while locked: the padlock, a line of words and the PIN."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lockPage")
        self.setAutoFillBackground(True)
        self.setStyleSheet(f"#lockPage {{ background: {_PAGE_BACKGROUND}; }}")
        card = QFrame()
        card.setObjectName("lockCard")
        card.setStyleSheet(
            "#lockCard { background: #ffffff; border: 1px solid #d5dbe1; border-radius: 10px; }"
        )
        # A fixed width lets the wrapped lines below measure their height (a shrinking card
        # would be measured at one width and shown at another, cutting lines off).
        card.setFixedWidth(520)
        card.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Maximum)
        self.explanation = QLabel()
        self.panel_slot = QVBoxLayout()
        self.panel_slot.setContentsMargins(0, 6, 0, 0)
        inside = QVBoxLayout(card)
        inside.setContentsMargins(28, 24, 28, 14)
        inside.addLayout(_heading(self.explanation, 1.6))
        inside.addLayout(self.panel_slot)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(3)
        self.asks_here(True)

    def asks_here(self, here: bool) -> None:
        """Say where the PIN is asked: on this page, or in the box in front of a dialog."""
        where = (
            "Type the practice PIN to go on where you left off."
            if here
            else "Type the practice PIN in the box in front\nto go on where you left off."
        )
        self.explanation.setText(f"Client records are hidden.\n{where}")


class UnlockBox(StickyDialog):
    """Asks for the PIN in front of a dialog that holds the window; only the PIN closes it."""

    def __init__(self, parent: QWidget | None):
        super().__init__(parent)
        self.setObjectName("unlockBox")
        self.setWindowTitle(LOCKED_TITLE)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.explanation = QLabel("Client records are hidden.\nType the practice PIN to go on.")
        self.panel_slot = QVBoxLayout()
        self.panel_slot.setContentsMargins(0, 6, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 20, 22, 8)
        layout.addLayout(_heading(self.explanation, 1.3))
        layout.addLayout(self.panel_slot)

    def dismiss(self) -> None:
        """Close the box once unlocked (only the right PIN does)."""
        self.close_for_good()


class _Cover(QObject):
    """Hides one window's contents behind `cover` and brings them back as they were."""

    def __init__(self, window: QWidget, cover: QWidget, keep_bars: bool, dispose: bool):
        super().__init__(window)
        self.window = window
        self.cover = cover
        self.dispose = dispose
        self.title = window.windowTitle()
        self.focus = window.focusWidget()
        direct = window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        # A main window's toolbars stay (behind the cover, their actions switched off):
        # hiding them would be remembered as the window's layout if it closed while locked.
        self.hidden = [
            child
            for child in direct
            if child is not cover
            and not child.isWindow()
            and child.isVisibleTo(window)
            and not (keep_bars and isinstance(child, QToolBar))
        ]
        for child in self.hidden:
            child.hide()
        cover.setParent(window)
        cover.setGeometry(window.rect())
        cover.raise_()
        cover.show()
        window.setWindowTitle(LOCKED_TITLE)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self.cover.setGeometry(self.window.rect())
        return False

    def remove(self) -> None:
        """Show the contents again, with the window's own title and cursor."""
        if not shiboken6.isValid(self.window):  # the dialog was closed meanwhile
            return
        self.window.removeEventFilter(self)
        self.cover.hide()
        if self.dispose:
            self.cover.deleteLater()
        for child in self.hidden:
            if shiboken6.isValid(child):
                child.show()
        self.window.setWindowTitle(self.title)
        if self.focus is not None and shiboken6.isValid(self.focus):
            self.focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.deleteLater()


class IdleWatch(QObject):
    """Calls `on_activity` whenever someone types, clicks, scrolls or moves the mouse in one of
    the program's windows.

    It watches the windows themselves (the main window, and every window that
    takes the keyboard: dialogs too), not the whole application: a filter on
    the application would run Python for every paint and timer of every widget.
    """

    def __init__(self, main: QWidget, on_activity: Callable[[], None]):
        super().__init__(main)
        self._main = main
        self._on_activity = on_activity
        self._watched: list[QWindow] = []
        self.watching = False

    def start(self) -> None:
        """Begin watching (again, harmlessly, when already watching)."""
        if self.watching:
            return
        self.watching = True
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.focusWindowChanged.connect(self._watch)
        self._watch(self._main.windowHandle())
        self._watch(app.focusWindow())

    def stop(self) -> None:
        """Stop watching every window."""
        if not self.watching:
            return
        self.watching = False
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.focusWindowChanged.disconnect(self._watch)
        for window in self._watched:
            if shiboken6.isValid(window):
                window.removeEventFilter(self)
        self._watched = []

    def _watch(self, window: QWindow | None) -> None:
        self._watched = [w for w in self._watched if shiboken6.isValid(w)]
        if window is not None and window not in self._watched:
            window.installEventFilter(self)
            self._watched.append(window)
        if window is not None:
            self._on_activity()  # a window taking the keyboard is someone's doing

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and event.spontaneous():
            self._on_activity()
        return False


class LockGuard(QObject):
    """Locks a main window (and every window in front of it) and unlocks it with the PIN."""

    locked_changed = Signal(bool)

    def __init__(self, window: QMainWindow, settings: PracticeSettings, audit: Audit | None = None):
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._audit = audit
        self._pin_hash = ""
        self._idle_minutes = 0
        self.locked = False
        self.failures = 0  # wrong PINs in a row
        self._retry_at = 0.0
        self.clock: Callable[[], float] = time.monotonic  # replaceable in tests
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self._on_idle)
        self._idle_watch = IdleWatch(window, self._someone_is_here)
        self.countdown = QTimer(self)
        self.countdown.setInterval(250)
        self.countdown.timeout.connect(self._show_wait)
        self._covers: list[_Cover] = []
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
        watch = bool(self._pin_hash) and self._idle_minutes > 0
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
        """True when the practice has a PIN, so the window can lock."""
        return bool(self._pin_hash)

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
        if not self._pin_hash:
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
        if self.page is None:
            self.page = LockPage()
            self.panel = LockPanel()
            self.panel.unlock_requested.connect(self.try_unlock)
        assert self.panel is not None
        self.panel.reset()
        self._covers = [_Cover(self._window, self.page, keep_bars=True, dispose=False)]
        for other in QApplication.topLevelWidgets():
            if (
                other is not self._window
                and other.isVisible()
                and other.windowType() not in (Qt.WindowType.ToolTip, Qt.WindowType.Popup)
            ):
                self._covers.append(_Cover(other, _plain_cover(), keep_bars=False, dispose=True))
        page = self.page
        self._disabled = [
            action
            for action in self._window.findChildren(QAction)
            if action.isEnabled() and not _inside(action, page)
        ]
        for action in self._disabled:
            action.setEnabled(False)  # Ctrl+N, Ctrl+F, Ctrl+P ... would open client data
        if modal is None or modal is self._window:
            self.page.asks_here(True)
            self.page.panel_slot.addWidget(self.panel)
        else:
            # The dialog in front takes every key, so the PIN is asked in front of it.
            self.page.asks_here(False)
            # Owned by the main window, not the dialog: a dialog that closes while locked
            # (a finished backup's progress) must not take the PIN box with it.
            self.box = UnlockBox(self._window)
            self.box.panel_slot.addWidget(self.panel)
            self.box.show()  # a new window comes up in front of its parent by itself
            self.box.activateWindow()
        self.panel.show()
        self.panel.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show_wait()
        self.locked_changed.emit(True)
        return True

    def _record(self, write: Callable[[Audit], None]) -> None:
        """Write to the audit trail; a database too busy to take it never stops the lock."""
        if self._audit is None:
            return
        try:
            write(self._audit)
        except DermaDeskError as error:
            logger.warning("The lock could not be recorded in the audit trail: %s", error)

    def seconds_to_wait(self) -> float:
        """How long until the next PIN may be tried (0 when now)."""
        return max(0.0, self._retry_at - self.clock())

    def try_unlock(self, pin: str) -> bool:
        """Unlock when `pin` is right; a wrong one is said in words and makes the next wait."""
        if not self.locked:
            return True
        assert self.panel is not None
        if self.seconds_to_wait() > 0:
            self._show_wait()
            return False
        if not pins.verify_pin(pin, self._pin_hash):
            self.failures += 1
            self._retry_at = self.clock() + pins.delay_after(self.failures)
            self.panel.pin_edit.clear()
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

    def _wrong_words(self) -> str:
        if not self.failures:
            return ""
        tries = "1 wrong try" if self.failures == 1 else f"{self.failures} wrong tries"
        return f"That PIN is not right ({tries})."

    def _show_wait(self) -> None:
        if self.panel is None:
            return
        wait = self.seconds_to_wait()
        self.panel.unlock_button.setEnabled(wait <= 0)
        if wait > 0:
            seconds = int(wait + 0.999)
            unit = "second" if seconds == 1 else "seconds"
            self.panel.say(f"{self._wrong_words()}\nYou can try again in {seconds} {unit}.")
            if not self.countdown.isActive():
                self.countdown.start()
        else:
            self.countdown.stop()
            self.panel.say(f"{self._wrong_words()}\nTry again." if self.failures else "")

    def _unlock(self) -> None:
        self.locked = False
        self.failures = 0
        self._retry_at = 0.0
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


def _plain_cover() -> QWidget:
    """What a dialog shows while locked: its contents gone, one calm line."""
    cover = QLabel(LOCKED_TITLE)
    cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
    cover.setAutoFillBackground(True)
    cover.setStyleSheet(f"background: {_PAGE_BACKGROUND}; color: #52606d;")
    return cover


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
