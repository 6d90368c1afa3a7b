"""Consent: versioned templates, signed records and withdrawals, none of them ever changed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

from dermadesk.core.server_schema import changeable_again, never_changed

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The database itself refuses to change or delete what was signed; the
# record's hash (checked by `dermadesk check`) catches changes made around it.
_NEVER_CHANGED = {
    "consent_template": "a consent form version never changes; save a new version",
    "consent_record": "a signed consent never changes; record a withdrawal instead",
    "consent_withdrawal": "a withdrawal never changes",
}


def upgrade() -> None:
    op.create_table(
        "consent_template",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("kind", "version"),
    )
    op.create_table(
        "consent_record",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "client_id",
            sa.Integer(),
            sa.ForeignKey("client.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column(
            "template_id",
            sa.Integer(),
            sa.ForeignKey("consent_template.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("client_name", sa.String(), nullable=False),
        sa.Column("client_date_of_birth", sa.Date(), nullable=False),
        sa.Column("form_text", sa.String(), nullable=False),
        sa.Column("answers", sa.String(), nullable=False),
        sa.Column("photo_levels", sa.String(), nullable=False),
        sa.Column("client_signature", sa.LargeBinary(), nullable=True),
        sa.Column("practitioner_name", sa.String(), nullable=False),
        sa.Column("practitioner_signature", sa.LargeBinary(), nullable=True),
        sa.Column("witness_name", sa.String(), nullable=False),
        sa.Column("witness_signature", sa.LargeBinary(), nullable=True),
        sa.Column("paper_scan", sa.LargeBinary(), nullable=True),
        sa.Column("paper_scan_name", sa.String(), nullable=False),
        sa.Column("record_hash", sa.String(), nullable=False),
    )
    op.create_index("ix_consent_record_client_id", "consent_record", ["client_id"])
    op.create_table(
        "consent_withdrawal",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "record_id",
            sa.Integer(),
            sa.ForeignKey("consent_record.id", ondelete="RESTRICT"),
            nullable=False,
            unique=True,
        ),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        for table, why in _NEVER_CHANGED.items():
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{why}'); END"
                )
    elif op.get_bind().dialect.name == "postgresql":
        for table, why in _NEVER_CHANGED.items():
            never_changed(op.execute, table, why)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in _NEVER_CHANGED:
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER {table}_no_{action}")
    elif op.get_bind().dialect.name == "postgresql":
        for table in _NEVER_CHANGED:
            changeable_again(op.execute, table)
    op.drop_table("consent_withdrawal")
    op.drop_index("ix_consent_record_client_id", "consent_record")
    op.drop_table("consent_record")
    op.drop_table("consent_template")
