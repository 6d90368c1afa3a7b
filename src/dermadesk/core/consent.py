"""Consent: versioned form texts, signed records that never change, and withdrawals.

A signed record keeps everything that makes it provable years later: the
form's text as the client read it, the version it came from, the screening
answers given, the signatures, the names and the time. A SHA-256 over a
canonical form of all of it is stored with it; `verify` recomputes it, and
the database refuses UPDATE and DELETE on the table (migration 0004).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from dermadesk.core.audit import Audit, Entry
from dermadesk.core.custom_questions import form_questions, questions_json
from dermadesk.core.dates import long_date
from dermadesk.core.db import Store
from dermadesk.core.errors import NotFoundError, Problem, ValidationError
from dermadesk.core.models import (
    Client,
    ConsentRecord,
    ConsentTemplate,
    ConsentWithdrawal,
    utc_iso,
    utc_now,
)
from dermadesk.core.placeholders import (
    fill_placeholders,
    unknown_placeholders,
    unknown_placeholders_message,
)
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.screening_rules import CUSTOM_PREFIX
from dermadesk.core.settings import PracticeDetails, PracticeSettings
from dermadesk.paths import resource_path

TREATMENT, PHOTO = "treatment", "photo"
KINDS = {TREATMENT: "Treatment consent", PHOTO: "Photo consent"}
PHOTO_LEVELS = {
    "clinical": "Photographs for the clinical record",
    "marketing": "Photographs for marketing or publication",
}
ON_SCREEN, PAPER = "on_screen", "paper"
MAX_SCAN_BYTES = 25 * 1024 * 1024
_PNG = b"\x89PNG\r\n\x1a\n"
_SCAN_MAGIC = (_PNG, b"\xff\xd8\xff", b"%PDF-")  # PNG, JPEG, PDF
_DEFAULT_TEXTS = {TREATMENT: "treatment_consent.txt", PHOTO: "photo_consent.txt"}


class ConsentState(StrEnum):
    """Where a client stands with one kind of consent."""

    NONE = "none"
    SIGNED = "signed"
    WITHDRAWN = "withdrawn"
    NEEDS_RENEWAL = "needs_renewal"


@dataclass(frozen=True)
class ConsentStatus:
    """A client's standing for one kind of consent on a given day."""

    kind: str
    state: ConsentState
    record_id: int | None = None
    signed_on: date | None = None
    withdrawn_on: date | None = None
    photo_levels: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line for the alerts banner and the sheets."""
        label = KINDS[self.kind]
        if self.state is ConsentState.NONE:
            return f"{label}: none on file."
        signed = long_date(self.signed_on) if self.signed_on else ""
        if self.state is ConsentState.WITHDRAWN and self.withdrawn_on:
            return f"{label} withdrawn on {long_date(self.withdrawn_on)}."
        if self.state is ConsentState.NEEDS_RENEWAL:
            return f"{label} signed {signed} needs renewal."
        levels = ""
        if self.kind == PHOTO:
            levels = (
                " (" + ", ".join(PHOTO_LEVELS[level].lower() for level in self.photo_levels) + ")"
            )
        return f"{label} signed {signed}{levels}."


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


def paper_signed_at(signed_on: date, now: datetime | None = None) -> datetime:
    """When a paper form signed on `signed_on` counts as signed (aware, never in the future).

    The form gives a day, not a time: today is now, an earlier day its midday,
    in the computer's time zone, so the day stays the same wherever it is read.
    """
    now = now or datetime.now().astimezone()
    if signed_on >= now.date():
        return now.replace(microsecond=0)
    return datetime.combine(signed_on, time(12, 0)).astimezone()


def _sha256(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


def _answers_json(answers: ScreeningAnswers | None) -> str:
    if answers is None:
        return ""
    values = {
        "answered_on": answers.answered_on,
        "question_set": answers.question_set,
        **answers.answers(),
        **{CUSTOM_PREFIX + slug: answer for slug, answer in answers.custom},
    }
    return json.dumps(
        {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()},
        sort_keys=True,
        ensure_ascii=False,
    )


def canonical_form(record: ConsentRecord, template: ConsentTemplate) -> bytes:
    """The bytes the record's hash is taken over: every signed fact, in a fixed order.

    Binary parts (signatures, scan) enter by their own SHA-256; the template
    enters by id, version and a hash of its text, so a changed form is caught
    too. Keys are sorted and the JSON has no spaces, so the same record always
    gives the same bytes.
    """
    document = {
        "answers": json.loads(record.answers) if record.answers else None,
        "client_date_of_birth": record.client_date_of_birth.isoformat(),
        "client_id": record.client_id,
        "client_name": record.client_name,
        "client_signature": _sha256(record.client_signature),
        "form_text": record.form_text,
        "kind": record.kind,
        "method": record.method,
        "paper_scan": _sha256(record.paper_scan),
        "paper_scan_name": record.paper_scan_name,
        "photo_levels": sorted(json.loads(record.photo_levels)),
        "practitioner_name": record.practitioner_name,
        "practitioner_signature": _sha256(record.practitioner_signature),
        "signed_at": utc_iso(record.signed_at),
        "template": {
            "id": template.id,
            "kind": template.kind,
            "text_sha256": hashlib.sha256(_template_text(template).encode()).hexdigest(),
            "version": template.version,
        },
        "witness_name": record.witness_name,
        "witness_signature": _sha256(record.witness_signature),
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _template_text(template: ConsentTemplate) -> str:
    """The form's text as hashed: its questions too, on forms that keep them (older forms'
    hashes stay as they were)."""
    text = f"{template.title}\n{template.body}"
    return f"{text}\n{template.questions}" if template.questions else text


def record_hash(record: ConsentRecord, template: ConsentTemplate) -> str:
    """The SHA-256 (hex) that proves the record unchanged."""
    return hashlib.sha256(canonical_form(record, template)).hexdigest()


def default_text(kind: str) -> tuple[str, str]:
    """DermaDesk's default (title, body) for a kind of consent."""
    text = resource_path("templates", _DEFAULT_TEXTS[kind]).read_text(encoding="utf-8")
    title, _, body = text.partition("\n")
    return title.strip(), body.strip()


def _versions_newest_first(kind: str) -> SelectOfScalar[ConsentTemplate]:
    """A form's versions, the newest first."""
    return (
        select(ConsentTemplate)
        .where(ConsentTemplate.kind == kind)
        .order_by(col(ConsentTemplate.version).desc())
    )


PLACEHOLDERS = ("practice_name", "practice_phone", "practitioner_name", "client_name",
                "date_of_birth")  # fmt: skip


class Consents:
    """Consent forms and signed consents. Reached as `practice.consents`."""

    def __init__(self, store: Store, settings: PracticeSettings, audit: Audit):
        self._store = store
        self._settings = settings
        self._audit = audit

    # --- templates ---------------------------------------------------------------

    def current_template(self, kind: str) -> ConsentTemplate:
        """The newest version of a form (DermaDesk's default text becomes version 1)."""
        if kind not in KINDS:
            raise ValidationError([Problem("kind", f"There is no “{kind}” consent.")])
        with self._store.reading() as session:
            template = self._newest(session, kind)
        if template is None:
            return self.save_template(kind, *default_text(kind))
        if kind == TREATMENT and template.questions != self._questions_now(kind):
            # The questionnaire changed: a signed record keeps the questions it was asked.
            return self.save_template(kind, template.title, template.body)
        return template

    def _questions_now(self, kind: str) -> str:
        """The questions a new version of the form would ask ("" for the photo form)."""
        if kind != TREATMENT:
            return ""
        return questions_json(form_questions(self._settings.screening().custom_questions))

    @staticmethod
    def _newest(session: Session, kind: str) -> ConsentTemplate | None:
        return session.exec(_versions_newest_first(kind)).first()

    def template_versions(self, kind: str) -> list[ConsentTemplate]:
        """Every version of a form, newest first."""
        with self._store.reading() as session:
            return list(session.exec(_versions_newest_first(kind)))

    def save_template(self, kind: str, title: str, body: str) -> ConsentTemplate:
        """Keep an edited form as a new version; the same text again adds nothing."""
        title, body = title.strip(), body.strip()
        problems = []
        if not title:
            problems.append(Problem("title", "The form needs a title."))
        if not body:
            problems.append(Problem("body", "The form needs its text."))
        if unknown := unknown_placeholders(f"{title}\n{body}", PLACEHOLDERS):
            problems.append(Problem("body", unknown_placeholders_message(unknown, PLACEHOLDERS)))
        if problems:
            raise ValidationError(problems)
        questions = self._questions_now(kind)
        with self._store.writing() as session:
            newest = self._newest(session, kind)
            if newest is not None and (newest.title, newest.body, newest.questions) == (
                title,
                body,
                questions,
            ):
                return newest
            template = ConsentTemplate(
                kind=kind,
                version=(newest.version + 1) if newest else 1,
                title=title,
                body=body,
                questions=questions,
            )
            session.add(template)
            session.flush()
            session.refresh(template)
            return template

    def form_text(
        self, template: ConsentTemplate, client: Client, practice: PracticeDetails | None = None
    ) -> str:
        """The form's text for this client, the practice's details filled in."""
        practice = practice or self._settings.practice_details()
        values = {
            "practice_name": practice.name,
            "practice_phone": practice.phone or "the number on this form",
            "practitioner_name": practice.practitioner_name,
            "client_name": f"{client.first_name} {client.last_name}",
            "date_of_birth": long_date(client.date_of_birth),
        }
        return fill_placeholders(template.body, values)

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
        now = utc_now().replace(microsecond=0)
        for signing, answers in signings:
            if problems := _signing_problems(signing, answers, now):
                raise ValidationError(problems)
        templates = {kind: self.current_template(kind) for kind in {s.kind for s, _ in signings}}
        practice = self._settings.practice_details()
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
                    form_text=self.form_text(template, client, practice),
                    answers=_answers_json(answers) if signing.kind == TREATMENT else "",
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

    def withdraw(
        self, record_id: int, reason: str = "", recorded_by: str = "", when: datetime | None = None
    ) -> None:
        """Record that the client withdrew a consent; the signed record stays as it was."""
        when = when or utc_now()
        if when.tzinfo is None:
            raise ValidationError([Problem("when", "A withdrawal time needs its time zone.")])
        with self._store.writing() as session:
            record = session.get(ConsentRecord, record_id)
            if record is None:
                raise NotFoundError(f"There is no signed consent with id {record_id}.")
            if when < record.signed_at or when > utc_now():
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

    def record(self, record_id: int) -> ConsentRecord:
        """One signed consent."""
        with self._store.reading() as session:
            record = session.get(ConsentRecord, record_id)
            if record is None:
                raise NotFoundError(f"There is no signed consent with id {record_id}.")
            return record

    def records(self, client_id: int) -> list[ConsentRecord]:
        """A client's signed consents, newest first."""
        with self._store.reading() as session:
            return list(
                session.exec(
                    select(ConsentRecord)
                    .where(ConsentRecord.client_id == client_id)
                    .order_by(col(ConsentRecord.signed_at).desc(), col(ConsentRecord.id).desc())
                )
            )

    def withdrawals(self, client_id: int) -> dict[int, ConsentWithdrawal]:
        """The withdrawals recorded for a client's consents, by record id."""
        with self._store.reading() as session:
            rows = session.exec(
                select(ConsentWithdrawal)
                .join(ConsentRecord, col(ConsentRecord.id) == col(ConsentWithdrawal.record_id))
                .where(ConsentRecord.client_id == client_id)
            )
            return {row.record_id: row for row in rows}

    def status(self, client_id: int, kind: str, on: date | None = None) -> ConsentStatus:
        """Where the client stands with one kind of consent on `on` (today by default).

        Only what had happened by the end of that day counts: a consent signed
        later, or a withdrawal made later, does not change how a past day stood.
        """
        on = on or date.today()
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
        """True when the record is exactly as it was signed."""
        with self._store.reading() as session:
            record = session.get(ConsentRecord, record_id)
            if record is None:
                raise NotFoundError(f"There is no signed consent with id {record_id}.")
            template = session.get(ConsentTemplate, record.template_id)
            return template is not None and record_hash(record, template) == record.record_hash

    def tampered(self, client_id: int | None = None) -> list[tuple[int, str]]:
        """Signed consents (of one client, or all) whose content no longer matches their hash."""
        found = []
        statement = select(ConsentRecord)
        if client_id is not None:
            statement = statement.where(ConsentRecord.client_id == client_id)
        with self._store.reading() as session:
            templates = {t.id: t for t in session.exec(select(ConsentTemplate))}
            for record in session.exec(statement):
                template = templates.get(record.template_id)
                if template is None:
                    found.append((record.id, "its form version is missing"))
                elif record_hash(record, template) != record.record_hash:
                    found.append((record.id, "its content no longer matches its hash"))
        return [(record_id, why) for record_id, why in found if record_id is not None]


def _local_day(moment: datetime) -> date:
    """The computer's calendar day of a stored moment (SQLite gives naive UTC back)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().date()


def _signing_problems(
    signing: Signing, answers: ScreeningAnswers | None, now: datetime
) -> list[Problem]:
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
