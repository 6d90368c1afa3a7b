"""Search as you type: folded search terms, the list order and an FTS5 index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# A contentless FTS5 index kept in step by triggers. Terms are folded in Python
# (core/search.py), so the tokenizer only splits on spaces. An active client's
# terms sit in one column and an archived client's in the other, so the
# everyday search never meets archived files and its counts come from the
# index alone. Prefix indexes make one- to three-letter prefixes cheap.
_TERMS = {
    "new": (
        "CASE WHEN new.archived THEN '' ELSE new.search_terms END",
        "CASE WHEN new.archived THEN new.search_terms ELSE '' END",
    ),
    "old": (
        "CASE WHEN old.archived THEN '' ELSE old.search_terms END",
        "CASE WHEN old.archived THEN old.search_terms ELSE '' END",
    ),
}
_INDEX_NEW = (
    "INSERT INTO client_fts(rowid, active_terms, archived_terms) "
    f"VALUES (new.id, {_TERMS['new'][0]}, {_TERMS['new'][1]});"
)
_UNINDEX_OLD = (
    "INSERT INTO client_fts(client_fts, rowid, active_terms, archived_terms) "
    f"VALUES ('delete', old.id, {_TERMS['old'][0]}, {_TERMS['old'][1]});"
)
_FTS_SQL = [
    """CREATE VIRTUAL TABLE client_fts USING fts5(
           active_terms, archived_terms, content='',
           tokenize='unicode61 remove_diacritics 0', prefix='1 2 3')""",
    f"CREATE TRIGGER client_fts_after_insert AFTER INSERT ON client BEGIN {_INDEX_NEW} END",
    f"CREATE TRIGGER client_fts_after_delete AFTER DELETE ON client BEGIN {_UNINDEX_OLD} END",
    "CREATE TRIGGER client_fts_after_update AFTER UPDATE OF search_terms, archived ON client "
    f"BEGIN {_UNINDEX_OLD} {_INDEX_NEW} END",
    """INSERT INTO client_fts(rowid, active_terms, archived_terms)
       SELECT id, CASE WHEN archived THEN '' ELSE search_terms END,
                  CASE WHEN archived THEN search_terms ELSE '' END FROM client""",
]


# On a PostgreSQL practice server the same folded terms are a tsvector the server keeps itself
# (a generated column), one lexeme per word exactly as folded: array_to_tsvector, not
# to_tsvector, whose parser would split words at "#" and "=" (0009's birth-date and
# whole-word terms). A GIN index on it answers prefix (:*) queries (core/server_search.py).
# The list is ordered byte by byte, as SQLite orders it, whatever the database's collation.
_SERVER_SQL = [
    "ALTER TABLE client ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(array_to_tsvector(array_remove(string_to_array(search_terms, ' '), ''))) STORED",
    "CREATE INDEX ix_client_search_vector ON client USING gin (search_vector)",
    'CREATE INDEX ix_client_list_order_bytes ON client (sort_key COLLATE "C", archived, id)',
    # The first letters typed find thousands of clients, whose rows the GIN index would make
    # the server visit to count and order them. client_prefix holds every one- to three-
    # letter start of each client's words (not the "#" and "=" terms; FTS5's prefix='1 2 3'),
    # with what the list needs, so such a search is one range of a btree, in the list's order.
    """CREATE TABLE client_prefix (
           prefix text NOT NULL,
           client_id integer NOT NULL REFERENCES client (id) ON DELETE CASCADE,
           archived boolean NOT NULL,
           whole boolean NOT NULL,
           sort_key text NOT NULL)""",
    "CREATE INDEX ix_client_prefix_list ON client_prefix "
    '(prefix, archived, whole DESC, sort_key COLLATE "C", client_id)',
    "CREATE INDEX ix_client_prefix_client ON client_prefix (client_id)",
    """CREATE FUNCTION client_prefix_follow() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
           IF TG_OP = 'UPDATE' THEN
               DELETE FROM client_prefix WHERE client_id = OLD.id;
           END IF;
           INSERT INTO client_prefix (prefix, client_id, archived, whole, sort_key)
           SELECT DISTINCT left(word, n), NEW.id, NEW.archived,
                  ('=' || left(word, n)) = ANY (words), NEW.sort_key
           FROM (SELECT string_to_array(NEW.search_terms, ' ') AS words) terms,
                unnest(terms.words) AS word, generate_series(1, 3) AS n
           WHERE word <> '' AND left(word, 1) NOT IN ('#', '=') AND length(word) >= n;
           RETURN NULL;
       END $$""",
    "CREATE TRIGGER client_prefix_after_insert AFTER INSERT ON client "
    "FOR EACH ROW EXECUTE FUNCTION client_prefix_follow()",
    "CREATE TRIGGER client_prefix_after_update AFTER UPDATE OF search_terms, archived, sort_key "
    "ON client FOR EACH ROW EXECUTE FUNCTION client_prefix_follow()",
    "UPDATE client SET search_terms = search_terms",  # the clients already there
]


# Beware: a later batch migration that copies the client table (SQLite's way to
# alter it) drops these triggers with the old table; such a migration must
# create them again, or the index stops following the clients.


def upgrade() -> None:
    from dermadesk.core.search import search_terms, sort_key

    with op.batch_alter_table("client") as batch:
        batch.add_column(sa.Column("sort_key", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("search_terms", sa.String(), nullable=False, server_default=""))
    # The client list's order; archived second so the list needs no table lookups.
    op.create_index("ix_client_list_order", "client", ["sort_key", "archived"])

    connection = op.get_bind()
    clients = connection.execute(
        sa.text("SELECT id, first_name, last_name, phone, email FROM client")
    ).all()
    if clients:
        connection.execute(
            sa.text("UPDATE client SET sort_key = :key, search_terms = :terms WHERE id = :id"),
            [
                {
                    "id": c.id,
                    "key": sort_key(c.first_name, c.last_name),
                    "terms": search_terms(c.first_name, c.last_name, c.phone, c.email),
                }
                for c in clients
            ],
        )

    if connection.dialect.name == "sqlite":
        for statement in _FTS_SQL:
            op.execute(statement)
    elif connection.dialect.name == "postgresql":
        for statement in _SERVER_SQL:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("after_update", "after_delete", "after_insert"):
            op.execute(f"DROP TRIGGER client_fts_{name}")
        op.execute("DROP TABLE client_fts")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE client_prefix")
        op.execute("DROP FUNCTION client_prefix_follow() CASCADE")
        op.execute("DROP INDEX ix_client_list_order_bytes")
        op.execute("DROP INDEX ix_client_search_vector")
        op.execute("ALTER TABLE client DROP COLUMN search_vector")
    op.drop_index("ix_client_list_order", "client")
    with op.batch_alter_table("client") as batch:
        batch.drop_column("search_terms")
        batch.drop_column("sort_key")
