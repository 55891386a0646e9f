"""Survey operations for supervisors: the funnel, response rates, the queue, failures and the
jobs heartbeat. Aggregates run in SQL (the results are small); frames come back typed.

The funnel, the outcomes and the rates follow the §3 period rule with every sidebar filter
(`metrics.periods.in_period` on `period_source`): a conversation belongs to the period when its
opened_at falls inside it and its channel, agent team and customer segment pass the filters.
The queue, the failures and the heartbeat describe the outbox now, whatever the period.

The page's sections read separately, so each has its own typed view: `SurveyFunnel`,
`ResponseRates`, `SurveyQueue` and `Heartbeat` (the failures are a plain frame). Every response
rate is §3's `response_rate` (`queries.metrics.tallies.rates`): answers via the link per
invitation sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.sql import FromClause

from queries.metrics.periods import in_period, period_source
from queries.metrics.rates import Rate, rate_from
from queries.metrics.tallies import rates
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import conversations, job_runs, survey_invitations, survey_responses

inv = survey_invitations
HEARTBEAT_LIMIT = timedelta(minutes=5)


def _invitations_in_period(filters: Filters) -> FromClause:
    """The period's (filtered) conversations joined to their invitations."""
    return period_source(filters).join(inv, inv.c.conversation_id == conversations.c.id)


def funnel(engine: Engine, filters: Filters) -> pl.DataFrame:
    """(stage, count): resolved conversations → invitations → sent → answered via a link.

    One read. invited, sent and answered equal the sums of `outcomes` and `response_counts`
    (tested), but `resolved` counts conversations that have no invitation, which neither of
    those reads sees, so deriving the funnel from them would still need a read of its own."""
    stages: dict[str, Any] = {
        "resolved": sa.func.count(conversations.c.id).filter(
            conversations.c.resolved_at.is_not(None)
        ),
        "invited": sa.func.count(inv.c.id),
        "sent": sa.func.count(inv.c.id).filter(inv.c.status == "sent"),
        "answered": sa.func.count(survey_responses.c.id).filter(
            survey_responses.c.source == "link", inv.c.status == "sent"
        ),
    }
    stmt = (
        sa.select(*(count.label(stage) for stage, count in stages.items()))
        .select_from(
            period_source(filters)
            .outerjoin(inv, inv.c.conversation_id == conversations.c.id)
            .outerjoin(survey_responses, survey_responses.c.conversation_id == conversations.c.id)
        )
        .where(*in_period(filters))
    )
    return read_frame(engine, stmt).unpivot(variable_name="stage", value_name="count")


def outcomes(engine: Engine, filters: Filters) -> pl.DataFrame:
    """(status, reason, count) of the period's invitations, largest first."""
    stmt = (
        sa.select(inv.c.status, inv.c.reason, sa.func.count().label("count"))
        .select_from(_invitations_in_period(filters))
        .where(*in_period(filters))
        .group_by(inv.c.status, inv.c.reason)
    )
    return read_frame(engine, stmt).sort(["count", "status"], descending=[True, False])


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
            _invitations_in_period(filters).outerjoin(
                survey_responses, survey_responses.c.conversation_id == inv.c.conversation_id
            )
        )
        .where(inv.c.status == "sent", *in_period(filters))
        .group_by(conversations.c.channel, inv.c.locale)
    )
    return read_frame(engine, stmt)


def rates_by(counts: pl.DataFrame, by: str) -> pl.DataFrame:
    """(`by`, sent, answered, rate) from `response_counts`; rate is 0–100, null when none sent."""
    if by not in ("channel", "locale"):
        raise ValueError(f"response rates are by channel or locale, not {by!r}")
    frame = counts.group_by(by).agg(pl.col("sent").sum(), pl.col("answered").sum()).sort(by)
    shares = [
        response_rate(answered, sent).value
        for answered, sent in zip(frame["answered"], frame["sent"], strict=True)
    ]
    return frame.with_columns(rate=pl.Series(shares, dtype=pl.Float64))


def response_rate(answered: int, sent: int) -> Rate:
    """§3's response_rate of `sent` invitations and the `answered` ones (n = sent)."""
    counts = {"link_responses": answered, "invitations_sent": sent}
    return rate_from(rates(counts), counts, "response_rate")


def queue(engine: Engine, now: datetime, horizon: timedelta = timedelta(hours=24)) -> pl.DataFrame:
    """(due_hour, locale, pending): pending invitations due before now + horizon, per UTC hour;
    everything already due is counted in the hour `now` falls in."""
    stmt = sa.select(inv.c.due_at, inv.c.locale).where(
        inv.c.status == "pending", inv.c.due_at < now + horizon
    )
    this_hour = pl.lit(now.replace(minute=0, second=0, microsecond=0), pl.Datetime("us", "UTC"))
    due = pl.max_horizontal(pl.col("due_at"), this_hour)
    return (
        read_frame(engine, stmt)
        .group_by(due_hour=due.dt.truncate("1h"), locale=pl.col("locale"))
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
    return read_frame(engine, stmt)


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
    return read_frame(engine, stmt)


def scheduler_alive(beats: pl.DataFrame, now: datetime) -> bool:
    """Did any job start within the last five minutes?"""
    if beats.is_empty():
        return False
    last = beats["started_at"].max()
    return isinstance(last, datetime) and now - last <= HEARTBEAT_LIMIT


@dataclass(frozen=True, slots=True)
class SurveyFunnel:
    """stages: `funnel`; outcomes: `outcomes`; sent: surveys sent; response_rate: answered via
    the link per survey sent; failed: the invitations that failed."""

    stages: pl.DataFrame
    outcomes: pl.DataFrame
    sent: int
    response_rate: Rate
    failed: int

    @property
    def empty(self) -> bool:
        return int(self.stages["count"].sum()) == 0


def survey_funnel(engine: Engine, filters: Filters) -> SurveyFunnel:
    """The funnel section: the funnel and the outcomes (two reads)."""
    stages, results = funnel(engine, filters), outcomes(engine, filters)
    count = dict(zip(stages["stage"], stages["count"], strict=True))
    failed = int(results.filter(pl.col("status") == "failed")["count"].sum())
    rate = response_rate(count["answered"], count["sent"])
    return SurveyFunnel(stages, results, count["sent"], rate, failed)


@dataclass(frozen=True, slots=True)
class ResponseRates:
    """`rates_by` channel and by locale, from one read of `response_counts`."""

    by_channel: pl.DataFrame
    by_locale: pl.DataFrame

    @property
    def empty(self) -> bool:
        return self.by_channel.is_empty()


def survey_response_rates(engine: Engine, filters: Filters) -> ResponseRates:
    counts = response_counts(engine, filters)
    return ResponseRates(rates_by(counts, "channel"), rates_by(counts, "locale"))


@dataclass(frozen=True, slots=True)
class SurveyQueue:
    """due: `queue`; pending: the invitations due within the horizon."""

    due: pl.DataFrame
    pending: int

    @property
    def empty(self) -> bool:
        return self.due.is_empty()


def survey_queue(
    engine: Engine, now: datetime, horizon: timedelta = timedelta(hours=24)
) -> SurveyQueue:
    due = queue(engine, now, horizon)
    return SurveyQueue(due, int(due["pending"].sum()))


@dataclass(frozen=True, slots=True)
class Heartbeat:
    """jobs: `heartbeat`, each job's latest run."""

    jobs: pl.DataFrame

    @property
    def empty(self) -> bool:
        return self.jobs.is_empty()

    def alive(self, now: datetime) -> bool:
        """`scheduler_alive` at `now`."""
        return scheduler_alive(self.jobs, now)

    @property
    def send_paused(self) -> str | None:
        """The error of the latest send run when it failed (the mail server refused Vigil, or
        the database did not answer): the invitations wait for the next run that succeeds."""
        failed = self.jobs.filter((pl.col("job") == "send") & (pl.col("status") == "failed"))
        return None if failed.is_empty() else str(failed["error"][0] or "")

    def seconds_since(self, now: datetime) -> float | None:
        """Seconds from the latest start to `now` (0 if later); None without a run."""
        last = None if self.empty else self.jobs["started_at"].max()
        if not isinstance(last, datetime):
            return None
        return max((now - last).total_seconds(), 0.0)


def job_heartbeat(engine: Engine) -> Heartbeat:
    return Heartbeat(heartbeat(engine))
