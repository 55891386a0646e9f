"""Survey operations for supervisors: the funnel, response rates, the queue, failures and the
jobs heartbeat. Aggregates run in SQL (the results are small); frames come back typed.

The funnel, the outcomes and the rates follow the §3 period rule with every sidebar filter
(`metrics.periods.in_period` on `period_source`): a conversation belongs to the period when its
opened_at falls inside it and its channel, agent team and customer segment pass the filters.
The queue, the failures and the heartbeat describe the outbox now, whatever the period.

Each section has its own typed view: `SurveyFunnel`, `ResponseRates`, `SurveyQueue` and
`Heartbeat` (the failures are a plain frame). The funnel and the rates are sums of one read,
`survey_counts`. Every response
rate is §3's `response_rate` (`queries.metrics.tallies.rates`): answers via the link per
invitation sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.metrics.periods import in_period, period_source
from queries.metrics.rates import Rate, rate_from
from queries.metrics.tallies import rates
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import conversations, job_runs, survey_invitations, survey_responses

inv = survey_invitations
HEARTBEAT_LIMIT = timedelta(minutes=5)


COUNT_KEYS = ("channel", "locale", "status", "reason")


def survey_counts(engine: Engine, filters: Filters) -> pl.DataFrame:
    """One read of the period's conversations with their invitations and answers, per
    (channel, locale, status, reason): conversations, resolved, invited (invitations) and
    answered (answers through a link). status is null for conversations with no invitation.
    The funnel, the outcomes and the response rates are sums of it."""
    c, r = conversations.c, survey_responses.c
    stmt = (
        sa.select(
            c.channel,
            inv.c.locale,
            inv.c.status,
            inv.c.reason,
            sa.func.count(c.id).label("conversations"),
            sa.func.count(c.id).filter(c.resolved_at.is_not(None)).label("resolved"),
            sa.func.count(inv.c.id).label("invited"),
            sa.func.count(r.id).filter(r.source == "link", inv.c.id.is_not(None)).label("answered"),
        )
        .select_from(
            period_source(filters)
            .outerjoin(inv, inv.c.conversation_id == c.id)
            .outerjoin(survey_responses, r.conversation_id == c.id)
        )
        .where(*in_period(filters))
        .group_by(c.channel, inv.c.locale, inv.c.status, inv.c.reason)
    )
    counts = ("conversations", "resolved", "invited", "answered")
    return read_frame(engine, stmt).cast({name: pl.Int64 for name in counts})


def funnel(counts: pl.DataFrame) -> pl.DataFrame:
    """(stage, count) of `survey_counts`: resolved conversations → invitations → sent →
    answered via a link (of a sent invitation)."""
    sent = pl.col("status") == "sent"
    stages = counts.select(
        resolved=pl.col("resolved").sum(),
        invited=pl.col("invited").sum(),
        sent=pl.col("invited").filter(sent).sum(),
        answered=pl.col("answered").filter(sent).sum(),
    ).cast(pl.Int64)
    return stages.unpivot(variable_name="stage", value_name="count")


def outcomes(counts: pl.DataFrame) -> pl.DataFrame:
    """(status, reason, count) of the period's invitations (`survey_counts`), largest first."""
    return (
        counts.filter(pl.col("invited") > 0)
        .group_by("status", "reason")
        .agg(count=pl.col("invited").sum())
        .sort(["count", "status"], descending=[True, False])
    )


def response_counts(counts: pl.DataFrame) -> pl.DataFrame:
    """(channel, locale, sent, answered) of `survey_counts`: sent invitations and the answers
    that came through their links; every cut of `rates_by` sums it."""
    return (
        counts.filter(pl.col("status") == "sent")
        .group_by("channel", "locale")
        .agg(sent=pl.col("invited").sum(), answered=pl.col("answered").sum())
    )


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


def survey_funnel(counts: pl.DataFrame) -> SurveyFunnel:
    """The funnel section from `survey_counts`: the funnel and the outcomes."""
    stages, results = funnel(counts), outcomes(counts)
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


def survey_response_rates(counts: pl.DataFrame) -> ResponseRates:
    """The response rates section from `survey_counts`."""
    sent = response_counts(counts)
    return ResponseRates(rates_by(sent, "channel"), rates_by(sent, "locale"))


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
