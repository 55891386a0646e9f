"""the summaries' whole UTC days, so a period's counts read days and only its edges' quarters

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
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
CUTS = ("channel", "team", "segment")


def upgrade() -> None:
    op.create_table(
        "summary_days",
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("segment", sa.String(length=32), nullable=True),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS),
    )
    op.create_index(op.f("ix_summary_days_day"), "summary_days", ["day"])
    sums = ", ".join(f"SUM({name})" for name in COUNTS)
    op.execute(  # the quarters already built, rolled up (96 quarters a day)
        f"INSERT INTO summary_days (day, {', '.join(CUTS)}, {', '.join(COUNTS)}) "
        f"SELECT quarter / 96, {', '.join(CUTS)}, {sums} FROM summary_quarters "
        f"GROUP BY quarter / 96, {', '.join(CUTS)}"
    )


def downgrade() -> None:
    op.drop_table("summary_days")
