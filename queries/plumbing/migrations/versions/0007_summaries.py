"""the summaries the pages read: 15-minute buckets, wait histograms, refresh state

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTS = (
    "conversations",
    "responses",
    "resolved",
    "resolved_first_contact",
    "resolved_one_touch",
    "survey_resolved_n",
    "survey_resolved_yes",
    "first_response_n",
    "link_responses",
    "invitations_sent",
    *(f"csat_{score}" for score in range(1, 6)),
    *(f"nps_{score}" for score in range(0, 11)),
)


def _cuts() -> list[sa.Column]:
    return [
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("segment", sa.String(length=32), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "summary_quarters",
        *_cuts(),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS),
    )
    op.create_index(op.f("ix_summary_quarters_quarter"), "summary_quarters", ["quarter"])
    op.create_table(
        "summary_wait_bins",
        *_cuts(),
        sa.Column("bin", sa.SmallInteger(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
    )
    op.create_index(op.f("ix_summary_wait_bins_quarter"), "summary_wait_bins", ["quarter"])
    op.create_table(
        "summary_state",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fcr_window_days", sa.Integer(), nullable=False),
        sa.Column("dirty_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("took_ms", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_summary_state")),
    )


def downgrade() -> None:
    op.drop_table("summary_state")
    op.drop_table("summary_wait_bins")
    op.drop_table("summary_quarters")
