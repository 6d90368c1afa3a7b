"""Searching the client list on a PostgreSQL practice server, as client_search does on SQLite.

The folded terms (core/search.py) are a tsvector column with a GIN index (migration 0002);
what was typed becomes a tsquery of quoted lexemes, prefixes marked :*, sent as a bind
parameter, so no typed character ever reaches the SQL. One query per keystroke finds the
count and the first page together: whole-word matches first, then the list's order. A
single word of one to three letters, which finds thousands, is read instead from
client_prefix, a btree of every client's word starts kept by a trigger (migration 0002).
"""

from __future__ import annotations

from typing import Any

from dermadesk.core.db import Store
from dermadesk.core.search import NOTHING, Wanted, exact_terms, wanted_terms

FIRST_PAGE = 100  # ids read with the count: the list's first screen and a scroll beyond it
# PostgreSQL refuses a lexeme longer than this many bytes; no stored word is that long.
MAX_LEXEME_BYTES = 2046
_KEY = 'c.sort_key COLLATE "C"'  # the order SQLite's list has: byte by byte
_ORDER = f"{_KEY}, c.archived, c.id"  # as ix_client_list_order_bytes holds the clients
# The same order in client_prefix; without archived files it must leave that column out, or
# PostgreSQL sorts what ix_client_prefix_list gives in order already.
_PREFIX_ORDER = {
    True: 'p.whole DESC, p.sort_key COLLATE "C", p.archived, p.client_id',
    False: 'p.whole DESC, p.sort_key COLLATE "C", p.client_id',
}
_BEFORE = f"({_KEY}, c.archived, c.id) < (%(key)s, %(archived)s, %(id)s)"


def _lexeme(term: str, prefix: bool) -> str:
    """`term` as one quoted tsquery lexeme (a prefix one with :*)."""
    if len(term.encode()) > MAX_LEXEME_BYTES:  # longer than any stored word: finds nothing
        term, prefix = NOTHING.terms[0]
    quoted = "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (":*" if prefix else "")


def tsquery(wanted: Wanted) -> str:
    """`wanted` in tsquery syntax: every term (&), or any one of them (|)."""
    operator = " | " if wanted.any_one else " & "
    return operator.join(_lexeme(term, prefix) for term, prefix in wanted.terms)


def _read(store: Store, statements: list[str], params: dict[str, Any]) -> list[list[Any]]:
    """Every row of each statement, read in one transaction straight from psycopg (which
    prepares a statement once it repeats)."""
    with store.reading() as session:
        driver = session.connection().connection.driver_connection
        return [list(driver.execute(sql, params).fetchall()) for sql in statements]  # type: ignore[union-attr]


def _rows(store: Store, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Every row of `sql`."""
    return _read(store, [sql], params)[0]


class ServerClientQuery:
    """The clients matching one typed search, in list order (whole-word matches first)."""

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
        wanted = wanted_terms(typed, store.clock.today(), day_first)
        exact = exact_terms(typed) if wanted is not None else None
        self._params: dict[str, Any] = {}
        conditions = [] if include_archived else ["NOT c.archived"]
        first = "false"  # whether a row is a whole-word match: listed first
        if wanted is not None:
            conditions.append("c.search_vector @@ %(match)s::tsquery")
            self._params["match"] = tsquery(wanted)
        if exact is not None:
            first = "c.search_vector @@ %(exact)s::tsquery"
            self._params["exact"] = tsquery(exact)
        self._first = first
        self._where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        self._order = (
            f"ORDER BY ({first}) DESC, {_ORDER}" if exact is not None else f"ORDER BY {_ORDER}"
        )
        if wanted is None:  # everyone: counted, and the page read down the list's index
            sql = f"SELECT count(*) FROM client c {self._where}"
            self.count = int(_rows(store, sql, {})[0][0])
            self._first_page = self._page(0, FIRST_PAGE) if self.count else []
            return
        if len(wanted.terms) == 1 and wanted.terms[0][1] and len(wanted.terms[0][0]) <= 3:
            # A word of one to three letters: thousands of matches, read in order from their
            # own index (client_prefix, migration 0002) instead of visited row by row.
            archived = "" if include_archived else "AND NOT p.archived"
            where = f"FROM client_prefix p WHERE p.prefix = %(prefix)s {archived}"
            order = f"ORDER BY {_PREFIX_ORDER[include_archived]}"
            # Counted, then the page read in the index's order: apart, each is a plain walk
            # of the index (a count beside the page would sort every match).
            count, page = _read(
                store,
                [
                    f"SELECT count(*) {where}",
                    f"SELECT p.client_id {where} {order} LIMIT {FIRST_PAGE}",
                ],
                {"prefix": wanted.terms[0][0]},
            )
            self.count = int(count[0][0])
            self._first_page = [row[0] for row in page]
            return
        # The count beside the first page: the matches are found once for both, and only
        # the columns the order needs are kept for counting and sorting (OFFSET 0 keeps the
        # planner from carrying the wide rows, tsvector and all, into the count: a third off).
        matches = f"SELECT c.id, c.sort_key, c.archived, {first} AS whole FROM client c"
        order = f"ORDER BY c.whole DESC, {_ORDER}"
        sql = (
            f"SELECT c.id, count(*) OVER () FROM ({matches} {self._where} OFFSET 0) c "
            f"{order} LIMIT {FIRST_PAGE}"
        )
        page = _rows(store, sql, self._params)
        self._first_page = [row[0] for row in page]
        self.count = int(page[0][1]) if page else 0

    def _page(self, offset: int, limit: int) -> list[int]:
        sql = f"SELECT c.id FROM client c {self._where} {self._order} LIMIT %(n)s OFFSET %(at)s"
        params = {**self._params, "n": limit, "at": offset}
        return [row[0] for row in _rows(self._store, sql, params)]

    def ids(self, offset: int = 0, limit: int | None = None) -> list[int]:
        """The ids of matches `offset` to `offset + limit` in list order (all by default)."""
        limit = self.count if limit is None else limit
        if limit <= 0 or offset >= self.count:
            return []
        if offset + limit <= len(self._first_page) or len(self._first_page) == self.count:
            return self._first_page[offset : offset + limit]
        return self._page(offset, limit)

    def position(self, client_id: int) -> int | None:
        """Where `client_id` stands in the list, or None when it does not match."""
        if client_id in self._first_page:
            return self._first_page.index(client_id)
        found = _rows(
            self._store,
            f"SELECT c.sort_key, c.archived, ({self._first}) FROM client c "
            f"{self._where} {'AND' if self._where else 'WHERE'} c.id = %(id)s",
            {**self._params, "id": client_id},
        )
        if not found:
            return None
        key, archived, first = found[0]
        # Ahead of it: the whole-word matches before it, or all of them when it is not one,
        # and the other matches before it in the list's order.
        ahead = f"({self._first}) AND {_BEFORE}" if first else f"({self._first}) OR {_BEFORE}"
        params = {**self._params, "key": key, "archived": archived, "id": client_id}
        sql = f"SELECT count(*) FROM client c {self._where} {'AND' if self._where else 'WHERE'}"
        return int(_rows(self._store, f"{sql} ({ahead})", params)[0][0])
