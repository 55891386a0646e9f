"""How customers felt, and the survey outbox and answers that record it.

One latent satisfaction per conversation drives CSAT, NPS, the survey's "resolved" answer,
comments, and (in activity.py) whether the customer keeps buying.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from queries.demo.clock import ZoneClock, day_start, hour_of_day
from queries.demo.columns import int_column, labels, masked, utc_column
from queries.demo.names import COMMENT_THEMES, COMMENTS
from queries.demo.people import LOCALES, ZONES, CustomerPool, locale_index
from queries.demo.roster import TEAMS, Staff
from queries.demo.service import HARD, Service
from queries.demo.spec import DAY, HOUR, SURVEY_QUIET_DAYS, Timeline
from queries.demo.traffic import CHANNELS, Arrivals

# Waits (s) that customers of each channel (chat, email, phone, social) take in their stride.
TOLERANCE = np.array([120.0, 4 * HOUR, 60.0, 30 * 60.0])
CSAT_STEPS = np.array([-0.9, -0.3, 0.25, 1.0])
SURVEY_DELAY = 2 * HOUR
QUIET_START, QUIET_END = 21, 9
LINK_DAYS = 28
FAILED_SHARE = 0.005
BOUNCE = "550 5.1.1 recipient address rejected"


def satisfaction(
    rng: np.random.Generator,
    arrivals: Arrivals,
    service: Service,
    fcr: np.ndarray,
    pool: CustomerPool,
) -> np.ndarray:
    """Latent satisfaction: lower after long waits, no answer, repeat contacts and reopens."""
    slow = np.minimum(np.log1p(service.wait_s / TOLERANCE[arrivals.channel]), 4.0)
    return (
        1.7
        + pool.mood[arrivals.customer]
        - 0.4 * np.where(service.answered, slow, 0.0)
        - 1.5 * ~service.answered
        - 1.1 * ~fcr
        - 0.3 * service.reopened
        - 0.25 * HARD[arrivals.category]
        + rng.normal(0, 0.6, arrivals.size)
    )


def _due(
    clock: ZoneClock, zone: np.ndarray, created_s: np.ndarray, jitter: np.ndarray
) -> np.ndarray:
    """Move a send time out of the customer's local quiet hours (21:00–09:00) to 09:00."""
    local = clock.to_local(zone, created_s)
    hour = hour_of_day(local)
    quiet = (hour >= QUIET_START) | (hour < QUIET_END)
    morning = day_start(local) + QUIET_END * HOUR + np.where(hour >= QUIET_START, DAY, 0)
    return np.where(quiet, clock.to_utc(zone, morning + jitter), created_s)


def invitations(
    rng: np.random.Generator,
    arrivals: Arrivals,
    service: Service,
    pool: CustomerPool,
    staff: Staff,
    timeline: Timeline,
    clock: ZoneClock,
) -> pl.DataFrame:
    """Invitations for resolved, answered conversations, except the newest two days'."""
    cutoff = timeline.horizon_s - SURVEY_QUIET_DAYS * DAY
    eligible = np.flatnonzero(service.resolved & service.answered & (service.resolved_s <= cutoff))
    enqueued = service.resolved_s[eligible] + SURVEY_DELAY + rng.integers(0, 300, eligible.size)
    order = np.argsort(enqueued, kind="stable")
    conv, created, n = eligible[order], enqueued[order], eligible.size
    customer, agent = arrivals.customer[conv], service.agent[conv]
    zone_index = np.array([clock.index(z.name) for z in ZONES])[pool.zone[customer]]
    due = _due(clock, zone_index, created, rng.integers(0, 600, n))
    opted_out, no_address = pool.opt_out[customer], ~pool.has_email[customer]
    failed = ~opted_out & ~no_address & (rng.random(n) < FAILED_SHARE)
    sent = ~opted_out & ~no_address & ~failed
    sent_at = due + rng.integers(5, 240, n)
    return pl.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "conversation_id": conv + 1,
            "customer_id": customer + 1,
            "agent_id": agent,
            "team": labels(TEAMS, staff.team[agent - 1]),
            "locale": labels(LOCALES, locale_index(pool, customer)),
            "channel": labels(CHANNELS, arrivals.channel[conv]),
            "status": labels(
                ("sent", "failed", "suppressed"), np.select([sent, failed], [0, 1], 2)
            ),
            "reason": labels(
                ("opted_out", "no_email", None), np.select([opted_out, no_address], [0, 1], 2)
            ),
            "due_at": utc_column(due),
            "attempts": np.select([sent, failed], [1, 5], 0),
            "last_error": labels((None, BOUNCE), failed.astype(np.int64)),
            "sent_at": utc_column(sent_at, sent),
            "expires_at": utc_column(sent_at + LINK_DAYS * DAY, sent),
            "created_at": utc_column(created),
        }
    )


def responses(
    rng: np.random.Generator,
    outbox: pl.DataFrame,
    feeling: np.ndarray,
    fcr: np.ndarray,
    service: Service,
    arrivals: Arrivals,
    timeline: Timeline,
) -> pl.DataFrame:
    """About 30 % of sent invitations get an answer through the link, before it expires."""
    sent = outbox.filter(pl.col("status") == "sent")
    conv = sent["conversation_id"].to_numpy() - 1
    n, score = conv.size, feeling[conv]
    answers = rng.random(n) < 0.24 + 0.1 * np.minimum(np.abs(score - 0.4), 1.5)
    sent_s = sent["sent_at"].dt.epoch("s").to_numpy()
    responded = sent_s + np.exp(rng.normal(np.log(3 * HOUR), 1.3, n)).astype(np.int64)
    answers &= (responded < timeline.horizon_s) & (responded < sent_s + LINK_DAYS * DAY)
    csat = 1 + (score[:, None] > CSAT_STEPS).sum(axis=1)
    nps = np.clip(np.round(5.8 + 2.2 * (score + rng.normal(0, 0.5, n))), 0, 10)
    said_resolved = rng.random(n) < np.where(fcr[conv], 0.9, 0.3)
    slow = service.wait_s[conv] > 4 * TOLERANCE[arrivals.channel[conv]]
    theme = np.select(
        [csat >= 4, slow & (csat <= 3), ~fcr[conv] & (csat <= 3)],
        [COMMENT_THEMES.index(t) for t in ("praise", "wait", "unresolved")],
        COMMENT_THEMES.index("neutral"),
    )
    comment = _comments(rng, (sent["locale"] == "zh-TW").to_numpy(), theme)
    keep = np.flatnonzero(answers)
    keep = keep[np.lexsort((conv[keep], responded[keep]))]
    return pl.DataFrame(
        {
            "id": np.arange(1, keep.size + 1),
            "conversation_id": conv[keep] + 1,
            "invitation_id": sent["id"].to_numpy()[keep],
            "csat": int_column(csat[keep], rng.random(n)[keep] >= 0.03),
            "nps": int_column(nps[keep], rng.random(n)[keep] >= 0.1),
            "resolved": masked(pl.Series(said_resolved[keep]), rng.random(n)[keep] >= 0.05),
            "comment": masked(comment[keep], (rng.random(n) < 0.18 + 0.25 * (csat <= 2))[keep]),
            "responded_at": utc_column(responded[keep]),
            "source": "link",
        }
    )


def _comments(rng: np.random.Generator, chinese: np.ndarray, theme: np.ndarray) -> pl.Series:
    """A comment of the given theme, in Traditional Chinese or English, for each answer."""
    texts: list[str] = []
    first = np.zeros((2, len(COMMENT_THEMES)), dtype=np.int64)
    count = np.zeros_like(first)
    for row, language in enumerate(("zh-TW", "en")):
        for column, name in enumerate(COMMENT_THEMES):
            pool = COMMENTS[(language, name)]
            first[row, column], count[row, column] = len(texts), len(pool)
            texts.extend(pool)
    language_row = np.where(chinese, 0, 1)
    pick = first[language_row, theme] + (
        rng.random(theme.size) * count[language_row, theme]
    ).astype(np.int64)
    return pl.Series("comment", texts, dtype=pl.String)[pick]
