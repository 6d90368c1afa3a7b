"""Signed consents: each record's signature by the practice key, and the sealed PDF.

consent_record.signature holds the practice key's ECDSA signature of the record's canonical
form ("" on records signed before, or in a practice without keys). consent_seal holds the
signed copy as a PAdES-sealed PDF, made just after signing, with a signature binding it to
the record's hash. Neither ever changes.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from dermadesk.core.server_schema import changeable_again, never_changed

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "consent_record",
        sa.Column("signature", sa.String(), nullable=False, server_default=""),
    )
    op.create_table(
        "consent_seal",
        sa.Column(
            "record_id",
            sa.Integer(),
            sa.ForeignKey("consent_record.id", ondelete="RESTRICT"),
            primary_key=True,
        ),
        sa.Column("sealed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pdf_sha256", sa.String(), nullable=False),
        sa.Column("sealed_pdf", sa.LargeBinary(), nullable=False),
        sa.Column("signature", sa.String(), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER consent_seal_no_{action.lower()} BEFORE {action} ON consent_seal "
                "BEGIN SELECT RAISE(ABORT, 'a sealed consent never changes'); END"
            )
    elif op.get_bind().dialect.name == "postgresql":
        never_changed(op.execute, "consent_seal", "a sealed consent never changes")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER consent_seal_no_{action}")
    elif op.get_bind().dialect.name == "postgresql":
        changeable_again(op.execute, "consent_seal")
    op.drop_table("consent_seal")
    with op.batch_alter_table("consent_record") as batch:
        batch.drop_column("signature")
