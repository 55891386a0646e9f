"""`vigil scorecard` prints the page's numbers, and the agent view's numbers equal
`vigil scorecard` and `vigil metrics` for the same filters (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.engine import Engine

from dashboard.cli.commands import main
from queries.views.agents import agents_view
from queries.views.scorecard import scorecard_view
from tests.queries.views.test_scorecard import SETTINGS, WEEK, build

AS_OF = ["--as-of", "2025-01-01T00:00:00Z"]
ARGS = ["--start", "2024-03-04", "--end", "2024-03-10", "--tz", "Asia/Taipei"]


def run(engine: Engine, capsys: pytest.CaptureFixture[str], *argv: str) -> dict:  # type: ignore[type-arg]
    url = engine.url.render_as_string(hide_password=False)
    assert main([*argv, "--db", url, "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_the_json_is_the_pages_view(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    build(engine)
    printed = run(engine, capsys, "scorecard", *ARGS)
    view = scorecard_view(engine, WEEK, SETTINGS)

    expected = json.loads(json.dumps(view.as_json(), default=str))
    assert {k: printed[k] for k in expected} == expected
    assert printed["pillars"]["availability"]["value"] == pytest.approx(
        0.35 * 60 + 0.20 * 100 + 0.25 * 100 * 162 / 168 + 0.20 * 80
    )
    assert printed["pillars"]["authenticity"]["components"]["scripted_mentions"]["weak"]


def test_agent_view_equals_vigil_metrics_and_vigil_scorecard(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    build(engine)  # team "day" is Mei alone, team "night" Raj alone
    card = run(engine, capsys, "scorecard", *ARGS)
    rows = {row["agent"]: row for row in agents_view(engine, WEEK, SETTINGS).as_json()}
    assert {row["agent"]: row for row in card["agents"]} == rows
    for team, agent in (("day", "Mei"), ("night", "Raj")):
        metrics = run(engine, capsys, "metrics", *ARGS, "--team", team, *AS_OF)
        row = rows[agent]
        assert row["conversations"] == metrics["conversations"]
        assert row["csat"] == metrics["csat"]
        assert [row["csat_low"], row["csat_high"]] == metrics["csat_ci"]
        assert row["fcr"] == metrics["fcr"]
        assert row["first_response_median_s"] == metrics["first_response_median_s"]
        by_agent = {r["agent"]: r for r in card["by_agent"]}[agent]
        for pillar in ("availability", "accuracy", "authenticity"):
            assert row[pillar] == by_agent[pillar]
        team_card = run(engine, capsys, "scorecard", *ARGS, "--team", team)
        assert team_card["agents"] == [json.loads(json.dumps(row, default=str))]


def test_hand_checked_agent_row_with_its_fair_comparison(engine: Engine) -> None:
    build(engine)
    mei = {row["agent"]: row for row in agents_view(engine, WEEK, SETTINGS).as_json()}["Mei"]

    assert (mei["conversations"], mei["csat"], mei["csat_n"]) == (3, 50.0, 2)
    assert (mei["fcr"], mei["resolved"]) == (50.0, 2)
    assert mei["first_response_median_s"] == 75.0
    assert (mei["handle_mean_s"], mei["handle_n"]) == (600.0, 1)
    assert mei["review_score"] == pytest.approx((700 / 8.5 + 0) / 2)
    assert mei["reviews"] == 2
    # Service level: c1 within, c2 late (c6 still open): 1 of 2. The floor in Mei's cells
    # (chat at the customer's 10:00 and 14:00) is hers alone, so expected = her own.
    assert (mei["service_level"], mei["service_level_n"]) == (50.0, 2)
    assert mei["service_level_expected"] == 50.0
    # CSAT: the floor's chat at local 10 and 14 are Mei's answers too.
    assert mei["csat_expected"] == 50.0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--tz", "Mars/Olympus"],
            "vigil scorecard: error: argument --tz: unknown IANA time zone: 'Mars/Olympus' "
            "(see vigil scorecard --help)",
        ),
        (
            ["--start", "2024-03-10", "--end", "2024-03-04"],
            "vigil scorecard: error: --end 2024-03-04 is before --start 2024-03-10",
        ),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    engine: Engine, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    base = {"--start": "2024-03-04", "--end": "2024-03-10"}
    for flag, value in zip(argv[::2], argv[1::2], strict=True):
        base[flag] = value
    flat = [part for pair in base.items() for part in pair]
    try:
        code = main(["scorecard", *flat, "--db", url])
    except SystemExit as exc:  # argparse refuses a bad --tz itself
        code = int(exc.code or 0)
    assert code == 2
    assert capsys.readouterr().err.strip() == message


def test_an_empty_database_prints_not_measured(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = run(engine, capsys, "scorecard", *ARGS)
    assert printed["conversations"] == 0
    assert all(p["value"] is None for p in printed["pillars"].values())
    assert printed["agents"] == []
