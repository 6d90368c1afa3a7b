"""Client files: create, edit, archive and restore; dated screening answers; search.

Every write validates first and fails with a ValidationError naming each field
at fault, so nothing half-checked reaches the database.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Boolean, Connection, Date, Integer, String, bindparam, insert, text
from sqlalchemy.types import TypeEngine
from sqlmodel import Session, select

from dermadesk.core.audit import Audit, Entry, client_entries
from dermadesk.core.client_search import ClientQuery
from dermadesk.core.dates import long_date
from dermadesk.core.db import Store
from dermadesk.core.errors import NotFoundError, Problem, ValidationError
from dermadesk.core.models import (
    Client,
    HealthQuestionnaire,
    ScreeningAnswer,
    utc_now,
)
from dermadesk.core.screening import (
    CONDITION_QUESTIONS,
    DATE_QUESTIONS,
    CustomAnswer,
    ScreeningAnswers,
)
from dermadesk.core.search import search_terms, sort_key
from dermadesk.core.validation import birth_date_problem, email_problem, phone_problem

NAME_MAX_LENGTH = 100
SKIN_TYPES = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}


@dataclass(frozen=True)
class ClientDetails:
    """What the receptionist or practitioner enters in a client file."""

    first_name: str
    last_name: str
    date_of_birth: date | None
    phone: str = ""
    email: str = ""
    address: str = ""
    emergency_contact_name: str = ""
    emergency_contact_phone: str = ""
    skin_type: int | None = None
    concerns: str = ""
    medical_history: str = ""
    medications: str = ""
    allergies: str = ""

    @classmethod
    def of(cls, client: Client) -> ClientDetails:
        """The details as they stand in a stored client."""
        return cls(**{f.name: getattr(client, f.name) for f in fields(cls)})

    def values(self) -> dict[str, object]:
        """The details by field name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def cleaned(self) -> ClientDetails:
        """The same details with stray spaces trimmed and text in one Unicode form."""
        changes: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                changes[f.name] = unicodedata.normalize("NFC", value.strip())
        changes["email"] = changes["email"].lower()
        return replace(self, **changes)

    def problems(self, today: date) -> list[Problem]:
        """Everything that stops these details being saved, in the user's words."""
        found: list[Problem] = []
        for name, label in (("first_name", "First name"), ("last_name", "Last name")):
            value = getattr(self, name)
            if not value:
                found.append(Problem(name, f"{label} is required."))
            elif len(value) > NAME_MAX_LENGTH:
                found.append(Problem(name, f"{label} is longer than {NAME_MAX_LENGTH} characters."))
        if message := birth_date_problem(self.date_of_birth, today):
            found.append(Problem("date_of_birth", message))
        if message := phone_problem(self.phone):
            found.append(Problem("phone", message))
        if message := email_problem(self.email):
            found.append(Problem("email", message))
        if message := phone_problem(self.emergency_contact_phone, "Emergency contact phone"):
            found.append(Problem("emergency_contact_phone", message))
        if self.skin_type is not None and self.skin_type not in SKIN_TYPES:
            found.append(
                Problem("skin_type", f"Skin type {self.skin_type} is not a Fitzpatrick type I-VI.")
            )
        return found


class ClientSummary(NamedTuple):
    """What the client list shows of one client."""

    id: int
    first_name: str
    last_name: str
    date_of_birth: date
    phone: str
    email: str
    archived: bool


def screening_problems(answers: ScreeningAnswers, birth: date | None, today: date) -> list[Problem]:
    """Dates in screening answers that cannot be right."""
    found = []
    if answers.answered_on > today:
        found.append(Problem("answered_on", "Screening answers cannot be dated in the future."))
    for name, label in (
        ("botulinum_toxin_last", "The last botulinum toxin injection"),
        ("retinoid_last_used", "The last retinoid use"),
        ("isotretinoin_last", "The last dose of oral isotretinoin"),
    ):
        when = getattr(answers, name)
        if when is None:
            continue
        found += _answer_date_problems(name, label, when, answers.answered_on, birth)
    for slug, answer in answers.custom:
        if isinstance(answer, date):
            found += _answer_date_problems(slug, "The date", answer, answers.answered_on, birth)
    return found


def _answer_date_problems(
    name: str, label: str, when: date, answered_on: date, birth: date | None
) -> list[Problem]:
    if when > answered_on:
        return [Problem(name, f"{label} ({long_date(when)}) is after the answers' date.")]
    if birth is not None and when < birth:
        return [Problem(name, f"{label} ({long_date(when)}) is before the birth date.")]
    return []


def entry_problems(
    details: ClientDetails, screening: ScreeningAnswers | None, today: date
) -> list[Problem]:
    """Everything that stops a client file (and its new answers) being saved."""
    problems = details.cleaned().problems(today)
    if screening is not None:
        problems += screening_problems(screening, details.date_of_birth, today)
    return problems


def _derived_fields(details: ClientDetails) -> dict[str, str]:
    """The columns computed from the details: the list's sort key and the search terms."""
    return {
        "sort_key": sort_key(details.first_name, details.last_name),
        "search_terms": search_terms(
            details.first_name,
            details.last_name,
            details.phone,
            details.email,
            details.date_of_birth,
        ),
    }


def _apply(client: Client, details: ClientDetails) -> None:
    for name, value in {**details.values(), **_derived_fields(details)}.items():
        setattr(client, name, value)


def _client_row(details: ClientDetails, now: datetime) -> dict[str, object]:
    """A new client's column values, derived fields included."""
    return {
        **details.values(),
        **_derived_fields(details),
        "archived": False,
        "created_at": now,
        "updated_at": now,
    }


def _questionnaire_fields(answers: ScreeningAnswers) -> dict[str, Any]:
    """A health_questionnaire row's answer columns, with the date they were given."""
    return {
        "answered_on": answers.answered_on,
        "question_set": answers.question_set,
        **answers.answers(),
    }


def _add_custom_answers(
    connection: Connection, answered: list[tuple[int, ScreeningAnswers]]
) -> None:
    """Keep the answers to the practice's own questions beside their answer sets."""
    if not any(answers.custom for _, answers in answered):
        return
    ids: dict[str, int] = dict(
        connection.execute(text("SELECT slug, id FROM screening_question")).all()
    )
    rows = []
    for questionnaire_id, answers in answered:
        for slug, answer in answers.custom:
            if slug not in ids:
                raise ValidationError([Problem(slug, f"There is no question “{slug}”.")])
            rows.append({
                "questionnaire_id": questionnaire_id,
                "question_id": ids[slug],
                "yes": answer if isinstance(answer, bool) else None,
                "last_on": answer if isinstance(answer, date) else None,
            })  # fmt: skip
    connection.execute(insert(ScreeningAnswer.__table__), rows)  # type: ignore[attr-defined]


def _questionnaire_row(
    client_id: int, answers: ScreeningAnswers, now: datetime
) -> dict[str, object]:
    """A new health_questionnaire row's column values."""
    return {"client_id": client_id, "recorded_at": now, **_questionnaire_fields(answers)}


# Plain SQL: screening reads the latest answers for every session of the day list and
# every file opened, where compiling an ORM query costs more than running it.
_ANSWER_TYPES: dict[str, TypeEngine[Any]] = {
    "answered_on": Date(),
    "question_set": Integer(),
    **{name: Boolean() for name in CONDITION_QUESTIONS},
    **{name: Date() for name in DATE_QUESTIONS},
}
# A client's answer sets, the latest first (by date given, then by entry); LIMIT -1: all.
_ANSWERS_NEWEST_FIRST = text(
    f"SELECT id, {', '.join(_ANSWER_TYPES)} FROM health_questionnaire WHERE client_id = :id "
    "ORDER BY answered_on DESC, id DESC LIMIT :limit"
).columns(id=Integer(), **_ANSWER_TYPES)
_CUSTOM_ANSWERS = text(
    "SELECT q.slug, q.kind, a.yes, a.last_on FROM screening_answer a "
    "JOIN screening_question q ON q.id = a.question_id "
    "WHERE a.questionnaire_id = :id ORDER BY q.slug"
).columns(slug=String(), kind=String(), yes=Boolean(), last_on=Date())


def _custom_answers(
    connection: Connection, questionnaire_id: int
) -> tuple[tuple[str, CustomAnswer], ...]:
    """The answers to the practice's own questions in one answer set, by slug."""
    rows = connection.execute(_CUSTOM_ANSWERS, {"id": questionnaire_id})
    return tuple((slug, yes if kind == "yes_no" else last_on) for slug, kind, yes, last_on in rows)


def answer_sets(
    connection: Connection, client_id: int, limit: int | None = None
) -> list[ScreeningAnswers]:
    """The client's screening answers, the latest first, read on `connection`."""
    rows = connection.execute(
        _ANSWERS_NEWEST_FIRST, {"id": client_id, "limit": -1 if limit is None else limit}
    ).all()
    return [
        ScreeningAnswers(
            answered_on=row.answered_on,
            question_set=row.question_set,
            custom=_custom_answers(connection, row.id),
            **{name: row._mapping[name] for name in ScreeningAnswers.answer_fields()},
        )
        for row in rows
    ]


def latest_answers(connection: Connection, client_id: int) -> ScreeningAnswers | None:
    """The client's most recent screening answers, read on `connection` (None: never asked)."""
    latest = answer_sets(connection, client_id, limit=1)
    return latest[0] if latest else None


_SUMMARY_CHUNK = 5000
# Plain SQL: the client list asks for a page of these on every keystroke and
# scroll, and at start-up, where compiling an ORM query costs more than running it.
_SUMMARIES = text(
    "SELECT id, first_name, last_name, date_of_birth, phone, email, archived "
    "FROM client WHERE id IN :ids"
).bindparams(bindparam("ids", expanding=True))


def _edited(client_id: int, what: str) -> Entry:
    return Entry("client.edited", client_id, f"client {client_id}", what)


class Clients:
    """The practice's client files. Reached as `practice.clients`."""

    def __init__(self, store: Store, audit: Audit):
        self._store = store
        self._audit = audit

    # --- reading ---------------------------------------------------------------

    def get(self, client_id: int) -> Client:
        """The stored client `client_id`; NotFoundError when there is none."""
        with self._store.reading() as session:
            return self._get(session, client_id)

    @staticmethod
    def _get(session: Session, client_id: int) -> Client:
        client = session.get(Client, client_id)
        if client is None:
            raise NotFoundError(f"There is no client with id {client_id}.")
        return client

    def count(self, include_archived: bool = False) -> int:
        """How many clients the practice has (archived ones only when asked)."""
        return self.query("", include_archived).count

    def query(
        self, typed: str = "", include_archived: bool = False, day_first: bool = True
    ) -> ClientQuery:
        """The clients matching what was typed, counted at once and listed a page at a time.

        Every typed word must be the start of a word of the client's names,
        phone or email; capitals and accents do not matter. A phone number is
        found however it is typed (spaces, +44 or 0, from its third digit), a
        birth date in the computer's order (`day_first`) or ISO. Nothing typed
        lists everyone. Whole-word matches come first, then the list's order:
        last name, then first name.
        """
        return ClientQuery(self._store, typed, include_archived, day_first)

    def search_ids(
        self, typed: str = "", include_archived: bool = False, day_first: bool = True
    ) -> list[int]:
        """Ids of every client matching what was typed, in list order (see `query`)."""
        return self.query(typed, include_archived, day_first).ids()

    def summaries(self, client_ids: Sequence[int]) -> dict[int, ClientSummary]:
        """The list's view of the given clients, by id."""
        found: dict[int, ClientSummary] = {}
        with self._store.reading() as session:
            connection = session.connection()
            # In chunks: SQLite builds may allow as few as 32,766 values in one query.
            for start in range(0, len(client_ids), _SUMMARY_CHUNK):
                chunk = list(client_ids[start : start + _SUMMARY_CHUNK])
                for row in connection.execute(_SUMMARIES, {"ids": chunk}):
                    found[row.id] = ClientSummary(
                        row.id,
                        row.first_name,
                        row.last_name,
                        date.fromisoformat(row.date_of_birth),
                        row.phone,
                        row.email,
                        bool(row.archived),
                    )
        return found

    def latest_screening(self, client_id: int) -> ScreeningAnswers | None:
        """The client's most recent screening answers, or None if never asked."""
        with self._store.reading() as session:
            return latest_answers(session.connection(), client_id)

    def screening_history(self, client_id: int, limit: int | None = None) -> list[ScreeningAnswers]:
        """Every set of screening answers the client gave, newest first."""
        with self._store.reading() as session:
            return answer_sets(session.connection(), client_id, limit)

    def find_same_person(self, details: ClientDetails) -> int | None:
        """The id of an existing client with the same names and birth date, if any."""
        statement = select(Client.id).where(
            Client.sort_key == sort_key(details.first_name, details.last_name),
            Client.date_of_birth == details.date_of_birth,
        )
        with self._store.reading() as session:
            return session.exec(statement).first()

    # --- writing ---------------------------------------------------------------

    def create(
        self,
        details: ClientDetails,
        screening: ScreeningAnswers | None = None,
        today: date | None = None,
    ) -> int:
        """Open a new client file; returns its id."""
        return self.create_many([(details, screening)], today)[0]

    def create_many(
        self,
        entries: Iterable[tuple[ClientDetails, ScreeningAnswers | None]],
        today: date | None = None,
    ) -> list[int]:
        """Open many client files in one transaction: all are saved, or none.

        Raises ValidationError on the first entry at fault; an import checks its
        rows beforehand to report all of them at once.
        """
        today = today or date.today()
        checked = []
        for details, screening in entries:
            if problems := entry_problems(details, screening, today):
                raise ValidationError(problems)
            checked.append((details.cleaned(), screening))
        now = utc_now()
        rows = [_client_row(details, now) for details, _ in checked]
        with self._store.writing() as session:
            # Core, not ORM: multi-row INSERT ... RETURNING keeps a 50,000-client import quick.
            connection = session.connection()
            client_table = Client.__table__  # type: ignore[attr-defined]
            answers_table = HealthQuestionnaire.__table__  # type: ignore[attr-defined]
            ids = list(
                connection.execute(
                    insert(client_table).returning(client_table.c.id, sort_by_parameter_order=True),
                    rows,
                ).scalars()
            )
            answered = [
                (client_id, screening)
                for client_id, (_, screening) in zip(ids, checked, strict=True)
                if screening is not None
            ]
            if answered:
                answer_ids = connection.execute(
                    insert(answers_table).returning(
                        answers_table.c.id, sort_by_parameter_order=True
                    ),
                    [
                        _questionnaire_row(client_id, screening, now)
                        for client_id, screening in answered
                    ],
                ).scalars()
                _add_custom_answers(
                    connection,
                    [
                        (answer_id, screening)
                        for answer_id, (_, screening) in zip(answer_ids, answered, strict=True)
                    ],
                )
            self._audit.add(session, client_entries("client.created", ids))
        return ids

    def update(
        self,
        client_id: int,
        details: ClientDetails,
        screening: ScreeningAnswers | None = None,
        today: date | None = None,
    ) -> None:
        """Save edited details, and new screening answers if given, in one transaction."""
        today = today or date.today()
        if problems := entry_problems(details, screening, today):
            raise ValidationError(problems)
        with self._store.writing() as session:
            client = self._get(session, client_id)
            _apply(client, details.cleaned())
            client.updated_at = utc_now()
            session.add(client)
            answered = screening is not None and self._add_screening(session, client_id, screening)
            detail = "details and new screening answers" if answered else "details"
            self._audit.add(session, _edited(client_id, detail))

    def record_screening(
        self, client_id: int, answers: ScreeningAnswers, today: date | None = None
    ) -> bool:
        """Keep new (or newly confirmed) answers beside the old ones; False when nothing is new."""
        today = today or date.today()
        with self._store.writing() as session:
            client = self._get(session, client_id)
            if problems := screening_problems(answers, client.date_of_birth, today):
                raise ValidationError(problems)
            added = self._add_screening(session, client_id, answers)
            if added:
                self._audit.add(session, _edited(client_id, "screening answers"))
            return added

    @staticmethod
    def _add_screening(session: Session, client_id: int, answers: ScreeningAnswers) -> bool:
        """Add answers unless they repeat the latest ones on the same or an earlier day.

        The same answers given again on a later day are kept: they confirm the
        answers are current (screening counts how old the latest answers are).
        """
        latest = latest_answers(session.connection(), client_id)
        if (
            latest is not None
            and answers.same_answers_as(latest)
            and answers.answered_on <= latest.answered_on
        ):
            return False
        row = HealthQuestionnaire(client_id=client_id, **_questionnaire_fields(answers))
        session.add(row)
        session.flush()
        _add_custom_answers(session.connection(), [(row.id, answers)])  # type: ignore[list-item]
        return True

    def set_archived(self, client_id: int, archived: bool) -> None:
        """Archive a client (hidden from the list, kept whole) or bring one back."""
        with self._store.writing() as session:
            client = self._get(session, client_id)
            client.archived = archived
            client.updated_at = utc_now()
            session.add(client)
            action = "client.archived" if archived else "client.restored"
            self._audit.add(session, Entry(action, client_id, f"client {client_id}"))

    def archive(self, client_id: int) -> None:
        """Hide a client from the everyday list; nothing of the file is deleted."""
        self.set_archived(client_id, True)

    def restore(self, client_id: int) -> None:
        """Bring an archived client back to the everyday list."""
        self.set_archived(client_id, False)
