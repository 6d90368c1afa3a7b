"""Search as you type: folded search terms, a sort key and an FTS5 index over them.

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

# External-content FTS5 table over client.search_terms, kept in step by
# triggers. Terms are folded in Python (core/search.py), so the tokenizer only
# splits on spaces; prefix indexes make one- to three-letter prefixes cheap.
_FTS_SQL = [
    """CREATE VIRTUAL TABLE client_fts USING fts5(
           search_terms, content='client', content_rowid='id',
           tokenize='unicode61 remove_diacritics 0', prefix='1 2 3')""",
    """CREATE TRIGGER client_fts_after_insert AFTER INSERT ON client BEGIN
           INSERT INTO client_fts(rowid, search_terms) VALUES (new.id, new.search_terms);
       END""",
    """CREATE TRIGGER client_fts_after_delete AFTER DELETE ON client BEGIN
           INSERT INTO client_fts(client_fts, rowid, search_terms)
           VALUES ('delete', old.id, old.search_terms);
       END""",
    """CREATE TRIGGER client_fts_after_update AFTER UPDATE OF search_terms ON client BEGIN
           INSERT INTO client_fts(client_fts, rowid, search_terms)
           VALUES ('delete', old.id, old.search_terms);
           INSERT INTO client_fts(rowid, search_terms) VALUES (new.id, new.search_terms);
       END""",
]


def upgrade() -> None:
    from dermadesk.core.search import search_terms, sort_key

    with op.batch_alter_table("client") as batch:
        batch.add_column(sa.Column("sort_key", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("search_terms", sa.String(), nullable=False, server_default=""))
    op.create_index("ix_client_sort_key", "client", ["sort_key"])

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
        op.execute("INSERT INTO client_fts(client_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("after_update", "after_delete", "after_insert"):
            op.execute(f"DROP TRIGGER client_fts_{name}")
        op.execute("DROP TABLE client_fts")
    op.drop_index("ix_client_sort_key", "client")
    with op.batch_alter_table("client") as batch:
        batch.drop_column("search_terms")
        batch.drop_column("sort_key")
