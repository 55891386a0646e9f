"""The canonical support database as SQLAlchemy Core tables (docs/architecture.md, "The
support database"). The building blocks are in `schema_base`, Vigil's own tables (access,
reviews, sync, digests) in `schema_vigil`; both are re-exported here."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from queries.plumbing.schema_base import (
    CHANNELS,
    INVITATION_STATUSES,
    UtcDateTime,
    _external_id,
    _id,
    metadata,
)
from queries.plumbing.schema_vigil import (
    DIGEST_CONTENTS,
    DIGEST_SCHEDULES,
    ROLES,
    Role,
    alert_events,
    app_users,
    audit_events,
    auth_sessions,
    digest_subscriptions,
    qa_review_scores,
    qa_reviews,
    sync_sources,
    sync_watermarks,
)

__all__ = [
    "CHANNELS",
    "DIGEST_CONTENTS",
    "DIGEST_SCHEDULES",
    "INVITATION_STATUSES",
    "ROLES",
    "Role",
    "UtcDateTime",
    "alert_events",
    "app_users",
    "audit_events",
    "auth_sessions",
    "digest_subscriptions",
    "metadata",
    "qa_review_scores",
    "qa_reviews",
    "sync_sources",
    "sync_watermarks",
]

customers = Table(
    "customers",
    metadata,
    _id(),
    _external_id(),
    Column("name", String(200)),
    Column("email", String(320)),
    Column("phone", String(64)),
    Column("locale", String(16)),
    Column("time_zone", String(64)),
    Column("country", String(2)),
    Column("segment", String(64)),
    Column("survey_opt_out", Boolean, nullable=False, default=False),
    Column("created_at", UtcDateTime),
)

agents = Table(
    "agents",
    metadata,
    _id(),
    _external_id(),
    Column("name", String(200)),
    Column("email", String(320)),
    Column("team", String(64)),
    Column("site", String(64)),
    Column("time_zone", String(64)),
    Column("active", Boolean, nullable=False, default=True),
)

shifts = Table(
    "shifts",
    metadata,
    _id(),
    Column("agent_id", ForeignKey("agents.id", ondelete="CASCADE"), nullable=False),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    CheckConstraint("ends_at > starts_at", name="ends_after_starts"),
    UniqueConstraint("agent_id", "starts_at", "ends_at"),
    Index(None, "starts_at"),
)

conversations = Table(
    "conversations",
    metadata,
    _id(),
    _external_id(),
    Column("customer_id", ForeignKey("customers.id"), nullable=False),
    Column("agent_id", ForeignKey("agents.id")),
    Column("channel", String(16), nullable=False),
    Column("category", String(64)),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("first_response_at", UtcDateTime),
    Column("resolved_at", UtcDateTime),
    Column("agent_replies", Integer, nullable=False, default=0),
    Column("reopened_count", Integer, nullable=False, default=0),
    Column("handle_seconds", Integer),
    CheckConstraint(f"channel IN {CHANNELS!r}", name="known_channel"),
    Index(None, "opened_at"),
    Index(None, "customer_id", "opened_at"),
)

survey_invitations = Table(
    "survey_invitations",
    metadata,
    _id(),
    Column("conversation_id", ForeignKey("conversations.id"), nullable=False, unique=True),
    Column("customer_id", ForeignKey("customers.id"), nullable=False),
    Column("agent_id", ForeignKey("agents.id")),
    Column("team", String(64)),
    Column("locale", String(16)),
    Column("channel", String(16)),
    Column("status", String(16), nullable=False, default="pending"),
    Column("reason", String(64)),
    Column("due_at", UtcDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("claimed_by", String(128)),
    Column("claimed_at", UtcDateTime),
    Column("sent_at", UtcDateTime),
    Column("expires_at", UtcDateTime),
    Column("created_at", UtcDateTime),
    CheckConstraint(f"status IN {INVITATION_STATUSES!r}", name="known_status"),
    Index(None, "status", "due_at"),
    Index(None, "customer_id", "created_at"),
)

survey_responses = Table(
    "survey_responses",
    metadata,
    _id(),
    Column("conversation_id", ForeignKey("conversations.id"), nullable=False, unique=True),
    Column("invitation_id", ForeignKey("survey_invitations.id")),
    Column("csat", Integer),
    Column("nps", Integer),
    Column("resolved", Boolean),
    Column("comment", Text),
    Column("responded_at", UtcDateTime, nullable=False),
    Column("source", String(16), nullable=False, default="import"),
    CheckConstraint("csat BETWEEN 1 AND 5", name="csat_range"),
    CheckConstraint("nps BETWEEN 0 AND 10", name="nps_range"),
)

customer_activity = Table(
    "customer_activity",
    metadata,
    _id(),
    Column("customer_id", ForeignKey("customers.id"), nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("kind", String(32)),
    Column("amount", Float),
    Index(None, "customer_id", "occurred_at"),
)

job_runs = Table(
    "job_runs",
    metadata,
    _id(),
    Column("job", String(64), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime),
    Column("status", String(16), nullable=False),
    Column("processed", Integer, nullable=False, default=0),
    Column("error", Text),
    Index(None, "job", "started_at"),
)

BUSINESS_TABLES = (
    customers,
    agents,
    shifts,
    conversations,
    survey_invitations,
    survey_responses,
    customer_activity,
)

# connectors (queries.connectors, docs/connectors.md): where a conversation came from, the
# source's own channel name, and each source's sync state and per-table watermarks
conversations.append_column(Column("channel_detail", String(32)))  # e.g. line, whatsapp
conversations.append_column(Column("sync_source", String(64)))  # null: CSV import or demo
# null: the 1–5 scale; "good_bad": a binary rating (Zendesk), stored as 5 (good) or 1 (bad) so
# CSAT % counts it exactly, and left out of the 1–5 distribution (docs/metrics.md)
survey_responses.append_column(Column("csat_scale", String(16)))

# display names of the customer's own data values (labels.csv): categories, teams, segments,
# sites; a key without a name in the session's language is shown as it is (docs/importing.md)
display_names = Table(
    "display_names",
    metadata,
    _id(),
    Column("key", String(128), nullable=False),  # the value as the data holds it: "billing"
    Column("locale", String(8), nullable=False),  # en or zh-TW
    Column("name", String(200), nullable=False),
    UniqueConstraint("key", "locale"),
)

# the summaries the pages read (docs/summaries.md), on the same MetaData
from queries.plumbing.schema_summaries import (  # noqa: E402
    summary_contacts,
    summary_days,
    summary_quarters,
    summary_state,
    summary_wait_bins,
)

__all__ += [
    "summary_contacts",
    "summary_days",
    "summary_quarters",
    "summary_state",
    "summary_wait_bins",
]
