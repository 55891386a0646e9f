"""The conversations behind a number: from a tile or a chart cut to the list itself.

A `Cut` names a slice of the period (channel, team, category, segment, agent, the customer's
local hour or night, a day or week of the display zone) and a `measure`: which of the slice's
conversations one §3 count counts (`metrics.COUNT_CONDITIONS`). `conversations_behind`
filters the same `breakdowns.kpi_conversations` frame the pages count, so its `total` is
the n a page shows for that cut. Conventions: a string cut of `NONE` ("") picks the rows
where that column is null (as `voice.UNCATEGORISED` does), an agent_id of `NO_AGENT` (0) the
conversations nobody answered; None means "any".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.metrics.cuts import (
    Grain,
    agent_names,
    customer_zones,
    kpi_conversations,
    with_bucket,
    with_local_hour,
)
from queries.metrics.hours import is_night
from queries.metrics.tallies import (
    COUNT_CONDITIONS,
    DETRACTOR_NPS,
    FIRST_RESPONSE_S,
    PROMOTER_NPS,
    RESOLVED,
    SATISFIED_CSAT,
)
from queries.metrics.thresholds import NEGATIVE_CSAT
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import conversations, customers, survey_responses

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


def select_cut(
    frame: pl.DataFrame, cut: Cut, zones: pl.DataFrame | None = None, tz: str = "UTC"
) -> pl.DataFrame:
    """The rows of a `kpi_conversations` frame in `cut` (pure; order not kept). `zones`
    (`breakdowns.customer_zones`) is needed for a local-hour or night cut; `tz` is the
    display zone (buckets, and customers without a zone)."""
    columns = frame.columns
    condition = measure_filter(cut.measure, cut.score)
    terms = [] if condition is None else [condition]
    for name in ("channel", "team", "category", "segment"):
        value = getattr(cut, name)
        if value is not None:
            terms.append(pl.col(name).is_null() if value == NONE else pl.col(name) == value)
    if cut.agent_id is not None:
        agent = pl.col("agent_id")
        terms.append(agent.is_null() if cut.agent_id == NO_AGENT else agent == cut.agent_id)
    if cut.needs_zones:
        if zones is None:
            raise ValueError("a local-hour or night cut needs the customers' zones")
        frame = with_local_hour(frame, zones, tz)
        if cut.local_hour is not None:
            terms.append(pl.col("local_hour") == cut.local_hour)
        if cut.local_night is not None:
            terms.append(is_night(pl.col("local_hour")) == cut.local_night)
    if cut.bucket is not None:
        frame = with_bucket(frame, tz, cut.grain)
        terms.append(pl.col("bucket") == cut.bucket)
    return frame.filter(*terms).select(columns)


def cut_choices(frame: pl.DataFrame, tz: str) -> dict[str, tuple[Any, ...]]:
    """The values each cut can take in a `kpi_conversations` frame, by cut name (`NONE` or
    `NO_AGENT` last; agents by id)."""
    choices: dict[str, tuple[Any, ...]] = {}
    for name in ("channel", "team", "category", "segment", "agent_id"):
        values = frame.get_column(name).unique()
        missing = (NO_AGENT if name == "agent_id" else NONE,) if values.null_count() else ()
        choices[name] = (*values.drop_nulls().sort().to_list(), *missing)
    choices["local_hour"] = tuple(range(24))
    choices["local_night"] = (True, False)
    for grain in get_args(Grain):
        buckets = with_bucket(frame.select("opened_at"), tz, grain).get_column("bucket")
        choices[grain] = tuple(buckets.unique().sort().to_list())
    return choices


def newest(frame: pl.DataFrame, limit: int) -> pl.DataFrame:
    return frame.sort(["opened_at", "id"], descending=True).head(limit)


def labels(engine: Engine, ids: list[int]) -> pl.DataFrame:
    """(id, conversation, customer, comment) of the conversations `ids`: external ids and the
    survey comment; one narrow read by id."""
    c, u, r = conversations.c, customers.c, survey_responses.c
    stmt = (
        sa.select(
            c.id, c.external_id.label("conversation"), u.external_id.label("customer"), r.comment
        )
        .select_from(
            conversations.join(customers, u.id == c.customer_id).outerjoin(
                survey_responses, r.conversation_id == c.id
            )
        )
        .where(c.id.in_(ids or [-1]))
    )
    return read_frame(engine, stmt)


def describe(latest: pl.DataFrame, named: pl.DataFrame, agents: pl.DataFrame) -> pl.DataFrame:
    """`ROW_COLUMNS` from `newest` rows, their `labels` and `agent_names` (pure)."""
    return (
        latest.join(named, on="id", how="left")
        .join(agents, on="agent_id", how="left")
        .sort(["opened_at", "id"], descending=True)
        .with_columns(first_response_s=FIRST_RESPONSE_S.cast(pl.Float64))
        .select(ROW_COLUMNS)
    )


def conversations_behind(
    engine: Engine, filters: Filters, cut: Cut, *, fcr_window_days: int = 7, limit: int = LIMIT
) -> Drilldown:
    """The period's conversations in `cut`: the newest `limit` of them and how many in all."""
    frame = kpi_conversations(engine, filters, fcr_window_days)
    return behind(engine, frame, filters, cut, limit=limit)


def behind(
    engine: Engine, frame: pl.DataFrame, filters: Filters, cut: Cut, *, limit: int = LIMIT
) -> Drilldown:
    """`conversations_behind` from the period's `kpi_conversations` frame already read (a
    dashboard reads the period once for every cut a user tries)."""
    zones = customer_zones(engine) if cut.needs_zones else None
    matching = select_cut(frame, cut, zones, filters.tz)
    latest = newest(matching, limit)
    agents = agent_names(engine)
    rows = describe(latest, labels(engine, latest.get_column("id").to_list()), agents)
    return Drilldown(rows=rows, total=matching.height)


def drill_choices(engine: Engine, filters: Filters, *, fcr_window_days: int = 7) -> DrillChoices:
    """The values each cut can take in the filtered period, and the names of its agents."""
    frame = kpi_conversations(engine, filters, fcr_window_days)
    return choices_in(engine, frame, filters.tz)


def choices_in(engine: Engine, frame: pl.DataFrame, tz: str) -> DrillChoices:
    """`drill_choices` from the period's `kpi_conversations` frame already read."""
    agents = agent_names(engine)
    present = dict(agents.join(frame.select("agent_id").unique(), on="agent_id", how="semi").rows())
    choices = cut_choices(frame, tz)
    by_name = sorted(choices["agent_id"], key=lambda v: (v == NO_AGENT, present.get(v, ""), v))
    return DrillChoices(**(choices | {"agent_id": tuple(by_name)}), agents=present)
