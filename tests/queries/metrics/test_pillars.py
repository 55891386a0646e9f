"""The 3A building blocks that need no database: the scripted-answer keyword list, the
weights and their overrides, combining and comparing pillars (docs/metrics.md)."""

from __future__ import annotations

import polars as pl
import pytest

from queries.metrics.pillars import Component, combine, pillar_change, pillar_weights
from queries.metrics.reviews import review_totals, with_category_scores
from queries.metrics.scripted import SCRIPTED_KEYWORDS, mentions_scripted
from queries.plumbing.errors import ConfigError


@pytest.mark.parametrize(
    ("comment", "mentioned"),
    [
        ("Sounds SCRIPTED to me", True),
        ("a canned reply", True),
        ("they did  not listen at all", True),
        ("the description was wrong", False),  # "script" only as a whole word
        ("客服很敷衍", True),
        ("根本沒在聽我說", True),
        ("機器人式的回答", True),
        ("回覆很慢", False),
        (None, False),
    ],
)
def test_scripted_keywords_in_both_languages(comment: str | None, mentioned: bool) -> None:
    frame = pl.DataFrame({"comment": [comment]}, schema={"comment": pl.String})
    assert frame.select(mentions_scripted(pl.col("comment"))).item() is mentioned


def test_every_keyword_matches_itself() -> None:
    words = [word for words in SCRIPTED_KEYWORDS.values() for word in words]
    frame = pl.DataFrame({"comment": words})
    assert frame.select(mentions_scripted(pl.col("comment")).all()).item()


def test_weights_take_overrides_and_refuse_unknown_components() -> None:
    weights = pillar_weights({"availability.hours_covered": 0.5})
    assert weights["availability"]["hours_covered"] == 0.5
    assert weights["accuracy"]["fcr"] == 0.30
    with pytest.raises(ConfigError, match=r"unknown component 'availability\.speed'"):
        pillar_weights({"availability.speed": 1})
    with pytest.raises(ConfigError, match="must be 0 or more"):
        pillar_weights({"accuracy.fcr": -1})


def test_combine_renormalises_over_measured_components_and_inverts_lower_is_better() -> None:
    parts = [
        Component("fcr", 80.0, 100, se=4.0),
        Component("reopen_rate", 10.0, 100, se=3.0),  # lower is better: enters as 90
        Component("survey_resolved", None, 0),
    ]
    pillar = combine("accuracy", parts, {"fcr": 0.3, "reopen_rate": 0.1, "survey_resolved": 0.6})
    assert pillar.value == pytest.approx((0.3 * 80 + 0.1 * 90) / 0.4)
    assert pillar.se == pytest.approx(((0.3 * 4) ** 2 + (0.1 * 3) ** 2) ** 0.5 / 0.4)
    previous = combine("accuracy", [Component("fcr", 70.0, 100, se=4.0)], {"fcr": 1.0})
    change = pillar_change(pillar, previous)
    assert change.difference == pytest.approx(pillar.value - 70)
    assert change.p_value is not None and change.significant


def test_review_score_skips_na_and_zero_weights_and_fails_on_a_critical_category() -> None:
    frame = pl.DataFrame(
        {
            "review_id": [1, 1, 1, 2, 2, 3],
            "review": ["a", "a", "a", "b", "b", "c"],
            "conversation_id": [1, 1, 1, 2, 2, 3],
            "conversation": ["x"] * 6,
            "agent_id": [1] * 6,
            "sampling": ["random"] * 6,
            "reviewer": ["qa"] * 6,
            "category": ["e", "t", "g", "e", "c", "g"],
            "score": [3.0, None, 2.0, 4.0, 1.0, None],
            "scale_min": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
            "scale_max": [4.0, 4.0, 4.0, 4.0, 3.0, 4.0],
            "weight": [1.0, 5.0, 0.0, 1.0, 1.0, 1.0],
            "critical": [False, False, False, False, True, False],
        }
    )
    totals = review_totals(with_category_scores(frame))
    assert totals["review_score"].to_list() == [pytest.approx(200 / 3), 0.0, None]
    assert totals["critical_fail"].to_list() == [False, True, False]


def test_docs_list_the_keywords_and_the_default_weights() -> None:
    from pathlib import Path

    from queries.metrics.pillars import DEFAULT_WEIGHTS

    docs = (Path(__file__).resolve().parents[3] / "docs" / "metrics.md").read_text("utf-8")
    section = docs.split("### The scripted-answer keywords")[1].split("It is a weak signal")[0]
    for language, label in (("en", "**en**:"), ("zh-TW", "**zh-TW**:")):
        listed = section.split(label)[1].split("- **")[0]
        words = [w.strip() for w in " ".join(listed.split()).split(",")]
        assert words == list(SCRIPTED_KEYWORDS[language])
    for pillar, parts in DEFAULT_WEIGHTS.items():
        for component in parts:
            assert f"`{component}`" in docs, (pillar, component)
