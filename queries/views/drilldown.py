"""The conversations behind a number: from a tile or a chart cut to the list itself
(`drill_cuts` defines the cuts and measures).

`conversations_behind` lists a cut by paged SQL (`drill_sql`) where SQL can say it, else by
filtering the same `cuts.kpi_conversations` frame the pages count (`behind`), so its `total`
is the n a page shows for that cut either way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.metrics.cuts import (
    agent_names,
    customer_zones,
    kpi_conversations,
    with_bucket,
    with_local_hour,
)
from queries.metrics.hours import is_night
from queries.metrics.tallies import FIRST_RESPONSE_S
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import conversations, customers, survey_responses
from queries.views import drill_sql
from queries.views.drill_cuts import (
    CUT_COLUMNS,
    LIMIT,
    MEASURES,
    NO_AGENT,
    NONE,
    ROW_COLUMNS,
    Cut,
    DrillChoices,
    Drilldown,
    Measure,
    measure_filter,
)

__all__ = [
    "CUT_COLUMNS",
    "LIMIT",
    "MEASURES",
    "NONE",
    "NO_AGENT",
    "ROW_COLUMNS",
    "Cut",
    "DrillChoices",
    "Drilldown",
    "Measure",
    "measure_filter",
]  # fmt: skip


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


def cut_choices(values: Mapping[str, pl.Series], days: pl.Series) -> dict[str, tuple[Any, ...]]:
    """The values each cut can take, by cut name (`NONE` or `NO_AGENT` last; agents by id),
    from the period's `values` of each column and its local `days` with conversations."""
    choices: dict[str, tuple[Any, ...]] = {}
    for name in ("channel", "team", "category", "segment", "agent_id"):
        found = values[name].unique()
        missing = (NO_AGENT if name == "agent_id" else NONE,) if found.null_count() else ()
        choices[name] = (*found.drop_nulls().sort().to_list(), *missing)
    choices["local_hour"] = tuple(range(24))
    choices["local_night"] = (True, False)
    choices["day"] = tuple(days.unique().sort().to_list())
    choices["week"] = tuple(days.dt.truncate("1w").unique().sort().to_list())
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
    """The period's conversations in `cut`: the newest `limit` of them and how many in all;
    by paged SQL where it can say the cut, else from the period's frame."""
    if drill_sql.in_sql(cut):
        return drill_sql.listed(engine, filters, cut, fcr_window_days, limit)
    frame = kpi_conversations(engine, filters, fcr_window_days)
    return behind(engine, frame, filters, cut, limit=limit)


def behind(
    engine: Engine, frame: pl.DataFrame, filters: Filters, cut: Cut, *, limit: int = LIMIT
) -> Drilldown:
    """`conversations_behind` from the period's `kpi_conversations` frame already read: the
    cuts SQL cannot say (`drill_sql.in_sql`)."""
    zones = customer_zones(engine) if cut.needs_zones else None
    matching = select_cut(frame, cut, zones, filters.tz)
    latest = newest(matching, limit)
    agents = agent_names(engine)
    rows = describe(latest, labels(engine, latest.get_column("id").to_list()), agents)
    return Drilldown(rows=rows, total=matching.height)


def drill_choices(engine: Engine, filters: Filters) -> DrillChoices:
    """The values each cut can take in the filtered period, and the names of its agents:
    small reads (`drill_sql.period_values`), never the period's rows."""
    values, days = drill_sql.period_values(engine, filters)
    agents = agent_names(engine)
    ids = values["agent_id"].unique().to_frame()
    present: dict[int, str] = dict(agents.join(ids, on="agent_id", how="semi").rows())
    choices = cut_choices(values, days)
    by_name = sorted(choices["agent_id"], key=lambda v: (v == NO_AGENT, present.get(v, ""), v))
    return DrillChoices(**(choices | {"agent_id": tuple(by_name)}), agents=present)
