"""A version on each row the practice edits, so a save never overwrites a change made elsewhere.

The client file, treatment plans, sessions and practice settings each get `version`,
which SQLAlchemy raises by one on every update (version_id_col). An editor keeps the
version it loaded; a save over a newer one is refused and the user is told what changed
(core.row_versions). Rows already there start at 1.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TABLES = ("client", "practice_setting", "treatment_plan", "treatment_session")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} DROP COLUMN version")
