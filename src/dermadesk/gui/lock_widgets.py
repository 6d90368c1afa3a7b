"""What the lock shows: the padlock, the PIN field, the main window's lock page, the box that
asks for the PIN in front of a dialog, and the plain cover over other windows."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dermadesk.gui.sticky_dialog import StickyDialog
from dermadesk.gui.unlock_fields import Working, big_button, big_field

LOCKED_TITLE = "DermaDesk is locked"
_PAGE_BACKGROUND = "#eef1f4"
_PROBLEM = "#b42318"


class Padlock(QWidget):
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
    """The PIN field (or the passphrase's), the Unlock button and what went wrong; placed
    wherever the window is unlocked."""

    unlock_requested = Signal(str)
    passphrase_chosen = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lockPanel")
        self.asks_passphrase = False
        self.pin_edit = big_field("lockPin", "Practice PIN")
        self.pin_edit.setMinimumWidth(220)
        self.pin_edit.returnPressed.connect(self._request)
        self.passphrase_edit = big_field("lockPassphrase", "Practice passphrase")
        self.passphrase_edit.returnPressed.connect(self._request)
        self.passphrase_edit.hide()
        self.unlock_button = big_button("&Unlock", "lockUnlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._request)
        self.switch_button = QPushButton("Use the &passphrase instead")
        self.switch_button.setObjectName("lockUsePassphrase")
        self.switch_button.setFlat(True)
        self.switch_button.setStyleSheet("color: #1f5fa8; text-decoration: underline;")
        self.switch_button.clicked.connect(self.passphrase_chosen)
        self.switch_button.hide()
        self.message = QLabel()
        self.message.setObjectName("lockMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {_PROBLEM};")
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 2)
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.working = Working()
        row = QHBoxLayout()
        row.addWidget(self.pin_edit, 1)
        row.addWidget(self.passphrase_edit, 1)
        row.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.working)
        layout.addWidget(self.switch_button, 0, Qt.AlignmentFlag.AlignLeft)

    def field(self) -> QLineEdit:
        """The field asked for now: the PIN's or the passphrase's."""
        return self.passphrase_edit if self.asks_passphrase else self.pin_edit

    def ask_for(self, passphrase: bool, pin_possible: bool) -> None:
        """Ask for the passphrase or the PIN; `pin_possible` offers the passphrase instead."""
        self.asks_passphrase = passphrase
        self.pin_edit.setVisible(not passphrase)
        self.passphrase_edit.setVisible(passphrase)
        self.switch_button.setVisible(pin_possible and not passphrase)
        self.field().setFocus(Qt.FocusReason.OtherFocusReason)

    def _request(self) -> None:
        # Enter asks even while the button is greyed: the guard decides, and says how long.
        self.unlock_requested.emit(self.field().text())

    def say(self, message: str) -> None:
        """Show `message` under the field (empty clears it)."""
        self.message.setText(message)

    def busy(self, words: str | None) -> None:
        """Say the passphrase is being checked (None: done); the fields wait meanwhile."""
        for widget in (self.passphrase_edit, self.unlock_button):
            widget.setEnabled(words is None)
        if words is None:
            self.working.stop()
        else:
            self.working.start(words)

    def reset(self) -> None:
        """Empty the fields and the message, ready for the next lock."""
        self.pin_edit.clear()
        self.passphrase_edit.clear()
        self.message.clear()
        self.busy(None)
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
    heading.addWidget(Padlock(), 0, Qt.AlignmentFlag.AlignTop)
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

    def asks_here(self, here: bool, what: str = "PIN") -> None:
        """Say where the PIN (or the passphrase: `what`) is asked: on this page, or in the box
        in front of a dialog."""
        where = (
            f"Type the practice {what} to go on where you left off."
            if here
            else f"Type the practice {what} in the box in front\nto go on where you left off."
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


def plain_cover() -> QWidget:
    """What a dialog shows while locked: its contents gone, one calm line."""
    cover = QLabel(LOCKED_TITLE)
    cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
    cover.setAutoFillBackground(True)
    cover.setStyleSheet(f"background: {_PAGE_BACKGROUND}; color: #52606d;")
    return cover
