"""Demand by customer zone: each customer's own local hour across New York's spring-forward,
the display zone's hour at +05:30, and customers without a zone counted in the display zone.

Display zone Asia/Kolkata (+05:30), period 2024-03-09 … 03-11 ([03-08 18:30Z, 03-11 18:30Z)).
New York switches to summer time at 2024-03-10 07:00Z (02:00 EST → 03:00 EDT).
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from sqlalchemy.engine import Engine

from queries.plumbing.filters import Filters
from queries.views.demand_zones import demand_zones, hour_shares, zone_contacts
from tests.builders import World, utc
from tests.queries.views.test_coverage import TEN_DAYS, build_taipei_world

KOLKATA = "Asia/Kolkata"
NY = "America/New_York"
PERIOD = Filters(date(2024, 3, 9), date(2024, 3, 11), KOLKATA)


def test_own_hours_across_dst_and_a_half_hour_display_zone(engine: Engine) -> None:
    w = World(engine)
    ned = w.customer(time_zone=NY)
    zed = w.customer(time_zone=None)  # type: ignore[arg-type]
    # NY 01:30 EST, Kolkata 12:00; answered after 60 s
    w.conversation(
        customer_id=ned,
        opened_at=utc("2024-03-10 06:30"),
        first_response_at=utc("2024-03-10 06:31"),
    )
    # NY 03:30 EDT (EST would say 02:30), Kolkata 13:00; never answered
    w.conversation(customer_id=ned, opened_at=utc("2024-03-10 07:30"))
    # no zone → Kolkata 03-11 00:15 (a whole-hour +5 would say 23); answered after 120 s
    w.conversation(
        customer_id=zed,
        opened_at=utc("2024-03-10 18:45"),
        first_response_at=utc("2024-03-10 18:47"),
    )
    w.conversation(customer_id=ned, opened_at=utc("2024-03-11 18:30"))  # after the period
    contacts = zone_contacts(engine, PERIOD)
    assert contacts.columns == ["zone", "hour", "local_hour", "first_response_s"]
    assert contacts.sort("hour").rows() == [
        (KOLKATA, 0, 0, 120.0),
        (NY, 12, 1, 60.0),
        (NY, 13, 3, None),
    ]
    zones = demand_zones(engine, PERIOD)
    assert zones.local_hours.rows() == [(NY, 1, 1), (NY, 3, 1), (KOLKATA, 0, 1)]
    nights = {row["zone"]: row for row in zones.nights.iter_rows(named=True)}
    assert (nights[NY]["conversations"], nights[NY]["night"]) == (2, 2)
    assert nights[NY]["night_first_response_median_s"] == pytest.approx(60)
    assert nights[KOLKATA]["night_answered"] == 1
    assert zones.totals.zones == 2
    # every contact is in its customer's night: NY 01h and 03h, Kolkata 00h
    assert (zones.totals.conversations, zones.totals.night) == (3, 3)
    assert zones.totals.night_share.value == pytest.approx(100)
    assert zones.totals.night_share.n == 3
    # night answers after 60 s and 120 s: median 90 s, n = 2 answered
    assert zones.totals.night_first_response.value == pytest.approx(90)
    assert zones.totals.night_first_response.n == 2
    assert zones.totals.day_first_response_median_s is None
    assert not zones.empty


def test_demand_zones_plus_0530(engine: Engine) -> None:
    build_taipei_world(engine)
    zones = demand_zones(engine, TEN_DAYS)
    nights = {row["zone"]: row for row in zones.nights.iter_rows(named=True)}
    # Kolkata 23:30 local is in its own night (22:00–07:00); answered after 600 s
    assert nights["Asia/Kolkata"]["night"] == 1
    assert nights["Asia/Kolkata"]["night_share"] == pytest.approx(100)
    assert nights["Asia/Kolkata"]["night_first_response_median_s"] == pytest.approx(600)
    # Taipei 09:10 and 09:50 are daytime; median of 60 s and 180 s = 120 s
    assert nights["Asia/Taipei"]["night"] == 0
    assert nights["Asia/Taipei"]["day_first_response_median_s"] == pytest.approx(120)
    local = zones.local_hours.filter(pl.col("zone") == "Asia/Kolkata")
    assert local.rows() == [("Asia/Kolkata", 23, 1)]
    assert zones.by_hour.filter(pl.col("zone") == "Asia/Kolkata")["hour"].to_list() == [2]
    assert zones.totals.night_share.value == pytest.approx(100 / 3)
    assert zones.totals.zones == 2
    # the heatmap's shares: Taipei (2 contacts, both at 09h) on top, then Kolkata (23h)
    shares = zones.local_shares
    assert shares.height == 2 * 24
    assert shares["zone"].unique(maintain_order=True).to_list() == ["Asia/Taipei", "Asia/Kolkata"]
    assert shares.filter(pl.col("share") > 0).rows() == [
        ("Asia/Taipei", 9, 2, 100.0),
        ("Asia/Kolkata", 23, 1, 100.0),
    ]


def test_hour_shares_per_zone() -> None:
    local = pl.DataFrame(
        {
            "zone": ["Asia/Kolkata", "Asia/Taipei", "Asia/Taipei"],
            "local_hour": [23, 9, 10],
            "conversations": [1, 5, 1],
        },
        schema={"zone": pl.String, "local_hour": pl.Int64, "conversations": pl.Int64},
    )
    shares = hour_shares(local)
    assert shares.columns == ["zone", "local_hour", "conversations", "share"]
    # Taipei first (6 contacts): 09h 5 / 6 = 83.3 %, 10h 1 / 6 = 16.7 %, other hours 0
    taipei = shares.filter(pl.col("zone") == "Asia/Taipei")
    assert taipei["local_hour"].to_list() == list(range(24))
    assert taipei["share"][9] == pytest.approx(500 / 6)
    assert taipei["share"][10] == pytest.approx(100 / 6)
    assert taipei["share"].sum() == pytest.approx(100)
    assert shares.row(24) == ("Asia/Kolkata", 0, 0, 0.0)
    assert shares.row(47) == ("Asia/Kolkata", 23, 1, 100.0)


def test_empty_period_keeps_the_columns(engine: Engine) -> None:
    assert demand_zones(engine, PERIOD).empty
    contacts = zone_contacts(engine, PERIOD)
    assert contacts.is_empty()
    assert contacts.schema == pl.Schema(
        {
            "zone": pl.String,
            "hour": pl.Int64,
            "local_hour": pl.Int64,
            "first_response_s": pl.Float64,
        }
    )
