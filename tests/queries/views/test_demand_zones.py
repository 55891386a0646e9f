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
from queries.views.demand_zones import demand_zones, zone_contacts
from tests.builders import World, utc

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
    assert zones.totals["zones"] == 2


def test_empty_period_keeps_the_columns(engine: Engine) -> None:
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
