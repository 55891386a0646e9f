"""connectors: channel_detail, sync_source, csat_scale; sync state and watermarks

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from queries.plumbing.schema import UtcDateTime

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("channel_detail", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("sync_source", sa.String(length=64), nullable=True))
    with op.batch_alter_table("survey_responses") as batch:
        batch.add_column(sa.Column("csat_scale", sa.String(length=16), nullable=True))
    op.create_table(
        "sync_sources",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("vigil_surveys", sa.Boolean(), nullable=False),
        sa.Column("last_started_at", UtcDateTime(), nullable=True),
        sa.Column("last_finished_at", UtcDateTime(), nullable=True),
        sa.Column("last_status", sa.String(length=16), nullable=True),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("rows_written", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_sources")),
        sa.UniqueConstraint("name", name=op.f("uq_sync_sources_name")),
    )
    op.create_table(
        "sync_watermarks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("entry", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_watermarks")),
        sa.UniqueConstraint("source", "entry", name=op.f("uq_sync_watermarks_source_entry")),
    )


def downgrade() -> None:
    op.drop_table("sync_watermarks")
    op.drop_table("sync_sources")
    with op.batch_alter_table("survey_responses") as batch:
        batch.drop_column("csat_scale")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("sync_source")
        batch.drop_column("channel_detail")
