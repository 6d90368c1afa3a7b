"""Exporting photos out of the practice: only as the client's photo consent allows, as
upright JPEGs without metadata, and never without an entry in the audit trail."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from dermadesk.core.audit import Audit, Entry
from dermadesk.core.consent import Consents
from dermadesk.core.consent_status import PHOTO, ConsentState
from dermadesk.core.db import Store
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.images import load_upright, save_jpeg
from dermadesk.core.photo_rows import PhotoRows
from dermadesk.core.photo_vault import PhotoVault, StorageError
from dermadesk.core.records import PhotoInfo

# Who may see an exported picture, and which photo consent that needs.
CLINICAL, MARKETING = "clinical", "marketing"
EXPORT_PURPOSES = {CLINICAL: "for the clinical record", MARKETING: "for marketing or publication"}


class ExportRefused(DermaDeskError):
    """An export the client's photo consent does not allow."""


class PhotoExporter:
    """Writes photos out of the practice, checked against consent and audited."""

    def __init__(
        self, store: Store, vault: PhotoVault, rows: PhotoRows, consents: Consents, audit: Audit
    ):
        self._store = store
        self._vault = vault
        self._rows = rows
        self._consents = consents
        self._audit = audit

    def check_export(self, client_id: int, purpose: str, on: date | None = None) -> None:
        """ExportRefused, in words, unless the client's photo consent allows `purpose`."""
        if purpose not in EXPORT_PURPOSES:
            raise ValueError(f"unknown export purpose {purpose!r}")
        if purpose == CLINICAL:
            return  # the clinical record is the practice's own; it needs no further consent
        status = self._consents.status(client_id, PHOTO, on)
        if status.state is not ConsentState.SIGNED or MARKETING not in status.photo_levels:
            raise ExportRefused(
                "This client has not consented to their photos being used for marketing or "
                f"publication. {status.describe()} Export for the clinical record instead, or "
                "ask the client to sign a photo consent that allows it."
            )

    def export_photo(self, photo_id: int, destination: Path, purpose: str) -> Path:
        """Write one photo upright as a JPEG with no metadata (no location, no device)."""
        photo = PhotoInfo.of(self._rows.get(photo_id))
        self.check_export(photo.client_id, purpose)
        what = f"Photo {photo.id} ({photo.original_name})"
        # Decrypted (when sealed) and checked in memory; a fresh encode leaves all metadata out.
        picture = load_upright(self._vault.open_original(photo.sha256, what), name=what)
        destination = destination.with_suffix(".jpg") if not destination.suffix else destination
        with self.exporting([photo], destination, purpose) as temporary:
            save_jpeg(picture, temporary)
        return destination

    @contextmanager
    def exporting(
        self, photos: Sequence[PhotoInfo], destination: Path, purpose: str
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

    def record_export(self, photos: Sequence[PhotoInfo], destination: Path, purpose: str) -> None:
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
