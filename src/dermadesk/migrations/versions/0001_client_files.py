"""Client files and dated screening answers.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "client",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("first_name", sa.String(), nullable=False),
        sa.Column("last_name", sa.String(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("emergency_contact_name", sa.String(), nullable=False),
        sa.Column("emergency_contact_phone", sa.String(), nullable=False),
        sa.Column("skin_type", sa.Integer(), nullable=True),
        sa.Column("concerns", sa.String(), nullable=False),
        sa.Column("medical_history", sa.String(), nullable=False),
        sa.Column("medications", sa.String(), nullable=False),
        sa.Column("allergies", sa.String(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "health_questionnaire",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "client_id",
            sa.Integer(),
            sa.ForeignKey("client.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active_acne", sa.Boolean(), nullable=False),
        sa.Column("herpes_outbreak", sa.Boolean(), nullable=False),
        sa.Column("local_infection", sa.Boolean(), nullable=False),
        sa.Column("chronic_skin_disease", sa.Boolean(), nullable=False),
        sa.Column("keloid_tendency", sa.Boolean(), nullable=False),
        sa.Column("chemotherapy", sa.Boolean(), nullable=False),
        sa.Column("botulinum_toxin_last", sa.Date(), nullable=True),
        sa.Column("retinoid_last_used", sa.Date(), nullable=True),
    )
    op.create_index("ix_health_questionnaire_client_id", "health_questionnaire", ["client_id"])


def downgrade() -> None:
    op.drop_index("ix_health_questionnaire_client_id", "health_questionnaire")
    op.drop_table("health_questionnaire")
    op.drop_table("client")
