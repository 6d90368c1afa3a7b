"""What a picture shows: the session, area, view and stage it is tagged with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from dermadesk.core.areas import AREAS, area_name
from dermadesk.core.errors import Problem

VIEWS = {
    "front": "Front",
    "left_oblique": "Left oblique",
    "right_oblique": "Right oblique",
    "left_profile": "Left profile",
    "right_profile": "Right profile",
}
STAGES = {"before": "Before", "after": "After", "follow-up": "Follow-up"}


class Tagged(Protocol):
    """A photo as stored or as handed out (models.Photo, records.PhotoInfo): its tags."""

    @property
    def session_id(self) -> int | None: ...
    @property
    def area(self) -> str: ...
    @property
    def view(self) -> str: ...
    @property
    def stage(self) -> str: ...


@dataclass(frozen=True)
class PhotoTags:
    """What a picture shows: which session, area, view and stage ("" or None: not tagged)."""

    session_id: int | None = None
    area: str = ""
    view: str = ""
    stage: str = ""

    def problems(self) -> list[Problem]:
        """Tags that are not ones DermaDesk knows, in words."""
        found = []
        if self.area and self.area not in AREAS:
            found.append(Problem("area", f"There is no area called {self.area!r}."))
        if self.view and self.view not in VIEWS:
            found.append(Problem("view", f"The view is one of {', '.join(VIEWS)}."))
        if self.stage and self.stage not in STAGES:
            found.append(Problem("stage", f"The stage is one of {', '.join(STAGES)}."))
        return found

    @classmethod
    def of(cls, photo: Tagged) -> PhotoTags:
        """The tags a stored photo has."""
        return cls(photo.session_id, photo.area, photo.view, photo.stage)


def describe_tags(photo: Tagged) -> str:
    """'Left cheek, front, before' (what is tagged, in words)."""
    parts = [
        area_name(photo.area) if photo.area else "",
        VIEWS.get(photo.view, "").lower(),
        STAGES.get(photo.stage, "").lower(),
    ]
    text = ", ".join(part for part in parts if part)
    return text[:1].upper() + text[1:] if text else "Not tagged"


NO_TAGS = PhotoTags()  # a picture imported without saying what it shows
