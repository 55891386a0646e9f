"""Voice of the customer on a hand-built world: ranking, change against the previous period,
comments, and the exact weekly pain-point report.

Display zone Asia/Taipei (+08:00). Period 2024-03-04 .. 03-17 (14 days); previous period
02-19 .. 03-03. Report week 03-11 .. 03-17 against 03-04 .. 03-10. Local opening times, CSAT,
comment (answers come a day after opening):

  current  b1 billing  03-05 10:00  5  "Quick and kind."
           b2 billing  03-12 10:00  1  "Charged twice,\n  still   waiting."
           b3 billing  03-13 10:00  2  "Nobody | answered"
           b4 billing  03-14 10:00  4
           l1 login    03-06 09:00  5  "   " (blank: not a comment)
           l2 login    03-15 09:00  3  "ok"
           s1 shipping 03-16 20:00  1  "Parcel lost"
           n1 (none)   03-17 23:30  no answer (15:30Z: still inside the Taipei period)
  previous billing 02-20 × 4: 5, 5, 4, 1;  login 02-21 × 2: 1, 2
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine

from queries.metrics.rates import Rate
from queries.metrics.stats import two_proportion_z_test, wilson_interval
from queries.plumbing.filters import Filters
from queries.reports.pain_points import pain_point_report
from queries.views.voice import UNCATEGORISED, recent_comments, voice_view
from tests.builders import World, at

TZ = "Asia/Taipei"
PERIOD = Filters(date(2024, 3, 4), date(2024, 3, 17), TZ)


@pytest.fixture
def world(engine: Engine) -> Engine:
    w = World(engine)
    ana = w.customer()
    rows = [
        ("billing", "2024-03-05 10:00", 5, "Quick and kind."),
        ("billing", "2024-03-12 10:00", 1, "Charged twice,\n  still   waiting."),
        ("billing", "2024-03-13 10:00", 2, "Nobody | answered"),
        ("billing", "2024-03-14 10:00", 4, None),
        ("login", "2024-03-06 09:00", 5, "   "),
        ("login", "2024-03-15 09:00", 3, "ok"),
        ("shipping", "2024-03-16 20:00", 1, "Parcel lost"),
        (None, "2024-03-17 23:30", None, None),
        *[("billing", "2024-02-20 12:00", score, None) for score in (5, 5, 4, 1)],
        *[("login", "2024-02-21 12:00", score, None) for score in (1, 2)],
    ]
    for category, opened, score, comment in rows:
        x = w.conversation(customer_id=ana, category=category, opened_at=at(opened, TZ))
        if score is not None:
            w.response(conversation_id=x, csat=score, comment=comment)
    return engine


def test_categories_rising_first_with_p_values(world: Engine) -> None:
    view = voice_view(world, PERIOD)
    table = view.categories
    # billing 2/4 now vs 1/4 before: +25 points; login 0/2 vs 2/2: −100;
    # shipping 1/1 with nothing before and the uncategorised conversation: no change (last)
    assert table.get_column("category").to_list() == ["billing", "login", "shipping", None]
    billing = table.row(0, named=True)
    assert (billing["conversations"], billing["csat_n"], billing["negative"]) == (4, 4, 2)
    assert billing["negative_share"] == pytest.approx(50.0)
    assert billing["previous_negative_share"] == pytest.approx(25.0)
    assert billing["change"] == pytest.approx(25.0)
    # pooled 3/8: se = √(0.375 · 0.625 · (1/4 + 1/4)) = 0.3423; z = 0.25 / 0.3423 = 0.730
    assert billing["p_value"] == pytest.approx(math.erfc(0.25 / math.sqrt(0.1171875) / 2**0.5))
    assert billing["p_value"] == pytest.approx(0.4652, abs=1e-4)
    login = table.row(1, named=True)
    assert (login["negative_share"], login["change"]) == (0.0, -100.0)
    test = two_proportion_z_test(0, 2, 2, 2)
    assert test is not None
    assert login["p_value"] == pytest.approx(test.p_value)
    none = table.row(3, named=True)
    assert (none["conversations"], none["csat_n"], none["negative_share"]) == (1, 0, None)
    totals = view.totals
    # 7 answers now (2 + 0 + 1 negative = 3); 6 before (1 + 2 = 3 negative)
    assert (totals.conversations, totals.csat_n, totals.negative) == (8, 7, 3)
    assert totals.negative_share.change == pytest.approx(100 * 3 / 7 - 50)
    assert totals.comments == 5  # the blank one is not a comment


def test_typed_totals_with_interval_change_and_p(world: Engine) -> None:
    view = voice_view(world, PERIOD)
    assert not view.empty
    share = view.totals.negative_share
    # 3 negative of 7 answers now; 3 of 6 before (billing 1 of 4, login 2 of 2)
    assert (share.value, share.n) == (pytest.approx(300 / 7), 7)
    assert (view.totals.previous_csat_n, view.totals.previous_negative_share) == (6, 50.0)
    assert share.interval == wilson_interval(3, 7)
    # Wilson, p = 3/7, n = 7, z² = 3.8416: centre (p + z²/14) / (1 + z²/7) = 0.4539,
    # half-width 1.96 × √(p(1 − p)/7 + z²/196) / 1.5488 = 0.2957 → 15.82 % to 74.95 %
    assert share.interval == pytest.approx((15.82, 74.95), abs=0.01)
    # pooled 6/13: se = √(0.4615 · 0.5385 · (1/7 + 1/6)) = 0.2774; z = −0.0714 / 0.2774
    assert share.change == pytest.approx(300 / 7 - 50)
    test = two_proportion_z_test(3, 7, 3, 6)
    assert test is not None
    assert share.p_value == pytest.approx(test.p_value)
    assert share.p_value == pytest.approx(math.erfc(abs(3 / 7 - 0.5) / 0.27735 / 2**0.5), abs=1e-3)


def test_a_quiet_period_is_empty(world: Engine) -> None:
    view = voice_view(world, Filters(date(2024, 3, 25), date(2024, 3, 31), TZ))
    assert view.empty
    totals = view.totals
    assert (totals.conversations, totals.csat_n, totals.negative, totals.comments) == (0, 0, 0, 0)
    assert totals.negative_share == Rate(None, 0, None, None, None)
    assert (totals.previous_csat_n, totals.previous_negative_share) == (0, None)


def test_comments_newest_first_and_filters(world: Engine) -> None:
    comments = voice_view(world, PERIOD).comments
    assert comments.get_column("comment").to_list()[:2] == ["Parcel lost", "ok"]
    answered = comments.get_column("responded_at").to_list()[0]
    assert (str(answered.tzinfo), answered.hour) == (TZ, 20)  # 03-17 20:00 in Taipei
    billing_negative = recent_comments(comments, ["billing"], ["negative"])
    assert billing_negative.get_column("csat").to_list() == [2, 1]  # b3, then b2
    assert recent_comments(comments, [UNCATEGORISED]).is_empty()
    assert recent_comments(comments, limit=2).get_column("category").to_list() == [
        "shipping",
        "login",
    ]


def test_weekly_report_exact_content(world: Engine) -> None:
    view = voice_view(world, PERIOD)
    assert (view.week.start, view.week.end) == (date(2024, 3, 11), date(2024, 3, 17))
    report = pain_point_report(view.week_categories, view.week_comments, view.week)
    # week: billing b2 b3 b4 → 2/3 negative, week before b1 → 0/1: +66.7 points;
    # pooled 2/4: se = √(0.25 · (1/3 + 1)) = 0.5774, z = 1.155, p = 0.248.
    # login 0/1 (0/1 before); shipping 1/1 (nothing before). Answers 5, negative 3 (60 %).
    # Comments: newest negative of shipping (s1), of billing (b3), then the rest (b2).
    p = math.erfc((2 / 3) / math.sqrt(0.25 * (1 / 3 + 1)) / 2**0.5)
    assert f"{p:.3f}" == "0.248"
    assert report == "\n".join(
        [
            "# Weekly pain-point report",
            "",
            "Week 2024-03-11 – 2024-03-17 (Asia/Taipei), compared with 2024-03-04 – 2024-03-10.",
            "",
            "Survey answers: 5 · negative (CSAT 1–2): 3 (60.0%\\*).",
            "",
            "## Top categories by negative share",
            "",
            "| Category | Answers | Negative | Negative share | Previous week |",
            "|---|---:|---:|---:|---:|",
            "| shipping | 1 | 1 | 100.0%\\* | — |",
            "| billing | 3 | 2 | 66.7%\\* | 0.0%\\* |",
            "| login | 1 | 0 | 0.0%\\* | 0.0%\\* |",
            "",
            "## Biggest risers",
            "",
            "| Category | Negative share | Previous week | Change (points) | p-value |",
            "|---|---:|---:|---:|---:|",
            "| billing | 66.7%\\* | 0.0%\\* | +66.7 | 0.248 |",
            "",
            "## Representative negative comments",
            "",
            "> Parcel lost",
            ">",
            "> — shipping, CSAT 1, 2024-03-17 20:00",
            "",
            "> Nobody \\| answered",  # a pipe is escaped: it cannot open a table
            ">",
            "> — billing, CSAT 2, 2024-03-14 10:00",
            "",
            "> Charged twice, still waiting.",
            ">",
            "> — billing, CSAT 1, 2024-03-13 10:00",
            "",
            "\\* fewer than 30 answers: read with care.",
            "",
        ]
    )


def test_report_of_a_quiet_week(world: Engine) -> None:
    quiet = Filters(date(2024, 3, 25), date(2024, 3, 31), TZ)
    view = voice_view(world, quiet)
    assert view.categories.is_empty()
    report = pain_point_report(view.week_categories, view.week_comments, view.week)
    assert "Survey answers: 0 · negative (CSAT 1–2): 0 (—)." in report
    assert "No category's negative share rose this week." in report
    assert "No negative comments this week." in report
    assert view.week.previous().end == view.week.start - timedelta(days=1)
