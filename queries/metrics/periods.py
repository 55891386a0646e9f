"""The period's conversations (docs/metrics.md): one Polars row per conversation.

A conversation belongs to the period when its opened_at lies in `Filters.bounds_utc()`;
everything joined to it (agent team, customer segment, survey answer, invitation) is
attributed to the period by that rule, whenever the answer or the send happened.

Speed: SQL filters (the opened_at index does the work). The answer and the sent invitation
are outer-joined in SQL on their unique conversation_id (one statement; a separate
invitations read with IN (subquery) took 0.7 s at 1M on SQLite); team and segment come
from small reads joined in Polars. Pages ask only for the columns (and, with `answered`,
only the rows) they use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement, FromClause, Select

from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import (
    agents,
    conversations,
    customers,
    survey_invitations,
    survey_responses,
)

PERIOD_COLUMNS = (
    "id",
    "customer_id",
    "agent_id",
    "channel",
    "category",
    "team",
    "segment",
    "opened_at",
    "first_response_at",
    "resolved_at",
    "agent_replies",
    "reopened_count",
    "handle_seconds",
    "csat",
    "nps",
    "survey_resolved",
    "response_source",
    "responded_at",
    "invitation_status",
)
"""The columns of `period_conversations`, in order. The answer columns are null when the
conversation has none (`responded_at` is never null for a real answer); `invitation_status`
is "sent" when its invitation was sent and null otherwise."""


ON_REQUEST = ("external_id", "channel_detail", "csat_scale")
"""Conversation columns read only when asked for: channel_detail is the source's own channel
(line, whatsapp, …) from a connector (docs/connectors.md), null for CSV imports; csat_scale
the answer's scale (null: 1–5; good_bad: a binary rating, docs/metrics.md)."""


def in_period(filters: Filters) -> list[ColumnElement[bool]]:
    """WHERE terms picking the filtered period's conversations from `period_source`."""
    lo, hi = filters.bounds_utc()
    return [conversations.c.opened_at >= lo, conversations.c.opened_at < hi, *in_cuts(filters)]


def in_cuts(filters: Filters) -> list[ColumnElement[bool]]:
    """The channel, team and segment terms of `in_period`, for a range of its own."""
    terms: list[ColumnElement[bool]] = []
    if filters.channels:
        terms.append(conversations.c.channel.in_(filters.channels))
    if filters.teams:
        terms.append(agents.c.team.in_(filters.teams))
    if filters.segments:
        terms.append(customers.c.segment.in_(filters.segments))
    return terms


def period_source(filters: Filters) -> FromClause:
    """conversations, joined to agents and customers only when a filter cuts on them."""
    source: FromClause = conversations
    if filters.teams:
        source = source.join(agents, agents.c.id == conversations.c.agent_id)
    if filters.segments:
        source = source.join(customers, customers.c.id == conversations.c.customer_id)
    return source


ANSWER_COLUMNS = {
    "csat": survey_responses.c.csat,
    "nps": survey_responses.c.nps,
    "survey_resolved": survey_responses.c.resolved,
    "response_source": survey_responses.c.source,
    "responded_at": survey_responses.c.responded_at,
    "csat_scale": survey_responses.c.csat_scale,
}
"""The answer's columns, by their name in the period frame."""
JOINED_LATER = {"team": "agent_id", "segment": "customer_id"}
"""Columns joined in Polars from a small read (agents, customers), and the key they need."""


def _period_select(filters: Filters, columns: Sequence[str], answered: str | None) -> Select[Any]:
    """One select of the period's conversations with `columns` (less the Polars-joined ones):
    answers and sent invitations are outer-joined by their unique conversation_id, or the
    answers inner-joined on `answered` IS NOT NULL."""
    wanted = ["id", *(c for c in columns if c != "id")]
    wanted += [key for name, key in JOINED_LATER.items() if name in wanted and key not in wanted]
    source = period_source(filters)
    answers = [name for name in wanted if name in ANSWER_COLUMNS]
    if answered is not None:
        condition = survey_responses.c.conversation_id == conversations.c.id
        source = source.join(survey_responses, condition)
    elif answers:
        condition = survey_responses.c.conversation_id == conversations.c.id
        source = source.outerjoin(survey_responses, condition)
    if "invitation_status" in wanted:
        i = survey_invitations.c
        sent = (i.conversation_id == conversations.c.id) & (i.status == "sent")
        source = source.outerjoin(survey_invitations, sent)
    selected = [_column(name) for name in wanted if name not in JOINED_LATER]
    where = in_period(filters)
    if answered is not None:
        where.append(ANSWER_COLUMNS[answered].is_not(None))
    return sa.select(*selected).select_from(source).where(*where)


def _column(name: str) -> ColumnElement[Any]:
    if name in ANSWER_COLUMNS:
        return ANSWER_COLUMNS[name].label(name)
    if name == "invitation_status":
        return survey_invitations.c.status.label(name)
    return conversations.c[name]


def period_conversations(
    engine: Engine,
    filters: Filters,
    columns: Sequence[str] = PERIOD_COLUMNS,
    *,
    answered: str | None = None,
) -> pl.DataFrame:
    """One row per conversation of the filtered period, with `columns` (`PERIOD_COLUMNS` or a
    subset of them, in that order, plus `ON_REQUEST` columns if asked); with `answered` (an answer
    column such as "csat"), only the conversations whose answer has it.

    Read only what a page needs: at 1M conversations each column costs about 30 ms a
    quarter on SQLite. Timestamps are Datetime("us", "UTC"); raises DataUnavailable when
    the database fails.
    """
    unknown = set(columns) - {*PERIOD_COLUMNS, *ON_REQUEST}
    if unknown or (answered is not None and answered not in ANSWER_COLUMNS):
        raise ValueError(f"not a period column: {sorted(unknown) or answered}")
    frame = read_frame(engine, _period_select(filters, columns, answered))
    if "team" in columns:
        teams = read_frame(engine, sa.select(agents.c.id.label("agent_id"), agents.c.team))
        frame = frame.join(teams, on="agent_id", how="left")
    if "segment" in columns:
        segments = sa.select(customers.c.id.label("customer_id"), customers.c.segment)
        frame = frame.join(read_frame(engine, segments), on="customer_id", how="left")
    order = [name for name in (*PERIOD_COLUMNS, *ON_REQUEST) if name in columns]
    return frame.select(order)


def period_count(engine: Engine, filters: Filters) -> int:
    """How many conversations the filtered period holds (a COUNT on the opened_at index)."""
    stmt = (
        sa.select(sa.func.count().label("conversations"))
        .select_from(period_source(filters))
        .where(*in_period(filters))
    )
    return int(read_frame(engine, stmt).item())


def first_openings(engine: Engine, filters: Filters) -> pl.DataFrame:
    """(customer_id, t0): each customer's first opening among the filtered period's
    conversations, grouped in SQL (one row per customer, not per conversation)."""
    t0 = sa.func.min(conversations.c.opened_at).label("t0")
    stmt = (
        sa.select(conversations.c.customer_id, t0)
        .select_from(period_source(filters))
        .where(*in_period(filters))
        .group_by(conversations.c.customer_id)
    )
    return read_frame(engine, stmt).sort("customer_id")
