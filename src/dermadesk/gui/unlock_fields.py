"""What the passphrase screens share: large fields and buttons for gloved hands, a new
passphrase typed twice and checked against the rules, and a quiet "working" line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from dermadesk.core.passphrase_rules import passphrase_problem

FIELD_HEIGHT = 44  # a finger in a glove finds it
PROBLEM_COLOUR = "#b42318"


def big_field(name: str, placeholder: str = "", secret: bool = True) -> QLineEdit:
    """A tall line edit; `secret` hides what is typed."""
    field = QLineEdit()
    field.setObjectName(name)
    field.setPlaceholderText(placeholder)
    field.setMinimumHeight(FIELD_HEIGHT)
    field.setMinimumWidth(300)
    if secret:
        field.setEchoMode(QLineEdit.EchoMode.Password)
    font = field.font()
    font.setPointSizeF(font.pointSizeF() * 1.2)
    field.setFont(font)
    return field


def big_button(text: str, name: str = "") -> QPushButton:
    """A tall push button."""
    button = QPushButton(text)
    if name:
        button.setObjectName(name)
    button.setMinimumHeight(FIELD_HEIGHT)
    button.setMinimumWidth(120)
    return button


def problem_label(name: str = "") -> QLabel:
    """Where what went wrong is said, in red, wrapped; empty takes no room."""
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {PROBLEM_COLOUR};")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def code_font(base: QFont) -> QFont:
    """A fixed-width font, larger: the recovery code's characters stand apart."""
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(base.pointSizeF() * 1.3)
    return font


class NewPassphrase(QWidget):
    """A new passphrase typed twice; `problem()` says what is wrong with it, in words."""

    def __init__(self, first_label: str = "&New passphrase", parent: QWidget | None = None):
        super().__init__(parent)
        self.first = big_field("newPassphrase", "At least 10 characters, or 4 words")
        self.again = big_field("newPassphraseAgain", "The same again")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(first_label, self.first)
        form.addRow("The same &again", self.again)

    def text(self) -> str:
        return self.first.text()

    def problem(self) -> str | None:
        """The rules' objection, or that the two differ; None when the passphrase will do."""
        if found := passphrase_problem(self.first.text()):
            return found
        if self.first.text() != self.again.text():
            return "The two passphrases typed are not the same. Type the new passphrase twice."
        return None

    def clear(self) -> None:
        self.first.clear()
        self.again.clear()


class Working(QWidget):
    """A moving bar and a line saying what is being done (Argon2 takes up to a second)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("working")
        self.words = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # moving: how long is not known
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(140)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar)
        row.addWidget(self.words, 1)
        self.setVisible(False)
        size = self.sizePolicy()
        size.setRetainSizeWhenHidden(True)  # nothing jumps when it shows
        self.setSizePolicy(size)

    def start(self, words: str) -> None:
        self.words.setText(words)
        self.setVisible(True)

    def stop(self) -> None:
        self.setVisible(False)
