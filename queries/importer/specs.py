"""What each §6 file holds: its columns, their parsers, its key, and how it is written."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from sqlalchemy import ColumnElement, Table, or_

from queries.importer import fields
from queries.importer.fields import Parser
from queries.plumbing import schema

UTC_TIMESTAMP = pl.Datetime("us", "UTC")

Merge = Callable[[ColumnElement[Any], ColumnElement[Any]], ColumnElement[Any]]
"""(value in the database, value in the file) -> the value an upsert writes."""


@dataclass(frozen=True)
class Column:
    """One CSV column: how to parse it and where it goes."""

    name: str
    parse: Parser
    dtype: pl.DataType
    required: bool = False
    default: Any = None
    refers_to: Table | None = None
    target: str | None = None
    may_be_absent: bool = False
    """A later addition that older files lack: absent from the header, it reads as null."""

    @property
    def target_name(self) -> str:
        """The column of the database table that receives the value."""
        return self.target or self.name


@dataclass(frozen=True)
class NotBefore:
    """A row check: `later` must not come before `earlier` (or must come after, if strict)."""

    later: str
    earlier: str
    strict: bool = False

    def message(self) -> str:
        if self.strict:
            return f"{self.later} must be after {self.earlier}"
        return f"{self.later} must not be before {self.earlier}"


@dataclass(frozen=True)
class FileSpec:
    """One import file (docs/importing.md) and the table it writes."""

    file: str
    table: Table
    columns: tuple[Column, ...]
    key: str | None = None
    """The CSV column that identifies a row (unique in the file); None: dedupe on all columns."""
    key_with: tuple[str, ...] = ()
    """Further CSV columns that identify a row together with `key` (labels: key and locale)."""
    checks: tuple[NotBefore, ...] = ()
    merge: Mapping[str, Merge] = field(default_factory=dict)
    insert_only: Mapping[str, Any] = field(default_factory=dict)
    always: Mapping[str, Any] = field(default_factory=dict)
    planned_days: int = 0
    """How many days past the usual window (one day after now) its instants may lie: a roster
    is planned ahead."""
    frame_check: Callable[[pl.DataFrame], tuple[int, str, str] | None] | None = None
    """Checks across lines (qa_reviews.csv): the first problem as (line, column, message)."""
    write: Callable[[Any, pl.DataFrame], Any] | None = None
    """A writer of its own, (connection, frame) -> FileCounts, instead of the upsert."""

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def key_columns(self) -> tuple[str, ...]:
        """The CSV columns that identify a row: `key`, then `key_with`."""
        return () if self.key is None else (self.key, *self.key_with)

    @property
    def conflict(self) -> tuple[str, ...] | None:
        """The table's unique columns that the upsert targets: where the key columns go."""
        if self.key is None:
            return None
        targets = {c.name: c.target_name for c in self.columns}
        return tuple(targets[name] for name in self.key_columns)


REFERENCE_NOUNS = {"customers": "customer", "agents": "agent", "conversations": "conversation"}


def _text(table: Table, name: str, *, required: bool = False) -> Column:
    length = getattr(table.c[name].type, "length", None)
    return Column(name, fields.text(length), pl.String(), required=required)


def _timestamp(name: str, *, required: bool = False) -> Column:
    return Column(name, fields.timestamp, UTC_TIMESTAMP, required=required)


def _reference(name: str, table: Table, target: str, *, required: bool = True) -> Column:
    return Column(
        name, fields.text(64), pl.String(), required=required, refers_to=table, target=target
    )


def _opt_out_never_cleared(existing: ColumnElement[Any], incoming: ColumnElement[Any]) -> Any:
    """An opt-out already recorded (e.g. from an unsubscribe link) survives any import."""
    return or_(existing, incoming)


_c, _a = schema.customers, schema.agents

CUSTOMERS = FileSpec(
    file="customers.csv",
    table=_c,
    columns=(
        _text(_c, "external_id", required=True),
        _text(_c, "name"),
        _text(_c, "email"),
        _text(_c, "phone"),
        _text(_c, "locale"),
        Column("time_zone", fields.time_zone, pl.String()),
        Column("country", fields.country, pl.String()),
        _text(_c, "segment"),
        Column("survey_opt_out", fields.boolean, pl.Boolean(), default=False),
        _timestamp("created_at"),
    ),
    key="external_id",
    merge={"survey_opt_out": _opt_out_never_cleared},
)

AGENTS = FileSpec(
    file="agents.csv",
    table=_a,
    columns=(
        _text(_a, "external_id", required=True),
        _text(_a, "name"),
        _text(_a, "email"),
        _text(_a, "team"),
        _text(_a, "site"),
        Column("time_zone", fields.time_zone, pl.String()),
    ),
    key="external_id",
    insert_only={"active": True},
)

SHIFTS = FileSpec(
    file="shifts.csv",
    table=schema.shifts,
    columns=(
        _reference("agent_external_id", _a, "agent_id"),
        _timestamp("starts_at", required=True),
        _timestamp("ends_at", required=True),
    ),
    checks=(NotBefore("ends_at", "starts_at", strict=True),),
    planned_days=366,  # next week's (or next year's) roster
)

_v = schema.conversations
CONVERSATIONS = FileSpec(
    file="conversations.csv",
    table=_v,
    columns=(
        _text(_v, "external_id", required=True),
        _reference("customer_external_id", _c, "customer_id"),
        _reference("agent_external_id", _a, "agent_id", required=False),
        Column("channel", fields.channel, pl.String(), required=True),
        _text(_v, "category"),
        _timestamp("opened_at", required=True),
        _timestamp("first_response_at"),
        _timestamp("resolved_at"),
        Column("agent_replies", fields.integer(), pl.Int64(), default=0),
        Column("reopened_count", fields.integer(), pl.Int64(), default=0),
        Column("handle_seconds", fields.integer(), pl.Int64()),
        Column("channel_detail", fields.text(32), pl.String(), may_be_absent=True),
    ),
    key="external_id",
    checks=(NotBefore("first_response_at", "opened_at"), NotBefore("resolved_at", "opened_at")),
)

SURVEY_RESPONSES = FileSpec(
    file="survey_responses.csv",
    table=schema.survey_responses,
    columns=(
        _reference("conversation_external_id", _v, "conversation_id"),
        Column("csat", fields.integer(1, 5), pl.Int64()),
        Column("nps", fields.integer(0, 10), pl.Int64()),
        Column("resolved", fields.boolean, pl.Boolean()),
        Column("comment", fields.text(), pl.String()),
        _timestamp("responded_at", required=True),
        Column("csat_scale", fields.csat_scale, pl.String(), may_be_absent=True),
    ),
    key="conversation_external_id",
    always={"source": "import"},
)

CUSTOMER_ACTIVITY = FileSpec(
    file="customer_activity.csv",
    table=schema.customer_activity,
    columns=(
        _reference("customer_external_id", _c, "customer_id"),
        _timestamp("occurred_at", required=True),
        _text(schema.customer_activity, "kind"),
        Column("amount", fields.number, pl.Float64()),
    ),
)

_l = schema.display_names
LABELS = FileSpec(
    file="labels.csv",
    table=_l,
    columns=(
        _text(_l, "key", required=True),
        Column("locale", fields.label_locale, pl.String(), required=True),
        _text(_l, "name", required=True),
    ),
    key="key",
    key_with=("locale",),
)

SPECS = (CUSTOMERS, AGENTS, SHIFTS, CONVERSATIONS, SURVEY_RESPONSES, CUSTOMER_ACTIVITY, LABELS)
"""Every import file, in the order that satisfies references."""
