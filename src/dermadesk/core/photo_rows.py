"""A client's photo rows: reading them, the natural before-and-after pair, changing their
tags, and the bin (deleted photos kept, recoverable)."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from dermadesk.core.audit import Audit, Entry
from dermadesk.core.clients import Clients
from dermadesk.core.db import Store
from dermadesk.core.errors import NotFoundError, Problem, ValidationError
from dermadesk.core.models import Photo, TreatmentSession
from dermadesk.core.photo_tags import PhotoTags, describe_tags
from dermadesk.core.records import PhotoInfo


def photo_row(session: Session, photo_id: int) -> Photo:
    """Photo `photo_id`'s row, or NotFoundError naming it."""
    row = session.get(Photo, photo_id)
    if row is None:
        raise NotFoundError(f"There is no photo with id {photo_id}.")
    return row


class PhotoRows:
    """The photos' rows: what each picture is of, and whether it is in the bin."""

    def __init__(self, store: Store, clients: Clients, audit: Audit):
        self._store = store
        self._clients = clients
        self._audit = audit

    def get(self, photo_id: int) -> Photo:
        """One photo's row; NotFoundError when there is none."""
        with self._store.reading() as session:
            return photo_row(session, photo_id)

    def for_client(self, client_id: int, in_bin: bool = False) -> list[Photo]:
        """A client's photos in the order they were taken (those in the bin, if asked)."""
        deleted = col(Photo.deleted_at).is_not(None) if in_bin else col(Photo.deleted_at).is_(None)
        with self._store.reading() as session:
            return list(
                session.exec(
                    select(Photo)
                    .where(Photo.client_id == client_id, deleted)
                    .order_by(col(Photo.taken_at), col(Photo.id))
                )
            )

    def infos_for_client(self, client_id: int, in_bin: bool = False) -> list[PhotoInfo]:
        """for_client's photos as the PhotoInfo shape, read column by column."""
        deleted = col(Photo.deleted_at).is_not(None) if in_bin else col(Photo.deleted_at).is_(None)
        query = (
            select(*PhotoInfo.columns(Photo))
            .where(Photo.client_id == client_id, deleted)
            .order_by(col(Photo.taken_at), col(Photo.id))
        )
        with self._store.reading() as session:
            return [PhotoInfo(*values) for values in session.exec(query)]

    def count(self, client_id: int, in_bin: bool = False) -> int:
        """How many photos for_client would give."""
        deleted = col(Photo.deleted_at).is_not(None) if in_bin else col(Photo.deleted_at).is_(None)
        query = select(func.count()).where(Photo.client_id == client_id, deleted)
        with self._store.reading() as session:
            return session.exec(query).one()

    def in_bin(self, client_id: int) -> int:
        """How many of the client's photos are in the bin."""
        return self.count(client_id, in_bin=True)

    def natural_pair(
        self, client_id: int, area: str | None = None, view: str | None = None
    ) -> tuple[Photo, Photo] | None:
        """The comparison to propose: the first "before" and the latest "after" or "follow-up"
        of the same area and view (the pair furthest apart in time when several qualify)."""
        photos = [
            photo
            for photo in self.for_client(client_id)
            if (area is None or photo.area == area) and (view is None or photo.view == view)
        ]
        best: tuple[Photo, Photo] | None = None
        for group in {(photo.area, photo.view) for photo in photos}:
            same = [photo for photo in photos if (photo.area, photo.view) == group]
            befores = [photo for photo in same if photo.stage == "before"]
            afters = [photo for photo in same if photo.stage in ("after", "follow-up")]
            if not befores or not afters:
                continue
            first = min(befores, key=lambda photo: (photo.taken_at, photo.id or 0))
            latest = max(afters, key=lambda photo: (photo.taken_at, photo.id or 0))
            if latest.taken_at < first.taken_at:
                continue
            if best is None or (latest.taken_at - first.taken_at, latest.taken_at) > (
                best[1].taken_at - best[0].taken_at,
                best[1].taken_at,
            ):
                best = (first, latest)
        return best

    def check_tags(self, client_id: int, tags: PhotoTags) -> None:
        """ValidationError unless `tags` are known ones and name one of the client's sessions."""
        self._clients.get(client_id)  # NotFoundError for a client that is not there
        problems = tags.problems()
        if tags.session_id is not None:
            with self._store.reading() as session:
                row = session.get(TreatmentSession, tags.session_id)
            if row is None or row.client_id != client_id:
                problems.append(Problem("session", "That session is not one of this client's."))
        if problems:
            raise ValidationError(problems)

    # --- changing tags, the bin -------------------------------------------------------------

    def retag(self, photo_id: int, tags: PhotoTags) -> None:
        """Change what a photo is tagged as (its file never changes)."""
        photo = self.get(photo_id)
        self.check_tags(photo.client_id, tags)
        with self._store.writing() as session:
            row = photo_row(session, photo_id)
            row.session_id, row.area, row.view, row.stage = (
                tags.session_id,
                tags.area,
                tags.view,
                tags.stage,
            )
            session.add(row)
            detail = describe_tags(row)
            self._audit.add(
                session, Entry("photo.retagged", row.client_id, f"photo {photo_id}", detail)
            )

    def delete(self, photo_id: int) -> None:
        """Move a photo to the bin: out of the gallery, file and row kept, recoverable."""
        self._set_deleted(photo_id, True)

    def recover(self, photo_id: int) -> None:
        """Take a photo out of the bin, back into the gallery."""
        self._set_deleted(photo_id, False)

    def _set_deleted(self, photo_id: int, deleted: bool) -> None:
        with self._store.writing() as session:
            row = photo_row(session, photo_id)
            if (row.deleted_at is not None) == deleted:
                return
            row.deleted_at = self._store.clock.now() if deleted else None
            session.add(row)
            action = "photo.deleted" if deleted else "photo.recovered"
            detail = f"{row.original_name} ({describe_tags(row).lower()})"
            self._audit.add(session, Entry(action, row.client_id, f"photo {photo_id}", detail))
