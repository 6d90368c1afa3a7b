"""The photo vault: originals kept byte for byte, named by their SHA-256, never changed.

    photos/ab/ab12…ef      an original (the first two hex digits make the folder)
    photos/.incoming/      files being imported (a crash leaves an orphan here)
    thumbs/ab/ab12…ef-256.jpg   thumbnails, upright, a cache safe to delete
    quarantine/<when>/     orphan files moved aside by `check --repair`

An import copies the file to a temporary name in the vault while hashing it,
fsyncs it, checks the picture by decoding it (at thumbnail size), renames it
to its hash name, fsyncs the folder, and only then adds the row, in one
transaction with its audit entry. A crash at any point leaves nothing, or an
orphan file that `check` reports, never a row without its file.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from dermadesk.core.areas import AREAS, area_name
from dermadesk.core.audit import Audit, Entry
from dermadesk.core.clients import Clients
from dermadesk.core.comparison import side_by_side
from dermadesk.core.consent import PHOTO, Consents, ConsentState
from dermadesk.core.dates import long_date
from dermadesk.core.db import Store
from dermadesk.core.errors import (
    DatabaseError,
    DermaDeskError,
    NotFoundError,
    Problem,
    ValidationError,
)
from dermadesk.core.files import CHUNK, fsync_dir, hash_file, private_dir
from dermadesk.core.images import (
    PICTURE_SUFFIXES,
    ImageRefused,
    load_upright,
    read_picture,
    save_jpeg,
)
from dermadesk.core.models import Photo, TreatmentSession, utc_now
from dermadesk.core.session_records import SessionStatus
from dermadesk.core.sessions import Sessions
from dermadesk.core.settings import PracticeSettings
from dermadesk.documents.comparison import ComparisonPhoto

PHOTOS_DIR = "photos"
INCOMING_DIR = ".incoming"
THUMBS_DIR = "thumbs"
QUARANTINE_DIR = "quarantine"
LOCK_FILE = "photos.lock"  # beside the vault, not in it: it is no photo
THUMB_SIZE = 256
COMPARISON_LONGEST = 1600  # pixels: plenty for a photo printed 8 cm wide

VIEWS = {
    "front": "Front",
    "left_oblique": "Left oblique",
    "right_oblique": "Right oblique",
    "left_profile": "Left profile",
    "right_profile": "Right profile",
}
STAGES = {"before": "Before", "after": "After", "follow-up": "Follow-up"}

# Who may see an exported picture, and which photo consent that needs.
CLINICAL, MARKETING = "clinical", "marketing"
EXPORT_PURPOSES = {CLINICAL: "for the clinical record", MARKETING: "for marketing or publication"}

ImportProgress = Callable[[int, int, str], None]  # (done, total, file name)


class StorageError(DermaDeskError):
    """The vault could not be written (a full disk, a failing drive); nothing was half-kept."""


class ExportRefused(DermaDeskError):
    """An export the client's photo consent does not allow."""


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
    def of(cls, photo: Photo) -> PhotoTags:
        """The tags a stored photo has."""
        return cls(photo.session_id, photo.area, photo.view, photo.stage)


def describe_tags(photo: Photo) -> str:
    """'Left cheek, front, before' (what is tagged, in words)."""
    parts = [
        area_name(photo.area) if photo.area else "",
        VIEWS.get(photo.view, "").lower(),
        STAGES.get(photo.stage, "").lower(),
    ]
    text = ", ".join(part for part in parts if part)
    return text[:1].upper() + text[1:] if text else "Not tagged"


@dataclass(frozen=True)
class Imported:
    """What became of one file offered for import."""

    source: Path
    photo_id: int | None = None
    duplicate: bool = False  # the picture was there already: photo_id is the one kept
    recovered: bool = False  # it was in the bin, and is back
    refused: str = ""  # why it was not imported, in words naming the file

    @property
    def ok(self) -> bool:
        """Imported, or there already: nothing for the practitioner to act on."""
        return not self.refused

    def message(self) -> str:
        """One line for the practitioner."""
        if self.refused:
            return self.refused
        if self.recovered:
            return f"{self.source.name}: was in the bin; it is back in the gallery."
        if self.duplicate:
            return f"{self.source.name}: this picture is in the gallery already; kept once."
        return f"{self.source.name}: imported."


@dataclass(frozen=True)
class VaultProblem:
    """One thing wrong in the vault, in `check`'s kinds."""

    kind: str  # missing_file, hash_mismatch, orphan_file
    detail: str
    path: Path | None = None


def picture_files(paths: Iterable[Path]) -> list[Path]:
    """The files to import: files as given, and the pictures inside folders (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    child
                    for child in path.rglob("*")
                    if child.is_file()
                    and child.suffix.lower() in PICTURE_SUFFIXES
                    and not any(part.startswith(".") for part in child.relative_to(path).parts)
                )
            )
        else:
            found.append(path)
    return found


@contextmanager
def _vault_lock(data_dir: Path, exclusive: bool) -> Iterator[None]:
    """Imports hold the vault shared from their temporary file to their row; looking for
    orphans holds it alone, so a file on its way in is never taken for one."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here (Windows): imports and repairs just run
        yield
        return
    descriptor = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock (so does a crash)


def _interval(days: int) -> str:
    """How far apart two photos were taken, in words."""
    if days == 0:
        return "taken the same day"
    if days < 0:
        return f"the second taken {-days} days earlier"
    if days < 21:
        return f"{days} day{'s' * (days != 1)} apart"
    return f"{round(days / 7)} weeks apart"


def _disk_words(error: OSError, name: str) -> StorageError:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageError(
            f"{name}: the disk is full, so it was not imported. Free some space and try again."
        )
    if error.errno == errno.EROFS:
        return StorageError(f"{name}: the data folder is read-only, so it was not imported.")
    return StorageError(f"{name}: it could not be stored ({error.strerror or error}).")


class Photos:
    """The practice's photo vault and its rows. Reached as `practice.photos`."""

    def __init__(
        self,
        store: Store,
        data_dir: Path,
        clients: Clients,
        consents: Consents,
        sessions: Sessions,
        settings: PracticeSettings,
        audit: Audit,
    ):
        self._store = store
        self._clients = clients
        self._sessions = sessions
        self._settings = settings
        self._consents = consents
        self._audit = audit
        self.data_dir = data_dir
        self.vault = data_dir / PHOTOS_DIR
        self.thumbs = data_dir / THUMBS_DIR

    # --- where things are ----------------------------------------------------------------

    def original_path(self, sha256: str) -> Path:
        """Where the original with this hash is kept."""
        return self.vault / sha256[:2] / sha256

    def thumbnail_path(self, sha256: str, size: int = THUMB_SIZE) -> Path:
        """Where the cached thumbnail of this size is (it may not exist yet)."""
        return self.thumbs / sha256[:2] / f"{sha256}-{size}.jpg"

    def thumbnail_for(self, sha256: str, size: int = THUMB_SIZE) -> Path:
        """The upright JPEG thumbnail of the picture with this hash, made on first use."""
        path = self.thumbnail_path(sha256, size)
        if not path.exists():
            private_dir(path.parent)
            picture = load_upright(self.original_path(sha256), size)
            save_jpeg(picture, path, quality=85)
        return path

    # --- import ----------------------------------------------------------------------------

    def import_files(
        self,
        client_id: int,
        paths: Sequence[Path],
        tags: PhotoTags = PhotoTags(),
        progress: ImportProgress | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> list[Imported]:
        """Import pictures (files, or folders of them) for a client, each on its own.

        Every file is imported or refused with a reason; a full disk stops the
        batch, and the files after it are reported as not imported.
        """
        self._check_tags(client_id, tags)
        files = picture_files(paths)
        outcomes: list[Imported] = []
        for done, path in enumerate(files):
            if should_stop is not None and should_stop():
                break
            if progress is not None:
                progress(done, len(files), path.name)
            try:
                outcomes.append(self._import_one(client_id, path, tags))
            except (ImageRefused, StorageError, DatabaseError) as refusal:
                words = str(refusal)
                if isinstance(refusal, DatabaseError):  # its words do not name the file
                    words = f"{path.name}: not imported. {words}"
                outcomes.append(Imported(path, refused=words))
                if isinstance(refusal, StorageError | DatabaseError):
                    outcomes.extend(
                        Imported(rest, refused=f"{rest.name}: not imported (stopped: {refusal})")
                        for rest in files[done + 1 :]
                    )
                    break
        if progress is not None:
            progress(len(outcomes), len(files), "")
        return outcomes

    def import_file(self, client_id: int, path: Path, tags: PhotoTags = PhotoTags()) -> Imported:
        """Import one picture; see import_files."""
        return self.import_files(client_id, [path], tags)[0]

    def _check_tags(self, client_id: int, tags: PhotoTags) -> None:
        self._clients.get(client_id)  # NotFoundError for a client that is not there
        problems = tags.problems()
        if tags.session_id is not None:
            with self._store.reading() as session:
                row = session.get(TreatmentSession, tags.session_id)
            if row is None or row.client_id != client_id:
                problems.append(Problem("session", "That session is not one of this client's."))
        if problems:
            raise ValidationError(problems)

    def _import_one(self, client_id: int, source: Path, tags: PhotoTags) -> Imported:
        with _vault_lock(self.data_dir, exclusive=False):
            return self._import_under_lock(client_id, source, tags)

    def _import_under_lock(self, client_id: int, source: Path, tags: PhotoTags) -> Imported:
        name = source.name
        incoming = private_dir(self.vault / INCOMING_DIR)
        temp = incoming / f"{uuid.uuid4().hex}.partial"
        try:
            size, sha256 = self._copy_in(source, temp, name)
            if found := self._existing(client_id, sha256):
                return self._already_there(found, source)
            self._refuse_another_clients(client_id, sha256, name)
            thumbnail = self.thumbnail_path(sha256)
            try:
                private_dir(thumbnail.parent)
                facts = read_picture(temp, thumbnail, THUMB_SIZE, name)
            except OSError as error:  # writing the thumbnail
                raise _disk_words(error, name) from None
            final = self.original_path(sha256)
            created = self._put_in_place(temp, final, sha256, name)
        finally:
            temp.unlink(missing_ok=True)
        row = Photo(
            client_id=client_id,
            session_id=tags.session_id,
            area=tags.area,
            view=tags.view,
            stage=tags.stage,
            taken_at=facts.taken_at or datetime.now().replace(microsecond=0),
            taken_from_exif=facts.taken_at is not None,
            sha256=sha256,
            size=size,
            width=facts.width,
            height=facts.height,
            format=facts.format,
            original_name=name,
        )
        try:
            with self._store.writing() as session:
                session.add(row)
                session.flush()
                detail = f"{name} ({describe_tags(row).lower()})"
                self._audit.add(
                    session, Entry("photo.imported", client_id, f"photo {row.id}", detail)
                )
        except IntegrityError:  # imported by another window meanwhile
            if found := self._existing(client_id, sha256):
                return self._already_there(found, source)
            raise
        except BaseException:
            if created and not self._referenced(sha256):
                final.unlink(missing_ok=True)  # no row will point at it
            raise
        assert row.id is not None
        return Imported(source, row.id)

    def _copy_in(self, source: Path, temp: Path, name: str) -> tuple[int, str]:
        """Copy `source` to `temp` (owner-only), hashing as it goes, and fsync it."""
        digest = hashlib.sha256()
        size = 0
        try:
            reader = source.open("rb")
        except FileNotFoundError:
            raise ImageRefused(f"{name}: the file is not there any more.") from None
        except IsADirectoryError:
            raise ImageRefused(f"{name}: this is a folder, not a picture.") from None
        except OSError as error:
            raise ImageRefused(f"{name}: the file cannot be read ({error.strerror}).") from None
        with reader:
            try:
                fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except OSError as error:
                raise _disk_words(error, name) from None
            try:
                while chunk := reader.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    view = memoryview(chunk)
                    while view:
                        view = view[os.write(fd, view) :]
                os.fsync(fd)
            except OSError as error:
                raise _disk_words(error, name) from None
            finally:
                os.close(fd)
        if size == 0:
            raise ImageRefused(f"{name}: the file is empty.")
        return size, digest.hexdigest()

    def _put_in_place(self, temp: Path, final: Path, sha256: str, name: str) -> bool:
        """Rename the checked copy to its hash name; True when this import created the file."""
        try:
            private_dir(final.parent)
            if final.exists() and hash_file(final)[1] == sha256:
                return False  # the same picture, kept for another client or row already
            # New, or a damaged copy under this name that the good one replaces.
            os.replace(temp, final)
            fsync_dir(final.parent)
        except OSError as error:
            raise _disk_words(error, name) from None
        return True

    def _existing(self, client_id: int, sha256: str) -> Photo | None:
        with self._store.reading() as session:
            return session.exec(
                select(Photo).where(Photo.client_id == client_id, Photo.sha256 == sha256)
            ).first()

    def _refuse_another_clients(self, client_id: int, sha256: str, name: str) -> None:
        """The same picture in two clients' files is nearly always the wrong file opened; and
        its consent would then be read from the wrong client."""
        with self._store.reading() as session:
            owner = session.exec(
                select(Photo.client_id).where(Photo.sha256 == sha256, Photo.client_id != client_id)
            ).first()
        if owner is not None:
            other = self._clients.get(owner)
            initials = f"{other.first_name[:1]}.{other.last_name[:1]}.".upper()
            raise ImageRefused(
                f"{name}: this picture is already in another client's file ({initials}), so it "
                "was not added to this one. Check that it is the right picture for this client."
            )

    def _referenced(self, sha256: str) -> bool:
        with self._store.reading() as session:
            return session.exec(select(Photo.id).where(Photo.sha256 == sha256)).first() is not None

    def _already_there(self, photo: Photo, source: Path) -> Imported:
        assert photo.id is not None
        if photo.deleted_at is None:
            return Imported(source, photo.id, duplicate=True)
        self.recover(photo.id)
        return Imported(source, photo.id, duplicate=True, recovered=True)

    # --- reading ---------------------------------------------------------------------------

    def get(self, photo_id: int) -> Photo:
        """One photo's row; NotFoundError when there is none."""
        with self._store.reading() as session:
            return self._row(session, photo_id)

    @staticmethod
    def _row(session: Session, photo_id: int) -> Photo:
        row = session.get(Photo, photo_id)
        if row is None:
            raise NotFoundError(f"There is no photo with id {photo_id}.")
        return row

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

    # --- changing tags, the bin -------------------------------------------------------------

    def retag(self, photo_id: int, tags: PhotoTags) -> None:
        """Change what a photo is tagged as (its file never changes)."""
        photo = self.get(photo_id)
        self._check_tags(photo.client_id, tags)
        with self._store.writing() as session:
            row = self._row(session, photo_id)
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
            row = self._row(session, photo_id)
            if (row.deleted_at is not None) == deleted:
                return
            row.deleted_at = utc_now() if deleted else None
            session.add(row)
            action = "photo.deleted" if deleted else "photo.recovered"
            detail = f"{row.original_name} ({describe_tags(row).lower()})"
            self._audit.add(session, Entry(action, row.client_id, f"photo {photo_id}", detail))

    # --- export ----------------------------------------------------------------------------

    def check_export(self, client_id: int, purpose: str, on: date | None = None) -> None:
        """ExportRefused, in words, unless the client's photo consent allows `purpose`."""
        if purpose not in EXPORT_PURPOSES:
            raise ValueError(f"unknown export purpose {purpose!r}")
        if purpose == CLINICAL:
            return  # the clinical record is the practice's own; it needs no further consent
        status = self._consents.status(client_id, PHOTO, on or date.today())
        if status.state is not ConsentState.SIGNED or MARKETING not in status.photo_levels:
            raise ExportRefused(
                "This client has not consented to their photos being used for marketing or "
                f"publication. {status.describe()} Export for the clinical record instead, or "
                "ask the client to sign a photo consent that allows it."
            )

    def export_photo(self, photo_id: int, destination: Path, purpose: str) -> Path:
        """Write one photo upright as a JPEG with no metadata (no location, no device)."""
        photo = self.get(photo_id)
        self.check_export(photo.client_id, purpose)
        picture = load_upright(self.original_path(photo.sha256))
        destination = destination.with_suffix(".jpg") if not destination.suffix else destination
        with self._exporting([photo], destination, purpose) as temporary:
            save_jpeg(picture, temporary)
        return destination

    @contextmanager
    def _exporting(
        self, photos: Sequence[Photo], destination: Path, purpose: str
    ) -> Iterator[Path]:
        """A temporary file to write the export to; it takes the destination's name only once
        the export is in the audit trail, so no export ever leaves unrecorded."""
        temporary = destination.with_name(f".{destination.name}.{uuid.uuid4().hex}.exporting")
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            yield temporary
            self.record_export(photos, destination, purpose)
            os.replace(temporary, destination)
        except OSError as error:
            raise StorageError(f"{destination.name}: it could not be written "
                               f"({error.strerror or error}).") from None  # fmt: skip
        finally:
            temporary.unlink(missing_ok=True)

    def export_comparison(
        self,
        before_id: int,
        after_id: int,
        destination: Path,
        purpose: str,
        as_pdf: bool = False,
        today: date | None = None,
    ) -> Path:
        """Write a before-and-after pair as one JPEG (side by side, captioned) or a one-page
        PDF sheet (client initials, dates, area, view, sessions), with no photo metadata."""
        before, after = self.get(before_id), self.get(after_id)
        if before.client_id != after.client_id:
            raise ValidationError([Problem("photos", "Compare two photos of the same client.")])
        self.check_export(before.client_id, purpose, today)
        sides = [self._comparison_photo(photo) for photo in (before, after)]
        suffix = ".pdf" if as_pdf else ".jpg"
        destination = destination if destination.suffix else destination.with_suffix(suffix)
        with self._exporting([before, after], destination, purpose) as temporary:
            if as_pdf:
                self._comparison_sheet(before, after, sides, purpose, today, temporary)
            else:
                subject = ", ".join(
                    filter(
                        None,
                        [
                            area_name(before.area) if before.area else "",
                            VIEWS.get(before.view, "").lower(),
                        ],
                    )
                )
                captions = tuple(
                    (
                        f"{side.stage} · {side.taken_on}",
                        " · ".join(filter(None, [subject, side.session or "no session linked"])),
                    )
                    for side in sides
                )
                left, right = (load_upright(self.original_path(p.sha256)) for p in (before, after))
                save_jpeg(side_by_side(left, right, (captions[0], captions[1])), temporary)
        return destination

    def _comparison_photo(self, photo: Photo) -> ComparisonPhoto:
        import io

        picture = load_upright(self.original_path(photo.sha256), COMPARISON_LONGEST)
        encoded = io.BytesIO()
        picture.save(encoded, "JPEG", quality=90)  # a fresh encode: no metadata comes along
        return ComparisonPhoto(
            jpeg=encoded.getvalue(),
            width=picture.width,
            height=picture.height,
            stage=STAGES.get(photo.stage, "Not tagged"),
            taken_on=long_date(photo.taken_at.date()),
            session=self._session_label(photo),
        )

    def _session_label(self, photo: Photo) -> str:
        """ "Session 3": the photo's session counted among the client's sessions that took place
        or are planned, in date order."""
        if photo.session_id is None:
            return ""
        held = [
            summary.id
            for summary in sorted(
                self._sessions.for_client(photo.client_id), key=lambda s: s.scheduled_at
            )
            if summary.status not in (SessionStatus.CANCELLED, SessionStatus.NO_SHOW)
        ]
        return f"Session {held.index(photo.session_id) + 1}" if photo.session_id in held else ""

    def _comparison_sheet(
        self,
        before: Photo,
        after: Photo,
        sides: list[ComparisonPhoto],
        purpose: str,
        today: date | None,
        destination: Path,
    ) -> None:
        from dermadesk.documents.comparison import ComparisonSheet, render_comparison

        client = self._clients.get(before.client_id)
        days = (after.taken_at.date() - before.taken_at.date()).days
        render_comparison(
            ComparisonSheet(
                practice=self._settings.sheet_header(),
                client_initials=f"{client.first_name[:1]}.{client.last_name[:1]}.".upper(),
                area=area_name(before.area) if before.area else "Area not tagged",
                view=VIEWS.get(before.view, ""),
                before=sides[0],
                after=sides[1],
                interval=_interval(days),
                purpose=f"Exported {EXPORT_PURPOSES[purpose]}",
                printed_on=long_date(today or date.today()),
            ),
            destination,
        )

    def record_export(self, photos: Sequence[Photo], destination: Path, purpose: str) -> None:
        """Put an export (of one photo or a comparison) in the audit trail."""
        with self._store.writing() as session:
            self._audit.add(
                session,
                [
                    Entry(
                        "photo.exported",
                        photo.client_id,
                        f"photo {photo.id}",
                        f"{EXPORT_PURPOSES[purpose]}, to {destination.name}",
                    )
                    for photo in photos
                ],
            )

    # --- checking the vault ----------------------------------------------------------------

    def problems(self) -> list[VaultProblem]:
        """Rows without their file, files whose hash is wrong, and files no row points at."""
        with self._store.reading() as session:
            rows = list(session.exec(select(Photo.id, Photo.sha256)))
        found: list[VaultProblem] = []
        referenced: dict[str, list[int]] = {}
        for photo_id, sha256 in rows:
            assert photo_id is not None  # a primary key
            referenced.setdefault(sha256, []).append(photo_id)
        for sha256, photo_ids in sorted(referenced.items()):
            path = self.original_path(sha256)
            ids = ", ".join(str(photo_id) for photo_id in photo_ids)
            if not path.is_file():
                found.append(
                    VaultProblem("missing_file", f"photo {ids}: the file {path} is missing", path)
                )
            elif hash_file(path)[1] != sha256:
                found.append(
                    VaultProblem(
                        "hash_mismatch", f"photo {ids}: the file {path} has been altered", path
                    )
                )
        found.extend(self._orphans())
        return found

    def _orphan_paths(self) -> list[Path]:
        """Files in the vault no row points at; called holding the vault alone, and the rows
        read after the walk, so an import under way is never taken for an orphan."""
        if not self.vault.is_dir():
            return []
        files = [path for path in sorted(self.vault.rglob("*")) if path.is_file()]
        with self._store.reading() as session:
            referenced = set(session.exec(select(Photo.sha256)))
        return [path for path in files if path.name not in referenced]

    def _orphans(self) -> list[VaultProblem]:
        with _vault_lock(self.data_dir, exclusive=True):
            orphans = self._orphan_paths()
        return [
            VaultProblem("orphan_file", f"{path} belongs to no photo (left by a crash?)", path)
            for path in orphans
        ]

    def quarantine_orphans(self, now: datetime | None = None) -> list[Path]:
        """Move every orphan file to quarantine/<when>/, keeping its place; never deletes."""
        with _vault_lock(self.data_dir, exclusive=True):
            orphans = self._orphan_paths()
            if not orphans:
                return []
            return self._quarantine(orphans, now)

    def _quarantine(self, orphans: list[Path], now: datetime | None) -> list[Path]:
        folder = private_dir(
            self.data_dir / QUARANTINE_DIR / f"{(now or datetime.now()):%Y-%m-%d-%H%M%S}"
        )
        moved = []
        for path in orphans:
            target = folder / path.relative_to(self.vault)
            private_dir(target.parent)
            shutil.move(path, target)
            moved.append(target)
        fsync_dir(folder)
        return moved
