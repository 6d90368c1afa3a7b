"""Alembic environment: runs on the connection DermaDesk hands over (see core/db.py)."""

from alembic import context
from sqlmodel import SQLModel

import dermadesk.core.models  # noqa: F401  (registers the tables on the metadata)

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("DermaDesk migrations run through dermadesk.core.db.migrate().")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    transactional_ddl=True,  # SQLite can roll DDL back; a failed step leaves no trace
)
# core/db.py hands over a connection already inside its (IMMEDIATE) transaction,
# so every step runs in that one transaction and the upgrade commits once.
with context.begin_transaction():
    context.run_migrations()
