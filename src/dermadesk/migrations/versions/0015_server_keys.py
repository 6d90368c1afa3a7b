"""A practice server's key record: key.json's wrappings of the data key, in the database.

On a practice server every computer unlocks the practice with the passphrase or the
recovery code, so the wrapped data key lives in the server database rather than in one
computer's folder (core/server_keys.py). A folder practice keeps key.json beside its
database, as before: its database is encrypted with that key, so the key cannot live in it.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_table(
            "practice_key_record",
            sa.Column("name", sa.String(), primary_key=True),
            sa.Column("content", sa.String(), nullable=False),
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_table("practice_key_record")
