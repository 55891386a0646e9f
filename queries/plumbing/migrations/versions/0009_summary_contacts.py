"""each conversation's retention facts (summary_contacts), so a period's cohort reads no
activity; covering indexes for the daily volume and the first-response histogram

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CUTS = ["channel", "team", "segment"]


def upgrade() -> None:
    op.create_table(
        "summary_contacts",
        sa.Column("conversation_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("opened_us", sa.BigInteger(), nullable=False),
        sa.Column("previous_us", sa.BigInteger(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("segment", sa.String(length=32), nullable=True),
        sa.Column("csat_bucket", sa.String(length=8), nullable=False),
        sa.Column("fcr", sa.String(length=4), nullable=False),
        sa.Column("returned_after_us", sa.BigInteger(), nullable=True),
        *(sa.Column(f"revenue_{d}", sa.Float(), nullable=False) for d in (30, 60, 90)),
        sa.PrimaryKeyConstraint("conversation_id", name=op.f("pk_summary_contacts")),
    )
    op.create_index(op.f("ix_summary_contacts_opened_us"), "summary_contacts", ["opened_us"])
    with op.batch_alter_table("summary_state") as batch:
        batch.add_column(sa.Column("activity_seen", sa.Integer(), nullable=True))
    for table, covered in (
        ("summary_quarters", ["conversations"]),
        ("summary_wait_bins", ["bin", "n"]),
    ):  # indexes that cover the daily volume and the histogram: no table reads
        op.drop_index(op.f(f"ix_{table}_quarter"), table_name=table)
        columns = ["quarter", *CUTS, *covered]
        op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, columns)
    op.execute("DELETE FROM summary_state")  # the next refresh rebuilds everything, contacts too


def downgrade() -> None:
    for table, covered in (
        ("summary_quarters", ["conversations"]),
        ("summary_wait_bins", ["bin", "n"]),
    ):
        columns = ["quarter", *CUTS, *covered]
        op.drop_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table_name=table)
        op.create_index(op.f(f"ix_{table}_quarter"), table, ["quarter"])
    with op.batch_alter_table("summary_state") as batch:
        batch.drop_column("activity_seen")
    op.drop_index(op.f("ix_summary_contacts_opened_us"), table_name="summary_contacts")
    op.drop_table("summary_contacts")
