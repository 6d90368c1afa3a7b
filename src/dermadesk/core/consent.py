"""Consent: versioned form texts, signed records that never change, and withdrawals.

A signed record keeps everything that makes it provable years later: the
form's text as the client read it, the version it came from, the screening
answers given, the signatures, the names and the time. A SHA-256 over a
canonical form of all of it is stored with it; `verify` recomputes it, and
the database refuses UPDATE and DELETE on the table (migration 0004).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from sqlmodel import col, select

from dermadesk.core.audit import Audit, Entry
from dermadesk.core.consent_hash import record_hash
from dermadesk.core.consent_signing import ConsentSigning, Signing
from dermadesk.core.consent_status import TREATMENT, ConsentState, ConsentStatus
from dermadesk.core.consent_templates import ConsentTemplates
from dermadesk.core.db import Store
from dermadesk.core.errors import NotFoundError, Problem, ValidationError
from dermadesk.core.models import (
    ConsentRecord,
    ConsentTemplate,
    ConsentWithdrawal,
)
from dermadesk.core.records import ClientFile, ConsentForm, SignedConsent, Withdrawal
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.settings import PracticeDetails, PracticeSettings


class Consents:
    """Consent forms and signed consents. Reached as `practice.consents`."""

    def __init__(self, store: Store, settings: PracticeSettings, audit: Audit):
        self._store = store
        self._settings = settings
        self._audit = audit
        self._templates = ConsentTemplates(store, settings)
        self._signing = ConsentSigning(store, self._templates, settings, audit)

    # --- templates ---------------------------------------------------------------

    def current_template(self, kind: str) -> ConsentForm:
        """The newest version of a form (DermaDesk's default text becomes version 1)."""
        return ConsentForm.of(self._templates.current_template(kind))

    def template_versions(self, kind: str) -> list[ConsentForm]:
        """Every version of a form, newest first."""
        return [ConsentForm.of(row) for row in self._templates.template_versions(kind)]

    def save_template(self, kind: str, title: str, body: str) -> ConsentForm:
        """Keep an edited form as a new version; the same text again adds nothing."""
        return ConsentForm.of(self._templates.save_template(kind, title, body))

    def form_text(
        self, template: ConsentForm, client: ClientFile, practice: PracticeDetails | None = None
    ) -> str:
        """The form's text for this client, the practice's details filled in."""
        return self._templates.form_text(template, client, practice)

    # --- signing -----------------------------------------------------------------

    def sign(self, signing: Signing, answers: ScreeningAnswers | None = None) -> int:
        """Sign a consent into a record that never changes; returns its id.

        A treatment consent carries the screening answers the client confirmed
        (`answers`, normally their latest). On screen, the client signs and the
        practitioner countersigns; on paper, a scan or photo of the signed form
        is attached instead, with the day the paper was signed.
        """
        return self.sign_many([(signing, answers)])[0]

    def sign_many(self, signings: list[tuple[Signing, ScreeningAnswers | None]]) -> list[int]:
        """Sign several consents in one transaction: all are recorded, or none."""
        return self._signing.sign_many(signings)

    def withdraw(
        self, record_id: int, reason: str = "", recorded_by: str = "", when: datetime | None = None
    ) -> None:
        """Record that the client withdrew a consent; the signed record stays as it was."""
        now = self._store.clock.now()
        when = when or now
        if when.tzinfo is None:
            raise ValidationError([Problem("when", "A withdrawal time needs its time zone.")])
        with self._store.writing() as session:
            record = session.get(ConsentRecord, record_id)
            if record is None:
                raise NotFoundError(f"There is no signed consent with id {record_id}.")
            if when < record.signed_at or when > now:
                raise ValidationError(
                    [
                        Problem(
                            "when", "A withdrawal comes after the signing, and not in the future."
                        )
                    ]
                )
            if session.exec(
                select(ConsentWithdrawal).where(ConsentWithdrawal.record_id == record_id)
            ).first():
                raise ValidationError([Problem("record", "This consent was already withdrawn.")])
            session.add(
                ConsentWithdrawal(
                    record_id=record_id,
                    withdrawn_at=when,
                    reason=reason.strip(),
                    recorded_by=recorded_by.strip(),
                )
            )
            detail = f"{record.kind} consent" + (f": {reason.strip()}" if reason.strip() else "")
            entry = Entry("consent.withdrawn", record.client_id, f"consent {record_id}", detail)
            self._audit.add(session, entry)

    # --- reading -----------------------------------------------------------------

    def record(self, record_id: int) -> SignedConsent:
        """One signed consent."""
        with self._store.reading() as session:
            record = session.get(ConsentRecord, record_id)
            if record is None:
                raise NotFoundError(f"There is no signed consent with id {record_id}.")
            return SignedConsent.of(record)

    def records(self, client_id: int) -> list[SignedConsent]:
        """A client's signed consents, newest first."""
        with self._store.reading() as session:
            rows = session.exec(
                select(ConsentRecord)
                .where(ConsentRecord.client_id == client_id)
                .order_by(col(ConsentRecord.signed_at).desc(), col(ConsentRecord.id).desc())
            )
            return [SignedConsent.of(row) for row in rows]

    def withdrawals(self, client_id: int) -> dict[int, Withdrawal]:
        """The withdrawals recorded for a client's consents, by record id."""
        with self._store.reading() as session:
            rows = session.exec(
                select(ConsentWithdrawal)
                .join(ConsentRecord, col(ConsentRecord.id) == col(ConsentWithdrawal.record_id))
                .where(ConsentRecord.client_id == client_id)
            )
            return {row.record_id: Withdrawal.of(row) for row in rows}

    def status(self, client_id: int, kind: str, on: date | None = None) -> ConsentStatus:
        """Where the client stands with one kind of consent on `on` (today by default).

        Only what had happened by the end of that day counts: a consent signed
        later, or a withdrawal made later, does not change how a past day stood.
        """
        on = on or self._store.clock.today()
        with self._store.reading() as session:
            rows = session.exec(
                select(ConsentRecord, ConsentWithdrawal)
                .join(
                    ConsentWithdrawal,
                    col(ConsentWithdrawal.record_id) == col(ConsentRecord.id),
                    isouter=True,
                )
                .where(ConsentRecord.client_id == client_id, ConsentRecord.kind == kind)
                .order_by(col(ConsentRecord.signed_at).desc(), col(ConsentRecord.id).desc())
            ).all()
        # The practice's own calendar day, in the computer's time zone.
        standing = [(r, w) for r, w in rows if r.signed_at.astimezone().date() <= on]
        if not standing:
            return ConsentStatus(kind, ConsentState.NONE)
        record, withdrawal = standing[0]
        signed_on = record.signed_at.astimezone().date()
        levels = tuple(json.loads(record.photo_levels))
        if withdrawal is not None and withdrawal.withdrawn_at.astimezone().date() <= on:
            return ConsentStatus(
                kind,
                ConsentState.WITHDRAWN,
                record.id,
                signed_on,
                withdrawal.withdrawn_at.astimezone().date(),
                levels,
            )
        renewal = timedelta(days=self._settings.consent().renewal_days)
        if kind == TREATMENT and on - signed_on > renewal:
            return ConsentStatus(kind, ConsentState.NEEDS_RENEWAL, record.id, signed_on)
        return ConsentStatus(kind, ConsentState.SIGNED, record.id, signed_on, None, levels)

    def verify(self, record_id: int) -> bool:
        """True when the record is exactly as it was signed (and, in an encrypted practice,
        as the practice signed and sealed it)."""
        with self._store.reading() as session:
            record = session.get(ConsentRecord, record_id)
            if record is None:
                raise NotFoundError(f"There is no signed consent with id {record_id}.")
            template = session.get(ConsentTemplate, record.template_id)
            if template is None or record_hash(record, template) != record.record_hash:
                return False
        if self._store.key is None:
            return True
        return all(found != record_id for found, _ in self.tampered(record.client_id))

    def tampered(self, client_id: int | None = None) -> list[tuple[int, str]]:
        """Signed consents (of one client, or all) whose content no longer matches their hash,
        or (in an encrypted practice) their signature or their sealed copy's."""
        from dermadesk.core.consent_checks import tampered_records

        return tampered_records(self._store, client_id)

    def missing(self) -> list[str]:
        """Consents the audit trail says were signed that are no longer there ("consent 12")."""
        from dermadesk.core.consent_checks import missing_records

        return missing_records(self._store)
