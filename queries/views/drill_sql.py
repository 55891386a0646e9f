"""The drill-down as paged SQL: the newest `limit` conversations of a cut and their count, in
two statements, so that listing never reads the period's rows (docs/summaries.md).

A cut's measure is the SQL twin of its `metrics.COUNT_CONDITIONS` condition (`MEASURE_SQL`;
tests/queries/views/test_drill_sql.py holds every measure equal to the frame path). Two
things need other rows or the customer's zone and stay with the frame path
(`drilldown.behind`): the repeat-contact measures, and the local-hour and night cuts. The
listed rows get their repeat contact from their own customers' later conversations.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement, FromClause

from queries.metrics.periods import in_cuts, in_period, period_source
from queries.metrics.repeats import KEYS, flag_repeat_contacts
from queries.metrics.thresholds import (
    DETRACTOR_NPS,
    NEGATIVE_CSAT,
    PROMOTER_NPS,
    SATISFIED_CSAT,
)
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import (
    agents,
    conversations,
    customers,
    survey_invitations,
    survey_responses,
)
from queries.views.drill_cuts import NO_AGENT, NONE, ROW_COLUMNS, Cut, Drilldown

c, r, i = conversations.c, survey_responses.c, survey_invitations.c
ROW_MEASURES = frozenset({"first_contact_resolved", "repeat_contacts"})
"""The measures that depend on a later conversation: the frame path counts them."""
RESOLVED = c.resolved_at.is_not(None)
MEASURE_SQL: dict[str, Callable[[Cut], ColumnElement[bool]]] = {
    "responses": lambda _: r.responded_at.is_not(None),
    "invitations_sent": lambda _: i.id.is_not(None),  # joined on status = "sent"
    "first_responses": lambda _: c.first_response_at.is_not(None),
    "csat_answers": lambda _: r.csat.is_not(None),
    "csat_satisfied": lambda _: r.csat >= SATISFIED_CSAT,
    "csat_unsatisfied": lambda _: r.csat < SATISFIED_CSAT,
    "csat_negative": lambda _: r.csat <= NEGATIVE_CSAT,
    "csat_score": lambda cut: r.csat == cut.score,
    "nps_answers": lambda _: r.nps.is_not(None),
    "promoters": lambda _: r.nps >= PROMOTER_NPS,
    "passives": lambda _: (r.nps > DETRACTOR_NPS) & (r.nps < PROMOTER_NPS),
    "detractors": lambda _: r.nps <= DETRACTOR_NPS,
    "resolved": lambda _: RESOLVED,
    "one_touch": lambda _: RESOLVED & (c.agent_replies <= 1),
    "survey_fcr_answers": lambda _: r.resolved.is_not(None),
    "survey_resolved": lambda _: r.resolved.is_(True),
}
"""Each measure's condition (`drilldown.measure_filter`) in SQL; "conversations": none."""
ANSWER_MEASURES = frozenset(MEASURE_SQL) - {
    "invitations_sent",
    "first_responses",
    "resolved",
    "one_touch",
}
"""The measures whose condition reads the survey answer."""


def in_sql(cut: Cut) -> bool:
    """Whether SQL alone can list `cut`."""
    return cut.measure not in ROW_MEASURES and not cut.needs_zones


def _source(filters: Filters, cut: Cut, listing: bool) -> FromClause:
    """conversations and only the joins the cut's terms need, or, `listing`, every column a
    listed row shows (the count never pays for those)."""
    source: FromClause = conversations
    if listing or filters.teams or cut.team is not None:
        source = source.outerjoin(agents, agents.c.id == c.agent_id)
    if listing or filters.segments or cut.segment is not None:
        source = source.join(customers, customers.c.id == c.customer_id)
    if listing or cut.measure in ANSWER_MEASURES:
        source = source.outerjoin(survey_responses, r.conversation_id == c.id)
    if cut.measure == "invitations_sent":
        sent = (i.conversation_id == c.id) & (i.status == "sent")
        source = source.outerjoin(survey_invitations, sent)
    return source


def _local_days(first: date, days: int, tz: str) -> tuple[datetime, datetime]:
    """`days` local days of `tz` from `first` as a UTC range (`Filters.bounds_utc`)."""
    return Filters(first, first + timedelta(days=days - 1), tz).bounds_utc()


def _where(filters: Filters, cut: Cut) -> list[ColumnElement[bool]]:
    terms = in_period(filters)
    for column, value in (
        (c.channel, cut.channel),
        (agents.c.team, cut.team),
        (c.category, cut.category),
        (customers.c.segment, cut.segment),
    ):
        if value is not None:
            terms.append(column.is_(None) if value == NONE else column == value)
    if cut.agent_id is not None:
        agent = c.agent_id
        terms.append(agent.is_(None) if cut.agent_id == NO_AGENT else agent == cut.agent_id)
    if cut.bucket is not None:  # a local day or Monday-started week of the display zone
        start, end = _local_days(cut.bucket, 1 if cut.grain == "day" else 7, filters.tz)
        terms += [c.opened_at >= start, c.opened_at < end]
    if cut.measure in MEASURE_SQL:
        terms.append(MEASURE_SQL[cut.measure](cut))
    return terms


def listed(engine: Engine, filters: Filters, cut: Cut, window_days: int, limit: int) -> Drilldown:
    """The newest `limit` conversations of `cut` (`ROW_COLUMNS`) and how many match."""
    if not in_sql(cut):
        raise ValueError(f"{cut} needs the frame path (drilldown.behind)")
    where = _where(filters, cut)
    counted = sa.select(sa.func.count().label("n")).select_from(_source(filters, cut, False))
    total = read_frame(engine, counted.where(*where))
    stmt = (
        sa.select(
            c.id,
            c.external_id.label("conversation"),
            customers.c.external_id.label("customer"),
            *(c[name] for name in ("customer_id", "opened_at", "channel", "category")),
            agents.c.team,
            agents.c.name.label("agent"),
            *(c[name] for name in ("first_response_at", "resolved_at")),
            r.csat,
            r.nps,
            r.comment,
        )
        .select_from(_source(filters, cut, True))
        .where(*where)
        .order_by(c.opened_at.desc(), c.id.desc())
        .limit(limit)
    )
    rows = with_repeats(engine, read_frame(engine, stmt), window_days)
    waits = (pl.col("first_response_at") - pl.col("opened_at")).dt.total_microseconds() / 1e6
    return Drilldown(rows.with_columns(first_response_s=waits).select(ROW_COLUMNS), total.item())


def with_repeats(engine: Engine, rows: pl.DataFrame, window_days: int) -> pl.DataFrame:
    """`rows` plus `repeat_contact` (`repeats.flag_repeat_contacts`), from the later
    conversations of their own customers, of any channel or team."""
    latest = rows.get_column("resolved_at").max()
    if latest is None:
        return flag_repeat_contacts(rows, rows.clear().select(KEYS), window_days)
    until = latest + timedelta(days=window_days)  # type: ignore[operator]
    stmt = sa.select(c.customer_id, c.category, c.opened_at).where(
        c.customer_id.in_(rows.get_column("customer_id").unique().to_list()),
        c.opened_at > rows.get_column("opened_at").min(),
        c.opened_at <= until,
    )
    return flag_repeat_contacts(rows, read_frame(engine, stmt), window_days)


def period_values(engine: Engine, filters: Filters) -> tuple[dict[str, pl.Series], pl.Series]:
    """The distinct channel, team, category, segment and agent_id of the filtered period's
    conversations, and the local days (display zone) that have one: small reads only."""
    source, where = period_source(filters), in_period(filters)
    combos = read_frame(
        engine,
        sa.select(c.channel, c.category, c.agent_id).select_from(source).where(*where).distinct(),
    )
    teams = read_frame(engine, sa.select(agents.c.id.label("agent_id"), agents.c.team))
    combos = combos.join(teams, on="agent_id", how="left")
    present = sa.select(c.customer_id).select_from(source).where(*where)
    segment = sa.select(customers.c.segment).where(customers.c.id.in_(present)).distinct()
    values = {name: combos.get_column(name) for name in ("channel", "team", "category", "agent_id")}
    values["segment"] = read_frame(engine, segment).get_column("segment")
    return values, _days_present(engine, filters)


COMPOUND_LIMIT = 400  # SQLite allows 500 terms in one UNION


def _days_present(engine: Engine, filters: Filters) -> pl.Series:
    """The period's local days with a conversation: one EXISTS per day, on the opened_at
    index, instead of reading every opened_at."""
    source, where = period_source(filters), in_cuts(filters)  # each day is its own range
    days = [filters.start + timedelta(days=k) for k in range(filters.days)]
    found: list[Any] = []
    for first in range(0, len(days), COMPOUND_LIMIT):
        chunk = days[first : first + COMPOUND_LIMIT]
        tests = [
            sa.select(sa.literal(day).label("day")).where(
                sa.exists(
                    sa.select(c.id)
                    .select_from(source)
                    .where(
                        *where,
                        c.opened_at >= _local_days(day, 1, filters.tz)[0],
                        c.opened_at < _local_days(day, 1, filters.tz)[1],
                    )
                )
            )
            for day in chunk
        ]
        union = sa.union_all(*tests).subquery()
        found += read_frame(engine, sa.select(union.c.day)).get_column("day").to_list()
    return pl.Series("day", sorted(found), dtype=pl.Date)
