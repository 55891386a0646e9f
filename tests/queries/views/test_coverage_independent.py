"""`vigil import` of tests/data/independent, then `vigil coverage --json`, against a naive,
loop-based reading of docs/metrics.md, "24-hour coverage": minute-by-minute shift walking,
wall-clock conversions with zoneinfo, and Erlang C from the Poisson sums (small loads only; no
queries.metrics.staffing)."""

from __future__ import annotations

import csv
import json
import math
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from dashboard.cli.commands import main
from tests.queries.metrics.test_tallies_independent import DATA, DATASET

CASES = {
    "new-york-dst": (date(2024, 3, 9), date(2024, 3, 12), "America/New_York"),
    "kolkata-week": (date(2024, 3, 5), date(2024, 3, 11), "Asia/Kolkata"),
    "london-dst-day": (date(2024, 3, 31), date(2024, 3, 31), "Europe/London"),
    "taipei-ten-days": (date(2024, 3, 3), date(2024, 3, 12), "Asia/Taipei"),
}


def shifts() -> list[tuple[datetime, datetime]]:
    with open(DATA / "shifts.csv", newline="", encoding="utf-8") as file:
        return [
            (datetime.fromisoformat(r["starts_at"]), datetime.fromisoformat(r["ends_at"]))
            for r in csv.DictReader(file)
        ]


def naive_erlang_c(n: int, a: float) -> float:
    top = a**n / math.factorial(n) * n / (n - a)
    return top / (sum(a**k / math.factorial(k) for k in range(n)) + top)


def naive_required(demand: float, aht: float, t: float = 60, sl: float = 0.8) -> int:
    if demand == 0:
        return 0
    a = demand * aht / 3600
    n = math.floor(a) + 1
    while 1 - naive_erlang_c(n, a) * math.exp(-(n - a) * t / aht) < sl:
        n += 1
    return math.ceil(round(n / 0.7, 9))


def naive_coverage(start: date, end: date, tz: str) -> dict[str, Any]:
    zone = ZoneInfo(tz)
    dates = [start + timedelta(days=d) for d in range((end - start).days + 1)]
    occurrences = Counter(d.weekday() for d in dates)
    contacts: Counter[tuple[int, int]] = Counter()
    handles = []
    for row in DATASET["conversations"]:
        local = row["opened_at"].astimezone(zone)
        if start <= local.date() <= end:
            contacts[(local.weekday(), local.hour)] += 1
            if row["handle_seconds"] is not None:
                handles.append(row["handle_seconds"])
    seconds: Counter[tuple[int, int]] = Counter()
    for starts, ends in shifts():
        minute = starts
        while minute < ends:  # every shift starts and ends on a whole minute
            local = minute.astimezone(zone)
            if start <= local.date() <= end:
                seconds[(local.weekday(), local.hour)] += 60
            minute += timedelta(minutes=1)
    aht = sum(handles) / len(handles)
    rows = []
    for wd in range(7):
        for hour in range(24):
            n = occurrences[wd]
            demand = contacts[(wd, hour)] / n if n else 0.0
            scheduled = seconds[(wd, hour)] / 3600 / n if n else 0.0
            required = naive_required(demand, aht)
            rows.append(
                {
                    "weekday": wd,
                    "hour": hour,
                    "demand": demand,
                    "scheduled": scheduled,
                    "required": required,
                    "gap": required - scheduled,
                }
            )
    return {"aht_s": aht, "rows": rows}


@pytest.mark.parametrize("name", list(CASES))
def test_import_then_coverage_matches_the_naive_reading(
    engine: Engine, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    assert main(["import", str(DATA), "--db", url]) == 0
    capsys.readouterr()
    start, end, tz = CASES[name]
    args = ["coverage", "--start", str(start), "--end", str(end), "--tz", tz, "--json"]
    assert main([*args, "--db", url]) == 0
    actual = json.loads(capsys.readouterr().out)
    expected = naive_coverage(start, end, tz)
    assert actual["aht_s"] == pytest.approx(expected["aht_s"], rel=1e-12)
    assert len(actual["rows"]) == 168
    for got, want in zip(actual["rows"], expected["rows"], strict=True):
        assert got == pytest.approx(want, rel=1e-9, abs=1e-9), (got["weekday"], got["hour"])
    assert sum(row["scheduled"] for row in expected["rows"]) > 0, "the case sees some shifts"
    assert sum(row["demand"] for row in expected["rows"]) > 0
