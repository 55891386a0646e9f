"""compute_metrics against a naive, loop-based reading of docs/metrics.md over
tests/data/independent.

The CSV files follow §6, plus a test-only survey_invitations.csv (conversation_external_id,
status): an answer to a conversation whose invitation was sent came through the link,
every other answer was imported. The files are parsed with `csv` and inserted with
SQLAlchemy Core here, deliberately not with the project's importer, and the expected
values come from plain Python loops over the parsed rows (no Polars, no queries.stats).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.metrics.tallies import METRIC_KEYS, compute_metrics
from queries.plumbing.filters import Filters
from queries.plumbing.schema import (
    agents,
    conversations,
    customer_activity,
    customers,
    survey_invitations,
    survey_responses,
)

DATA = Path(__file__).parents[2] / "data" / "independent"
Row = dict[str, Any]


def read_csv(name: str) -> list[Row]:
    """The rows of one file as dicts; an empty field is None."""
    with open(DATA / name, newline="", encoding="utf-8") as file:
        return [
            {k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(file)
        ]


def instant(text: str | None) -> datetime | None:
    if text is None:
        return None
    value = datetime.fromisoformat(text)
    assert value.tzinfo is not None, text
    return value


def integer(text: str | None) -> int | None:
    return None if text is None else int(text)


def boolean(text: str | None) -> bool | None:
    return None if text is None else {"true": True, "false": False}[text]


def read_dataset() -> dict[str, list[Row]]:
    """Every file, with timestamps, integers and booleans parsed."""
    data = {
        "customers": read_csv("customers.csv"),
        "agents": read_csv("agents.csv"),
        "conversations": read_csv("conversations.csv"),
        "responses": read_csv("survey_responses.csv"),
        "activity": read_csv("customer_activity.csv"),
        "invitations": read_csv("survey_invitations.csv"),
    }
    for row in data["customers"]:
        row["survey_opt_out"] = boolean(row["survey_opt_out"])
        row["created_at"] = instant(row["created_at"])
    for row in data["conversations"]:
        for key in ("opened_at", "first_response_at", "resolved_at"):
            row[key] = instant(row[key])
        for key in ("agent_replies", "reopened_count", "handle_seconds"):
            row[key] = integer(row[key])
    for row in data["responses"]:
        row["csat"], row["nps"] = integer(row["csat"]), integer(row["nps"])
        row["resolved"] = boolean(row["resolved"])
        row["responded_at"] = instant(row["responded_at"])
    for row in data["activity"]:
        row["occurred_at"] = instant(row["occurred_at"])
        row["amount"] = None if row["amount"] is None else float(row["amount"])
    return data


DATASET = read_dataset()


def insert_dataset(engine: Engine, data: dict[str, list[Row]]) -> None:
    """Insert the parsed rows with Core, external ids resolved through id maps."""

    def ids(conn: sa.Connection, table: sa.Table) -> dict[str, int]:
        return {key: id_ for key, id_ in conn.execute(sa.select(table.c.external_id, table.c.id))}

    with engine.begin() as conn:
        conn.execute(sa.insert(customers), data["customers"])
        conn.execute(sa.insert(agents), data["agents"])
        customer_ids, agent_ids = ids(conn, customers), ids(conn, agents)
        conn.execute(
            sa.insert(conversations),
            [
                {k: v for k, v in row.items() if not k.endswith("external_id")}
                | {
                    "external_id": row["external_id"],
                    "customer_id": customer_ids[row["customer_external_id"]],
                    "agent_id": agent_ids.get(row["agent_external_id"]),
                }
                for row in data["conversations"]
            ],
        )
        conversation_ids = ids(conn, conversations)
        by_external_id = {row["external_id"]: row for row in data["conversations"]}
        invitation_ids: dict[str, int] = {}
        for row in data["invitations"]:
            conversation = by_external_id[row["conversation_external_id"]]
            due = (conversation["resolved_at"] or conversation["opened_at"]) + timedelta(hours=2)
            result = conn.execute(
                sa.insert(survey_invitations).values(
                    conversation_id=conversation_ids[row["conversation_external_id"]],
                    customer_id=customer_ids[conversation["customer_external_id"]],
                    status=row["status"],
                    due_at=due,
                    sent_at=due if row["status"] == "sent" else None,
                )
            )
            key = result.inserted_primary_key
            if row["status"] == "sent" and key is not None:
                invitation_ids[row["conversation_external_id"]] = key[0]
        conn.execute(
            sa.insert(survey_responses),
            [
                {k: v for k, v in row.items() if k != "conversation_external_id"}
                | {
                    "conversation_id": conversation_ids[row["conversation_external_id"]],
                    "invitation_id": invitation_ids.get(row["conversation_external_id"]),
                    "source": "link"
                    if row["conversation_external_id"] in invitation_ids
                    else "import",
                }
                for row in data["responses"]
            ],
        )
        conn.execute(
            sa.insert(customer_activity),
            [
                {k: v for k, v in row.items() if k != "customer_external_id"}
                | {"customer_id": customer_ids[row["customer_external_id"]]}
                for row in data["activity"]
            ],
        )


@dataclass(frozen=True)
class Case:
    start: date
    end: date
    tz: str
    as_of: datetime
    channels: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    window_days: int = 7


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")


NY_EDGE = utc("2024-06-07 12:00")  # C04's t0 (03-09 12:00Z) + 90 d: C01, C04, C12 eligible
CASES = {
    "new-york-dst": Case(date(2024, 3, 9), date(2024, 3, 12), "America/New_York", NY_EDGE),
    "new-york-1s-early": Case(
        date(2024, 3, 9), date(2024, 3, 12), "America/New_York", NY_EDGE - timedelta(seconds=1)
    ),
    "new-york-chat-phone": Case(
        date(2024, 3, 9), date(2024, 3, 12), "America/New_York", NY_EDGE, channels=("chat", "phone")
    ),
    "new-york-month-night": Case(
        date(2024, 3, 1),
        date(2024, 3, 31),
        "America/New_York",
        utc("2024-12-31 00:00"),
        teams=("night",),
    ),
    "kolkata-week": Case(date(2024, 3, 5), date(2024, 3, 11), "Asia/Kolkata", NY_EDGE),
    "kolkata-week-vip-smb": Case(
        date(2024, 3, 5),
        date(2024, 3, 11),
        "Asia/Kolkata",
        utc("2024-12-31 00:00"),
        segments=("vip", "smb"),
    ),
    "london-dst-day": Case(date(2024, 3, 31), date(2024, 3, 31), "Europe/London", NY_EDGE),
    "taipei-all-a-year-on": Case(
        date(2024, 2, 20), date(2024, 4, 30), "Asia/Taipei", utc("2025-06-01 00:00")
    ),
    "taipei-all-window-3": Case(
        date(2024, 2, 20),
        date(2024, 4, 30),
        "Asia/Taipei",
        utc("2024-12-31 00:00"),
        window_days=3,
    ),
}


def naive_metrics(data: dict[str, list[Row]], case: Case) -> dict[str, Any]:
    """§3 read literally, one loop at a time."""
    zone = ZoneInfo(case.tz)
    lo = datetime(case.start.year, case.start.month, case.start.day, tzinfo=zone)
    day_after = case.end + timedelta(days=1)
    hi = datetime(day_after.year, day_after.month, day_after.day, tzinfo=zone)
    segment_of = {c["external_id"]: c["segment"] for c in data["customers"]}
    team_of = {a["external_id"]: a["team"] for a in data["agents"]}

    period = []
    for x in data["conversations"]:
        if not lo <= x["opened_at"] < hi:
            continue
        if case.channels and x["channel"] not in case.channels:
            continue
        if case.teams and team_of.get(x["agent_external_id"]) not in case.teams:
            continue
        if case.segments and segment_of[x["customer_external_id"]] not in case.segments:
            continue
        period.append(x)
    in_period = {x["external_id"] for x in period}
    responses = [r for r in data["responses"] if r["conversation_external_id"] in in_period]
    sent = {i["conversation_external_id"] for i in data["invitations"] if i["status"] == "sent"}

    csat_scores = [r["csat"] for r in responses if r["csat"] is not None]
    satisfied = len([s for s in csat_scores if s >= 4])
    nps_scores = [r["nps"] for r in responses if r["nps"] is not None]
    promoters = len([s for s in nps_scores if s >= 9])
    detractors = len([s for s in nps_scores if s <= 6])

    window = timedelta(days=case.window_days)
    resolved = [x for x in period if x["resolved_at"] is not None]
    first_contact = 0
    for x in resolved:
        repeat = False
        for y in data["conversations"]:  # any conversation, in the period or not, any channel
            if (
                y is not x
                and y["customer_external_id"] == x["customer_external_id"]
                and y["category"] == x["category"]  # None == None
                and x["opened_at"] < y["opened_at"] <= x["resolved_at"] + window
            ):
                repeat = True
        if x["reopened_count"] == 0 and not repeat:
            first_contact += 1
    one_touch = len([x for x in resolved if x["agent_replies"] <= 1])
    survey_answers = [r["resolved"] for r in responses if r["resolved"] is not None]

    t0: dict[str, datetime] = {}
    for x in period:
        who = x["customer_external_id"]
        if who not in t0 or x["opened_at"] < t0[who]:
            t0[who] = x["opened_at"]
    eligible = retained = 0
    for who, start in t0.items():
        end = start + timedelta(days=90)
        if end <= case.as_of:
            eligible += 1
            if any(
                a["customer_external_id"] == who and start < a["occurred_at"] <= end
                for a in data["activity"]
            ):
                retained += 1
    # repurchase: an order in (t0, t0 + 90 d]; CLV: every amount in (t0, t0 + 365 d], eligible
    # when the horizon has passed
    rebuyers = [who for who, start in t0.items() if start + timedelta(days=90) <= case.as_of]
    repurchased = sum(
        any(
            a["customer_external_id"] == who
            and a["kind"] == "order"
            and t0[who] < a["occurred_at"] <= t0[who] + timedelta(days=90)
            for a in data["activity"]
        )
        for who in rebuyers
    )
    spenders = [who for who, start in t0.items() if start + timedelta(days=365) <= case.as_of]
    revenue = sum(
        a["amount"] or 0.0
        for who in spenders
        for a in data["activity"]
        if a["customer_external_id"] == who
        and t0[who] < a["occurred_at"] <= t0[who] + timedelta(days=365)
    )

    waits = sorted(
        (x["first_response_at"] - x["opened_at"]).total_seconds()
        for x in period
        if x["first_response_at"] is not None
    )
    if not waits:
        median = None
    elif len(waits) % 2 == 1:
        median = waits[len(waits) // 2]
    else:
        median = (waits[len(waits) // 2 - 1] + waits[len(waits) // 2]) / 2
    link = len([r for r in responses if r["conversation_external_id"] in sent])
    invited = len([x for x in period if x["external_id"] in sent])

    def share(part: int, whole: int) -> float | None:
        return None if whole == 0 else 100 * part / whole

    csat_ci = None
    if csat_scores:
        n, p, z = len(csat_scores), satisfied / len(csat_scores), 1.96
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        csat_ci = [max(0.0, 100 * (centre - half)), min(100.0, 100 * (centre + half))]
    nps = nps_ci = None
    if nps_scores:
        n = len(nps_scores)
        p, d = promoters / n, detractors / n
        nps = 100 * (p - d)
        half = 1.96 * 100 * math.sqrt((p + d - (p - d) ** 2) / n)
        nps_ci = [max(-100.0, nps - half), min(100.0, nps + half)]
    return {
        "conversations": len(period),
        "responses": len(responses),
        "csat": share(satisfied, len(csat_scores)),
        "csat_ci": csat_ci,
        "nps": nps,
        "nps_ci": nps_ci,
        "fcr": share(first_contact, len(resolved)),
        "fcr_one_touch": share(one_touch, len(resolved)),
        "fcr_survey": share(len([a for a in survey_answers if a]), len(survey_answers)),
        "retention_90d": share(retained, eligible),
        "repurchase_90d": share(repurchased, len(rebuyers)),
        "clv_365d": revenue / len(spenders) if spenders else None,
        "first_response_median_s": median,
        "response_rate": share(link, invited),
    }


def test_the_dataset_is_not_trivial() -> None:
    assert 40 <= len(DATASET["conversations"]) <= 80
    ny = naive_metrics(DATASET, CASES["new-york-dst"])
    assert ny["conversations"] >= 15
    assert ny["retention_90d"] is not None and 0 < ny["retention_90d"] < 100
    assert ny["fcr"] is not None and ny["fcr"] < ny["fcr_one_touch"]  # repeats and reopens bite
    early = naive_metrics(DATASET, CASES["new-york-1s-early"])
    assert early["retention_90d"] != ny["retention_90d"]  # C04's edge is decisive
    assert all(naive_metrics(DATASET, case)["conversations"] > 0 for case in CASES.values())
    later = naive_metrics(DATASET, CASES["taipei-all-a-year-on"])
    assert later["repurchase_90d"] is not None and 0 < later["repurchase_90d"] < 100
    assert later["clv_365d"] is not None and later["clv_365d"] > 0


@pytest.mark.parametrize("name", list(CASES))
def test_compute_metrics_matches_the_naive_reading(engine: Engine, name: str) -> None:
    insert_dataset(engine, DATASET)
    case = CASES[name]
    filters = Filters(case.start, case.end, case.tz, case.channels, case.teams, case.segments)
    actual = compute_metrics(engine, filters, as_of=case.as_of, fcr_window_days=case.window_days)
    expected = naive_metrics(DATASET, case)
    assert tuple(actual) == METRIC_KEYS
    for key in METRIC_KEYS:
        if expected[key] is None:
            assert actual[key] is None, key
        else:
            assert actual[key] == pytest.approx(expected[key], rel=1e-9, abs=1e-9), key
