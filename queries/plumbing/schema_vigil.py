"""Vigil's own tables beside the support data: who may see what (accounts, sessions, audit),
conversation reviews, helpdesk sync state, digests and alerts. `queries.plumbing.schema`
re-exports them, so every table is on the one MetaData whatever is imported first."""

from __future__ import annotations

from typing import Literal, get_args

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

from queries.plumbing.schema_base import UtcDateTime, _external_id, _id, metadata

# who may see what (queries.access): accounts, server-side sessions and the audit log
Role = Literal["viewer", "supervisor", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)  # each sees what the one before sees, and more

app_users = Table(
    "app_users",
    metadata,
    _id(),
    Column("name", String(320), nullable=False, unique=True),  # the sign-in name or e-mail
    Column("role", String(16), nullable=False),
    Column("teams", Text, nullable=False, default="[]"),  # JSON list; [] is every team
    Column("password_hash", String(255)),  # argon2id; none for proxy and OIDC accounts
    Column("created_at", UtcDateTime, nullable=False),
    Column("disabled_at", UtcDateTime),
    CheckConstraint(f"role IN {ROLES}", name="role"),
)

auth_sessions = Table(
    "auth_sessions",
    metadata,
    _id(),
    Column("user_id", Integer, ForeignKey("app_users.id"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),  # SHA-256 of the cookie
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime),
    Column("client_address", String(64)),
)

audit_events = Table(
    "audit_events",
    metadata,
    _id(),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String(320)),  # the account name; for a failed sign-in, the name typed
    Column("action", String(32), nullable=False),
    Column("detail", Text, nullable=False, default="{}"),  # JSON: filters, file, reason
    Column("client_address", String(64)),
    Index(None, "at"),
    Index(None, "action", "actor", "at"),
    Index(None, "action", "client_address", "at"),
)

# conversation reviews (QA, docs/metrics.md "3A scorecard"): one review, one row per category
qa_reviews = Table(
    "qa_reviews",
    metadata,
    _id(),
    _external_id(),
    Column("conversation_id", ForeignKey("conversations.id"), nullable=False, index=True),
    Column("reviewer", String(200)),
    Column("reviewed_at", UtcDateTime, nullable=False),
    Column("scorecard", String(64), nullable=False),  # the scorecard and its version
    Column("sampling", String(32)),  # how the conversation was picked: random, low_csat, …
)

qa_review_scores = Table(
    "qa_review_scores",
    metadata,
    _id(),
    Column("review_id", ForeignKey("qa_reviews.id", ondelete="CASCADE"), nullable=False),
    Column("category", String(64), nullable=False),
    Column("score", Float),  # the selected point on the scale; null is N/A
    Column("scale_min", Float, nullable=False),
    Column("scale_max", Float, nullable=False),
    Column("weight", Float, nullable=False, default=1.0),
    Column("critical", Boolean, nullable=False, default=False),
    Column("na_allowed", Boolean, nullable=False, default=False),
    Column("comment", Text),
    CheckConstraint("scale_max > scale_min", name="scale_order"),
    UniqueConstraint("review_id", "category"),
)

sync_sources = Table(
    "sync_sources",
    metadata,
    _id(),
    Column("name", String(64), nullable=False, unique=True),  # VIGIL_SYNC's name, or the mapping's
    Column("vigil_surveys", Boolean, nullable=False, default=True),  # False: the source asks
    Column("last_started_at", UtcDateTime),
    Column("last_finished_at", UtcDateTime),
    Column("last_status", String(16)),  # ok | failed
    Column("rows_read", Integer, nullable=False, default=0),
    Column("rows_written", Integer, nullable=False, default=0),
    Column("last_error", Text),
)

sync_watermarks = Table(
    "sync_watermarks",
    metadata,
    _id(),
    Column("source", String(64), nullable=False),
    Column("entry", String(64), nullable=False),  # the mapping entry (a Vigil table)
    Column("value", Text, nullable=False),  # the highest watermark read, as typed text
    Column("kind", String(16), nullable=False),  # timestamp | integer | text
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("source", "entry"),
)

# --- digests and alerts (docs/digests.md) -------------------------------------------------

DIGEST_SCHEDULES = ("weekly", "daily", "monthly")
DIGEST_CONTENTS = ("executive", "pain_points", "coverage")

digest_subscriptions = Table(
    "digest_subscriptions",
    metadata,
    _id(),
    Column("recipients", Text, nullable=False),  # JSON list of addresses; unsubscribes leave it
    Column("language", String(8), nullable=False),
    Column("zone", String(64), nullable=False),
    Column("schedule", String(8), nullable=False),
    Column("weekday", Integer, nullable=False, default=0),  # 0 = Monday; weekly only
    Column("hour", Integer, nullable=False, default=8),  # local hour in `zone`
    Column("content", String(16), nullable=False),
    Column("filters", Text, nullable=False, default="{}"),  # JSON: channels, teams, segments
    Column("skip_when_empty", Boolean, nullable=False, default=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_period_end", String(10)),  # ISO date of the last period sent (the claim)
    Column("last_sent_at", UtcDateTime),
    CheckConstraint(f"schedule IN {DIGEST_SCHEDULES}", name="schedule"),
    CheckConstraint(f"content IN {DIGEST_CONTENTS}", name="content"),
)

alert_events = Table(
    "alert_events",
    metadata,
    _id(),
    Column("condition", String(64), nullable=False),  # e.g. "next_week_gaps"
    Column("fired_at", UtcDateTime, nullable=False),
    Column("channel", String(16), nullable=False),  # "email" or "webhook"
    Column("status", String(16), nullable=False),  # "sent" or "failed"
    Column("attempts", Integer, nullable=False, default=1),
    Column("detail", Text, nullable=False, default="{}"),  # JSON: the alert's body
    Column("error", Text),
    Index(None, "condition", "fired_at"),
)
