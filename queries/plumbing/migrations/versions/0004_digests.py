"""digest subscriptions and alert events (docs/digests.md)

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from queries.plumbing.schema import UtcDateTime

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "digest_subscriptions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("schedule", sa.String(length=8), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("content", sa.String(length=16), nullable=False),
        sa.Column("filters", sa.Text(), nullable=False),
        sa.Column("skip_when_empty", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("last_period_end", sa.String(length=10), nullable=True),
        sa.Column("last_sent_at", UtcDateTime(), nullable=True),
        sa.CheckConstraint(
            "schedule IN ('weekly', 'daily', 'monthly')",
            name=op.f("ck_digest_subscriptions_schedule"),
        ),
        sa.CheckConstraint(
            "content IN ('executive', 'pain_points', 'coverage')",
            name=op.f("ck_digest_subscriptions_content"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_subscriptions")),
    )
    op.create_table(
        "alert_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("condition", sa.String(length=64), nullable=False),
        sa.Column("fired_at", UtcDateTime(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_events")),
    )
    op.create_index(
        op.f("ix_alert_events_condition_fired_at"),
        "alert_events",
        ["condition", "fired_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_alert_events_condition_fired_at"), table_name="alert_events")
    op.drop_table("alert_events")
    op.drop_table("digest_subscriptions")
