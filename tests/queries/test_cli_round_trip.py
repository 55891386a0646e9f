"""The acceptance path: `vigil import` of the independent §6 dataset, then `vigil metrics --json`,
against the naive, loop-based reading of §3 in test_metrics_independent."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.engine import Engine

from dashboard.cli.commands import main
from queries.metrics.tallies import METRIC_KEYS
from tests.queries.metrics.test_tallies_independent import CASES, DATA, DATASET, naive_metrics


@pytest.mark.parametrize("name", ["new-york-dst", "kolkata-week", "taipei-all-window-3"])
def test_import_then_metrics_matches_the_naive_reading(
    engine: Engine, name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    case = CASES[name]
    monkeypatch.setenv("VIGIL_FCR_WINDOW_DAYS", str(case.window_days))
    assert main(["import", str(DATA), "--db", url]) == 0
    capsys.readouterr()
    args = [
        "metrics",
        "--start",
        str(case.start),
        "--end",
        str(case.end),
        "--tz",
        case.tz,
        "--as-of",
        case.as_of.isoformat(),
        "--json",
        "--db",
        url,
    ]
    assert main(args) == 0
    actual = json.loads(capsys.readouterr().out)
    expected = naive_metrics(DATASET, case)
    assert tuple(actual) == METRIC_KEYS
    # survey_invitations.csv is test-only (§6 has no invitations): imported answers are
    # source=import and no invitation was sent, so the response rate is undefined.
    assert actual.pop("response_rate") is None
    for key in METRIC_KEYS:
        if key == "response_rate":
            continue
        if expected[key] is None:
            assert actual[key] is None, key
        else:
            assert actual[key] == pytest.approx(expected[key], rel=1e-9, abs=1e-9), key
