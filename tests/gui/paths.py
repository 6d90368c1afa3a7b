"""Reaching the window as a person does: modal dialogs answered through their buttons, every
menu and toolbar action, and checks of what a window shows (fits 1024x700, no Alt clashes).

Reusable by any GUI test; nothing here calls a slot of the program directly.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QDialog,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressDialog,
    QRadioButton,
    QTabBar,
    QToolBar,
    QWidget,
)

SMALL_SCREEN = (1024, 700)

# Buttons that leave a dialog without doing anything, in the order a careful person tries them.
CLOSING_WORDS = ("Cancel", "Close", "No", "OK")

STUCK_AFTER_S = 3.0  # a dialog still open this long after its answer did not take it

Handler = Callable[[QWidget], bool | None]


def plain(text: str) -> str:
    """A button's text as read on screen: mnemonic markers and trailing dots gone."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…. ").strip()


def button(widget: QWidget, text: str) -> QAbstractButton:
    """The visible button in `widget` whose text reads `text` (mnemonics and "…" ignored)."""
    wanted = plain(text).casefold()
    for candidate in widget.findChildren(QAbstractButton):
        if candidate.isVisible() and plain(candidate.text()).casefold() == wanted:
            return candidate
    shown = [plain(b.text()) for b in widget.findChildren(QAbstractButton) if b.isVisible()]
    raise LookupError(f"No button {text!r} in {describe(widget)}; buttons shown: {shown}")


def shows_button(widget: QWidget, text: str) -> bool:
    """True when `widget` shows a button reading `text`."""
    try:
        return button(widget, text).isVisible()
    except LookupError:
        return False


def click(target: QWidget, text: str | None = None) -> None:
    """Click a widget (or the button reading `text` inside it) with the left mouse button."""
    widget = button(target, text) if text is not None else target
    assert widget.isEnabled(), f"{describe(widget)} is greyed out"
    where = widget.rect().center()
    if isinstance(widget, QCheckBox | QRadioButton):  # on its box: a stretched row is empty
        where = QPoint(min(8, widget.width() // 2), widget.height() // 2)
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=where)


def says(widget: QWidget) -> str:
    """The text of the labels shown in `widget` (what a person would read there)."""
    texts = [
        plain(label.text())[:160]
        for label in widget.findChildren(QLabel)
        if label.isVisible() and label.text().strip()
    ]
    return " | ".join(texts)


def describe(widget: QWidget) -> str:
    """A widget as a reader of a failure would recognise it."""
    text = ""
    if isinstance(widget, QAbstractButton | QLabel):
        text = plain(widget.text())[:40]
    title = widget.windowTitle() if widget.isWindow() else ""
    name = widget.objectName()
    parts = [
        type(widget).__name__,
        name and f"#{name}",
        title and f"'{title}'",
        text and repr(text),
    ]
    return " ".join(p for p in parts if p)


# --- modal dialogs -------------------------------------------------------------------------


@dataclass
class ModalAnswerer:
    """Watches QApplication.activeModalWidget() with a timer and answers each modal dialog.

    `handlers` are tried first, in order: (match, answer). A match is a dialog class or a
    predicate; an answer gets the dialog and acts on it as a person would. Anything else is
    left through Cancel/Close/No/OK, or Escape when it has no such button. Dialogs only the
    program closes (backup progress, the PIN box) are waited for.
    """

    handlers: list[tuple[type | Callable[[QWidget], bool], Handler]] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    interval_ms: int = 15

    def __post_init__(self) -> None:
        self._timer = QTimer()
        self._timer.setInterval(self.interval_ms)
        self._timer.timeout.connect(self._tick)
        self._handling: set[int] = set()
        self.already_open = {
            id(w) for w in QApplication.topLevelWidgets() if w.isVisible() and w.isModal()
        }
        self._failed: set[int] = set()
        self._answered_at: dict[int, float] = {}
        self._answered: set[int] = set()
        self.errors: list[str] = []

    def on(self, match: type | Callable[[QWidget], bool], answer: Handler) -> ModalAnswerer:
        """Answer dialogs matching `match` with `answer` (before the default ones)."""
        self.handlers.append((match, answer))
        return self

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def titles(self) -> list[str]:
        return list(self.seen)

    def _tick(self) -> None:
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu):  # a button's menu left open: Escape, as a person would
            QTest.keyClick(popup, Qt.Key.Key_Escape)
            return
        modal = QApplication.activeModalWidget()
        if modal is None or not modal.isVisible() or id(modal) in self._handling:
            return
        if id(modal) in self.already_open:
            return  # an outer answerer's dialog, open before this one started
        if id(modal) in self._failed:
            # Its answer went wrong and Cancel did not close it: the test has failed already,
            # so close it by hand rather than hang.
            if isinstance(modal, QDialog):
                QDialog.done(modal, QDialog.DialogCode.Rejected)
            else:
                modal.close()
            return
        # A handler may open another dialog (Save asks a question): that one is answered by
        # a tick inside the handler's own wait, so only this dialog is marked busy.
        self._handling.add(id(modal))
        try:
            self._answer(modal)
        except BaseException as error:  # a failed check must not leave the dialog open
            self.errors.append(f"While answering {describe(modal)}: {error!r}")
            self._failed.add(id(modal))
            if alive(modal) and modal.isVisible():
                leave(modal)
        finally:
            self._handling.discard(id(modal))

    def _answer(self, modal: QWidget) -> None:
        from dermadesk.gui.crash_report import CrashDialog
        from dermadesk.gui.sticky_dialog import StickyDialog

        first_time = id(modal) not in self._answered
        self._answered.add(id(modal))
        if first_time:
            self.seen.append(describe(modal))
        if isinstance(modal, CrashDialog):
            self.crashes.append(modal.report.toPlainText())
            click(modal, "Close")
            return
        for match, answer in self.handlers:
            matched = isinstance(modal, match) if isinstance(match, type) else match(modal)
            if matched:
                if first_time:
                    self._answered_at[id(modal)] = time.monotonic()
                    bring_to_front(modal)  # as a window manager does with a new dialog
                    answer(modal)
                elif time.monotonic() - self._answered_at[id(modal)] > STUCK_AFTER_S:
                    raise AssertionError(f"still open after its answer; it says: {says(modal)}")
                return
        if isinstance(modal, StickyDialog | QProgressDialog):
            return  # the program closes it when its work ends (Cancel there would stop it)
        leave(modal)


def leave(modal: QWidget) -> None:
    """Leave a dialog without doing anything: its Cancel/Close/No/OK button, else Escape."""
    shown = {
        plain(b.text()).casefold(): b
        for b in modal.findChildren(QAbstractButton)
        if b.isVisible() and b.isEnabled() and b.window() is modal
    }
    for word in CLOSING_WORDS:
        if word.casefold() in shown:
            click(shown[word.casefold()])
            return
    QTest.keyClick(modal, Qt.Key.Key_Escape)


def no_modal_left() -> bool:
    """True when no modal dialog is open any more."""
    return QApplication.activeModalWidget() is None


@contextmanager
def answering(
    *handlers: tuple[type | Callable[[QWidget], bool], Handler],
) -> Iterator[ModalAnswerer]:
    """Answer every modal dialog opened inside the block; afterwards none is left open."""
    answerer = ModalAnswerer(list(handlers))
    before = QApplication.activeWindow()
    answerer.start()
    try:
        yield answerer
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.start(20_000)

        def open_now() -> QWidget | None:
            modal = QApplication.activeModalWidget()
            return None if modal is None or id(modal) in answerer.already_open else modal

        while open_now() is not None and deadline.isActive():
            QApplication.processEvents()
            QTest.qWait(10)
        still = open_now()
        assert still is None, f"A dialog stayed open: {describe(still)}"
    finally:
        answerer.stop()
        # The window manager gives the keyboard back to the window a dialog came from;
        # offscreen, nobody does.
        active = QApplication.activeWindow()
        if alive(before) and before.isVisible() and (active is None or not active.isVisible()):
            before.activateWindow()
            QApplication.processEvents()
    assert not answerer.crashes, "DermaDesk showed its crash report:\n" + "\n".join(
        answerer.crashes
    )
    assert not answerer.errors, "\n".join(answerer.errors)


def is_titled(fragment: str) -> Callable[[QWidget], bool]:
    """A match for a dialog whose title contains `fragment`."""
    return lambda widget: fragment.casefold() in widget.windowTitle().casefold()


# --- actions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    """One action and where a person finds it."""

    action: QAction
    where: str  # "File ▸ Back up now" or "toolbar ▸ Print day's packs"

    @property
    def name(self) -> str:
        return plain(self.action.text())


def _menu_actions(menu: QMenu, trail: str) -> Iterator[Reach]:
    for action in menu.actions():
        if action.isSeparator():
            continue
        if action.menu() is not None:
            yield from _menu_actions(action.menu(), f"{trail} ▸ {plain(action.text())}")
        else:
            yield Reach(action, f"{trail} ▸ {plain(action.text())}")


def every_action(window: QMainWindow) -> list[Reach]:
    """Every menu item and toolbar button of `window`, each action once (menu place first)."""
    found: dict[int, Reach] = {}
    for title in window.menuBar().actions():
        if title.menu() is not None:
            for reach in _menu_actions(title.menu(), plain(title.text())):
                found.setdefault(id(reach.action), reach)
    for toolbar in window.findChildren(QToolBar):
        for action in toolbar.actions():
            if action.isSeparator() or toolbar.widgetForAction(action) is None:
                continue
            if isinstance(toolbar.widgetForAction(action), QAbstractButton):
                found.setdefault(id(action), Reach(action, f"toolbar ▸ {plain(action.text())}"))
    return list(found.values())


def is_quit(action: QAction) -> bool:
    """The action that closes the program (triggered last, on its own)."""
    return plain(action.text()).casefold() in {"quit", "exit"}


# --- geometry ------------------------------------------------------------------------------


def _scrolled(widget: QWidget, top: QWidget) -> bool:
    """True when `widget` sits inside a scroll area's viewport below `top` (it can be
    scrolled to, so lying outside is fine)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            return True
        parent = parent.parentWidget()
    return False


def outside_the_screen(top: QWidget, screen: tuple[int, int] = SMALL_SCREEN) -> list[str]:
    """Every visible widget in `top` that is not wholly inside the window's visible area,
    the window being no larger than `screen` (each named, with where it lies)."""
    width, height = screen
    visible = QRect(0, 0, min(top.width(), width), min(top.height(), height))
    problems = []
    if top.width() > width or top.height() > height:
        problems.append(f"{describe(top)} is {top.width()}x{top.height()}, larger than {screen}")
    reported: list[QWidget] = []
    for widget in top.findChildren(QWidget):
        if widget.isWindow() or not widget.isVisible() or widget.window() is not top:
            continue
        if widget.width() <= 0 or widget.height() <= 0 or _scrolled(widget, top):
            continue
        if any(outer.isAncestorOf(widget) for outer in reported):
            continue  # its container is named already
        where = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
        # Each ancestor clips what a person sees of a child; a child cut off by its own parent
        # is as lost as one past the window's edge.
        clip = QRect(visible)
        parent = widget.parentWidget()
        while parent is not None and parent is not top:
            clip = clip.intersected(QRect(parent.mapTo(top, QPoint(0, 0)), parent.size()))
            parent = parent.parentWidget()
        if not clip.adjusted(-1, -1, 1, 1).contains(where):
            reported.append(widget)
            problems.append(
                f"{describe(widget)} at {where.x()},{where.y()} {where.width()}x{where.height()}"
                f" outside {clip.x()},{clip.y()} {clip.width()}x{clip.height()}"
            )
    return problems


def fit_problems(top: QWidget, screen: tuple[int, int] = SMALL_SCREEN) -> list[str]:
    """Size `top` for `screen` (a main window fills it; a dialog keeps its size where that
    fits), paint it, and list what does not fit or lies outside what can be seen."""
    width, height = screen
    problems = []
    hint = top.minimumSizeHint()
    least = hint.expandedTo(top.minimumSize())
    if least.width() > width or least.height() > height:
        problems.append(
            f"{describe(top)} needs at least {least.width()}x{least.height()}, "
            f"more than {width}x{height}"
        )
    if isinstance(top, QMainWindow):
        top.resize(width, height)
    else:
        top.resize(min(top.width(), width), min(top.height(), height))
    QApplication.processEvents()
    top.grab()  # lays out and paints every visible child, as the screen would
    return problems + outside_the_screen(top, screen)


# --- mnemonics -----------------------------------------------------------------------------

_MNEMONIC = re.compile(r"(?<!&)&(?!&)(\w)")


def mnemonic(text: str) -> str | None:
    """The Alt letter a text gives (lower case), or None."""
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).casefold() if found else None


def mnemonics(top: QWidget) -> list[tuple[str, str]]:
    """Every Alt letter that works in `top` now: (letter, what it reaches)."""
    found: list[tuple[str, str]] = []
    if isinstance(top, QMainWindow) and top.menuBar().isVisible():
        for action in top.menuBar().actions():
            if action.isVisible() and (letter := mnemonic(action.text())):
                found.append((letter, f"menu {plain(action.text())!r}"))
    for widget in top.findChildren(QWidget):
        if widget.window() is not top or not widget.isVisible():
            continue
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        if isinstance(widget, QAbstractButton) or labelled:
            texts = [widget.text()]
        elif isinstance(widget, QGroupBox):
            texts = [widget.title()]
        elif isinstance(widget, QTabBar):
            texts = [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
        else:
            continue
        for text in texts:
            if letter := mnemonic(text):
                found.append((letter, f"{type(widget).__name__} {plain(text)!r}"))
    return found


def mnemonic_clashes(top: QWidget) -> list[str]:
    """Alt letters that two things visible at once in `top` both claim, in words."""
    by_letter: dict[str, list[str]] = {}
    for letter, what in mnemonics(top):
        by_letter.setdefault(letter, []).append(what)
    return [
        f"Alt+{letter.upper()}: {' and '.join(owners)}"
        for letter, owners in sorted(by_letter.items())
        if len(owners) > 1
    ]


def alive(widget: QWidget | None) -> bool:
    """True while the C++ side of `widget` exists."""
    return widget is not None and shiboken6.isValid(widget)


def modal_dialogs() -> list[QDialog]:
    """Dialogs shown now, top-level (for a test's own checks)."""
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


# --- the main window -----------------------------------------------------------------------


def bring_to_front(window: QWidget, timeout_s: float = 1.0) -> None:
    """Make `window` the active one, where keys and shortcuts go."""
    window.activateWindow()
    deadline = time.monotonic() + timeout_s
    while QApplication.activeWindow() is not window and time.monotonic() < deadline:
        QApplication.processEvents()


def press(
    widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """Press and release one key (with modifiers) on `widget`, as the keyboard would."""
    QTest.keyClick(widget, key, modifiers)


def open_client(window: QMainWindow, name: str) -> None:
    """Find a client as reception does: Ctrl+F, type part of the name, Enter."""
    press(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.client_list.search_edit  # type: ignore[attr-defined]
    assert search.hasFocus(), "Ctrl+F did not put the cursor in the search box"
    QTest.keyClicks(search, name)
    press(search, Qt.Key.Key_Return)
    shown = window.client_view.header.name_label.text()  # type: ignore[attr-defined]
    assert name.casefold() in shown.casefold(), f"Searching {name!r} opened {shown!r}"
