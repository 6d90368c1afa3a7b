"""Searching the client list a page at a time, so 50,000 clients stay instant.

A `ClientQuery` is one search as the receptionist typed it: it knows how many
clients match (from the index alone) and hands out their ids in list order
one page at a time: first the clients with a whole name word for every typed
word (Lee before Leeson) or the whole number typed, then the rest by name,
archived files after active ones.

Finding the first page is where a keystroke's time goes. Matches spread over
the list fill a page within the first rows of the list-order index; a short
prefix of surnames (Ta, Wi) clusters far down it, where sorting the matches
themselves is cheaper. So the walk goes on only as long as sorting would
take (WALK_PER_MATCH rows a match), and the matches are sorted when it falls
short: a page never costs much more than the cheaper of the two.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import Connection, text

from dermadesk.core.db import Store
from dermadesk.core.search import exact_match_expression, fts_match_expression

# Walking one row of the list-order index costs about a sixth of sorting one match, so the
# walk goes on for six rows a match before the matches are sorted instead.
WALK_PER_MATCH = 4
SORT_AT_ONCE_UP_TO = 2000  # matches sorted without trying the walk first
SORT_ALL_UP_TO = 20_000  # matches ever sorted at once; above, only the walk
_ORDER = "ORDER BY c.sort_key, c.archived, c.id"
_MATCHING = "SELECT rowid FROM client_fts WHERE client_fts MATCH :match"
_EXACT = "SELECT rowid FROM client_fts WHERE client_fts MATCH :exact"


class ClientQuery(Protocol):
    """The clients matching one typed search: counted at once, listed a page at a time."""

    typed: str
    include_archived: bool
    count: int

    def ids(self, offset: int = 0, limit: int | None = None) -> list[int]: ...

    def position(self, client_id: int) -> int | None: ...


def client_query(
    store: Store, typed: str = "", include_archived: bool = False, day_first: bool = True
) -> ClientQuery:
    """The search for `typed` on `store`: FTS5 on SQLite, the tsvector on a practice server."""
    if store.is_sqlite:
        return FtsClientQuery(store, typed, include_archived, day_first)
    from dermadesk.core.server_search import ServerClientQuery

    return ServerClientQuery(store, typed, include_archived, day_first)


def _ids(connection: Connection, sql: str, **params: object) -> list[int]:
    """The first column of every row, read straight from the driver on `connection`'s own
    transaction: a search may sort a thousand ids a keystroke, and SQLAlchemy's rows cost
    several times what SQLite does for them."""
    cursor = connection.connection.driver_connection.execute(sql, params)  # type: ignore[union-attr]
    try:
        return [row[0] for row in cursor.fetchall()]
    finally:
        cursor.close()


class FtsClientQuery:
    """The clients matching one typed search, in list order (whole-word matches first), from
    SQLite's FTS5 index."""

    def __init__(
        self,
        store: Store,
        typed: str = "",
        include_archived: bool = False,
        day_first: bool = True,
    ):
        self._store = store
        self.typed = typed
        self.include_archived = include_archived
        today = store.clock.today()  # a two-digit year is read as at most this year
        self._match = fts_match_expression(typed, today, include_archived, day_first)
        self._exact_match = (
            exact_match_expression(typed, include_archived) if self._match is not None else None
        )
        self._exact_ids: list[int] = []
        self._rest_ids: list[int] | None = None  # every other match, once sorted
        with self._store.reading() as session:  # one snapshot, one round of set-up
            connection = session.connection()
            self.count = self._count(connection)
            if self.count and self._exact_match is not None:
                self._exact_ids = _ids(
                    connection,
                    f"SELECT c.id FROM client c WHERE c.id IN ({_EXACT}) {_ORDER}",
                    exact=self._exact_match,
                )

    def _rows(self, sql: str, **params: object) -> list[int]:
        with self._store.reading() as session:
            return _ids(session.connection(), sql, **params)

    def _count(self, connection: Connection) -> int:
        if self._match is None:
            archived = "" if self.include_archived else "WHERE archived = 0"
            return _ids(connection, f"SELECT count(*) FROM client {archived}")[0]
        sql = "SELECT count(*) FROM client_fts WHERE client_fts MATCH :match"
        return _ids(connection, sql, match=self._match)[0]

    def ids(self, offset: int = 0, limit: int | None = None) -> list[int]:
        """The ids of matches `offset` to `offset + limit` in list order (all by default)."""
        limit = self.count if limit is None else limit
        if limit <= 0 or offset >= self.count:
            return []
        if self._match is None:
            archived = "" if self.include_archived else "WHERE c.archived = 0"
            sql = f"SELECT c.id FROM client c {archived} {_ORDER} LIMIT :limit OFFSET :offset"
            return self._rows(sql, limit=limit, offset=offset)
        exact = self._exact_ids[offset : offset + limit]
        if len(exact) == limit:
            return exact
        rest_offset = max(0, offset - len(self._exact_ids))
        return exact + self._rest(rest_offset, limit - len(exact))

    def _rest(self, offset: int, limit: int) -> list[int]:
        """Matches that are not whole-word ones, `offset` to `offset + limit`, in list order."""
        params: dict[str, object] = {"match": self._match}
        not_exact = ""
        if self._exact_ids:
            not_exact = f"AND c.id NOT IN ({_EXACT})"
            params["exact"] = self._exact_match
        want = offset + limit
        with self._store.reading() as session:
            connection = session.connection()
            if self._rest_ids is None and self.count <= SORT_ALL_UP_TO:
                # Walk the list from the top for as long as sorting the matches would take
                # (not at all for a few matches), then sort them; a walk through the whole
                # list is never cut short by a sort.
                walk = 0 if self.count <= SORT_AT_ONCE_UP_TO else WALK_PER_MATCH * self.count
                rows = _ids(connection, "SELECT max(id) FROM client")[0] or 0
                if walk < rows:
                    if walk:
                        found = _ids(
                            connection,
                            "SELECT c.id FROM (SELECT id, sort_key, archived FROM client "
                            "INDEXED BY ix_client_list_order ORDER BY sort_key, archived, id "
                            f"LIMIT :walk) c WHERE c.id IN ({_MATCHING}) {not_exact} LIMIT :want",
                            walk=walk,
                            want=want,
                            **params,
                        )
                        if len(found) == want:
                            return found[offset:]
                    self._rest_ids = _ids(
                        connection,
                        "SELECT c.id FROM client c INDEXED BY ix_client_order_by_id "
                        f"WHERE c.id IN ({_MATCHING}) {not_exact} {_ORDER}",
                        **params,
                    )
            if self._rest_ids is not None:
                return self._rest_ids[offset : offset + limit]
            return _ids(
                connection,
                "SELECT c.id FROM client c INDEXED BY ix_client_list_order "
                f"WHERE c.id IN ({_MATCHING}) {not_exact} {_ORDER} LIMIT :limit OFFSET :offset",
                limit=limit,
                offset=offset,
                **params,
            )

    def position(self, client_id: int) -> int | None:
        """Where `client_id` stands in the list, or None when it does not match."""
        if client_id in self._exact_ids:
            return self._exact_ids.index(client_id)
        with self._store.reading() as session:
            row = (
                session.connection()
                .execute(
                    text("SELECT sort_key, archived FROM client WHERE id = :id"),
                    {"id": client_id},
                )
                .first()
            )
        if row is None or (row.archived and not self.include_archived):
            return None
        before = "(c.sort_key, c.archived, c.id) < (:key, :archived, :id)"
        params: dict[str, object] = {"key": row.sort_key, "archived": row.archived, "id": client_id}
        if self._match is None:
            archived = "" if self.include_archived else "AND c.archived = 0"
            sql = f"SELECT count(*) FROM client c WHERE {before} {archived}"
            return self._rows(sql, **params)[0]
        matching = self._rows(f"{_MATCHING} AND rowid = :id", match=self._match, id=client_id)
        if not matching:
            return None
        not_exact = ""
        if self._exact_ids:
            not_exact = f"AND c.id NOT IN ({_EXACT})"
            params["exact"] = self._exact_match
        ahead = self._rows(
            f"SELECT count(*) FROM client c WHERE c.id IN ({_MATCHING}) {not_exact} AND {before}",
            match=self._match,
            **params,
        )[0]
        return len(self._exact_ids) + ahead
