"""Survey operations for supervisors: the funnel, response rates, the queue, failures and the
jobs heartbeat. Aggregates run in SQL (the results are small); frames come back typed.

The funnel and the rates follow the §3 period rule: a conversation belongs to the period when
its opened_at falls inside it (channel filter applied too); the queue, the failures and the
heartbeat describe the outbox now, whatever the period.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.db import reading
from queries.filters import Filters
from queries.schema import conversations, job_runs, survey_invitations, survey_responses

inv = survey_invitations
HEARTBEAT_LIMIT = timedelta(minutes=5)
FUNNEL_STAGES = ("resolved", "invited", "sent", "answered")


def _in_period(filters: Filters) -> list[Any]:
    lo, hi = filters.bounds_utc()
    where = [conversations.c.opened_at >= lo, conversations.c.opened_at < hi]
    if filters.channels:
        where.append(conversations.c.channel.in_(filters.channels))
    return where


def _rows(engine: Engine, stmt: sa.Select[Any] | Any) -> list[Any]:
    with reading(engine) as conn:
        return list(conn.execute(stmt))


def funnel(engine: Engine, filters: Filters) -> pl.DataFrame:
    """(stage, count): resolved conversations → invitations → sent → answered via a link."""
    answered = sa.func.count(survey_responses.c.id).filter(
        survey_responses.c.source == "link", inv.c.status == "sent"
    )
    stmt = (
        sa.select(
            sa.func.count(conversations.c.id).filter(conversations.c.resolved_at.is_not(None)),
            sa.func.count(inv.c.id),
            sa.func.count(inv.c.id).filter(inv.c.status == "sent"),
            answered,
        )
        .select_from(
            conversations.outerjoin(inv, inv.c.conversation_id == conversations.c.id).outerjoin(
                survey_responses, survey_responses.c.conversation_id == conversations.c.id
            )
        )
        .where(*_in_period(filters))
    )
    counts = _rows(engine, stmt)[0]
    return pl.DataFrame(
        {"stage": FUNNEL_STAGES, "count": [int(v or 0) for v in counts]},
        schema={"stage": pl.String, "count": pl.Int64},
    )


def outcomes(engine: Engine, filters: Filters) -> pl.DataFrame:
    """(status, reason, count) of the period's invitations, largest first."""
    stmt = (
        sa.select(inv.c.status, inv.c.reason, sa.func.count().label("count"))
        .select_from(inv.join(conversations))
        .where(*_in_period(filters))
        .group_by(inv.c.status, inv.c.reason)
    )
    rows = _rows(engine, stmt)
    return pl.DataFrame(
        [(r.status, r.reason, int(r.count)) for r in rows],
        schema={"status": pl.String, "reason": pl.String, "count": pl.Int64},
        orient="row",
    ).sort(["count", "status"], descending=[True, False])


def response_counts(engine: Engine, filters: Filters) -> pl.DataFrame:
    """(channel, locale, sent, answered): sent invitations of the period and the answers that
    came through their links; one read serves every cut (`rates_by`)."""
    stmt = (
        sa.select(
            conversations.c.channel,
            inv.c.locale,
            sa.func.count(inv.c.id).label("sent"),
            sa.func.count(survey_responses.c.id)
            .filter(survey_responses.c.source == "link")
            .label("answered"),
        )
        .select_from(
            inv.join(conversations).outerjoin(
                survey_responses, survey_responses.c.conversation_id == inv.c.conversation_id
            )
        )
        .where(inv.c.status == "sent", *_in_period(filters))
        .group_by(conversations.c.channel, inv.c.locale)
    )
    rows = _rows(engine, stmt)
    return pl.DataFrame(
        [(r[0], r[1], int(r.sent), int(r.answered)) for r in rows],
        schema={"channel": pl.String, "locale": pl.String, "sent": pl.Int64, "answered": pl.Int64},
        orient="row",
    )


def rates_by(counts: pl.DataFrame, by: str) -> pl.DataFrame:
    """(`by`, sent, answered, rate) from `response_counts`; rate is 0–100, null when none sent."""
    if by not in ("channel", "locale"):
        raise ValueError(f"response rates are by channel or locale, not {by!r}")
    frame = counts.group_by(by).agg(pl.col("sent").sum(), pl.col("answered").sum()).sort(by)
    return frame.with_columns(
        rate=pl.when(pl.col("sent") > 0).then(100.0 * pl.col("answered") / pl.col("sent"))
    )


def response_rates(engine: Engine, filters: Filters, by: str) -> pl.DataFrame:
    """(`by`, sent, answered, rate): answers via a link per sent invitation, by channel or locale.

    rate is 0–100 and null when nothing was sent."""
    return rates_by(response_counts(engine, filters), by)


def queue(engine: Engine, now: datetime, horizon: timedelta = timedelta(hours=24)) -> pl.DataFrame:
    """(due_hour, locale, pending): pending invitations due before now + horizon, per UTC hour;
    everything already due is counted in the hour `now` falls in."""
    stmt = sa.select(inv.c.due_at, inv.c.locale).where(
        inv.c.status == "pending", inv.c.due_at < now + horizon
    )
    rows = _rows(engine, stmt)
    this_hour = now.replace(minute=0, second=0, microsecond=0)
    frame = pl.DataFrame(
        [(max(r.due_at, this_hour), r.locale) for r in rows],
        schema={"due_at": pl.Datetime("us", "UTC"), "locale": pl.String},
        orient="row",
    )
    return (
        frame.group_by(due_hour=pl.col("due_at").dt.truncate("1h"), locale=pl.col("locale"))
        .agg(pending=pl.len().cast(pl.Int64))
        .sort(["due_hour", "locale"])
    )


def failures(engine: Engine, limit: int = 50) -> pl.DataFrame:
    """Failed invitations and pending ones waiting for a retry, newest error first."""
    stmt = (
        sa.select(
            inv.c.id,
            conversations.c.external_id.label("conversation"),
            inv.c.status,
            inv.c.attempts,
            inv.c.due_at,
            inv.c.last_error,
        )
        .select_from(inv.join(conversations))
        .where(inv.c.last_error.is_not(None), inv.c.status.in_(("failed", "pending")))
        .order_by(inv.c.due_at.desc(), inv.c.id.desc())
        .limit(limit)
    )
    schema: dict[str, pl.DataType] = {
        "id": pl.Int64(),
        "conversation": pl.String(),
        "status": pl.String(),
        "attempts": pl.Int64(),
        "due_at": pl.Datetime("us", "UTC"),
        "last_error": pl.String(),
    }
    return pl.DataFrame([tuple(r) for r in _rows(engine, stmt)], schema=schema, orient="row")


def heartbeat(engine: Engine) -> pl.DataFrame:
    """(job, last_started, last_finished, status, processed, error) of each job's latest run."""
    latest = (
        sa.select(job_runs.c.job, sa.func.max(job_runs.c.id).label("id"))
        .group_by(job_runs.c.job)
        .subquery()
    )
    stmt = (
        sa.select(
            job_runs.c.job,
            job_runs.c.started_at,
            job_runs.c.finished_at,
            job_runs.c.status,
            job_runs.c.processed,
            job_runs.c.error,
        )
        .join(latest, latest.c.id == job_runs.c.id)
        .order_by(job_runs.c.job)
    )
    schema: dict[str, pl.DataType] = {
        "job": pl.String(),
        "started_at": pl.Datetime("us", "UTC"),
        "finished_at": pl.Datetime("us", "UTC"),
        "status": pl.String(),
        "processed": pl.Int64(),
        "error": pl.String(),
    }
    return pl.DataFrame([tuple(r) for r in _rows(engine, stmt)], schema=schema, orient="row")


def scheduler_alive(beats: pl.DataFrame, now: datetime) -> bool:
    """Did any job start within the last five minutes?"""
    if beats.is_empty():
        return False
    last = beats["started_at"].max()
    return isinstance(last, datetime) and now - last <= HEARTBEAT_LIMIT
