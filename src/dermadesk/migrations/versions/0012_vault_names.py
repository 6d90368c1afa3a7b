"""The name of a photo's file in an encrypted vault: an HMAC of the picture, not its hash.

In an encrypted practice each original is kept under the HMAC-SHA256 of its bytes (a key
derived from the data key), so that someone who holds a photo cannot confirm it is in the
vault by hashing it. The plaintext SHA-256 stays in `sha256` (the database is encrypted),
for de-duplication and for `check`. A plain practice leaves `vault_name` NULL: its files
are named by their SHA-256, as before.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("photo", sa.Column("vault_name", sa.String(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE photo DROP COLUMN vault_name")
