"""Search finds phone numbers however they are typed, email domains and birth dates.

Every client's search terms are made again, and the FTS5 index is made anew
with "#" and "=" as letters of a word: birth-date terms start with "#"
(#19850327) and whole name words and numbers are repeated after "=" (=lee)
for the exact matches listed first, so no text typed letter by letter ever
meets either.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _rebuild_terms() -> None:
    from datetime import date

    from dermadesk.core.search import search_terms

    connection = op.get_bind()
    clients = connection.execute(
        sa.text("SELECT id, first_name, last_name, phone, email, date_of_birth FROM client")
    ).all()
    if clients:
        connection.execute(
            sa.text("UPDATE client SET search_terms = :terms WHERE id = :id"),
            [
                {
                    "id": c.id,
                    "terms": search_terms(
                        c.first_name,
                        c.last_name,
                        c.phone,
                        c.email,
                        c.date_of_birth
                        if isinstance(c.date_of_birth, date)
                        else date.fromisoformat(c.date_of_birth),
                    ),
                }
                for c in clients
            ],
        )


# As 0002 made them, but with "#" and "=" kept inside words.
_TERMS_NEW = (
    "CASE WHEN new.archived THEN '' ELSE new.search_terms END",
    "CASE WHEN new.archived THEN new.search_terms ELSE '' END",
)
_TERMS_OLD = (
    "CASE WHEN old.archived THEN '' ELSE old.search_terms END",
    "CASE WHEN old.archived THEN old.search_terms ELSE '' END",
)
_INDEX_NEW = (
    "INSERT INTO client_fts(rowid, active_terms, archived_terms) "
    f"VALUES (new.id, {_TERMS_NEW[0]}, {_TERMS_NEW[1]});"
)
_UNINDEX_OLD = (
    "INSERT INTO client_fts(client_fts, rowid, active_terms, archived_terms) "
    f"VALUES ('delete', old.id, {_TERMS_OLD[0]}, {_TERMS_OLD[1]});"
)
_TRIGGERS = ("after_update", "after_delete", "after_insert")
_FTS_SQL = [
    """CREATE VIRTUAL TABLE client_fts USING fts5(
           active_terms, archived_terms, content='',
           tokenize="unicode61 remove_diacritics 0 tokenchars '#='", prefix='1 2 3')""",
    f"CREATE TRIGGER client_fts_after_insert AFTER INSERT ON client BEGIN {_INDEX_NEW} END",
    f"CREATE TRIGGER client_fts_after_delete AFTER DELETE ON client BEGIN {_UNINDEX_OLD} END",
    "CREATE TRIGGER client_fts_after_update AFTER UPDATE OF search_terms, archived ON client "
    f"BEGIN {_UNINDEX_OLD} {_INDEX_NEW} END",
    """INSERT INTO client_fts(rowid, active_terms, archived_terms)
       SELECT id, CASE WHEN archived THEN '' ELSE search_terms END,
                  CASE WHEN archived THEN search_terms ELSE '' END FROM client""",
]


def upgrade() -> None:
    # A search's matches are sorted into the list's order by id: from this index alone.
    op.create_index("ix_client_order_by_id", "client", ["id", "sort_key", "archived"])
    if op.get_bind().dialect.name == "sqlite":
        for name in _TRIGGERS:
            op.execute(f"DROP TRIGGER client_fts_{name}")
        op.execute("DROP TABLE client_fts")
    # On PostgreSQL the search_vector 0002 made follows the rebuilt terms by itself (a
    # generated column), "#" and "=" already kept inside its words: nothing to make anew.
    _rebuild_terms()
    if op.get_bind().dialect.name == "sqlite":
        for statement in _FTS_SQL:
            op.execute(statement)


def downgrade() -> None:
    # The richer terms only find more; an older DermaDesk reads them as they are.
    op.drop_index("ix_client_order_by_id", "client")
