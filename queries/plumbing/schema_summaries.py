"""The summary tables the pages read instead of the period's rows (docs/summaries.md).

One row per 15-minute UTC bucket (`quarter` = epoch seconds // 900) and cut (channel, team,
segment): every real UTC offset is a multiple of 15 minutes, so any display zone's days and
periods are whole sets of quarters. Counts are additive; CSAT and NPS keep one count per
score; first-response waits keep a mergeable histogram (`queries.summaries.bins`). The same
counts per whole UTC day (`day` = epoch seconds // 86400, 96 quarters) let a period read its
inner days and only its two edge days' quarters."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Float, Index, Integer, SmallInteger, String, Table

from queries.plumbing.schema_base import UtcDateTime, metadata

CUTS = ("channel", "team", "segment")
QUARTER_S = 900  # a bucket: 15 minutes, in seconds
QUARTERS_A_DAY = 96
COUNTS = (
    "conversations",
    "responses",
    "resolved",
    "resolved_first_contact",
    "resolved_one_touch",
    "survey_resolved_n",
    "survey_resolved_yes",
    "first_response_n",
    "link_responses",
    "invitations_sent",
)
"""The additive §3 counts stored per bucket (their conditions: `metrics.tallies`)."""
CONTACT_HORIZONS = (30, 60, 90)  # days: retention and revenue horizons (`metrics.horizons`)
CSAT_SCORES = tuple(f"csat_{score}" for score in range(1, 6))
NPS_SCORES = tuple(f"nps_{score}" for score in range(0, 11))


def _cuts() -> list[Column[str]]:
    return [
        Column("channel", String(16), nullable=False),
        Column("team", String(64)),  # null: no agent
        Column("segment", String(32)),
    ]


summary_quarters = Table(
    "summary_quarters",
    metadata,
    Column("quarter", Integer, nullable=False),
    *_cuts(),
    *(Column(name, Integer, nullable=False) for name in (*COUNTS, *CSAT_SCORES, *NPS_SCORES)),
    Index(None, "quarter", *CUTS, "conversations"),  # covers the daily volume
)

summary_days = Table(
    "summary_days",
    metadata,
    Column("day", Integer, nullable=False),
    *_cuts(),
    *(Column(name, Integer, nullable=False) for name in (*COUNTS, *CSAT_SCORES, *NPS_SCORES)),
    Index(None, "day"),
)

summary_wait_bins = Table(
    "summary_wait_bins",
    metadata,
    Column("quarter", Integer, nullable=False),
    *_cuts(),
    Column("bin", SmallInteger, nullable=False),
    Column("n", Integer, nullable=False),
    Index(None, "quarter", *CUTS, "bin", "n"),  # covers the histogram
)

summary_contacts = Table(
    "summary_contacts",
    metadata,
    Column("conversation_id", Integer, primary_key=True, autoincrement=False),
    Column("customer_id", Integer, nullable=False),
    Column("opened_us", BigInteger, nullable=False),  # epoch microseconds, UTC
    Column("previous_us", BigInteger),  # the customer's previous opening; null: none
    *_cuts(),
    Column("csat_bucket", String(8), nullable=False),
    Column("fcr", String(4), nullable=False),
    Column("returned_after_us", BigInteger),  # null: no activity within the longest horizon
    *(Column(f"revenue_{days}", Float, nullable=False) for days in CONTACT_HORIZONS),
    Index(None, "opened_us"),
)
"""One row per conversation: its outcome as a customer's first contact and what followed it
(`metrics.worth.contact_facts`), so a period's cohort needs no activity rows."""

summary_state = Table(
    "summary_state",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("refreshed_at", UtcDateTime, nullable=False),
    Column("fcr_window_days", Integer, nullable=False),
    Column("dirty_from", UtcDateTime),  # set by a write the summaries do not hold yet
    Column("took_ms", Integer),  # how long the last refresh took
    Column("activity_seen", Integer),  # the highest customer_activity id the contacts hold
)
