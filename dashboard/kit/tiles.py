"""KPI tiles built from the queries' counts, rates and changes, formatted for the language."""

from __future__ import annotations

from typing import Any, Literal

import polars as pl

from dashboard.i18n import _, duration, number, percent, signed_duration
from dashboard.i18n import signed as signed_number
from dashboard.kit.components import Tile
from queries.metrics.changes import Change
from queries.views.overview import Overview

Better = Literal["higher", "lower"]


def interval(bounds: list[float] | None, *, signed: bool = False, suffix: str = "") -> str | None:
    if bounds is None:
        return None
    low, high = bounds
    if signed:
        return f"{signed_number(low)} – {signed_number(high)}{suffix}"
    return f"{number(low, 1)} – {number(high, 1)}{suffix}"


def nps_text(value: float | None) -> str:
    return signed_number(value)


def change_parts(
    change: Change, text: str | None, better: Better
) -> tuple[str | None, Literal["normal", "inverse", "off"], str | None]:
    """delta text, its colour, and a note: colour only for a change that is more than noise."""
    if change.difference is None or text is None:
        return None, "off", None
    if change.significant:
        return text, "normal" if better == "higher" else "inverse", _("vs previous period")
    if change.p_value is None:
        return text, "off", _("vs previous period, not tested")
    return (
        text,
        "off",
        _("vs previous period: within noise (p = {p})").format(p=number(change.p_value, 2)),
    )


def points(difference: float | None) -> str | None:
    return (
        None if difference is None else _("{value} pts").format(value=signed_number(difference, 1))
    )


def seconds(difference: float | None) -> str | None:
    if difference is None:
        return None
    return signed_duration(difference)


def rate_tile(data: Overview, key: str, label: str, n_key: str, help_text: str) -> Tile:
    delta, color, note = change_parts(
        data.changes[key], points(data.changes[key].difference), "higher"
    )
    ci = data.values.get(f"{key}_ci")
    return Tile(
        label,
        percent(data.values[key]),
        n=data.counts[n_key],
        help=help_text,
        interval=interval(ci, suffix="%"),
        delta=delta,
        delta_color=color,
        delta_note=note,
    )


def overview_tiles(data: Overview) -> list[Tile]:
    values, counts, changes = data.values, data.counts, data.changes
    nps_delta = changes["nps"].difference
    nps_parts = change_parts(
        changes["nps"], None if nps_delta is None else signed_number(nps_delta, 1), "higher"
    )
    wait_change = changes["first_response_median_s"]
    wait_parts = change_parts(wait_change, seconds(wait_change.difference), "lower")
    conversations = changes["conversations"].difference
    return [
        Tile(
            _("Conversations"),
            number(values["conversations"]),
            delta=None if conversations is None else signed_number(conversations),
            delta_note=_("vs previous period"),
            help=_("Conversations opened in the period (display time zone)."),
        ),
        rate_tile(
            data, "csat", _("CSAT"), "csat_n", _("Share of survey answers scoring 4 or 5 out of 5.")
        ),
        Tile(
            _("NPS"),
            nps_text(values["nps"]),
            n=counts["nps_n"],
            interval=interval(values["nps_ci"], signed=True),
            delta=nps_parts[0],
            delta_color=nps_parts[1],
            delta_note=nps_parts[2],
            help=_("Promoters (9–10) minus detractors (0–6), as a share of NPS answers."),
        ),
        rate_tile(
            data,
            "fcr",
            _("FCR"),
            "resolved",
            _(
                "Resolved conversations never reopened and without a repeat contact "
                "about the same topic within the window."
            ),
        ),
        rate_tile(
            data,
            "retention_90d",
            _("90-day retention"),
            "retention_eligible",
            _(
                "Customers active within 90 days after their first contact in the period "
                "(only customers whose 90 days have passed)."
            ),
        ),
        rate_tile(
            data,
            "response_rate",
            _("Survey response rate"),
            "invitations_sent",
            _("Answers through the survey link per invitation sent."),
        ),
        Tile(
            _("Median first response"),
            duration(values["first_response_median_s"]),
            n=counts["first_response_n"],
            delta=wait_parts[0],
            delta_color=wait_parts[1],
            delta_note=wait_parts[2],
            help=_("Half of the answered conversations got a first reply faster than this."),
        ),
    ]


def cost_value_tables(data: Overview) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The cost-centre view and the value-centre view, this period against the previous one."""
    now, before = data.cost, data.previous_cost

    def minutes(cost: dict[str, Any]) -> float | None:
        return None if cost["aht_s"] is None else cost["aht_s"] / 60

    cost_rows = [
        (_("Conversations"), now["volume"], before["volume"], 0),
        (_("Average handle time (min)"), minutes(now), minutes(before), 1),
        (_("Agent-hours on shift"), now["agent_hours"], before["agent_hours"], 0),
        (_("Contacts per agent-hour"), now["contacts_per_agent_hour"],
         before["contacts_per_agent_hour"], 2),
    ]  # fmt: skip
    value_rows = [
        (label, data.values[key], data.previous_values[key], 1)
        for key, label in (("csat", _("CSAT (%)")), ("nps", _("NPS")), ("fcr", _("FCR (%)")),
                           ("retention_90d", _("90-day retention (%)")))
    ]  # fmt: skip
    return _comparison(cost_rows, _("Cost-centre view")), _comparison(
        value_rows, _("Value-centre view")
    )


def _comparison(
    rows: list[tuple[str, float | None, float | None, int]], title: str
) -> pl.DataFrame:
    """Formatted as read (grouping, fixed decimals, "—" where a rate is undefined)."""
    schema = [title, _("This period"), _("Previous period")]
    formatted = [(label, number(a, digits), number(b, digits)) for label, a, b, digits in rows]
    return pl.DataFrame(formatted, schema=schema, orient="row")
