"""Treatment plans, sessions and the areas treated at each.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


_PRODUCTS_AND_NOTES = (
    "antiseptic", "device", "cartridge", "cartridge_lot", "serum", "serum_lot", "mask",
    "finishing_product", "reactions", "adverse_events", "notes",
)  # fmt: skip


def _client_id() -> sa.Column:
    return sa.Column(
        "client_id", sa.Integer(), sa.ForeignKey("client.id", ondelete="RESTRICT"), nullable=False
    )


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.String(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "treatment_plan",
        sa.Column("id", sa.Integer(), primary_key=True),
        _client_id(),
        _text("concerns"),
        sa.Column("sessions_planned", sa.Integer(), nullable=False),
        sa.Column("interval_weeks", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        _text("notes"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_treatment_plan_client_id", "treatment_plan", ["client_id"])
    op.create_table(
        "treatment_session",
        sa.Column("id", sa.Integer(), primary_key=True),
        _client_id(),
        sa.Column(
            "plan_id",
            sa.Integer(),
            sa.ForeignKey("treatment_plan.id", ondelete="RESTRICT"),
            nullable=True,
        ),
        sa.Column("scheduled_at", sa.DateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        _text("status"),
        *(_text(name) for name in ("consultation", "cleanse", "peel", "numbing_product")),
        sa.Column("numbing_on", sa.Time(), nullable=True),
        sa.Column("numbing_off", sa.Time(), nullable=True),
        *(_text(name) for name in _PRODUCTS_AND_NOTES),
        sa.Column("actives_pause_days", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        _text("screening_status"),
        _text("screening_findings"),
        _text("override_reason"),
        _text("overridden_by"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('planned', 'done', 'cancelled', 'no_show')", name="ck_session_status"
        ),
    )
    op.create_index(
        "ix_treatment_session_client", "treatment_session", ["client_id", "scheduled_at"]
    )
    op.create_index("ix_treatment_session_day", "treatment_session", ["scheduled_at"])
    op.create_table(
        "area_treatment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("treatment_session.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        _text("area"),
        sa.Column("depth_mm", sa.Float(), nullable=False),
        sa.Column("passes", sa.Integer(), nullable=False),
        _text("end_point"),
        _text("notes"),
        sa.UniqueConstraint("session_id", "area"),
    )
    op.create_index("ix_area_treatment_session_id", "area_treatment", ["session_id"])


def downgrade() -> None:
    op.drop_table("area_treatment")
    op.drop_table("treatment_session")
    op.drop_table("treatment_plan")
