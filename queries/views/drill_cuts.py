"""What a drill-down lists: a `Cut` names a slice of the period (channel, team, category,
segment, agent, the customer's local hour or night, a day or week of the display zone) and a
`measure`: which of the slice's conversations one §3 count counts
(`metrics.COUNT_CONDITIONS`). Conventions: a string cut of `NONE` ("") picks the rows where
that column is null (as `voice.UNCATEGORISED` does), an agent_id of `NO_AGENT` (0) the
conversations nobody answered; None means "any". The lists themselves: `drilldown` (the
frame path) and `drill_sql` (paged SQL).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args

import polars as pl

from queries.metrics.cuts import Grain
from queries.metrics.tallies import (
    COUNT_CONDITIONS,
    DETRACTOR_NPS,
    PROMOTER_NPS,
    RESOLVED,
    SATISFIED_CSAT,
)
from queries.metrics.thresholds import NEGATIVE_CSAT

Measure = Literal[
    "conversations", "responses", "invitations_sent", "first_responses",
    "csat_answers", "csat_satisfied", "csat_unsatisfied", "csat_negative", "csat_score",
    "nps_answers", "promoters", "passives", "detractors",
    "resolved", "first_contact_resolved", "repeat_contacts", "one_touch",
    "survey_fcr_answers", "survey_resolved",
]  # fmt: skip
MEASURES: tuple[Measure, ...] = get_args(Measure)
CUT_COLUMNS = ("channel", "team", "category", "segment", "agent_id", "local_hour", "local_night")
NONE = ""
NO_AGENT = 0
LIMIT = 500
ROW_COLUMNS = (
    "conversation", "customer", "opened_at", "channel", "category", "team", "agent",
    "first_response_s", "resolved_at", "csat", "nps", "repeat_contact", "comment",
)  # fmt: skip
"""The columns of `Drilldown.rows`; opened_at and resolved_at are UTC."""
TALLY_MEASURES: dict[Measure, str] = {
    "conversations": "conversations",
    "responses": "responses",
    "invitations_sent": "invitations_sent",
    "first_responses": "first_response_n",
    "csat_answers": "csat_n",
    "csat_satisfied": "csat_satisfied",
    "nps_answers": "nps_n",
    "promoters": "promoters",
    "detractors": "detractors",
    "resolved": "resolved",
    "first_contact_resolved": "resolved_first_contact",
    "one_touch": "resolved_one_touch",
    "survey_fcr_answers": "survey_resolved_n",
    "survey_resolved": "survey_resolved_yes",
}
"""The measures that are a `tally` count: measure → tally key (its `COUNT_CONDITIONS`)."""


def measure_filter(measure: Measure, score: int | None = None) -> pl.Expr | None:
    """The conversations a measure counts: the condition of its `tally` count
    (`metrics.COUNT_CONDITIONS`), or one of the few measures only the drill-down has. None
    for "conversations" (every row): no predicate at all, since a literal one such as
    `lit(True).fill_null(False)` breaks Polars 2.1's filter at ≥ ~50k rows."""
    key = TALLY_MEASURES.get(measure)
    if key == "conversations":
        return None
    if key is not None:
        return COUNT_CONDITIONS[key].fill_null(False)
    csat, nps = pl.col("csat"), pl.col("nps")
    extra = {
        "csat_unsatisfied": csat < SATISFIED_CSAT,
        "csat_negative": csat <= NEGATIVE_CSAT,
        "csat_score": csat == (score or 0),
        "passives": (nps > DETRACTOR_NPS) & (nps < PROMOTER_NPS),
        "repeat_contacts": RESOLVED & pl.col("repeat_contact"),
    }
    return extra[measure].fill_null(False)


@dataclass(frozen=True, slots=True)
class Cut:
    """A slice of the period and the measure counted in it; hashable (a cache key)."""

    measure: Measure = "conversations"
    score: int | None = None
    channel: str | None = None
    team: str | None = None
    category: str | None = None
    segment: str | None = None
    agent_id: int | None = None
    local_hour: int | None = None
    local_night: bool | None = None
    bucket: date | None = None
    grain: Grain = "day"

    def __post_init__(self) -> None:
        if self.measure not in MEASURES:
            raise ValueError(f"unknown measure {self.measure!r}")
        if (self.measure == "csat_score") != (self.score in range(1, 6)):
            raise ValueError("a csat_score cut needs a score 1–5, and only it takes one")
        if self.local_hour is not None and self.local_hour not in range(24):
            raise ValueError(f"local_hour must be 0–23, got {self.local_hour}")

    @property
    def needs_zones(self) -> bool:
        return self.local_hour is not None or self.local_night is not None


@dataclass(frozen=True, slots=True)
class Drilldown:
    """rows: `ROW_COLUMNS` of the newest `limit` matching conversations, newest first;
    total: every match."""

    rows: pl.DataFrame
    total: int

    @property
    def empty(self) -> bool:
        return self.total == 0

    @property
    def capped(self) -> bool:
        """Fewer rows are listed than match."""
        return self.rows.height < self.total


@dataclass(frozen=True, slots=True)
class DrillChoices:
    """What each cut can take in the period (the same for every cut, so computed once): the
    values of each of `CUT_COLUMNS` and of the buckets "day" and "week" present in the period,
    in order, `NONE`/`NO_AGENT` last and agents by name; agents: id → name of those present."""

    channel: tuple[str, ...]
    team: tuple[str, ...]
    category: tuple[str, ...]
    segment: tuple[str, ...]
    agent_id: tuple[int, ...]
    local_hour: tuple[int, ...]
    local_night: tuple[bool, ...]
    day: tuple[date, ...]
    week: tuple[date, ...]
    agents: dict[int, str]

    def of(self, by: str) -> tuple[Any, ...]:
        """The values the cut `by` (one of `CUT_COLUMNS`, "day" or "week") can take."""
        values: tuple[Any, ...] = getattr(self, by)
        return values

    @property
    def empty(self) -> bool:
        return not self.day
