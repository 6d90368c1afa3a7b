"""Screening beyond the sources: pregnancy, isotretinoin, blood thinners, the practice's own
questions, the questions a consent form asked, and a product-allergy confirmation per session.

Existing answer sets keep NULL in the new columns and question_set 1: they were
never asked the new questions, which is not the same as "no".

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


# Plain ADD COLUMN, never a batch copy: copying consent_template would drop the triggers
# that keep it unchanged (0004), and copying the others gains nothing.


def upgrade() -> None:
    questionnaire = "health_questionnaire"
    op.add_column(questionnaire, sa.Column("pregnant_or_breastfeeding", sa.Boolean()))
    op.add_column(questionnaire, sa.Column("isotretinoin_last", sa.Date()))
    op.add_column(questionnaire, sa.Column("anticoagulants", sa.Boolean()))
    # 1: the original eight questions; 2: with the three above.
    op.add_column(
        questionnaire,
        sa.Column("question_set", sa.Integer(), nullable=False, server_default="1"),
    )
    op.create_table(
        "screening_question",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(), nullable=False, unique=True),
        sa.Column("kind", sa.String(), nullable=False),  # "yes_no" or "date"
        sa.Column("wording", sa.String(), nullable=False),
        sa.Column("blocks", sa.Boolean(), nullable=False),
        sa.Column("interval_days", sa.Integer(), nullable=True),
        sa.Column("in_use", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "screening_answer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "questionnaire_id",
            sa.Integer(),
            sa.ForeignKey("health_questionnaire.id", ondelete="RESTRICT"),
            nullable=False,
            index=True,
        ),
        sa.Column(
            "question_id",
            sa.Integer(),
            sa.ForeignKey("screening_question.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("yes", sa.Boolean(), nullable=True),
        sa.Column("last_on", sa.Date(), nullable=True),
        sa.UniqueConstraint("questionnaire_id", "question_id"),
    )
    # JSON list of the questions the form asks ("" on forms made before questions were kept
    # with the form: those asked DermaDesk's original eight).
    op.add_column(
        "consent_template",
        sa.Column("questions", sa.String(), nullable=False, server_default=""),
    )
    for name in ("allergy_confirmation", "allergy_confirmed_by"):
        op.add_column(
            "treatment_session", sa.Column(name, sa.String(), nullable=False, server_default="")
        )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+, PostgreSQL) keeps 0004's triggers.
    for table, column in (
        ("treatment_session", "allergy_confirmed_by"),
        ("treatment_session", "allergy_confirmation"),
        ("consent_template", "questions"),
        ("health_questionnaire", "question_set"),
        ("health_questionnaire", "anticoagulants"),
        ("health_questionnaire", "isotretinoin_last"),
        ("health_questionnaire", "pregnant_or_breastfeeding"),
    ):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    op.drop_table("screening_answer")
    op.drop_table("screening_question")
