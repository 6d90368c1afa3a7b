"""A client's photos, reached as `practice.photos`: the vault on disk (photo_vault),
importing (photo_import), exporting (photo_export) and the rows, tags and bin (photo_rows),
composed here, with the before-and-after comparison export."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from dermadesk.core.areas import area_name
from dermadesk.core.audit import Audit
from dermadesk.core.clients import Clients
from dermadesk.core.comparison import Comparison, ComparisonSide, side_by_side
from dermadesk.core.consent import Consents
from dermadesk.core.dates import long_date
from dermadesk.core.db import Store
from dermadesk.core.errors import Problem, ValidationError
from dermadesk.core.images import load_upright, save_jpeg
from dermadesk.core.photo_export import PhotoExporter
from dermadesk.core.photo_import import Imported, ImportProgress, PhotoImporter
from dermadesk.core.photo_rows import PhotoRows
from dermadesk.core.photo_tags import NO_TAGS, STAGES, VIEWS, PhotoTags
from dermadesk.core.photo_vault import THUMB_SIZE, PhotoVault, VaultProblem
from dermadesk.core.records import PhotoInfo
from dermadesk.core.session_records import SessionStatus
from dermadesk.core.sessions import Sessions
from dermadesk.core.settings import PracticeSettings

if TYPE_CHECKING:
    from dermadesk.core.keys import DataKey

COMPARISON_LONGEST = 1600  # pixels: plenty for a photo printed 8 cm wide


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
        key: DataKey | None = None,
    ):
        self._store = store
        self._clients = clients
        self._sessions = sessions
        self._settings = settings
        self._files = PhotoVault(store, data_dir, key)
        self._rows = PhotoRows(store, clients, audit)
        self._importer = PhotoImporter(store, self._files, self._rows, clients, audit)
        self._exporter = PhotoExporter(store, self._files, self._rows, consents, audit)
        self.data_dir = data_dir
        self.vault = self._files.folder
        self.thumbs = self._files.thumbs

    # --- the vault -----------------------------------------------------------------------

    @property
    def encrypted(self) -> bool:
        """True when the vault's files are sealed (the practice has a key)."""
        return self._files.encrypted

    def original_path(self, sha256: str) -> Path:
        """Where the original with this hash is kept in the folder vault (sealed, when
        encrypted); on a practice server it is kept in the server's database instead."""
        return self._files.original_path(sha256)

    def stored_names(self) -> set[str]:
        """The name of every original kept: the vault's files, or the server's copies."""
        return self._files.originals.names()

    def thumbnail_path(self, sha256: str, size: int = THUMB_SIZE) -> Path:
        """Where the cached thumbnail of this size is (it may not exist yet; sealed when
        encrypted)."""
        return self._files.thumbnail_path(sha256, size)

    def thumbnail_for(self, sha256: str, size: int = THUMB_SIZE) -> Path:
        """The thumbnail's file, made on first use; read it with thumbnail_bytes."""
        return self._files.thumbnail_for(sha256, size)

    def thumbnail_bytes(self, sha256: str, size: int = THUMB_SIZE) -> bytes:
        """The upright JPEG thumbnail of the picture with this hash, made on first use from
        the checked original; DamagedPhoto when that is missing or altered."""
        return self._files.thumbnail_bytes(sha256, size)

    def cached_thumbnail(self, sha256: str, size: int = THUMB_SIZE) -> bytes | None:
        """The thumbnail's JPEG when it is already made and whole (quick: no original is
        read); None when it must first be made (thumbnail_bytes)."""
        return self._files.cached_thumbnail(sha256, size)

    def read_original(self, sha256: str, what: str = "") -> bytes:
        """The original's bytes (decrypted), checked against its hash; DamagedPhoto naming
        `what` when it is missing, altered or another picture."""
        return self._files.read_original(sha256, what or f"The picture {sha256[:12]}…")

    def open_original(self, sha256: str, what: str = "") -> BinaryIO:
        """The checked original (see read_original) as a file in memory, for Pillow
        (core.images.load_upright)."""
        return self._files.open_original(sha256, what or f"The picture {sha256[:12]}…")

    def _verified(self, photo: PhotoInfo) -> BinaryIO:
        """The photo's original, checked against its hash before it leaves the practice."""
        what = f"Photo {photo.id} ({photo.original_name})"
        return self._files.open_original(photo.sha256, what)

    def problems(self) -> list[VaultProblem]:
        """Rows without their file, files whose hash is wrong, and files no row points at."""
        return self._files.problems()

    def quarantine_orphans(self) -> list[Path]:
        """Move every orphan file to quarantine/<when>/, keeping its place; never deletes."""
        return self._files.quarantine_orphans()

    # --- import --------------------------------------------------------------------------

    def import_files(
        self,
        client_id: int,
        paths: Sequence[Path],
        tags: PhotoTags = NO_TAGS,
        progress: ImportProgress | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> list[Imported]:
        """Import pictures (files, or folders of them) for a client, each on its own."""
        return self._importer.import_files(client_id, paths, tags, progress, should_stop)

    def import_file(self, client_id: int, path: Path, tags: PhotoTags = NO_TAGS) -> Imported:
        """Import one picture; see import_files."""
        return self._importer.import_file(client_id, path, tags)

    # --- rows, tags, the bin -------------------------------------------------------------

    def get(self, photo_id: int) -> PhotoInfo:
        """One photo; NotFoundError when there is none."""
        return PhotoInfo.of(self._rows.get(photo_id))

    def count(self, client_id: int, in_bin: bool = False) -> int:
        """How many photos for_client would give, without reading them."""
        return self._rows.count(client_id, in_bin)

    def in_bin(self, client_id: int) -> int:
        """How many of the client's photos are in the bin."""
        return self._rows.in_bin(client_id)

    def for_client(self, client_id: int, in_bin: bool = False) -> list[PhotoInfo]:
        """A client's photos in the order they were taken (those in the bin, if asked)."""
        return self._rows.infos_for_client(client_id, in_bin)

    def natural_pair(
        self, client_id: int, area: str | None = None, view: str | None = None
    ) -> tuple[PhotoInfo, PhotoInfo] | None:
        """The comparison to propose: the first "before" and the latest "after" or "follow-up"
        of the same area and view."""
        pair = self._rows.natural_pair(client_id, area, view)
        return None if pair is None else (PhotoInfo.of(pair[0]), PhotoInfo.of(pair[1]))

    def retag(self, photo_id: int, tags: PhotoTags) -> None:
        """Change what a photo is tagged as (its file never changes)."""
        self._rows.retag(photo_id, tags)

    def delete(self, photo_id: int) -> None:
        """Move a photo to the bin: out of the gallery, file and row kept, recoverable."""
        self._rows.delete(photo_id)

    def recover(self, photo_id: int) -> None:
        """Take a photo out of the bin, back into the gallery."""
        self._rows.recover(photo_id)

    # --- export --------------------------------------------------------------------------

    def check_export(self, client_id: int, purpose: str, on: date | None = None) -> None:
        """ExportRefused, in words, unless the client's photo consent allows `purpose`."""
        self._exporter.check_export(client_id, purpose, on)

    def export_photo(self, photo_id: int, destination: Path, purpose: str) -> Path:
        """Write one photo upright as a JPEG with no metadata (no location, no device)."""
        return self._exporter.export_photo(photo_id, destination, purpose)

    def exporting(
        self, photos: Sequence[PhotoInfo], destination: Path, purpose: str
    ) -> AbstractContextManager[Path]:
        """A temporary file to write an export to; it takes the destination's name only once
        the export is in the audit trail (see PhotoExporter.exporting)."""
        return self._exporter.exporting(photos, destination, purpose)

    def record_export(self, photos: Sequence[PhotoInfo], destination: Path, purpose: str) -> None:
        """Put an export (of one photo or a comparison) in the audit trail."""
        self._exporter.record_export(photos, destination, purpose)

    def comparison(
        self, before_id: int, after_id: int, purpose: str, today: date | None = None
    ) -> Comparison:
        """Two photos to export side by side, checked: one client, a consent for `purpose`."""
        before, after = self.get(before_id), self.get(after_id)
        if before.client_id != after.client_id:
            raise ValidationError([Problem("photos", "Compare two photos of the same client.")])
        self.check_export(before.client_id, purpose, today)
        sides = (self._comparison_side(before), self._comparison_side(after))
        return Comparison(before, after, sides)

    def export_comparison(
        self,
        before_id: int,
        after_id: int,
        destination: Path,
        purpose: str,
        today: date | None = None,
    ) -> Path:
        """Write a before-and-after pair as one JPEG (side by side, captioned), with no photo
        metadata. The PDF sheet of a pair is the sheets service's (practice.sheets)."""
        pair = self.comparison(before_id, after_id, purpose, today)
        before, after, sides = pair.before, pair.after, pair.sides
        destination = destination if destination.suffix else destination.with_suffix(".jpg")
        with self.exporting([before, after], destination, purpose) as temporary:
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
            left, right = (load_upright(self._verified(p)) for p in (before, after))
            save_jpeg(side_by_side(left, right, (captions[0], captions[1])), temporary)
        return destination

    def _comparison_side(self, photo: PhotoInfo) -> ComparisonSide:
        import io

        picture = load_upright(self._verified(photo), COMPARISON_LONGEST)
        encoded = io.BytesIO()
        picture.save(encoded, "JPEG", quality=90)  # a fresh encode: no metadata comes along
        return ComparisonSide(
            jpeg=encoded.getvalue(),
            width=picture.width,
            height=picture.height,
            stage=STAGES.get(photo.stage, "Not tagged"),
            taken_on=long_date(photo.taken_at.date()),
            session=self._session_label(photo),
        )

    def _session_label(self, photo: PhotoInfo) -> str:
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
