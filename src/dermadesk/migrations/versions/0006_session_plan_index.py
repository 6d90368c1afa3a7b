"""An index on the plan of each session: plan progress and the due list read by it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_treatment_session_plan_id", "treatment_session", ["plan_id"])


def downgrade() -> None:
    op.drop_index("ix_treatment_session_plan_id", "treatment_session")
