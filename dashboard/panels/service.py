"""Pieces of the service-by-hour and next-week pages: tiles, controls and translated tables."""

from __future__ import annotations

from typing import Any, Literal

import polars as pl
import streamlit as st

from dashboard.i18n import _, day, duration, number, percent, signed, signed_duration
from dashboard.kit.components import Tile
from dashboard.panels.coverage import weekday_names
from queries.views.next_week import DEFAULT_WEEKS, Forecast, forecast_summary

MAX_WEEKS = 12


def _side(night_day: pl.DataFrame, night: bool) -> dict[str, Any]:
    return night_day.filter(pl.col("night") == night).row(0, named=True)


def _points(night: float | None, day: float | None) -> str | None:
    if night is None or day is None or round(night - day, 1) == 0:
        return None
    # the number leads, in every language: st.metric reads the arrow from a leading "-"
    unit = _("pts vs day")
    return f"{signed(night - day, 1)} {unit}"


def _slower(night: float | None, day: float | None) -> str | None:
    if night is None or day is None or round(night - day) == 0:
        return None
    vs_day = _("vs day")
    return f"{signed_duration(night - day)} {vs_day}"


def night_day_tiles(night_day: pl.DataFrame, target_s: float) -> list[list[Tile]]:
    """Two rows of four tiles, night (with its difference from the day) then day."""
    night, day = _side(night_day, True), _side(night_day, False)
    total = night["conversations"] + day["conversations"]
    deltas = {
        "wait": _slower(night["first_response_median_s"], day["first_response_median_s"]),
        "level": _points(night["service_level"], day["service_level"]),
        "csat": _points(night["csat"], day["csat"]),
    }
    rows = []
    for side, label in ((night, _("Night (22:00–07:00)")), (day, _("Daytime (07:00–22:00)"))):
        delta = deltas if side is night else {}
        good: Literal["normal", "off"] = "normal" if delta else "off"
        share = percent(100 * side["conversations"] / total if total else None)
        rows.append(
            [
                Tile(
                    label,
                    number(side["conversations"]),
                    help=_("Share of the period's contacts: {share}").format(share=share),
                ),
                Tile(
                    _("Median first response"),
                    duration(side["first_response_median_s"]),
                    n=side["first_response_n"],
                    delta=delta.get("wait"),
                    delta_color="inverse" if delta else "off",
                    help=_("90th percentile: {p90}").format(
                        p90=duration(side["first_response_p90_s"])
                    ),
                ),
                Tile(
                    _("Answered within {seconds} s").format(seconds=number(target_s)),
                    percent(side["service_level"]),
                    n=side["conversations"],
                    delta=delta.get("level"),
                    delta_color=good,
                ),
                Tile(
                    _("CSAT"),
                    percent(side["csat"]),
                    n=side["csat_n"],
                    delta=delta.get("csat"),
                    delta_color=good,
                ),
            ]
        )
    return rows


def hours_table(by_hour: pl.DataFrame) -> pl.DataFrame:
    """Per hour: contacts, median and p90 first response (min), service level and CSAT."""
    minutes = 60
    return by_hour.select(
        pl.format("{}:00", pl.col("hour").cast(pl.String).str.zfill(2)).alias(_("Hour")),
        pl.col("conversations").alias(_("Conversations")),
        (pl.col("first_response_median_s") / minutes)
        .round(1)
        .alias(_("Median first response (min)")),
        (pl.col("first_response_p90_s") / minutes).round(1).alias(_("p90 first response (min)")),
        pl.col("service_level").round(1).alias(_("Service level (%)")),
        pl.col("csat").round(1).alias(_("CSAT (%)")),
        pl.col("csat_n").alias(_("CSAT responses")),
    )


def weeks_control() -> int:
    return int(
        st.columns([1, 3])[0].number_input(
            _("Weeks of history"),
            min_value=1,
            max_value=MAX_WEEKS,
            value=DEFAULT_WEEKS,
            step=1,
            key="next_week_weeks",
        )
    )


def forecast_tiles(hours: pl.DataFrame, aht_s: float | None) -> list[Tile]:
    summary = forecast_summary(hours)
    return [
        Tile(_("Expected contacts"), number(summary["contacts"])),
        Tile(
            _("Agent-hours required"),
            number(summary["agent_hours_required"]),
            help=_(
                "Agents on shift needed to meet the service target, summed over the hours, "
                "at an average handle time of {aht}."
            ).format(aht=duration(aht_s)),
        ),
        Tile(_("Agent-hours on shift"), number(summary["agent_hours_scheduled"], 1)),
        Tile(
            _("Agent-hours short"),
            number(summary["agent_hours_missing"], 1),
            help=_("Sum of the positive shift gaps over the coming week."),
        ),
    ]


def forecast_gaps_table(gaps: pl.DataFrame) -> pl.DataFrame:
    """The coming understaffed hours, in time order, with translated headers."""
    return gaps.select(
        pl.format(
            "{} {}",
            pl.col("date").dt.to_string("%Y-%m-%d"),
            pl.col("weekday").replace_strict(
                dict(enumerate(weekday_names())), return_dtype=pl.String
            ),
        ).alias(_("Date")),
        pl.format("{}:00", pl.col("hour").cast(pl.String).str.zfill(2)).alias(_("Hour")),
        pl.col("demand").round(1).alias(_("Contacts expected")),
        pl.col("scheduled").round(1).alias(_("Agents on shift")),
        pl.col("required").alias(_("Agents required")),
        pl.col("gap").round(1).alias(_("Agents missing")),
    )


def forecast_span(result: Forecast, zone: str) -> str:
    """'From <first day> 14:00 to <last day>, times in <zone>'."""
    last = result.hours.get_column("date").to_list()[-1]
    return _("From {start} {hour}:00 to {end}, times in {zone}").format(
        start=day(result.first.date()), hour=f"{result.first.hour:02d}", end=day(last), zone=zone
    )
