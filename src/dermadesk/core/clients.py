"""Client files: create, edit, archive and restore; their screening answers; search.

Every write validates first and fails with a ValidationError naming each field
at fault, so nothing half-checked reaches the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, insert, text
from sqlmodel import Session, select

from dermadesk.core.answer_sets import (
    add_answer_set,
    add_custom_answers,
    answer_sets,
    latest_answers,
    questionnaire_row,
)
from dermadesk.core.audit import Audit, Entry, client_entries
from dermadesk.core.client_details import (
    ClientDetails,
    ClientSummary,
    entry_problems,
    screening_problems,
)
from dermadesk.core.client_search import ClientQuery
from dermadesk.core.db import Store
from dermadesk.core.errors import NotFoundError, ValidationError
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.search import search_terms, sort_key

if TYPE_CHECKING:  # the tables load where used: start-up paints the list without them
    from dermadesk.core.models import Client


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


def _new_client_values(details: ClientDetails, now: datetime) -> dict[str, object]:
    """A new client's column values, derived fields included."""
    return {
        **details.values(),
        **_derived_fields(details),
        "archived": False,
        "created_at": now,
        "updated_at": now,
    }


_SUMMARY_CHUNK = 5000
# Plain SQL: the client list asks for a page of these on every keystroke and
# scroll, and at start-up, where compiling an ORM query costs more than running it.
_SUMMARIES = text(
    "SELECT id, first_name, last_name, date_of_birth, phone, email, archived "
    "FROM client WHERE id IN :ids"
).bindparams(bindparam("ids", expanding=True))


def client_row(session: Session, client_id: int) -> Client:
    """The stored client `client_id`, or NotFoundError naming it."""
    from dermadesk.core.models import Client

    client = session.get(Client, client_id)
    if client is None:
        raise NotFoundError(f"There is no client with id {client_id}.")
    return client


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
            return client_row(session, client_id)

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
        from dermadesk.core.models import Client

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
        from dermadesk.core.models import Client, HealthQuestionnaire, utc_now

        today = today or date.today()
        checked = []
        for details, screening in entries:
            if problems := entry_problems(details, screening, today):
                raise ValidationError(problems)
            checked.append((details.cleaned(), screening))
        now = utc_now()
        rows = [_new_client_values(details, now) for details, _ in checked]
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
                        questionnaire_row(client_id, screening, now)
                        for client_id, screening in answered
                    ],
                ).scalars()
                add_custom_answers(
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
        from dermadesk.core.models import utc_now

        today = today or date.today()
        if problems := entry_problems(details, screening, today):
            raise ValidationError(problems)
        with self._store.writing() as session:
            client = client_row(session, client_id)
            _apply(client, details.cleaned())
            client.updated_at = utc_now()
            session.add(client)
            answered = screening is not None and add_answer_set(session, client_id, screening)
            detail = "details and new screening answers" if answered else "details"
            self._audit.add(session, _edited(client_id, detail))

    def record_screening(
        self, client_id: int, answers: ScreeningAnswers, today: date | None = None
    ) -> bool:
        """Keep new (or newly confirmed) answers beside the old ones; False when nothing is new."""
        today = today or date.today()
        with self._store.writing() as session:
            client = client_row(session, client_id)
            if problems := screening_problems(answers, client.date_of_birth, today):
                raise ValidationError(problems)
            added = add_answer_set(session, client_id, answers)
            if added:
                self._audit.add(session, _edited(client_id, "screening answers"))
            return added

    def set_archived(self, client_id: int, archived: bool) -> None:
        """Archive a client (hidden from the list, kept whole) or bring one back."""
        from dermadesk.core.models import utc_now

        with self._store.writing() as session:
            client = client_row(session, client_id)
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
