"""Retention at 30/60/90 days, cohorts, outcome splits and the value of service, by hand.

Display zone America/New_York (EST −5 until 2024-03-10, EDT −4 after). Period 2024-03-01 ..
2024-04-30 (NY). as_of = 2024-06-05 12:00Z. Each customer's first conversation (t0, UTC):

  A  03-05 12:00  csat 5 → positive; resolved, no reopen, next contact 15 days later → fcr yes
     (A's second conversation, 03-20, csat 1, must not change A's outcome)
  B  03-06 12:00  csat 1 → negative; resolved but reopened once → fcr no
  C  03-07 12:00  csat 4 → positive; resolved 13:00, same category again 03-08 → repeat: fcr no
  D  04-01 03:30  (NY 03-31 23:30 EDT: the March cohort; April in UTC) csat 2 → negative; open
  E  03-10 06:30  (NY 01:30 EST) no answer → none; resolved → fcr yes
  F  04-01 04:30  (NY 04-01 00:30 EDT: the April cohort) csat 3 → neutral; resolved → fcr yes

Eligibility (t0 + d ≤ as_of): A, B all horizons; C also 90 (t0 + 90 d = as_of exactly);
D, E, F at 30 and 60 only (D: 05-31 03:30 ≤ as_of < 06-30; E: 06-08; F: 06-30).
Activity (amount):
  A: at t0 exactly (100, never counts), at t0 + 30 d exactly (50: counts from 30 days)
  B: at t0 + 30 d + 1 s (20: not within 30 days, within 60 and 90)
  C: at t0 + 1 d (no amount), at t0 + 61 d (10: only within 90)
  F: at t0 + 10 d (30)
  D, E: none
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from queries.metrics.periods import period_conversations
from queries.metrics.rates import Rate
from queries.metrics.retention import activity_window, cohort_starts
from queries.metrics.stats import two_proportion_z_test, wilson_interval
from queries.metrics.tallies import compute_metrics
from queries.plumbing.filters import Filters
from queries.views.retention import retention_view, service_value
from tests.builders import World, utc

PERIOD = Filters(date(2024, 3, 1), date(2024, 4, 30), "America/New_York")
AS_OF = utc("2024-06-05 12:00")
DAY = timedelta(days=1)


@pytest.fixture
def world(engine: Engine) -> Engine:
    w = World(engine)

    def first(opened: str, csat: int | None, *, resolved: bool = True, reopened: int = 0) -> int:
        customer = w.customer()
        t0 = utc(opened)
        x = w.conversation(
            customer_id=customer,
            opened_at=t0,
            resolved_at=t0 + timedelta(hours=1) if resolved else None,
            reopened_count=reopened,
        )
        if csat is not None:
            w.response(conversation_id=x, csat=csat)
        return customer

    a = first("2024-03-05 12:00", 5)
    later = w.conversation(customer_id=a, opened_at=utc("2024-03-20 12:00"))
    w.response(conversation_id=later, csat=1)
    b = first("2024-03-06 12:00", 1, reopened=1)
    c = first("2024-03-07 12:00", 4)
    w.conversation(customer_id=c, opened_at=utc("2024-03-08 12:00"))  # repeat of C's first
    first("2024-04-01 03:30", 2, resolved=False)  # D
    first("2024-03-10 06:30", None)  # E
    f = first("2024-04-01 04:30", 3)
    for customer, t0, offset, amount in [
        (a, "2024-03-05 12:00", timedelta(0), 100.0),
        (a, "2024-03-05 12:00", 30 * DAY, 50.0),
        (b, "2024-03-06 12:00", 30 * DAY + timedelta(seconds=1), 20.0),
        (c, "2024-03-07 12:00", DAY, None),
        (c, "2024-03-07 12:00", 61 * DAY, 10.0),
        (f, "2024-04-01 04:30", 10 * DAY, 30.0),
    ]:
        w.activity(customer_id=customer, occurred_at=utc(t0) + offset, amount=amount)
    return engine


def rows(frame, *keys):  # type: ignore[no-untyped-def]
    return {tuple(r[k] for k in keys): r for r in frame.iter_rows(named=True)}


def test_retention_at_30_60_90_with_eligibility_edges(world: Engine) -> None:
    view = retention_view(world, PERIOD, as_of=AS_OF)
    assert view.customers == 6
    totals = rows(view.totals, "days")
    # 30 d: eligible A–F (6); retained A (activity exactly at t0 + 30 d), C, F → 3/6
    assert (totals[30,]["eligible"], totals[30,]["retained"]) == (6, 3)
    assert totals[30,]["retention"] == pytest.approx(50.0)
    # revenue within 30 d: A 50 + F 30 = 80 (A's 100 at t0 does not count) → 80 / 6
    assert totals[30,]["revenue_per_customer"] == pytest.approx(80 / 6)
    # 60 d: B's activity (30 d + 1 s) now counts → 4/6; revenue 50 + 20 + 30 = 100
    assert (totals[60,]["eligible"], totals[60,]["retained"]) == (6, 4)
    assert totals[60,]["revenue"] == pytest.approx(100.0)
    # 90 d: eligible A, B, C (C exactly at as_of); all retained; revenue 50 + 20 + 10 = 80
    assert (totals[90,]["eligible"], totals[90,]["retained"]) == (3, 3)
    assert totals[90,]["revenue_per_customer"] == pytest.approx(80 / 3)
    assert view.value_days == 90
    # the §3 retention_90d is the same cohort and rule: 3 of 3 eligible
    assert compute_metrics(world, PERIOD, as_of=AS_OF)["retention_90d"] == pytest.approx(100.0)


def test_cohorts_by_month_in_the_display_zone(world: Engine) -> None:
    cohorts = rows(retention_view(world, PERIOD, as_of=AS_OF).cohorts, "month", "days")
    march, april = date(2024, 3, 1), date(2024, 4, 1)
    # D (04-01 03:30Z = 03-31 23:30 EDT) is March; F (04-01 04:30Z = 00:30 EDT) is April
    assert cohorts[march, 30]["customers"] == 5  # A B C D E
    assert cohorts[april, 30]["customers"] == 1  # F
    assert (cohorts[march, 30]["eligible"], cohorts[march, 30]["retained"]) == (5, 2)  # A, C
    assert cohorts[april, 30]["retention"] == pytest.approx(100.0)
    assert (cohorts[march, 90]["eligible"], cohorts[march, 90]["retained"]) == (3, 3)
    assert cohorts[april, 90]["eligible"] == 0
    assert cohorts[april, 90]["retention"] is None


def test_outcome_of_the_first_conversation(world: Engine) -> None:
    view = retention_view(world, PERIOD, as_of=AS_OF)
    fcr = rows(view.by_fcr, "fcr", "days")
    # yes: A, E, F; no: B (reopened), C (repeat contact); open: D
    assert [fcr[g, 30]["customers"] for g in ("yes", "no", "open")] == [3, 2, 1]
    assert fcr["yes", 30]["retained"] == 2  # A, F
    assert fcr["yes", 30]["revenue_per_customer"] == pytest.approx(80 / 3)  # (50 + 0 + 30) / 3
    assert (fcr["no", 90]["eligible"], fcr["no", 90]["revenue"]) == (2, pytest.approx(30.0))
    csat = rows(view.by_csat, "csat_bucket", "days")
    # positive: A (its later csat 1 is ignored), C; negative: B, D; neutral: F; none: E
    counts = [csat[g, 30]["customers"] for g in ("positive", "neutral", "negative", "none")]
    assert counts == [2, 1, 2, 1]
    assert csat["negative", 60]["retention"] == pytest.approx(50.0)  # B yes, D no


def test_service_value_with_intervals(world: Engine) -> None:
    value = rows(service_value(world, PERIOD, as_of=AS_OF, days=60), "comparison")
    fcr = value["fcr",]
    # yes (A, E, F): retained 2/3, revenue 50, 0, 30 → mean 80/3, s² = 1900/3 = 633.33
    # no (B, C): retained 2/2, revenue 20, 0 → mean 10, s² = 200
    assert (fcr["n_a"], fcr["n_b"]) == (3, 2)
    assert fcr["retention_diff"] == pytest.approx(-100 / 3)
    # Newcombe from Wilson 2/3 = [20.77, 93.85] and 2/2 = [34.24, 100]:
    # low = −33.33 − √((66.67 − 20.77)² + 0²) = −79.23,
    # high = −33.33 + √((93.85 − 66.67)² + (100 − 34.24)²) = −33.33 + 71.16 = 37.82
    assert fcr["retention_diff_low"] == pytest.approx(-79.23, abs=0.01)
    assert fcr["retention_diff_high"] == pytest.approx(37.82, abs=0.01)
    z_test = two_proportion_z_test(2, 3, 2, 2)  # pooled 0.8: z = −0.913, p = 0.361
    assert z_test is not None
    assert fcr["retention_p"] == pytest.approx(z_test.p_value)
    assert fcr["retention_p"] == pytest.approx(0.3613, abs=1e-4)
    assert fcr["revenue_diff"] == pytest.approx(80 / 3 - 10)
    welch = math.sqrt((1900 / 3) / 3 + 200 / 2)  # √311.11 = 17.64
    assert fcr["revenue_diff_high"] == pytest.approx(80 / 3 - 10 + 1.96 * welch)
    csat = value["csat_bucket",]
    # positive (A, C): 2/2, revenue 50, 0 (s² 1250); negative (B, D): 1/2, revenue 20, 0 (s² 200)
    assert (csat["retention_a"], csat["retention_b"]) == (100.0, 50.0)
    assert csat["retention_diff_low"] == pytest.approx(-27.26, abs=0.01)  # as 2/2 against 1/2
    assert csat["revenue_diff_low"] == pytest.approx(15 - 1.96 * math.sqrt(725))  # 15 − 52.78


def test_too_recent_for_any_horizon(world: Engine) -> None:
    early = datetime(2024, 4, 1, tzinfo=utc("2024-01-01 00:00").tzinfo)  # before any t0 + 30 d
    view = retention_view(world, PERIOD, as_of=early)
    assert view.totals.get_column("eligible").to_list() == [0, 0, 0]
    assert view.value_days is None
    assert view.value.get_column("n_a").to_list() == [0, 0]
    with pytest.raises(ValueError):
        service_value(world, PERIOD, as_of=AS_OF, days=45)
    with pytest.raises(ValueError):
        retention_view(world, PERIOD, as_of=datetime(2024, 6, 5))


def test_typed_horizons_when_90_days_are_not_reached(world: Engine) -> None:
    # as of 05-10 12:00Z: at 30 d all six are eligible (A, C, F retained: 3/6); at 60 d those
    # first contacted by 03-11 12:00Z, A B C E (A, B, C retained: 3/4; revenue 50 + 20 + 0 + 0);
    # at 90 d nobody (t0 by 02-10)
    view = retention_view(world, PERIOD, as_of=utc("2024-05-10 12:00"))
    assert not view.empty and view.customers == 6
    assert [h.days for h in view.horizons] == [30, 60, 90]
    at_30, at_60, at_90 = view.horizons
    assert at_30.retention == Rate(50.0, 6, wilson_interval(3, 6))
    # Wilson, p = 0.5, n = 6: centre 0.5, half-width 1.96 × √(1/24 + 3.8416/144) / 1.640 = 0.312
    assert at_30.retention.interval == pytest.approx((18.76, 81.24), abs=0.01)
    assert at_30.revenue_per_customer == pytest.approx(80 / 6)
    assert (at_60.retention.value, at_60.retention.n) == (pytest.approx(75.0), 4)
    assert at_60.revenue_per_customer == pytest.approx(70 / 4)
    assert at_90.retention == Rate(None, 0, None) and at_90.revenue_per_customer is None
    assert (view.value_days, view.worth_days, view.next_days) == (60, 60, 90)
    assert view.worth_horizon == at_60 and view.longest == at_90
    new_york = ZoneInfo("America/New_York")
    assert at_90.first_contact_by == datetime(2024, 2, 10, 7, tzinfo=new_york)  # EST
    assert at_30.first_contact_by == datetime(2024, 4, 10, 8, tzinfo=new_york)  # EDT
    assert str(at_30.first_contact_by.tzinfo) == "America/New_York"


def test_typed_comparisons_at_the_value_horizon(world: Engine) -> None:
    view = retention_view(world, PERIOD, as_of=utc("2024-05-10 12:00"))
    fcr, csat = view.comparisons
    # at 60 d: fcr yes A, E (A retained) 1/2; no B, C 2/2: −50 points,
    # Newcombe from Wilson 1/2 = [9.45, 90.55] and 2/2 = [34.24, 100]: low = −50 − √(40.55² + 0²)
    # = −90.55, high = −50 + √(40.55² + 65.76²) = 27.26; pooled 3/4: z = −0.5 / 0.433 = −1.155
    assert (fcr.outcome, fcr.better, fcr.worse, fcr.days) == ("fcr", "yes", "no", 60)
    assert (fcr.better_retention, fcr.worse_retention) == (Rate(50.0, 2), Rate(100.0, 2))
    assert fcr.difference is not None
    assert fcr.difference.difference == pytest.approx(-50.0)
    assert fcr.difference.low == pytest.approx(-90.55, abs=0.01)
    assert fcr.difference.high == pytest.approx(27.26, abs=0.01)
    assert fcr.difference.p_value == pytest.approx(0.2482, abs=1e-4)
    # csat positive A, C 2/2; negative B (D is not eligible at 60 d) 1/1
    assert (csat.outcome, csat.better, csat.worse) == ("csat_bucket", "positive", "negative")
    assert (csat.better_retention, csat.worse_retention) == (Rate(100.0, 2), Rate(100.0, 1))
    assert csat.difference is not None and csat.difference.difference == 0.0
    # the typed comparisons are the rows of the `value` frame
    assert [c.days for c in view.comparisons] == view.value.get_column("days").to_list()


def test_typed_view_at_every_horizon_and_too_recent(world: Engine) -> None:
    view = retention_view(world, PERIOD, as_of=AS_OF)
    assert (view.value_days, view.worth_days, view.next_days) == (90, 90, None)
    assert view.longest.retention == Rate(100.0, 3, wilson_interval(3, 3))  # A, B, C
    assert view.worth_horizon.revenue_per_customer == pytest.approx(80 / 3)
    # C is eligible exactly at as_of: its t0, 03-07 12:00Z, is 07:00 EST
    assert view.longest.first_contact_by == datetime(2024, 3, 7, 7, tzinfo=ZoneInfo(PERIOD.tz))
    early = retention_view(world, PERIOD, as_of=utc("2024-04-01 00:00"))
    assert (early.value_days, early.worth_days, early.next_days) == (None, 90, 30)
    assert [h.retention for h in early.horizons] == [Rate(None, 0, None)] * 3
    assert [c.difference for c in early.comparisons] == [None, None]
    assert early.comparisons[0].better_retention == Rate(None, 0)
    assert not early.empty


def test_a_period_without_customers_is_empty(world: Engine) -> None:
    quiet = Filters(date(2023, 1, 1), date(2023, 1, 31), "America/New_York")
    view = retention_view(world, quiet, as_of=AS_OF)
    assert view.empty and view.customers == 0
    assert [h.retention.n for h in view.horizons] == [0, 0, 0]
    assert [c.difference for c in view.comparisons] == [None, None]


def test_activity_window_reads_only_what_decides_a_horizon(world: Engine) -> None:
    starts = cohort_starts(period_conversations(world, PERIOD, ("customer_id", "opened_at")))
    by_t0 = {t0: customer for customer, t0 in starts.iter_rows()}
    a, b, c = (by_t0[utc(t)] for t in ("2024-03-05 12:00", "2024-03-06 12:00", "2024-03-07 12:00"))
    # at 90 days only A, B and C are eligible; A's activity exactly at t0 is not after it
    at_90 = activity_window(world, starts, AS_OF, (90,), amount=True)
    assert sorted(at_90.rows()) == sorted(
        [
            (a, utc("2024-03-05 12:00") + 30 * DAY, 50.0),
            (b, utc("2024-03-06 12:00") + 30 * DAY + timedelta(seconds=1), 20.0),
            (c, utc("2024-03-07 12:00") + DAY, None),
            (c, utc("2024-03-07 12:00") + 61 * DAY, 10.0),
        ]
    )
    # never past as_of: on 04-10, A, B, C and E (no activity) are eligible at 30 days; C's
    # day-61 activity is later, and F (t0 04-01) is not eligible
    early = activity_window(world, starts, utc("2024-04-10 00:00"), (30, 90))
    assert early.columns == ["customer_id", "occurred_at"]
    assert set(early.get_column("customer_id")) == {a, b, c}
    assert early.get_column("occurred_at").max() <= utc("2024-04-10 00:00")
    nobody = activity_window(world, starts, utc("2024-03-20 00:00"), (30,), amount=True)
    assert nobody.is_empty() and nobody.columns == ["customer_id", "occurred_at", "amount"]
    with pytest.raises(ValueError, match="timezone-aware"):
        activity_window(world, starts, datetime(2024, 6, 5))
