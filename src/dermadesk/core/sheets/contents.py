"""The data behind each printed sheet, gathered from the practice.

documents/ lays the sheets out from plain data and knows nothing of the
database; this module reads the records and hands them over as documents'
plain dataclasses. The practice's header is built here from its settings.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING

from dermadesk.core.areas import area_name, area_order
from dermadesk.core.comparison import Comparison, ComparisonSide
from dermadesk.core.consent_status import KINDS, PHOTO, PHOTO_LEVELS, TREATMENT, ConsentState
from dermadesk.core.custom_questions import DATE, questions_from_json
from dermadesk.core.dates import long_date
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.photo_export import EXPORT_PURPOSES
from dermadesk.core.photo_tags import VIEWS
from dermadesk.core.placeholders import fill_placeholders
from dermadesk.core.records import ConsentForm
from dermadesk.core.screening import ADDED_IN_SET_2
from dermadesk.core.screening_rules import Status
from dermadesk.core.session_records import SessionStatus, appointment_time
from dermadesk.core.settings import PracticeDetails
from dermadesk.documents.aftercare import AftercareSheet
from dermadesk.documents.common import PracticeHeader
from dermadesk.documents.comparison import ComparisonPhoto, ComparisonSheet
from dermadesk.documents.consent import ConsentSheet, Question, SignatureLine
from dermadesk.documents.day_pack import DayPack, DayPackEntry
from dermadesk.documents.prep import PrepSheet
from dermadesk.paths import resource_path

if TYPE_CHECKING:
    from dermadesk.core.practice import Practice


def local_time(moment: datetime) -> str:
    """A stored (UTC) moment in the computer's time zone: 21 Nov 2026, 10:32."""
    local = moment.astimezone()
    return f"{long_date(local.date())}, {local:%H:%M}"


class PracticeNotSetUp(DermaDeskError):
    """A consent or aftercare sheet was asked for before the practice has a name and phone."""


def require_practice_details(practice: Practice) -> None:
    """Refuse, in words, while the practice lacks the name or phone its sheets print.

    Without them a consent would name "Your practice" and send a client with an
    infection to a number that is not there.
    """
    details = practice.settings.practice_details()
    has_name = details.name.strip() not in ("", PracticeDetails().name)  # never the placeholder
    has_phone = bool(details.phone.strip())
    if has_name and has_phone:
        return
    if not has_name and not has_phone:
        missing = "The practice's name and phone number are not set yet"
    elif not has_name:
        missing = "The practice's name is not set yet"
    else:
        missing = "The practice has no phone number yet"
    raise PracticeNotSetUp(
        f"{missing}, and every consent and aftercare sheet prints them: clients need to know "
        "whom they signed with and whom to call. Add them in Practice settings, then print again."
    )


def practice_header(practice: Practice) -> PracticeHeader:
    """The practice as every printed sheet shows it at the top."""
    details = practice.settings.practice_details()
    return PracticeHeader(
        name=details.name,
        address=details.address,
        phone=details.phone,
        practitioner_name=details.practitioner_name,
        credentials=details.credentials,
    )


def _blank_questions(template: ConsentForm) -> list[Question]:
    return [
        Question(q.text, is_date=q.kind == DATE) for q in questions_from_json(template.questions)
    ]


def _answered_questions(answers_json: str, template: ConsentForm) -> list[Question]:
    """The questions the signed form asked, each with the answer given ("Not asked" for one
    the answers set never had)."""
    answers = json.loads(answers_json) if answers_json else {}
    questions = []
    for question in questions_from_json(template.questions):
        value = answers.get(question.key)
        never_asked = question.key in ADDED_IN_SET_2 and answers.get("question_set", 1) < 2
        if question.key not in answers or never_asked:
            shown = "Not asked"
        elif question.kind == DATE:
            shown = long_date(date.fromisoformat(value)) if value else "none"
        else:
            shown = "Yes" if value else "No"
        questions.append(Question(question.text, shown, is_date=question.kind == DATE))
    return questions


def blank_consent_sheet(
    practice: Practice, client_id: int, kind: str = TREATMENT, today: date | None = None
) -> ConsentSheet:
    """The consent form pre-filled with the client, for a wet signature at reception."""
    require_practice_details(practice)
    client = practice.clients.get(client_id)
    template = practice.consents.current_template(kind)
    details = practice.settings.practice_details()
    return ConsentSheet(
        practice=practice_header(practice),
        title=template.title,
        kind_label=KINDS[kind],
        version=template.version,
        client_name=f"{client.first_name} {client.last_name}",
        date_of_birth=long_date(client.date_of_birth),
        form_text=practice.consents.form_text(template, client),
        printed_on=long_date(today or practice.clock.today()),
        questions=_blank_questions(template) if kind == TREATMENT else [],
        photo_levels={level: None for level in PHOTO_LEVELS} if kind == PHOTO else {},
        signatures=[
            SignatureLine("Client", f"{client.first_name} {client.last_name}"),
            SignatureLine("Practitioner", details.practitioner_name),
        ],
    )


def signed_consent_sheet(
    practice: Practice, record_id: int, today: date | None = None
) -> ConsentSheet:
    """A copy of a signed consent: its answers, signatures, times and hash."""
    record = practice.consents.record(record_id)
    template = next(
        t for t in practice.consents.template_versions(record.kind) if t.id == record.template_id
    )
    levels = json.loads(record.photo_levels)
    signed_at = local_time(record.signed_at)
    signatures = [
        SignatureLine("Client", record.client_name, record.client_signature, signed_at),
        SignatureLine(
            "Practitioner", record.practitioner_name, record.practitioner_signature, signed_at
        ),
    ]
    if record.witness_name:
        signatures.append(
            SignatureLine("Witness", record.witness_name, record.witness_signature, signed_at)
        )
    if record.method == "paper":
        signatures = [SignatureLine("Signed on paper", record.client_name, None, signed_at)]
    return ConsentSheet(
        practice=practice_header(practice),
        title=template.title,
        kind_label=KINDS[record.kind],
        version=template.version,
        client_name=record.client_name,
        date_of_birth=long_date(record.client_date_of_birth),
        form_text=record.form_text,
        printed_on=long_date(today or practice.clock.today()),
        questions=_answered_questions(record.answers, template) if record.kind == TREATMENT else [],
        photo_levels={level: level in levels for level in PHOTO_LEVELS}
        if record.kind == PHOTO
        else {},
        signatures=signatures,
        record_hash=record.record_hash,
        record_id=record.id,
        fingerprint=_certificate_fingerprint(practice),
    )


def _certificate_fingerprint(practice: Practice) -> str:
    """The practice certificate's fingerprint, for a signed copy's footer ("" without keys)."""
    key = practice.store.key
    if key is None:
        return ""
    from dermadesk.core.audit_head import signing_key

    return signing_key(practice.store, key).fingerprint


def prep_sheet(practice: Practice, client_id: int, today: date | None = None) -> PrepSheet:
    """The preparation sheet for a client."""
    client = practice.clients.get(client_id)
    details = practice.settings.practice_details()
    title, _, body = (
        resource_path("templates", "preparation.txt").read_text("utf-8").partition("\n")
    )
    values = {"practice_name": details.name, "practice_phone": details.phone or "the number above"}
    return PrepSheet(
        practice=practice_header(practice),
        title=title.strip(),
        body=fill_placeholders(body.strip(), values),
        client_name=f"{client.first_name} {client.last_name}",
        printed_on=long_date(today or practice.clock.today()),
    )


def aftercare_sheet(
    practice: Practice, session_id: int, today: date | None = None
) -> AftercareSheet:
    """The aftercare sheet for session `session_id`: its date, areas and the next appointment."""
    row = practice.sessions.get(session_id)
    record = practice.sessions.record(session_id)
    if row.started_at is None or row.status not in (SessionStatus.PLANNED, SessionStatus.DONE):
        raise DermaDeskError(
            f"Session {session_id} has not taken place ({SessionStatus(row.status).label.lower()}"
            ", not started); the aftercare sheet is for a session that was treated."
        )
    if not record.areas:
        raise DermaDeskError(
            f"Session {session_id} has no treated areas recorded yet; record the session "
            "before printing its aftercare sheet."
        )
    # The sheet's most important line tells the client whom to call about an infection.
    require_practice_details(practice)
    details = practice.settings.practice_details()
    client = practice.clients.get(row.client_id)
    title, _, body = practice.settings.aftercare_text().partition("\n")
    days = record.actives_pause_days
    values = {
        "practice_name": details.name,
        "practice_phone": details.phone,
        "actives_days": "the rest of the day" if days == 0 else f"{days} day{'s' * (days != 1)}",
    }
    following = practice.sessions.next_appointment(session_id)
    areas = sorted(record.areas, key=lambda note: area_order(note.area))
    return AftercareSheet(
        practice=practice_header(practice),
        title=title.strip(),
        body=fill_placeholders(body.strip(), values),
        client_name=f"{client.first_name} {client.last_name}",
        treated_on=long_date(row.scheduled_at.date()),
        areas=[note.name for note in areas],
        next_appointment=appointment_time(following) if following else "",
        printed_on=long_date(today or practice.clock.today()),
    )


_SCREENING_WORDS = {
    Status.CLEAR: "clear",
    Status.CAUTION: "needs the practitioner's judgement",
    Status.BLOCKED: "blocks treatment",
}


def day_pack(practice: Practice, day: date, today: date | None = None) -> DayPack:
    """Consent packs for every planned session of `day`, in time order.

    Each has a cover line, then the forms still to sign, pre-filled: the
    treatment form unless a signed one holds on the day, the photo form unless
    one is signed. A client with both on file gets the cover line only.
    """
    require_practice_details(practice)
    entries = []
    for entry in practice.sessions.day(day):
        if entry.status is not SessionStatus.PLANNED:
            continue
        forms = []
        if entry.consent_state is not ConsentState.SIGNED:  # none, withdrawn or out of date
            forms.append(TREATMENT)
        if practice.consents.status(entry.client_id, PHOTO, day).state is not ConsentState.SIGNED:
            forms.append(PHOTO)
        entries.append(
            DayPackEntry(
                time=f"{entry.scheduled_at:%H:%M}",
                client_name=entry.client_name,
                standing=f"{entry.consent_line} Screening for the day: "
                f"{_SCREENING_WORDS[entry.screening.status]}.",
                sheets=[
                    blank_consent_sheet(practice, entry.client_id, kind, today) for kind in forms
                ],
            )
        )
    if not entries:
        raise DermaDeskError(
            f"No sessions are planned on {long_date(day)}; there is nothing to print."
        )
    return DayPack(
        practice_name=practice.settings.practice_details().name,
        day=f"{day:%a} {long_date(day)}",
        printed_on=long_date(today or practice.clock.today()),
        entries=entries,
    )


def _interval(days: int) -> str:
    """How far apart two photos were taken, in words."""
    if days == 0:
        return "taken the same day"
    if days < 0:
        return f"the second taken {-days} days earlier"
    if days < 21:
        return f"{days} day{'s' * (days != 1)} apart"
    return f"{round(days / 7)} weeks apart"


def _comparison_photo(side: ComparisonSide) -> ComparisonPhoto:
    return ComparisonPhoto(
        jpeg=side.jpeg,
        width=side.width,
        height=side.height,
        stage=side.stage,
        taken_on=side.taken_on,
        session=side.session,
    )


def comparison_sheet(
    practice: Practice, pair: Comparison, purpose: str, today: date | None = None
) -> ComparisonSheet:
    """The before-and-after sheet of a checked pair; the client by initials only."""
    before, after = pair.before, pair.after
    client = practice.clients.get(before.client_id)
    days = (after.taken_at.date() - before.taken_at.date()).days
    return ComparisonSheet(
        practice=practice_header(practice),
        client_initials=f"{client.first_name[:1]}.{client.last_name[:1]}.".upper(),
        area=area_name(before.area) if before.area else "Area not tagged",
        view=VIEWS.get(before.view, ""),
        before=_comparison_photo(pair.sides[0]),
        after=_comparison_photo(pair.sides[1]),
        interval=_interval(days),
        purpose=f"Exported {EXPORT_PURPOSES[purpose]}",
        printed_on=long_date(today or practice.clock.today()),
    )
