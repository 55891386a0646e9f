"""Pieces of the time-zones-of-demand page: the night tiles, its three charts and the
translated table of night contacts per customer zone."""

from __future__ import annotations

import polars as pl

from dashboard.charts.demand_zones import demand_by_zone, local_hour_heatmap, night_and_day_response
from dashboard.i18n import _, duration, number, percent
from dashboard.kit.components import Tile, chart_block, table_block
from dashboard.kit.names import zone as zone_label
from dashboard.kit.names import zone_names
from queries.plumbing.formats import rounded_column
from queries.views.demand_zones import DemandZones, ZoneTotals


def zone_map(frame: pl.DataFrame) -> dict[str, str]:
    """IANA zone -> its city in the session's language, for the zones in `frame`."""
    return {z: zone_label(z) for z in frame["zone"].unique().to_list()}


def night_tiles(totals: ZoneTotals) -> list[Tile]:
    return [
        Tile(_("Customer time zones"), number(totals.zones)),
        Tile(
            _("Contacts in the customer's night"),
            percent(totals.night_share.value),
            n=totals.night_share.n,
            help=_("Opened between 22:00 and 07:00 in the customer's own time zone."),
        ),
        Tile(
            _("Night median first response"),
            duration(totals.night_first_response.value),
            n=totals.night_first_response.n,
            help=_("Golden rescue moments: how fast a customer writing at night got a reply."),
        ),
        Tile(_("Day median first response"), duration(totals.day_first_response_median_s)),
    ]


def zones_by_hour_chart(zones: DemandZones, display_zone: str) -> None:
    figure = demand_by_zone(
        zones.by_hour,
        x_title=_("Hour ({zone})").format(zone=zone_label(display_zone)),
        y_title=_("Conversations"),
        names=zone_map(zones.by_hour),
        other=_("Other zones"),
    )
    chart_block(figure, zones.by_hour, "conversations-by-zone")


def local_hours_chart(zones: DemandZones) -> None:
    figure = local_hour_heatmap(
        zones.local_shares,
        x_title=_("Hour (customer's own time zone)"),
        share_label=_("Share of the zone's contacts (%)"),
        count_label=_("Conversations"),
        names=zone_map(zones.local_shares),
    )
    chart_block(figure, zones.local_hours, "customer-local-hours")


def rescue_chart_and_table(zones: DemandZones) -> None:
    """Night against day median first response per zone, then the table of night contacts."""
    figure = night_and_day_response(
        zones.nights,
        {"night": _("Night"), "day": _("Daytime")},
        x_title=_("Customer time zone"),
        y_title=_("Median first response (min)"),
        names=zone_map(zones.nights),
    )
    chart_block(figure, zones.nights, "night-and-day-response")
    table_block(nights_table(zones.nights), "night-contacts-by-zone")


def nights_table(nights: pl.DataFrame) -> pl.DataFrame:
    """Per customer zone: contacts, night share and night/day median first response."""
    minutes = 60
    return nights.select(
        zone_names(pl.col("zone"), nights["zone"].to_list()).alias(_("Customer time zone")),
        pl.col("conversations").alias(_("Conversations")),
        pl.col("night").alias(_("In their night (22:00–07:00)")),
        rounded_column(pl.col("night_share"), 1).alias(_("Night share (%)")),
        rounded_column(pl.col("night_first_response_median_s") / minutes, 1).alias(
            _("Night median first response (min)")
        ),
        rounded_column(pl.col("day_first_response_median_s") / minutes, 1).alias(
            _("Day median first response (min)")
        ),
    )
