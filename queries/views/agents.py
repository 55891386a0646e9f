"""The agent view for supervisors (docs/metrics.md, "3A scorecard", "Agents"): one row per
agent with conversations, CSAT, FCR, first response, handle time, review score and the three
pillars, each with its n (and interval where it is a proportion or a mean score), and a fair
comparison: what the floor reached on the same channels and customer-local hours."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.metrics.cuts import agent_names, group_rates
from queries.metrics.evidence import scorecard_inputs
from queries.metrics.pillars import PILLARS, Pillar, normal_interval, pillar_weights
from queries.metrics.reviews import mean_of, review_totals
from queries.metrics.stats import wilson_interval
from queries.metrics.threea import Inputs, with_service
from queries.metrics.threea_groups import three_a_by
from queries.plumbing.db import read_frame
from queries.plumbing.filters import Filters
from queries.plumbing.schema import agents as agents_table

CELL = ("channel", "local_hour")
"""The fair comparison's cell: an agent is compared with the floor on the same channel and
customer-local hour, weighted by the agent's own mix."""
FAIR = {  # rate -> (its n condition, its success condition), both per conversation
    "csat": (pl.col("csat").is_not_null(), pl.col("csat") >= 4),
    "fcr": (
        pl.col("resolved_at").is_not_null(),
        pl.col("resolved_at").is_not_null()
        & (pl.col("reopened_count") == 0)
        & ~pl.col("repeat_contact"),
    ),
    "service_level": (pl.col("sl_eligible"), pl.col("sl_within")),
}


@dataclass(frozen=True, slots=True)
class AgentsView:
    conversations: int
    table: pl.DataFrame
    """agent_id, agent, team, conversations, then per measure its value, n, low/high and, for
    csat, fcr and service_level, `<rate>_expected` (the floor on the same cells)."""

    @property
    def empty(self) -> bool:
        return self.conversations == 0

    def as_json(self) -> list[dict[str, Any]]:
        return self.table.to_dicts()


def agents_view(engine: Engine, filters: Filters, settings: Any) -> AgentsView:
    """The agents of the filtered period (`settings`: `scorecard.Settings3A`)."""
    inputs = scorecard_inputs(engine, filters, settings.fcr_window_days)
    frame = with_service(inputs.conversations, settings.targets)
    return AgentsView(frame.height, agent_table(engine, inputs, frame, settings, filters.tz))


def agent_table(
    engine: Engine, inputs: Inputs, frame: pl.DataFrame, settings: Any, tz: str
) -> pl.DataFrame:
    answered = frame.filter(pl.col("agent_id").is_not_null())
    if answered.height == 0:
        return pl.DataFrame(schema={"agent_id": pl.Int64, "agent": pl.String})
    rates = group_rates(
        answered,
        "agent_id",
        ["conversations", "csat_n", "resolved", "resolved_first_contact", "first_response_n"],
        ["csat", "fcr", "first_response_median_s"],
    )
    rates = rates.with_columns(_wilson("fcr", "resolved_first_contact", "resolved"))
    handle = answered.group_by("agent_id").agg(
        handle_mean_s=pl.col("handle_seconds").mean(),
        handle_n=pl.col("handle_seconds").count().cast(pl.Int64),
    )
    weights = settings.weights or pillar_weights()
    reviews = review_totals(inputs.scores)
    rows = []
    grouped = three_a_by(inputs, "agent_id", settings.targets, weights, settings.level, tz)
    reviewed = reviews.partition_by("agent_id", as_dict=True)
    for agent_id in rates["agent_id"].to_list():
        pillars = grouped[agent_id]
        score = mean_of(reviewed.get((agent_id,), reviews.clear())["review_score"])
        low, high = score.interval or (None, None)
        rows.append(
            {"agent_id": agent_id, "review_score": score.value, "reviews": score.n}
            | {"review_score_low": low, "review_score_high": high}
            | {p.key: p.value for p in pillars}
            | _pillar_bounds(pillars)
        )
    schema = {"agent_id": pl.Int64, "review_score": pl.Float64, "reviews": pl.Int64}
    schema |= {"review_score_low": pl.Float64, "review_score_high": pl.Float64}
    for name in PILLARS:
        schema |= {name: pl.Float64, f"{name}_low": pl.Float64, f"{name}_high": pl.Float64}
    extra = pl.DataFrame(rows, schema=schema, orient="row")
    table = rates.join(handle, on="agent_id", how="left").join(extra, on="agent_id", how="left")
    for rate, (n, success) in FAIR.items():
        table = table.join(fair(frame, rate, n, success), on="agent_id", how="left")
    names = agent_names(engine).join(_teams(engine), on="agent_id", how="left")
    return names.join(table, on="agent_id", how="right").sort("agent", nulls_last=True)


def _pillar_bounds(pillars: tuple[Pillar, ...]) -> dict[str, float | None]:
    """Each pillar's normal 95 % interval (docs/metrics.md, "3A scorecard")."""
    bounds: dict[str, float | None] = {}
    for p in pillars:
        low, high = normal_interval(p.value, p.se) or (None, None)
        bounds |= {f"{p.key}_low": low, f"{p.key}_high": high}
    return bounds


def _wilson(value: str, successes: str, n: str) -> list[pl.Expr]:
    bounds = pl.struct(successes, n).map_elements(
        lambda row: list(wilson_interval(row[successes], row[n]) or (None, None)),
        return_dtype=pl.List(pl.Float64),
    )
    return [bounds.list.get(0).alias(f"{value}_low"), bounds.list.get(1).alias(f"{value}_high")]


def fair(frame: pl.DataFrame, rate: str, n: pl.Expr, success: pl.Expr) -> pl.DataFrame:
    """Per agent: `<rate>` (their own share, for service_level with `_n`, `_low`, `_high`)
    and `<rate>_expected`: Σ over the cells (channel, customer-local hour) of the agent's n in
    the cell × the whole floor's rate in it, ÷ the agent's n. 100 × share, null without n."""
    marked = frame.with_columns(_n=n.fill_null(False), _s=(n & success).fill_null(False))
    floor = marked.group_by(CELL).agg(_floor=pl.col("_s").sum() / pl.col("_n").sum())
    own = (
        marked.filter(pl.col("agent_id").is_not_null() & pl.col("_n"))
        .join(floor, on=list(CELL), how="left")
        .group_by("agent_id")
        .agg(
            n=pl.len().cast(pl.Int64),
            s=pl.col("_s").sum().cast(pl.Int64),
            expected=100 * pl.col("_floor").mean(),
        )
    )
    columns = [pl.col("agent_id"), pl.col("expected").alias(f"{rate}_expected")]
    if rate == "service_level":
        columns += [
            (100 * pl.col("s") / pl.col("n")).alias(rate),
            pl.col("n").alias(f"{rate}_n"),
            *_wilson(rate, "s", "n"),
        ]
    return own.select(columns)


def _teams(engine: Engine) -> pl.DataFrame:
    a = agents_table.c
    return read_frame(engine, sa.select(a.id.label("agent_id"), a.team))
