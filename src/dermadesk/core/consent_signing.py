"""Signing a consent into a record that never changes: on screen with drawn signatures,
or on paper with a scan of the signed form, checked before anything is kept."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

from dermadesk.core.audit import Audit, Entry
from dermadesk.core.consent_hash import answers_json, record_hash
from dermadesk.core.consent_seal import record_payload
from dermadesk.core.consent_status import KINDS, ON_SCREEN, PAPER, PHOTO, PHOTO_LEVELS, TREATMENT
from dermadesk.core.consent_templates import ConsentTemplates
from dermadesk.core.dates import long_date
from dermadesk.core.db import Store
from dermadesk.core.errors import NotFoundError, Problem, ValidationError
from dermadesk.core.models import Client, ConsentRecord
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.settings import PracticeSettings
from dermadesk.core.text_rules import single_line_problem

if TYPE_CHECKING:
    from dermadesk.core.practice_key import PracticeKey

MAX_SCAN_BYTES = 25 * 1024 * 1024
_PNG = b"\x89PNG\r\n\x1a\n"
_SCAN_MAGIC = (_PNG, b"\xff\xd8\xff", b"%PDF-")  # PNG, JPEG, PDF


@dataclass(frozen=True)
class Signing:
    """What is gathered in the consent flow, ready to be signed into a record."""

    client_id: int
    kind: str
    practitioner_name: str
    client_signature: bytes | None = None
    practitioner_signature: bytes | None = None
    witness_name: str = ""
    witness_signature: bytes | None = None
    photo_levels: tuple[str, ...] = ()
    method: str = ON_SCREEN
    paper_scan: bytes | None = None
    paper_scan_name: str = ""
    signed_at: datetime | None = None  # when signed, if not now (a paper form signed earlier)


def scan_problem(scan: bytes | None) -> str | None:
    """Why `scan` cannot be attached as a signed paper form, in words; None when it can."""
    if not scan:
        return "Attach a scan or photo of the signed paper."
    if len(scan) > MAX_SCAN_BYTES:
        return "The scan is larger than 25 MB."
    if not scan.startswith(_SCAN_MAGIC):
        return "The scan should be a JPEG or PNG picture, or a PDF."
    return None


def paper_date_problem(signed_on: date, file_opened_on: date, today: date) -> str | None:
    """Why a paper form cannot have been signed on `signed_on`, in words; None when it can."""
    if signed_on > today:
        return f"{long_date(signed_on)} is in the future: give the date written on the form."
    if signed_on < file_opened_on:
        return (
            f"{long_date(signed_on)} is before this client's file was opened "
            f"({long_date(file_opened_on)}): check the date written on the form."
        )
    return None


def paper_signed_at(signed_on: date, now: datetime) -> datetime:
    """When a paper form signed on `signed_on` counts as signed (aware, never in the future).

    The form gives a day, not a time: today is now, an earlier day its midday,
    in the computer's time zone, so the day stays the same wherever it is read.
    """
    now = now.astimezone()
    if signed_on >= now.date():
        return now.replace(microsecond=0)
    return datetime.combine(signed_on, time(12, 0)).astimezone()


class ConsentSigning:
    """Turns what the consent flow gathered into signed records, all or none."""

    def __init__(
        self, store: Store, templates: ConsentTemplates, settings: PracticeSettings, audit: Audit
    ):
        self._store = store
        self._templates = templates
        self._settings = settings
        self._audit = audit

    def sign_many(self, signings: list[tuple[Signing, ScreeningAnswers | None]]) -> list[int]:
        """Sign several consents in one transaction: all are recorded, or none."""
        now = self._store.clock.now().replace(microsecond=0)
        for signing, answers in signings:
            if problems := _signing_problems(signing, answers, now):
                raise ValidationError(problems)
        templates = {
            kind: self._templates.current_template(kind) for kind in {s.kind for s, _ in signings}
        }
        practice = self._settings.practice_details()
        signer = self._signer()
        with self._store.writing() as session:
            records = []
            for signing, answers in signings:
                client = session.get(Client, signing.client_id)  # the session caches repeats
                if client is None:
                    raise NotFoundError(f"There is no client with id {signing.client_id}.")
                if signing.method == PAPER and signing.signed_at is not None:
                    opened = _local_day(client.created_at)
                    signed_on = signing.signed_at.astimezone().date()
                    if message := paper_date_problem(signed_on, opened, _local_day(now)):
                        raise ValidationError([Problem("signed_at", message)])
                template = templates[signing.kind]
                assert template.id is not None  # saved by current_template
                record = ConsentRecord(
                    client_id=signing.client_id,
                    template_id=template.id,
                    kind=signing.kind,
                    method=signing.method,
                    signed_at=(signing.signed_at or now).replace(microsecond=0),
                    client_name=f"{client.first_name} {client.last_name}",
                    client_date_of_birth=client.date_of_birth,
                    form_text=self._templates.form_text(template, client, practice),
                    answers=answers_json(answers) if signing.kind == TREATMENT else "",
                    photo_levels=json.dumps(sorted(signing.photo_levels)),
                    client_signature=signing.client_signature,
                    practitioner_name=signing.practitioner_name.strip(),
                    practitioner_signature=signing.practitioner_signature,
                    witness_name=signing.witness_name.strip(),
                    witness_signature=signing.witness_signature,
                    paper_scan=signing.paper_scan,
                    paper_scan_name=signing.paper_scan_name,
                    record_hash="",
                )
                record.record_hash = record_hash(record, template)
                if signer is not None:
                    record.signature = signer.sign(record_payload(record, template))
                session.add(record)
                records.append(record)
            session.flush()
            self._audit.add(
                session,
                [
                    Entry(
                        "consent.signed",
                        record.client_id,
                        f"consent {record.id}",
                        f"{record.kind} consent, {record.method.replace('_', ' ')}",
                    )
                    for record in records
                ],
            )
            return [record.id for record in records if record.id is not None]

    def _signer(self) -> PracticeKey | None:
        """The practice key, for an encrypted practice (made on its first signing)."""
        from dermadesk.core.audit_head import signing_key

        key = self._store.key
        return None if key is None else signing_key(self._store, key)


def _local_day(moment: datetime) -> date:
    """The computer's calendar day of a stored moment (SQLite gives naive UTC back)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().date()


def _signing_problems(
    signing: Signing, answers: ScreeningAnswers | None, now: datetime
) -> list[Problem]:
    """Everything that stops `signing` being signed into a record, in words."""
    problems: list[Problem] = []
    if signing.signed_at is not None:
        if signing.signed_at.tzinfo is None:
            return [Problem("signed_at", "The signing time needs its time zone.")]
        if signing.signed_at > now:
            problems.append(Problem("signed_at", "A consent cannot be signed in the future."))
    if signing.kind not in KINDS:
        return [Problem("kind", f"There is no “{signing.kind}” consent.")]
    if not signing.practitioner_name.strip():
        problems.append(Problem("practitioner_name", "The practitioner's name is required."))
    for field, label in (("practitioner_name", "The practitioner's name"),
                         ("witness_name", "The witness's name")):  # fmt: skip
        if message := single_line_problem(getattr(signing, field).strip(), label):
            problems.append(Problem(field, message))
    if signing.kind == TREATMENT and answers is None:
        problems.append(
            Problem("answers", "The screening questions must be answered before signing.")
        )
    if signing.kind == PHOTO:
        unknown = set(signing.photo_levels) - set(PHOTO_LEVELS)
        if unknown or not signing.photo_levels:
            problems.append(Problem("photo_levels", "Choose what the photographs may be used for."))
    if signing.witness_signature and not signing.witness_name.strip():
        problems.append(Problem("witness_name", "The witness signed: their name is required."))
    if signing.method == ON_SCREEN:
        for field, image, who in (
            ("client_signature", signing.client_signature, "The client"),
            ("practitioner_signature", signing.practitioner_signature, "The practitioner"),
        ):
            if not image:
                problems.append(Problem(field, f"{who} has not signed yet."))
            elif not image.startswith(_PNG):
                problems.append(Problem(field, f"{who}'s signature is not a PNG image."))
    elif signing.method == PAPER:
        if message := scan_problem(signing.paper_scan):
            problems.append(Problem("paper_scan", message))
    else:
        problems.append(Problem("method", f"Unknown way of signing “{signing.method}”."))
    return problems
