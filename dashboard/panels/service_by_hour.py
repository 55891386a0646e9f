"""Pieces of the service-by-hour page: night-against-day tiles, its three charts and the
translated table of service per hour."""

from __future__ import annotations

from typing import Literal

import polars as pl

from dashboard.charts.rates import hour_rates
from dashboard.charts.service_by_hour import first_response_by_hour, service_level_by_channel
from dashboard.i18n import _, duration, number, percent, signed, signed_duration
from dashboard.kit.components import Tile, chart_block, table_block
from dashboard.kit.staffing import hour_label
from dashboard.sidebar import channel_labels
from queries.metrics.hours import night_hours
from queries.metrics.rates import Rate
from queries.plumbing.formats import rounded, rounded_column
from queries.views.service_by_hour import NightDay, ServiceHours, ServiceSide


def _points(rate: Rate) -> str | None:
    if rate.change is None or rounded(rate.change, 1) == 0:
        return None
    # the number leads, in every language: st.metric reads the arrow from a leading "-"
    unit = _("pts vs day")
    return f"{signed(rate.change, 1)} {unit}"


def _slower(rate: Rate) -> str | None:
    if rate.change is None or rounded(rate.change, 0) == 0:
        return None
    vs_day = _("vs day")
    return f"{signed_duration(rate.change)} {vs_day}"


def target_text(seconds: float) -> str:
    """A target as typed in: '60 s', '45 min', '4 h'."""
    if seconds < 120 or seconds % 60:
        return _("{n} s").format(n=number(seconds))
    if seconds < 7200 or seconds % 3600:
        return _("{n} min").format(n=number(seconds / 60))
    return _("{n} h").format(n=number(seconds / 3600))


def within_label(target_s: float | None) -> str:
    """'Answered within 60 s', or 'Answered within target' when the channels' targets differ."""
    if target_s is None:
        return _("Answered within target")
    return _("Answered within {seconds} s").format(seconds=number(target_s))


def targets_caption(view: ServiceHours) -> str:
    """'Targets: Chat 1 min, Email 4 h 00 min, …' (each channel's own)."""
    names = channel_labels()
    parts = [f"{names[c]} {target_text(t)}" for c, t in view.targets.items()]
    return _("Each channel is measured against its own target: {targets}.").format(
        targets=", ".join(parts)
    )


def _side_tiles(
    side: ServiceSide, label: str, target_s: float | None, compared: bool
) -> list[Tile]:
    """Four tiles of one side; `compared`: the deltas against the day (the night's row)."""
    good: Literal["normal", "off"] = "normal" if compared else "off"
    share = percent(side.share.value)
    return [
        Tile(
            label,
            number(side.conversations),
            help=_("Share of the period's contacts: {share}").format(share=share),
        ),
        Tile(
            _("Median first response"),
            duration(side.first_response.value),
            n=side.first_response.n,
            delta=_slower(side.first_response) if compared else None,
            delta_color="inverse" if compared else "off",
            help=_("90th percentile: {p90}").format(p90=duration(side.first_response_p90_s)),
        ),
        Tile(
            within_label(target_s),
            percent(side.service_level.value),
            n=side.service_level.n,
            delta=_points(side.service_level) if compared else None,
            delta_color=good,
        ),
        Tile(
            _("CSAT"),
            percent(side.csat.value),
            n=side.csat.n,
            delta=_points(side.csat) if compared else None,
            delta_color=good,
        ),
    ]


def night_day_tiles(night_day: NightDay, target_s: float | None) -> list[list[Tile]]:
    """Two rows of four tiles, night (with its difference from the day) then day."""
    return [
        _side_tiles(night_day.night, _("Night (22:00–07:00)"), target_s, True),
        _side_tiles(night_day.day, _("Daytime (07:00–22:00)"), target_s, False),
    ]


def first_response_chart(view: ServiceHours, hour_title: str) -> None:
    labels = {
        "median": _("Median"),
        "p90": _("90th percentile"),
        "p90_axis": _("90th percentile (min)"),
    }
    figure = first_response_by_hour(
        view.by_hour, labels, x_title=hour_title, y_title=_("First response (min)")
    )
    chart_block(figure, view.by_hour, "first-response-by-hour")


def service_level_chart(view: ServiceHours, hour_title: str) -> None:
    target = _("Target {level}% within each channel's target").format(
        level=number(view.target_level)
    )
    names = {
        c: f"{name} (≤ {target_text(view.targets[c])})" for c, name in channel_labels().items()
    }
    figure = service_level_by_channel(
        view.by_channel,
        names,
        view.target_level,
        target,
        x_title=hour_title,
        y_title=_("Answered within target (%)"),
    )
    chart_block(figure, view.by_channel, "service-level-by-hour")


def csat_chart_and_table(view: ServiceHours, hour_title: str) -> None:
    figure = hour_rates(
        view.by_hour,
        x="hour",
        value="csat",
        n="csat_n",
        night_hours=night_hours(),
        x_title=hour_title,
        y_title=_("CSAT (%)"),
    )
    chart_block(figure, view.by_hour, "csat-by-hour")
    table_block(hours_table(view.by_hour), "service-by-hour")


def hours_table(by_hour: pl.DataFrame) -> pl.DataFrame:
    """Per hour: contacts, median and p90 first response (min), service level and CSAT."""
    minutes = 60
    return by_hour.select(
        hour_label().alias(_("Hour")),
        pl.col("conversations").alias(_("Conversations")),
        rounded_column(pl.col("first_response_median_s") / minutes, 1).alias(
            _("Median first response (min)")
        ),
        rounded_column(pl.col("first_response_p90_s") / minutes, 1).alias(
            _("p90 first response (min)")
        ),
        rounded_column(pl.col("service_level"), 1).alias(_("Service level (%)")),
        rounded_column(pl.col("csat"), 1).alias(_("CSAT (%)")),
        pl.col("csat_n").alias(_("CSAT responses")),
    )
