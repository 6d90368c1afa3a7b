"""The alerts banner at the top of a client file: today's screening and consent in one glance.

Red for what blocks treatment, amber for what needs the practitioner's
judgement (a missing, withdrawn or expired consent among it), a quiet green
line when all is clear. Big type and plain words: it is read from a step
away, with gloves coming off.
"""

from __future__ import annotations

import html
import math

from PySide6.QtGui import QResizeEvent, QTextDocument
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from dermadesk.core.allergies import recorded_medications
from dermadesk.core.consent_status import ConsentState, ConsentStatus
from dermadesk.core.screening_rules import Level, ScreeningResult

# Background, text and border colours: strong enough to be seen from across
# the room, with text contrast above WCAG AA on each.
BLOCK_STYLE = ("#b71c1c", "#ffffff", "#7f0000")
WARN_STYLE = ("#ffe082", "#3e2723", "#ffb300")
CLEAR_STYLE = ("#e8f5e9", "#1b5e20", "#a5d6a7")
NOTE_STYLE = ("#f5f5f5", "#37474f", "#e0e0e0")
_BORDER = 1  # px, as in the stylesheet below


def _box(colours: tuple[str, str, str]) -> QLabel:
    background, text, border = colours
    label = QLabel()
    label.setWordWrap(True)
    # Margins, not stylesheet padding: heightForWidth counts them (see _fit_heights).
    label.setContentsMargins(12, 8, 12, 8)
    label.setStyleSheet(
        f"QLabel {{ background: {background}; color: {text}; border: 1px solid {border};"
        " border-radius: 6px; font-size: 12.5pt; }"
    )
    return label


def _listing(title: str, messages: list[str]) -> str:
    # Plain lines, not <ul>: QLabel measures a list's height short, cutting it off.
    lines = "".join(f"<br>&nbsp;•&nbsp; {html.escape(message)}" for message in messages)
    return f"<b>{title}</b>{lines}"


class AlertsBanner(QWidget):
    """Shows a client's screening result and consent standing for today."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.blocking_label = _box(BLOCK_STYLE)
        self.blocking_label.setObjectName("blockingAlerts")
        self.warning_label = _box(WARN_STYLE)
        self.warning_label.setObjectName("warningAlerts")
        self.clear_label = _box(CLEAR_STYLE)
        self.clear_label.setObjectName("clearAlert")
        self.consent_label = _box(NOTE_STYLE)
        self.consent_label.setObjectName("consentNote")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.setSpacing(6)
        for label in (
            self.blocking_label,
            self.warning_label,
            self.clear_label,
            self.consent_label,
        ):
            label.setFrameShape(QFrame.Shape.NoFrame)
            layout.addWidget(label)
            label.hide()

    def show_result(
        self, result: ScreeningResult, consents: list[ConsentStatus], medications: str = ""
    ) -> None:
        """Show what today's screening found, where the consents stand and, in grey, the
        client's medications when none is of note (one that is shows among the warnings)."""
        blocking = [f.message for f in result.findings if f.level is Level.BLOCK]
        warnings = [f.message for f in result.findings if f.level is Level.WARN]
        # A treatment consent that is missing, withdrawn or out of date needs attention.
        unsettled: list[str] = []
        settled: list[str] = []
        for consent in consents:
            attention = consent.kind == "treatment" and consent.state is not ConsentState.SIGNED
            (unsettled if attention else settled).append(consent.describe())
        warnings += unsettled
        self.blocking_label.setText(_listing("✖  Do not treat today", blocking))
        self.blocking_label.setVisible(bool(blocking))
        self.warning_label.setText(_listing("⚠  Needs your judgement", warnings))
        self.warning_label.setVisible(bool(warnings))
        # Green only when nothing at all calls for a second look.
        self.clear_label.setText("✓  Screening clear for today.")
        self.clear_label.setVisible(not blocking and not warnings)
        noted = any(f.rule == "medication_of_note" for f in result.findings)
        listed = recorded_medications(medications)
        notes = settled + ([f"Medications: {'; '.join(listed)}"] if listed and not noted else [])
        self.consent_label.setText("   ·   ".join(html.escape(note) for note in notes))
        self.consent_label.setVisible(bool(notes))
        self._fit_heights()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_heights()

    def _fit_heights(self) -> None:
        # The stacked widget above does not pass height-for-width down, and a
        # wrapped QLabel's own estimate runs short; so each label is given the
        # height its text takes at the banner's width: never taller, never cut.
        width = max(self.width(), 200)
        for label in (
            self.blocking_label,
            self.warning_label,
            self.clear_label,
            self.consent_label,
        ):
            label.ensurePolished()  # a label just shown has not got its stylesheet font yet
            margins = label.contentsMargins()
            document = QTextDocument()
            document.setDocumentMargin(0)
            document.setDefaultFont(label.font())
            document.setHtml(label.text())
            document.setTextWidth(width - margins.left() - margins.right() - 2 * _BORDER)
            text_height = math.ceil(document.size().height())
            label.setFixedHeight(text_height + margins.top() + margins.bottom() + 2 * _BORDER)
