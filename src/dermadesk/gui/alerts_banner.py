"""The alerts banner at the top of a client file: today's screening in one glance.

Red for what blocks treatment, amber for what needs the practitioner's
judgement, a quiet green line when all is clear. Big type and plain words:
it is read from a step away, with gloves coming off.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from dermadesk.core.screening_rules import Finding, Level, ScreeningResult

# Background, text and border colours: strong enough to be seen from across
# the room, with text contrast above WCAG AA on each.
BLOCK_STYLE = ("#b71c1c", "#ffffff", "#7f0000")
WARN_STYLE = ("#ffe082", "#3e2723", "#ffb300")
CLEAR_STYLE = ("#e8f5e9", "#1b5e20", "#a5d6a7")


def _box(colours: tuple[str, str, str]) -> QLabel:
    background, text, border = colours
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(
        f"QLabel {{ background: {background}; color: {text}; border: 1px solid {border};"
        " border-radius: 6px; padding: 8px 12px; font-size: 12.5pt; }"
    )
    return label


def _listing(title: str, findings: list[Finding]) -> str:
    items = "".join(f"<li>{html.escape(f.message)}</li>" for f in findings)
    return f"<b>{title}</b><ul style='margin: 2px 0 0 -20px'>{items}</ul>"


class AlertsBanner(QWidget):
    """Shows a client's screening result for today."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.blocking_label = _box(BLOCK_STYLE)
        self.blocking_label.setObjectName("blockingAlerts")
        self.warning_label = _box(WARN_STYLE)
        self.warning_label.setObjectName("warningAlerts")
        self.clear_label = _box(CLEAR_STYLE)
        self.clear_label.setObjectName("clearAlert")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.setSpacing(6)
        for label in (self.blocking_label, self.warning_label, self.clear_label):
            label.setFrameShape(QFrame.Shape.NoFrame)
            layout.addWidget(label)
            label.hide()

    def show_result(self, result: ScreeningResult) -> None:
        """Show what today's screening found (or that it found nothing)."""
        blocking = [f for f in result.findings if f.level is Level.BLOCK]
        warnings = [f for f in result.findings if f.level is Level.WARN]
        self.blocking_label.setText(_listing("✖  Do not treat today", blocking))
        self.blocking_label.setVisible(bool(blocking))
        self.warning_label.setText(_listing("⚠  Needs your judgement", warnings))
        self.warning_label.setVisible(bool(warnings))
        self.clear_label.setText("✓  Screening clear for today.")
        self.clear_label.setVisible(not result.findings)
