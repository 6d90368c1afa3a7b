"""`practice.sheets`: every printed sheet laid out, named and recorded in one place.

The command line and the window ask here for a sheet, then send it to the
printer or a file their own way, and tell this service so: the title a sheet
goes to the print queue under is the one the audit trail records.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dermadesk.core.audit import Entry
from dermadesk.core.consent_status import KINDS, TREATMENT
from dermadesk.core.sheets import contents

if TYPE_CHECKING:
    from dermadesk.core.comparison import Comparison
    from dermadesk.core.practice import Practice


@dataclass(frozen=True)
class Sheet:
    """A sheet laid out as a PDF, with the title its print job and audit entry carry."""

    title: str
    pdf: bytes
    client_id: int | None = None
    about: str = ""  # what the audit entry adds: "session 12", "treatment and photo forms"


class Sheets:
    """Lays out, names and records the practice's sheets; `practice.sheets`."""

    def __init__(self, practice: Practice):
        self._practice = practice

    def check_ready(self) -> None:
        """Raise PracticeNotSetUp, in words, while the practice lacks the name or phone."""
        contents.require_practice_details(self._practice)

    # --- the sheets ----------------------------------------------------------------------------

    def consent(self, client_id: int, kind: str = TREATMENT, today: date | None = None) -> Sheet:
        """One consent form, pre-filled with the client, for a wet signature."""
        from dermadesk.documents.consent import render_consent

        sheet = contents.blank_consent_sheet(self._practice, client_id, kind, today)
        return Sheet(f"{sheet.kind_label} - {sheet.client_name}", render_consent(sheet), client_id)

    def consent_pack(self, client_id: int, today: date | None = None) -> Sheet:
        """The treatment and the photo consent forms, pre-filled, as one PDF."""
        from dermadesk.core.print_queue import combine
        from dermadesk.documents.consent import render_consent

        forms = [contents.blank_consent_sheet(self._practice, client_id, k, today) for k in KINDS]
        pdf = combine([render_consent(form) for form in forms])
        title = f"Consent pack - {forms[0].client_name}"
        return Sheet(title, pdf, client_id, "treatment and photo forms")

    def signed_copy(self, record_id: int, today: date | None = None) -> Sheet:
        """A copy of a signed consent: its answers, signatures, times and hash; the sealed
        PDF kept at signing when there is one (the copy the client can be handed)."""
        from dermadesk.core.consent_seal import sealed_copy
        from dermadesk.documents.consent import render_consent

        sheet = contents.signed_consent_sheet(self._practice, record_id, today)
        client_id = self._practice.consents.record(record_id).client_id
        title = f"{sheet.kind_label} - {sheet.client_name} (signed copy)"
        sealed = sealed_copy(self._practice.store, record_id)
        return Sheet(title, sealed or render_consent(sheet), client_id)

    def prep(self, client_id: int, today: date | None = None) -> Sheet:
        """The preparation sheet for a client."""
        from dermadesk.documents.prep import render_prep

        sheet = contents.prep_sheet(self._practice, client_id, today)
        return Sheet(f"Preparation - {sheet.client_name}", render_prep(sheet), client_id)

    def aftercare(self, session_id: int, today: date | None = None) -> Sheet:
        """The aftercare sheet of a session that took place."""
        from dermadesk.documents.aftercare import render_aftercare

        sheet = contents.aftercare_sheet(self._practice, session_id, today)
        client_id = self._practice.sessions.get(session_id).client_id
        title = f"Aftercare - {sheet.client_name}"
        return Sheet(title, render_aftercare(sheet), client_id, f"session {session_id}")

    def day_pack(
        self,
        day: date,
        today: date | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Sheet:
        """Consent packs for every planned session of `day`; `progress` hears of each client."""
        from dermadesk.documents.day_pack import render_day_pack

        pack = contents.day_pack(self._practice, day, today)
        return Sheet(f"Consent packs - {pack.day}", render_day_pack(pack, progress=progress))

    def comparison(
        self, before_id: int, after_id: int, purpose: str, today: date | None = None
    ) -> Sheet:
        """The before-and-after sheet of two photos, once the client's consent allows `purpose`."""
        pair = self._practice.photos.comparison(before_id, after_id, purpose, today)
        return self._comparison(pair, purpose, today)

    def _comparison(self, pair: Comparison, purpose: str, today: date | None) -> Sheet:
        from dermadesk.documents.comparison import render_comparison

        sheet = contents.comparison_sheet(self._practice, pair, purpose, today)
        title = f"Before and after - {sheet.client_initials}"
        return Sheet(title, render_comparison(sheet), pair.before.client_id)

    def export_comparison(
        self,
        before_id: int,
        after_id: int,
        destination: Path,
        purpose: str,
        today: date | None = None,
    ) -> Path:
        """Write the before-and-after sheet as a PDF; the export goes in the audit trail first,
        as every photo export does (the file takes its name only then)."""
        photos = self._practice.photos
        pair = photos.comparison(before_id, after_id, purpose, today)
        sheet = self._comparison(pair, purpose, today)
        destination = destination if destination.suffix else destination.with_suffix(".pdf")
        with photos.exporting([pair.before, pair.after], destination, purpose) as temporary:
            temporary.write_bytes(sheet.pdf)
        return destination

    # --- what became of them -------------------------------------------------------------------

    def printed(self, sheet: Sheet, printer: str = "", pages: int | None = None) -> None:
        """Record in the audit trail that `sheet` went to the printer (named when known)."""
        where = ""
        if printer:
            count = "" if pages is None else f"{pages} page{'' if pages == 1 else 's'} "
            where = f"{count}on {printer}"
        detail = ", ".join(part for part in (sheet.about, where) if part)
        self._practice.audit.log(Entry("sheet.printed", sheet.client_id, sheet.title, detail))

    def save(self, sheet: Sheet, path: Path) -> None:
        """Write `sheet` to `path` (never half-written under that name), then record it.

        An OSError (full disk, no permission) is left for the caller to say in words.
        """
        partial = path.with_name(path.name + ".partial")
        try:
            partial.write_bytes(sheet.pdf)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        self.saved(sheet, path)

    def saved(self, sheet: Sheet, path: Path) -> None:
        """Record in the audit trail that `sheet` was written to `path`."""
        self._practice.audit.log(Entry("sheet.saved", sheet.client_id, sheet.title, str(path)))
