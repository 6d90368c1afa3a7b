"""The photo vault's rows and the append-only audit trail.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

from dermadesk.core.server_schema import changeable_again, never_changed

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_AUDIT_NEVER_CHANGED = "The audit trail is kept as written; entries cannot be changed or removed."


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.String(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "photo",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "client_id",
            sa.Integer(),
            sa.ForeignKey("client.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("treatment_session.id", ondelete="SET NULL"),
            nullable=True,
        ),
        _text("area"),
        _text("view"),
        _text("stage"),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("taken_from_exif", sa.Boolean(), nullable=False),
        _text("sha256"),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        _text("format"),
        _text("original_name"),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("client_id", "sha256"),
    )
    op.create_index("ix_photo_client_taken", "photo", ["client_id", "taken_at"])
    op.create_index("ix_photo_session_id", "photo", ["session_id"])
    op.create_index("ix_photo_sha256", "photo", ["sha256"])

    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        _text("actor"),
        _text("source"),
        _text("action"),
        sa.Column("client_id", sa.Integer(), nullable=True),
        _text("target"),
        _text("detail"),
        _text("previous_hash"),
        _text("hash"),
    )
    op.create_index("ix_audit_event_client", "audit_event", ["client_id", "id"])
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_event_no_{action.lower()} BEFORE {action} ON audit_event "
                f"BEGIN SELECT RAISE(ABORT, '{_AUDIT_NEVER_CHANGED}'); END"
            )
    elif op.get_bind().dialect.name == "postgresql":
        never_changed(op.execute, "audit_event", _AUDIT_NEVER_CHANGED)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER audit_event_no_{action}")
    elif op.get_bind().dialect.name == "postgresql":
        changeable_again(op.execute, "audit_event")
    op.drop_index("ix_audit_event_client", "audit_event")
    op.drop_table("audit_event")
    op.drop_index("ix_photo_sha256", "photo")
    op.drop_index("ix_photo_session_id", "photo")
    op.drop_index("ix_photo_client_taken", "photo")
    op.drop_table("photo")
