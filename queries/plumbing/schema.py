"""The canonical support database as SQLAlchemy Core tables (docs/architecture.md, "The
support database")."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal, get_args

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)

CHANNELS = ("chat", "email", "phone", "social")
INVITATION_STATUSES = ("pending", "sending", "sent", "failed", "suppressed", "cancelled")


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in, timezone-aware UTC out; naive values are refused.

    PostgreSQL stores timestamptz; SQLite stores SQLAlchemy's sortable UTC text.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError(f"timestamps must be timezone-aware, got {value!r}")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True, autoincrement=True)


def _external_id() -> Column[str]:
    return Column("external_id", String(64), nullable=False, unique=True)


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

BUSINESS_TABLES = (
    customers,
    agents,
    shifts,
    conversations,
    survey_invitations,
    survey_responses,
    customer_activity,
)

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
