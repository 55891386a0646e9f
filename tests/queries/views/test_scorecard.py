"""The 3A scorecard (docs/metrics.md, "3A scorecard"), hand-checked on SQLite and PostgreSQL.

The week 2024-03-04 (Mon) – 03-10 in Asia/Taipei. Ana lives in Taipei, Raj in Kolkata (+05:30):

| conv | who | channel | opened (local)    | 1st response | resolved | notes               |
|------|-----|---------|-------------------|--------------|----------|---------------------|
| c1   | ana | chat    | Tue 10:00         | +30 s        | yes      | CSAT 5, resolved    |
| c2   | ana | chat    | Tue 14:00         | +120 s late  | yes      | reopened, CSAT 2    |
| c3   | raj | chat    | Wed 06:30 (night) | +45 s        | yes      | repeat contact (c4) |
| c4   | raj | email   | Sat 12:00         | +2 h (≤ 4 h) | yes      | CSAT 1, a comment   |
| c5   | ana | chat    | Wed 11:00         | none         | yes      | unanswered          |
| c6   | ana | chat    | Thu 12:00         | none         | open     | not eligible        |

Reviews: R1 on c1 (greeting N/A), R2 on c2 (critical correct-solution failed), R3 on c3.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest
from sqlalchemy.engine import Engine

from queries.metrics.evidence import scorecard_inputs
from queries.metrics.pillars import pillar_weights
from queries.metrics.targets import channel_targets
from queries.metrics.threea import Inputs
from queries.metrics.threea_groups import three_a, three_a_by
from queries.plumbing.filters import Filters
from queries.plumbing.schema import qa_review_scores, qa_reviews
from queries.views.scorecard import Settings3A, scorecard_view
from tests.builders import World, at

TZ = "Asia/Taipei"
WEEK = Filters(date(2024, 3, 4), date(2024, 3, 10), TZ)
SETTINGS = Settings3A(channel_targets(), 0.80, weights=pillar_weights())
SCALES = {  # the example scorecard: (min, max, weight, critical)
    "empathy": (1, 4, 2.0, False),
    "tone": (1, 4, 1.0, False),
    "greeting_closing": (1, 4, 0.5, False),
    "correct_solution": (0, 1, 3.0, True),
    "process_knowledge": (1, 4, 1.5, False),
    "next_issue_avoidance": (1, 4, 1.0, False),
}


def review(world: World, conversation_id: int, sampling: str, **scores: int | None) -> None:
    with world.engine.begin() as conn:
        review_id = conn.execute(
            qa_reviews.insert().values(
                external_id=f"R-{conversation_id}",
                conversation_id=conversation_id,
                reviewer="qa",
                reviewed_at=at("2024-03-11 09:00", TZ),
                scorecard="example-v1",
                sampling=sampling,
            )
        ).inserted_primary_key[0]
        for category, score in scores.items():
            low, high, weight, critical = SCALES[category]
            conn.execute(
                qa_review_scores.insert().values(
                    review_id=review_id,
                    category=category,
                    score=score,
                    scale_min=low,
                    scale_max=high,
                    weight=weight,
                    critical=critical,
                    na_allowed=score is None,
                )
            )


def build(engine: Engine, *, c3_wait_s: int = 45, reviews: bool = True) -> dict[str, int]:
    world = World(engine)
    ana = world.customer(time_zone=TZ)
    raj = world.customer(time_zone="Asia/Kolkata")
    day = world.agent(name="Mei", team="day")
    night = world.agent(name="Raj", team="night")

    def conv(customer: int, agent: int | None, local: str, zone: str, **kw: Any) -> int:
        opened = at(local, zone)
        wait, resolved = kw.pop("wait", None), kw.pop("resolved", True)
        return world.conversation(
            customer_id=customer,
            agent_id=agent,
            opened_at=opened,
            first_response_at=None if wait is None else opened + timedelta(seconds=wait),
            resolved_at=opened + timedelta(hours=1) if resolved else None,
            **kw,
        )

    c1 = conv(ana, day, "2024-03-05 10:00", TZ, wait=30, category="refund", handle_seconds=600)
    c2 = conv(ana, day, "2024-03-05 14:00", TZ, wait=120, reopened_count=1)
    c3 = conv(raj, night, "2024-03-06 06:30", "Asia/Kolkata", wait=c3_wait_s)
    c4 = conv(raj, night, "2024-03-09 12:00", "Asia/Kolkata", wait=7200, channel="email")
    c5 = conv(ana, None, "2024-03-06 11:00", TZ, category="login")
    c6 = conv(ana, day, "2024-03-07 12:00", TZ, category="shipping", resolved=False)
    world.response(conversation_id=c1, csat=5, resolved=True)
    world.response(conversation_id=c2, csat=2, resolved=False, comment="Felt SCRIPTED, sigh")
    world.response(conversation_id=c4, csat=1, comment="回覆很慢")
    if reviews:
        review(
            world, c1, "random",
            empathy=4, tone=3, greeting_closing=None, correct_solution=1,
            process_knowledge=3, next_issue_avoidance=2,
        )  # fmt: skip
        review(
            world, c2, "low_csat",
            empathy=2, tone=1, greeting_closing=2, correct_solution=0,
            process_knowledge=2, next_issue_avoidance=None,
        )  # fmt: skip
        review(
            world, c3, "random",
            empathy=3, tone=4, greeting_closing=4, correct_solution=1,
            process_knowledge=4, next_issue_avoidance=4,
        )  # fmt: skip
    return {"c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": c5, "c6": c6, "day": day}


def test_availability_components_and_score(engine: Engine) -> None:
    build(engine)
    view = scorecard_view(engine, WEEK, SETTINGS)
    availability = view.pillars[0]
    parts = {c.key: c for c in availability.components}

    assert (parts["service_level"].value, parts["service_level"].n) == (60.0, 5)
    assert parts["service_level"].coverage == pytest.approx(5 / 6)
    assert parts["service_level"].interval == pytest.approx((23.07, 88.24), abs=0.01)
    # c3 opens 06:30 in Kolkata (+05:30): the customer's night; c4 on their Saturday.
    assert (parts["off_hours_service_level"].value, parts["off_hours_service_level"].n) == (100, 2)
    assert parts["daytime_service_level"].value == pytest.approx(100 / 3)
    assert (parts["unanswered"].value, parts["unanswered"].n) == (20.0, 5)
    # No shift at all: the 6 weekday-hours with demand have a gap, the other 162 none.
    assert parts["hours_covered"].value == pytest.approx(100 * 162 / 168)
    assert parts["channels_every_hour"].value == 0
    expected = 0.35 * 60 + 0.20 * 100 + 0.25 * 100 * 162 / 168 + 0.20 * 80
    assert availability.value == pytest.approx(expected)
    assert availability.cap is None
    by_channel = {c.key: (c.value, c.n) for c in view.channels}
    assert by_channel == {"chat": (50.0, 4), "email": (100.0, 1)}


def test_an_off_hours_service_level_below_target_caps_availability(engine: Engine) -> None:
    build(engine, c3_wait_s=90)  # c3 misses chat's 60 s: the night/weekend level is 1 of 2
    availability = scorecard_view(engine, WEEK, SETTINGS).pillars[0]

    uncapped = 0.35 * 40 + 0.20 * 50 + 0.25 * 100 * 162 / 168 + 0.20 * 80
    assert uncapped > 50
    assert (availability.value, availability.cap) == (50.0, 50.0)
    assert availability.se == pytest.approx(100 * (0.25 / 2) ** 0.5)  # the capping level's


def test_accuracy_with_a_critical_fail_and_an_na_category(engine: Engine) -> None:
    build(engine)
    view = scorecard_view(engine, WEEK, SETTINGS)
    accuracy = view.pillars[1]
    parts = {c.key: c.value for c in accuracy.components}

    assert parts["fcr"] == 60.0  # c1, c4, c5 of five resolved (c2 reopened, c3 repeated)
    assert parts["reopen_rate"] == 20.0
    assert parts["repeat_contact_rate"] == 20.0
    assert parts["survey_resolved"] == 50.0
    assert parts["correct_solution"] == pytest.approx(200 / 3)  # 100, 0, 100
    assert parts["process_knowledge"] == pytest.approx(200 / 3)  # 66.7, 33.3, 100
    expected = 0.3 * 60 + 0.1 * 80 + 0.1 * 80 + 0.15 * 50 + 0.25 * 200 / 3 + 0.1 * 200 / 3
    assert accuracy.value == pytest.approx(expected)
    scores = dict(zip(view.reviewed["review"], view.reviewed["review_score"], strict=True))
    # R1: greeting N/A is left out: (2·100 + 66.7 + 3·100 + 1.5·66.7 + 33.3) / 8.5.
    assert scores["R-1"] == pytest.approx(700 / 8.5)
    assert scores["R-2"] == 0.0  # correct solution failed, and it is critical
    assert scores["R-3"] == pytest.approx((2 * 200 / 3 + 100 + 50 + 300 + 150 + 100) / 9)
    assert view.reviews.iqs.value == pytest.approx((700 / 8.5 + 0 + 2500 / 27) / 3)
    assert (view.reviews.reviews, view.reviews.critical_fails) == (3, 1)
    assert view.reviews.share == pytest.approx(50.0)
    assert view.reviews.sampling.to_dicts() == [
        {"sampling": "low_csat", "reviews": 1},
        {"sampling": "random", "reviews": 2},
    ]


def test_authenticity_components_and_score(engine: Engine) -> None:
    build(engine)
    authenticity = scorecard_view(engine, WEEK, SETTINGS).pillars[2]
    parts = {c.key: c for c in authenticity.components}

    assert parts["empathy"].value == pytest.approx(200 / 3)
    assert parts["empathy"].n == 3
    assert parts["empathy"].coverage == pytest.approx(0.5)
    assert parts["tone"].value == pytest.approx(500 / 9)
    assert (parts["greeting_closing"].value, parts["greeting_closing"].n) == (
        pytest.approx(200 / 3),
        2,
    )
    assert (parts["csat_negative_tone"].value, parts["csat_negative_tone"].n) == (0.0, 1)
    assert (parts["scripted_mentions"].value, parts["scripted_mentions"].n) == (50.0, 2)
    assert parts["scripted_mentions"].weak
    expected = 0.4 * 200 / 3 + 0.3 * 500 / 9 + 0.2 * 200 / 3 + 0.1 * 50
    assert authenticity.value == pytest.approx(expected)


def test_a_period_without_reviews_leaves_authenticity_not_measured(engine: Engine) -> None:
    build(engine, reviews=False)
    view = scorecard_view(engine, WEEK, SETTINGS)
    authenticity = view.pillars[2]

    assert authenticity.value is None and not authenticity.measured
    assert authenticity.component("scripted_mentions").value == 50.0  # measured, yet no pillar
    assert view.as_json()["pillars"]["authenticity"]["value"] is None
    assert view.reviews.iqs.value is None and view.reviews.share == 0.0


def test_cuts_by_team_agent_and_the_customers_local_hour(engine: Engine) -> None:
    build(engine)
    view = scorecard_view(engine, WEEK, SETTINGS)
    hours = {row["local_hour"]: row for row in view.by_hour.to_dicts()}

    assert sorted(hours) == [6, 10, 11, 12, 14]  # c3 at 06:30 in Kolkata counts in hour 6
    assert hours[6]["conversations"] == 1 and hours[6]["authenticity"] == pytest.approx(
        (0.4 * 200 / 3 + 0.3 * 100 + 0.2 * 100) / 0.9
    )
    teams = {row["team"]: row for row in view.by_team.to_dicts()}
    assert teams["night"]["conversations"] == 2
    # Night team: service level 2/2, off-hours 2/2, nothing unanswered (hours covered is the
    # floor's, left out of a team): (0.35·100 + 0.2·100 + 0.2·100) / 0.75.
    assert teams["night"]["availability"] == pytest.approx(100.0)
    agents = {row["agent"]: row for row in view.by_agent.to_dicts()}
    assert agents["Mei"]["reviews"] == 2


def test_an_empty_period_is_empty_and_not_measured(engine: Engine) -> None:
    view = scorecard_view(engine, WEEK, SETTINGS)

    assert view.empty
    assert all(p.value is None for p in view.pillars)
    assert view.as_json()["conversations"] == 0


def test_each_groups_pillars_are_those_of_its_rows_alone(engine: Engine) -> None:
    """`three_a_by` splits once; the same pillars come from each group's rows filtered out and
    scored on their own (the hand-checked period path)."""
    build(engine)
    inputs = scorecard_inputs(engine, WEEK, SETTINGS.fcr_window_days)
    weights = SETTINGS.weights or pillar_weights()
    score = (SETTINGS.targets, weights, SETTINGS.level, TZ)
    for key in ("team", "agent_id", "local_hour", "channel", "category"):
        grouped = three_a_by(inputs, key, *score)
        frame = inputs.conversations
        assert set(grouped) == set(frame[key].to_list())
        for value, pillars in grouped.items():
            kept = frame.filter(pl.col(key).is_null() if value is None else pl.col(key) == value)
            mine = pl.col("conversation_id").is_in(kept["id"].implode())
            alone = Inputs(kept, inputs.scores.filter(mine), inputs.comments.filter(mine))
            assert pillars == three_a(alone, *score), (key, value)
    night = three_a_by(inputs, "team", *score)["night"]
    assert night[0].value == pytest.approx(100.0) and night[2].value is not None
