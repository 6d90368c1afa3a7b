"""Client files: create, edit, archive and restore; their screening answers; search.

Every write validates first and fails with a ValidationError naming each field
at fault, so nothing half-checked reaches the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Table, bindparam, func, insert, text
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
    DETAIL_LABELS,
    SKIN_TYPES,
    ClientDetails,
    ClientSummary,
    entry_problems,
    screening_problems,
)
from dermadesk.core.client_search import ClientQuery, client_query
from dermadesk.core.db import Store
from dermadesk.core.errors import Difference, NotFoundError, ValidationError
from dermadesk.core.row_versions import differences, flush_checked, in_words, refuse_if_changed
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.search import identity_key, search_terms, sort_key

if TYPE_CHECKING:  # the tables load where used: start-up paints the list without them
    from dermadesk.core.models import Client
    from dermadesk.core.records import ClientFile


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
        "identity_key": None,  # see create_many
        "archived": False,
        "created_at": now,
        "updated_at": now,
    }


_SUMMARY_CHUNK = 5000
# Takes the identity for a file only while no other file holds it (see create_many).
_CLAIM_IDENTITY = text(
    "UPDATE client SET identity_key = :key WHERE id = :id "
    "AND NOT EXISTS (SELECT 1 FROM client WHERE identity_key = :key)"
)
_SAME_PEOPLE = text(
    "SELECT id, sort_key, date_of_birth FROM client WHERE sort_key IN :keys ORDER BY id"
).bindparams(bindparam("keys", expanding=True))
# Plain SQL: the client list asks for a page of these on every keystroke and
# scroll, and at start-up, where compiling an ORM query costs more than running it.
_SUMMARIES = text(
    "SELECT id, first_name, last_name, date_of_birth, phone, email, archived "
    "FROM client WHERE id IN :ids"
).bindparams(bindparam("ids", expanding=True))


def _as_date(value: date | str) -> date:
    """A date column as read raw: text on SQLite, a date from a PostgreSQL server."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _insert_in_order(
    connection: Connection, table: Table, rows: list[dict[str, object]]
) -> list[int]:
    """Insert `rows` with one executemany; their new ids, in the order of `rows`.

    Inside the write transaction nobody else inserts, and SQLite gives each new row an id
    above every id before it, so the ids above the old largest, ascending, are the rows' ids
    in order. (INSERT ... RETURNING in parameter order runs one statement a row: 10,000
    clients took seconds.)
    """
    last = connection.execute(select(func.max(table.c.id))).scalar() or 0
    connection.execute(insert(table), rows)
    ids = list(
        connection.execute(
            select(table.c.id).where(table.c.id > last).order_by(table.c.id)
        ).scalars()
    )
    if len(ids) != len(rows):
        raise RuntimeError(f"{len(rows)} rows inserted into {table.name}, {len(ids)} found")
    return ids


def client_row(session: Session, client_id: int) -> Client:
    """The stored client `client_id`, or NotFoundError naming it."""
    from dermadesk.core.models import Client

    client = session.get(Client, client_id)
    if client is None:
        raise NotFoundError(f"There is no client with id {client_id}.")
    return client


def _reclaim_identity(session: Session, client: Client) -> None:
    """After an edit, the file holds its (new) identity unless another file holds it."""
    key = identity_key(client.sort_key, client.date_of_birth)
    if client.identity_key == key:
        return
    client.identity_key = None
    session.flush()
    session.connection().execute(_CLAIM_IDENTITY, {"id": client.id, "key": key})
    session.refresh(client)


_SHOWN = {"skin_type": lambda value: in_words(value and f"Type {SKIN_TYPES.get(value, value)}")}


def _edited(client_id: int, what: str) -> Entry:
    return Entry("client.edited", client_id, f"client {client_id}", what)


class Clients:
    """The practice's client files. Reached as `practice.clients`."""

    def __init__(self, store: Store, audit: Audit):
        self._store = store
        self._audit = audit
        self.clock = store.clock  # an import checks its rows as of the same day it saves them

    # --- reading ---------------------------------------------------------------

    def get(self, client_id: int) -> ClientFile:
        """The stored client `client_id`; NotFoundError when there is none."""
        from dermadesk.core.records import ClientFile  # with the file's other shapes

        with self._store.reading() as session:
            return ClientFile.of(client_row(session, client_id))

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
        return client_query(self._store, typed, include_archived, day_first)

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
                        _as_date(row.date_of_birth),
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

    def same_people(self, people: Sequence[ClientDetails]) -> list[int | None]:
        """For each of `people`, the id of an existing client with the same names and birth
        date (the oldest, when several), or None: find_same_person for many at once."""
        wanted = [(sort_key(p.first_name, p.last_name), p.date_of_birth) for p in people]
        keys = sorted({key for key, _ in wanted})
        found: dict[tuple[str, date | None], int] = {}
        with self._store.reading() as session:
            connection = session.connection()
            for start in range(0, len(keys), _SUMMARY_CHUNK):
                chunk = keys[start : start + _SUMMARY_CHUNK]
                for row in connection.execute(_SAME_PEOPLE, {"keys": chunk}):
                    born = row.date_of_birth  # SQLite gives text; PostgreSQL, a date
                    born = _as_date(born)
                    found.setdefault((row.sort_key, born), row.id)
        return [found.get(person) for person in wanted]

    # --- writing ---------------------------------------------------------------

    def create(
        self,
        details: ClientDetails,
        screening: ScreeningAnswers | None = None,
        today: date | None = None,
    ) -> int:
        """Open a new client file; returns its id."""
        return self.create_many([(details, screening)])[0]

    def create_many(
        self,
        entries: Iterable[tuple[ClientDetails, ScreeningAnswers | None]],
        one_file_per_person: bool = False,
    ) -> list[int]:
        """Open many client files in one transaction: all are saved, or none.

        Raises ValidationError on the first entry at fault; an import checks its
        rows beforehand to report all of them at once. With `one_file_per_person`,
        a person already on file (names and birth date) makes the database refuse
        the whole batch (sqlalchemy IntegrityError); without it, a second file is
        saved for them, as the window's "Save a new file anyway" asks.
        """
        from dermadesk.core.models import Client, HealthQuestionnaire

        today = self._store.clock.today()
        checked = []
        for details, screening in entries:
            if problems := entry_problems(details, screening, today):
                raise ValidationError(problems)
            checked.append((details.cleaned(), screening))
        now = self._store.clock.now()
        rows = [_new_client_values(details, now) for details, _ in checked]
        identities = [
            identity_key(str(row["sort_key"]), details.date_of_birth)
            for row, (details, _) in zip(rows, checked, strict=True)
        ]
        if one_file_per_person:
            for row, identity in zip(rows, identities, strict=True):
                row["identity_key"] = identity
        with self._store.writing() as session:
            connection = session.connection()
            client_table = Client.__table__  # type: ignore[attr-defined]
            answers_table = HealthQuestionnaire.__table__  # type: ignore[attr-defined]
            ids = _insert_in_order(connection, client_table, rows)
            if not one_file_per_person:  # each file takes its identity unless it is taken
                connection.execute(
                    _CLAIM_IDENTITY,
                    [{"id": i, "key": key} for i, key in zip(ids, identities, strict=True)],
                )
            answered = [
                (client_id, screening)
                for client_id, (_, screening) in zip(ids, checked, strict=True)
                if screening is not None
            ]
            if answered:
                answer_rows = [
                    questionnaire_row(client_id, screening, now)
                    for client_id, screening in answered
                ]
                answer_ids = _insert_in_order(connection, answers_table, answer_rows)
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
        version: int | None = None,
    ) -> None:
        """Save edited details, and new screening answers if given, in one transaction.

        `version` is the file's version the editor loaded: ChangedElsewhere if it has moved on.
        """
        today = self._store.clock.today()
        if problems := entry_problems(details, screening, today):
            raise ValidationError(problems)
        cleaned = details.cleaned()
        with self._store.writing() as session:
            client = client_row(session, client_id)

            def found() -> list[Difference]:
                from dermadesk.core.records import ClientFile

                stored = ClientDetails.of(ClientFile.of(client)).values()
                return differences(DETAIL_LABELS, stored, cleaned.values(), _SHOWN)

            target = f"client {client_id}"
            refuse_if_changed(session, self._store, client, version, "the file", target, found)
            _apply(client, cleaned)
            client.updated_at = self._store.clock.now()
            session.add(client)
            flush_checked(session, self._store, client, "the file", target, found)
            _reclaim_identity(session, client)
            answered = screening is not None and add_answer_set(
                session, client_id, screening, self._store.clock.now()
            )
            detail = "details and new screening answers" if answered else "details"
            self._audit.add(session, _edited(client_id, detail))

    def record_screening(self, client_id: int, answers: ScreeningAnswers) -> bool:
        """Keep new (or newly confirmed) answers beside the old ones; False when nothing is new."""
        today = self._store.clock.today()
        with self._store.writing() as session:
            client = client_row(session, client_id)
            if problems := screening_problems(answers, client.date_of_birth, today):
                raise ValidationError(problems)
            added = add_answer_set(session, client_id, answers, self._store.clock.now())
            if added:
                self._audit.add(session, _edited(client_id, "screening answers"))
            return added

    def set_archived(self, client_id: int, archived: bool) -> None:
        """Archive a client (hidden from the list, kept whole) or bring one back."""

        with self._store.writing() as session:
            client = client_row(session, client_id)
            client.archived = archived
            client.updated_at = self._store.clock.now()
            session.add(client)
            action = "client.archived" if archived else "client.restored"
            self._audit.add(session, Entry(action, client_id, f"client {client_id}"))

    def archive(self, client_id: int) -> None:
        """Hide a client from the everyday list; nothing of the file is deleted."""
        self.set_archived(client_id, True)

    def restore(self, client_id: int) -> None:
        """Bring an archived client back to the everyday list."""
        self.set_archived(client_id, False)
