"""What the Photos tab reads for its grid: a client's photos (or their bin) and sessions."""

from __future__ import annotations

from dataclasses import dataclass

from dermadesk.core.practice import Practice
from dermadesk.core.records import PhotoInfo
from dermadesk.core.session_records import SessionSummary


@dataclass(frozen=True)
class GalleryRead:
    """A client's photos (or their bin) and sessions, as read for the grid."""

    token: int
    client_id: int
    photos: list[PhotoInfo]
    sessions: list[SessionSummary]
    bin_count: int


def read_gallery(practice: Practice, client_id: int, in_bin: bool, token: int) -> GalleryRead:
    """Read what the grid shows (any thread: core opens a database session per call)."""
    photos = practice.photos
    rows = photos.for_client(client_id, in_bin=in_bin)
    binned = len(rows) if in_bin else photos.in_bin(client_id)
    return GalleryRead(token, client_id, rows, practice.sessions.for_client(client_id), binned)
