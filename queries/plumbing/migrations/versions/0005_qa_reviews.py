"""conversation reviews (QA): qa_reviews and their per-category scores

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from queries.plumbing.schema import UtcDateTime

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "qa_reviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=True),
        sa.Column("reviewed_at", UtcDateTime(), nullable=False),
        sa.Column("scorecard", sa.String(length=64), nullable=False),
        sa.Column("sampling", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_qa_reviews_conversation_id_conversations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_reviews")),
        sa.UniqueConstraint("external_id", name=op.f("uq_qa_reviews_external_id")),
    )
    op.create_index(op.f("ix_qa_reviews_conversation_id"), "qa_reviews", ["conversation_id"])
    op.create_table(
        "qa_review_scores",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("scale_min", sa.Float(), nullable=False),
        sa.Column("scale_max", sa.Float(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("critical", sa.Boolean(), nullable=False),
        sa.Column("na_allowed", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.CheckConstraint("scale_max > scale_min", name=op.f("ck_qa_review_scores_scale_order")),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["qa_reviews.id"],
            name=op.f("fk_qa_review_scores_review_id_qa_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_review_scores")),
        sa.UniqueConstraint(
            "review_id", "category", name=op.f("uq_qa_review_scores_review_id_category")
        ),
    )


def downgrade() -> None:
    op.drop_table("qa_review_scores")
    op.drop_table("qa_reviews")
