"""Searching the client list a page at a time, so 50,000 clients stay instant.

A `ClientQuery` is one search as the receptionist typed it: it knows how many
clients match (from the index alone) and hands out their ids in list order
(name, then archived files after active ones) one page at a time. A large
result is never read whole unless every match is asked for; a small one
(under SORT_ALL_BELOW) is read and sorted once, which is cheaper than paging.
"""

from __future__ import annotations

from sqlalchemy import text

from dermadesk.core.db import Store
from dermadesk.core.search import fts_match_expression

# Up to this many matches, sorting them all at once is cheapest; above it,
# walking the list-order index and keeping the matches is (and its cost no
# longer grows with the number of matches).
SORT_ALL_BELOW = 1000
_ORDER = "ORDER BY c.sort_key, c.archived, c.id"


class ClientQuery:
    """The clients matching one typed search, in list order."""

    def __init__(self, store: Store, typed: str = "", include_archived: bool = False):
        if not store.is_sqlite:  # pragma: no cover - PostgreSQL arrives with its own issue
            raise NotImplementedError("client search needs SQLite's FTS5 index")
        self._store = store
        self.typed = typed
        self.include_archived = include_archived
        self._match = fts_match_expression(typed, include_archived)
        self._all_ids: list[int] | None = None
        self.count = self._count()

    def _rows(self, sql: str, **params: object) -> list[int]:
        with self._store.reading() as session:
            return list(session.connection().execute(text(sql), params).scalars())

    def _count(self) -> int:
        if self._match is None:
            archived = "" if self.include_archived else "WHERE archived = 0"
            sql = f"SELECT count(*) FROM client {archived}"
            return self._rows(sql)[0]
        sql = "SELECT count(*) FROM client_fts WHERE client_fts MATCH :match"
        return self._rows(sql, match=self._match)[0]

    def ids(self, offset: int = 0, limit: int | None = None) -> list[int]:
        """The ids of matches `offset` to `offset + limit` in list order (all by default)."""
        limit = self.count if limit is None else limit
        if limit <= 0 or offset >= self.count:
            return []
        if self._match is None:
            archived = "" if self.include_archived else "WHERE c.archived = 0"
            sql = f"SELECT c.id FROM client c {archived} {_ORDER} LIMIT :limit OFFSET :offset"
            return self._rows(sql, limit=limit, offset=offset)
        if self.count < SORT_ALL_BELOW:
            if self._all_ids is None:
                self._all_ids = self._rows(
                    "SELECT c.id FROM client_fts JOIN client c ON c.id = client_fts.rowid "
                    f"WHERE client_fts MATCH :match {_ORDER}",
                    match=self._match,
                )
            return self._all_ids[offset : offset + limit]
        return self._rows(
            "SELECT c.id FROM client c INDEXED BY ix_client_list_order "
            "WHERE c.id IN (SELECT rowid FROM client_fts WHERE client_fts MATCH :match) "
            f"{_ORDER} LIMIT :limit OFFSET :offset",
            match=self._match,
            limit=limit,
            offset=offset,
        )

    def position(self, client_id: int) -> int | None:
        """Where `client_id` stands in the list, or None when it does not match."""
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
            return self._rows(f"SELECT count(*) FROM client c WHERE {before} {archived}", **params)[
                0
            ]
        matching = self._rows(
            "SELECT count(*) FROM client_fts WHERE client_fts MATCH :match AND rowid = :id",
            match=self._match,
            id=client_id,
        )[0]
        if not matching:
            return None
        return self._rows(
            "SELECT count(*) FROM client c "
            "WHERE c.id IN (SELECT rowid FROM client_fts WHERE client_fts MATCH :match) "
            f"AND {before}",
            match=self._match,
            **params,
        )[0]
