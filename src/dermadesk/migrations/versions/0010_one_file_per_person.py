"""One file per person, kept by the database: a unique index on the client's identity.

identity_key holds the folded names and the birth date (core.search.identity_key) of
the first file opened for that person. A second file saved knowingly for the same
identity ("Save a new file anyway") holds NULL, which the unique index lets through; an
import never does, so two imports of one file at once cannot both add the same people.

A database that already holds files for the same identity is upgraded as it is: the
oldest file of each such group takes the key, the later ones keep NULL, exactly as if
they had been saved anyway. Nothing is merged, renamed or refused.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("client", sa.Column("identity_key", sa.String(), nullable=True))
    # sort_key is the folded names, kept in step by core.clients; date_of_birth is stored as
    # ISO text, so this is the key core.search.identity_key makes.
    op.get_bind().execute(
        sa.text(
            "UPDATE client SET identity_key = sort_key || :unit || CAST(date_of_birth AS VARCHAR) "
            "WHERE id IN (SELECT MIN(id) FROM client GROUP BY sort_key, date_of_birth)"
        ),
        {"unit": "\x1f"},
    )
    op.create_index("ix_client_identity", "client", ["identity_key"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_client_identity", "client")
    op.execute("ALTER TABLE client DROP COLUMN identity_key")
