"""What a photo shows (session, area, view, stage): chosen once for an import, changed later.

The same four choices serve the import dialog (one set of tags for a whole
batch) and the Tags dialog (correcting one photo, or several at once, where
a choice left on "Keep each photo's own" changes nothing).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.areas import BODY_AREAS, FACE_AREAS
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.photo_tags import STAGES, VIEWS, PhotoTags
from dermadesk.core.practice import Practice
from dermadesk.core.session_records import SessionStatus, SessionSummary
from dermadesk.gui import prompts
from dermadesk.gui.gallery_model import NOT_LINKED, session_titles

KEEP = "__keep__"  # a choice that leaves each photo's own value alone
NO_SESSION = -1


def likely_session(sessions: Sequence[SessionSummary], today: date) -> int | None:
    """The session new photos most likely belong to: today's, else the latest one held."""
    held = [s for s in sessions if s.status not in (SessionStatus.CANCELLED, SessionStatus.NO_SHOW)]
    todays = [s for s in held if s.scheduled_at.date() == today]
    if todays:
        return min(todays, key=lambda s: s.scheduled_at).id
    past = [s for s in held if s.scheduled_at.date() < today and s.started]
    return max(past, key=lambda s: s.scheduled_at).id if past else None


class PhotoTagsForm(QWidget):
    """Four drop-down lists: which session, area, view and stage."""

    def __init__(self, sessions: Sequence[SessionSummary], parent: QWidget | None = None):
        super().__init__(parent)
        titles = session_titles(sessions)
        self.session = QComboBox()
        self.session.addItem(NOT_LINKED, NO_SESSION)
        for summary in sessions:  # newest first, as the client's sessions come
            title = titles[summary.id]
            if summary.status is SessionStatus.PLANNED:
                title += " (planned)"
            self.session.addItem(title, summary.id)
        self.area = QComboBox()
        self.area.addItem("No area", "")
        for area, name in FACE_AREAS.items():
            self.area.addItem(name, area)
        self.area.insertSeparator(self.area.count())
        for area, name in BODY_AREAS.items():
            self.area.addItem(name, area)
        self.area.setMaxVisibleItems(20)
        self.view = QComboBox()
        self.view.addItem("No view", "")
        for view, name in VIEWS.items():
            self.view.addItem(name, view)
        self.stage = QComboBox()
        self.stage.addItem("No stage", "")
        for stage, name in STAGES.items():
            self.stage.addItem(name, stage)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow("&Session:", self.session)
        layout.addRow("&Area:", self.area)
        layout.addRow("&View:", self.view)
        layout.addRow("S&tage:", self.stage)

    def _boxes(self) -> tuple[QComboBox, QComboBox, QComboBox, QComboBox]:
        return self.session, self.area, self.view, self.stage

    @staticmethod
    def _values(tags: PhotoTags) -> tuple[object, str, str, str]:
        session = NO_SESSION if tags.session_id is None else tags.session_id
        return session, tags.area, tags.view, tags.stage

    def set_tags(self, tags: PhotoTags) -> None:
        """Show one set of tags."""
        self.set_mixed([tags])

    def set_mixed(self, many: Sequence[PhotoTags]) -> None:
        """Show the tags several photos share; where they differ, offer to keep each one's own."""
        columns = list(zip(*(self._values(tags) for tags in many), strict=True))
        for box, values in zip(self._boxes(), columns, strict=True):
            keep_at = box.findData(KEEP)
            if len(set(values)) > 1:
                if keep_at < 0:
                    box.insertItem(0, "Keep each photo's own", KEEP)
                box.setCurrentIndex(0)
                continue
            if keep_at >= 0:
                box.removeItem(keep_at)
            found = box.findData(values[0])
            box.setCurrentIndex(max(found, 0))

    def tags(self) -> PhotoTags:
        """The tags chosen (a choice to keep counts as not tagged)."""
        return self.applied_to(PhotoTags())

    def applied_to(self, current: PhotoTags) -> PhotoTags:
        """`current` changed by every choice that is not "keep"."""
        session, area, view, stage = (box.currentData() for box in self._boxes())
        kept = self._values(current)
        if session == KEEP:
            session = kept[0]
        return PhotoTags(
            session_id=None if session in (NO_SESSION, None) else int(session),
            area=kept[1] if area == KEEP else area or "",
            view=kept[2] if view == KEEP else view or "",
            stage=kept[3] if stage == KEEP else stage or "",
        )


class TagsDialog(QDialog):
    """Change what one or more photos are tagged as; their files never change."""

    def __init__(
        self, practice: Practice, client_id: int, photo_ids: Sequence[int], parent: QWidget | None
    ):
        super().__init__(parent)
        self._practice = practice
        self.photo_ids = list(photo_ids)
        self._current = {pid: PhotoTags.of(practice.photos.get(pid)) for pid in self.photo_ids}
        many = len(self.photo_ids)
        self.setWindowTitle("Photo tags" if many == 1 else f"Tags of {many} photos")
        self.form = PhotoTagsForm(practice.sessions.for_client(client_id))
        self.form.set_mixed(list(self._current.values()))
        intro = QLabel(
            "What this photo shows:"
            if many == 1
            else f"What these {many} photos show. Where they differ, a choice left on "
            "“Keep each photo's own” changes nothing."
        )
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Keep the new tags of every photo that changed, then close."""
        try:
            for photo_id, current in self._current.items():
                wanted = self.form.applied_to(current)
                if wanted != current:
                    self._practice.photos.retag(photo_id, wanted)
        except DermaDeskError as error:
            prompts.show_error(self, "Tags not saved", str(error))
            return
        super().accept()
