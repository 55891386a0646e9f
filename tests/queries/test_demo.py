"""The demo world: size, determinism, time zones, the planted gap, and the survey story."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.demo import DemoSpec, build_demo, has_data
from queries.demo.world import World
from queries.plumbing import schema
from queries.plumbing.db import make_engine, read_frame
from queries.plumbing.errors import BadInput
from queries.plumbing.progress import no_progress

END = date(2025, 3, 31)
SMALL = DemoSpec(seed=11, customers=500, days=60, conversations=3_000, end=END)
LONG = DemoSpec(seed=5, customers=3_000, days=240, conversations=9_000, end=END)
HORIZON = datetime(END.year, END.month, END.day, tzinfo=UTC) + timedelta(days=1)
UTC_TYPE = pl.Datetime("us", "UTC")
TAIPEI = "Asia/Taipei"


def table(engine: Engine, name: str) -> pl.DataFrame:
    return read_frame(engine, sa.select(schema.metadata.tables[name]))


def taipei_slot(column: str) -> pl.Expr:
    """'weekend night' (Sat/Sun 00:00–06:59), 'weekday day' (Mon–Fri 10:00–16:59), or other."""
    local = pl.col(column).dt.convert_time_zone(TAIPEI)
    weekend, hour = local.dt.weekday() >= 6, local.dt.hour()
    return (
        pl.when(weekend & (hour < 7))
        .then(pl.lit("weekend night"))
        .when(~weekend & (hour >= 10) & (hour < 17))
        .then(pl.lit("weekday day"))
        .otherwise(pl.lit("other"))
    )


def shift_hours(engine: Engine, start: datetime) -> pl.DataFrame:
    """Agent-hours on shift in every UTC hour of the window (partial hours pro rata)."""
    shifts = table(engine, "shifts").with_columns(
        hour=pl.datetime_ranges(pl.col("starts_at").dt.truncate("1h"), pl.col("ends_at"), "1h")
    )
    pieces = shifts.explode("hour").with_columns(
        agents=(
            pl.min_horizontal("ends_at", pl.col("hour") + pl.duration(hours=1))
            - pl.max_horizontal("starts_at", "hour")
        ).dt.total_seconds()
        / 3600
    )
    window = pl.datetime_range(start, HORIZON, "1h", closed="left", time_zone="UTC", eager=True)
    on_shift = pieces.filter(pl.col("agents") > 0).group_by("hour").agg(pl.col("agents").sum())
    return (
        pl.DataFrame({"hour": window})
        .join(on_shift, on="hour", how="left")
        .with_columns(pl.col("agents").fill_null(0.0), slot=taipei_slot("hour"))
    )


def with_wait(conversations: pl.DataFrame) -> pl.DataFrame:
    return conversations.with_columns(
        wait_s=(pl.col("first_response_at") - pl.col("opened_at")).dt.total_seconds(),
        hour=pl.col("opened_at").dt.truncate("1h"),
        slot=taipei_slot("opened_at"),
    )


def window_start(spec: DemoSpec) -> datetime:
    return HORIZON - timedelta(days=spec.days)


def test_builds_the_requested_world_and_reports_progress(engine: Engine) -> None:
    seen: list[tuple[str, int, int]] = []
    assert not has_data(engine)
    summary = build_demo(engine, SMALL, progress=lambda *step: seen.append(step))
    assert has_data(engine)
    counts = {name: table(engine, name).height for name in summary.rows}
    assert counts == summary.rows
    assert counts["customers"] == 500
    assert counts["conversations"] == 3_000
    assert 20 <= counts["agents"] <= 30
    assert all(counts[name] > 0 for name in counts)
    assert "3,000 conversations" in str(summary)
    labels = list(dict.fromkeys(label for label, _, _ in seen))
    assert labels == [
        "simulating", "customers", "agents", "shifts", "conversations", "surveys", "activity",
        "reviews",
        "labels",
    ]  # fmt: skip
    finals = {label: (done, total) for label, done, total in seen}
    assert all(done == total for done, total in finals.values())
    assert finals["surveys"][1] == counts["survey_invitations"] + counts["survey_responses"]


def test_timestamps_are_utc_and_survive_the_round_trip(engine: Engine) -> None:
    build_demo(engine, SMALL)
    for name, parts in World.simulate(SMALL, no_progress).steps():
        for target, written in parts:
            stamps = [c for c, t in written.schema.items() if isinstance(t, pl.Datetime)]
            assert all(written.schema[c] == UTC_TYPE for c in stamps), name
            if target.name in ("conversations", "survey_invitations", "shifts"):
                assert stamps, target.name
                read_back = table(engine, target.name).select(written.columns)
                order = written.columns  # PostgreSQL returns heap order, not insertion order
                assert read_back.sort(order).equals(written.sort(order)), target.name


def test_timestamps_are_in_order(engine: Engine) -> None:
    build_demo(engine, SMALL)
    conv = table(engine, "conversations")
    assert conv["opened_at"].min() >= window_start(SMALL)
    assert conv["opened_at"].max() < HORIZON
    answered = conv.filter(pl.col("first_response_at").is_not_null())
    assert (answered["first_response_at"] >= answered["opened_at"]).all()
    done = answered.filter(pl.col("resolved_at").is_not_null())
    assert (done["resolved_at"] >= done["first_response_at"]).all()
    shifts = table(engine, "shifts")
    assert (shifts["ends_at"] > shifts["starts_at"]).all()
    first_contact = conv.group_by("customer_id").agg(pl.col("opened_at").min().alias("first"))
    customers = table(engine, "customers").join(first_contact, left_on="id", right_on="customer_id")
    assert (customers["created_at"] < customers["first"]).all()


def test_most_recent_conversations_are_open_and_unanswered_ones_have_no_agent(
    engine: Engine,
) -> None:
    build_demo(engine, SMALL)
    conv = table(engine, "conversations")
    open_share = conv["resolved_at"].null_count() / conv.height
    assert 0.005 < open_share < 0.05
    oldest_open = conv.filter(pl.col("resolved_at").is_null())["opened_at"].min()
    assert oldest_open > HORIZON - timedelta(days=10)
    unanswered = conv.filter(pl.col("first_response_at").is_null())
    assert 0 < unanswered.height < 0.1 * conv.height
    assert unanswered["agent_id"].null_count() == unanswered.height
    assert set(conv["channel"]) == {"chat", "email", "phone", "social"}
    assert 0 < conv["category"].null_count() < 0.1 * conv.height


def test_answers_come_from_agents_on_shift(engine: Engine) -> None:
    build_demo(engine, SMALL)
    answered = table(engine, "conversations").filter(pl.col("agent_id").is_not_null())
    on_shift = answered.join(table(engine, "shifts"), on="agent_id").filter(
        pl.col("first_response_at").is_between("starts_at", "ends_at", closed="left")
    )
    assert answered.height > 0
    assert on_shift["id"].n_unique() == answered.height
    teams = answered.join(
        table(engine, "agents").select(pl.col("id").alias("agent_id"), "team"), on="agent_id"
    )
    billing = teams.filter(pl.col("category") == "billing")
    assert (billing["team"] == "Billing").mean() > (teams["team"] == "Billing").mean()


def test_same_seed_writes_identical_rows(sqlite_template: Path, tmp_path: Path) -> None:
    def build(seed: int, name: str) -> dict[str, pl.DataFrame]:
        path = tmp_path / name
        shutil.copy(sqlite_template, path)
        engine = make_engine(f"sqlite:///{path}")
        try:
            spec = DemoSpec(seed=seed, customers=300, days=30, conversations=1_500, end=END)
            build_demo(engine, spec)
            return {t.name: table(engine, t.name) for t in schema.BUSINESS_TABLES}
        finally:
            engine.dispose()

    first, again, other = build(3, "a.db"), build(3, "b.db"), build(4, "c.db")
    for name, frame in first.items():
        assert frame.height > 0, name
        assert frame.equals(again[name]), name
    assert not first["conversations"].equals(other["conversations"])


def test_customers_live_in_dst_and_half_hour_zones(engine: Engine) -> None:
    build_demo(engine, SMALL)
    customers = table(engine, "customers")
    zones = set(customers["time_zone"])
    january = {z: datetime(2025, 1, 15, tzinfo=ZoneInfo(z)).utcoffset() for z in zones}
    july = {z: datetime(2025, 7, 15, tzinfo=ZoneInfo(z)).utcoffset() for z in zones}
    assert any(january[z] != july[z] for z in zones)
    assert timedelta(hours=5, minutes=30) in january.values()
    taiwan = customers.filter(pl.col("time_zone") == TAIPEI)
    assert 0.45 < taiwan.height / customers.height < 0.65
    assert (taiwan["locale"] == "zh-TW").mean() > 0.9
    abroad = customers.filter(pl.col("time_zone") != TAIPEI)
    assert (abroad["locale"] == "en").mean() > 0.6
    assert 0.01 < customers["survey_opt_out"].mean() < 0.06
    assert 0 < customers["email"].null_count() < 0.2 * customers.height
    assert customers["external_id"].str.contains(r"^C\d{6}$").all()


def test_weekend_taipei_nights_are_thinly_staffed_while_customers_write(engine: Engine) -> None:
    build_demo(engine, SMALL)
    staffed = shift_hours(engine, window_start(SMALL)).group_by("slot").agg(pl.col("agents").mean())
    agents = dict(staffed.iter_rows())
    assert agents["weekend night"] < 0.35 * agents["weekday day"]
    conv = with_wait(table(engine, "conversations"))
    arrivals = conv.group_by("slot").agg(pl.len().alias("arrivals"))
    hours = shift_hours(engine, window_start(SMALL)).group_by("slot").agg(pl.len().alias("hours"))
    per_hour = arrivals.join(hours, on="slot").select("slot", pl.col("arrivals") / pl.col("hours"))
    demand = dict(per_hour.iter_rows())
    assert demand["weekend night"] > 0.25 * demand["weekday day"]
    local_start = table(engine, "shifts")["starts_at"].dt.convert_time_zone(TAIPEI)
    assert (local_start.dt.minute() == 30).any()


def test_first_response_is_slower_in_understaffed_hours(engine: Engine) -> None:
    build_demo(engine, SMALL)
    staffed = shift_hours(engine, window_start(SMALL)).select("hour", "agents")
    live = with_wait(table(engine, "conversations")).filter(
        pl.col("channel").is_in(["chat", "phone"])
    )
    arrivals = live.group_by("hour").agg(pl.len().alias("arrivals"))
    loaded = live.join(arrivals, on="hour").join(staffed, on="hour", how="left")
    loaded = loaded.with_columns(load=pl.col("arrivals") / pl.col("agents").clip(lower_bound=0.5))
    answered = loaded.filter(pl.col("wait_s").is_not_null())
    busy = answered.filter(pl.col("load") >= answered["load"].quantile(0.9))
    calm = answered.filter(pl.col("load") <= answered["load"].quantile(0.5))
    assert busy["wait_s"].median() > 5 * calm["wait_s"].median()
    by_slot = dict(answered.group_by("slot").agg(pl.col("wait_s").median()).iter_rows())
    assert by_slot["weekend night"] > 10 * by_slot["weekday day"]


def test_csat_is_better_after_fast_answers_and_first_contact_resolution(engine: Engine) -> None:
    build_demo(engine, LONG)
    conv = with_wait(table(engine, "conversations"))
    answers = table(engine, "survey_responses").join(
        conv.select(pl.col("id").alias("conversation_id"), "channel", "wait_s"),
        on="conversation_id",
    )
    live = answers.filter(pl.col("channel").is_in(["chat", "phone"]) & pl.col("csat").is_not_null())
    fast = live.filter(pl.col("wait_s") <= 300)
    slow = live.filter(pl.col("wait_s") >= 3600)
    assert fast.height >= 30 and slow.height >= 30
    assert (fast["csat"] >= 4).mean() > (slow["csat"] >= 4).mean() + 0.2
    said_resolved = answers.filter(pl.col("resolved").is_not_null() & pl.col("csat").is_not_null())
    happy = said_resolved.group_by("resolved").agg((pl.col("csat") >= 4).mean())
    by_answer = dict(happy.iter_rows())
    assert by_answer[True] > by_answer[False] + 0.2


def test_retention_is_higher_after_good_csat(engine: Engine) -> None:
    build_demo(engine, LONG)
    conv = table(engine, "conversations").select(
        pl.col("id").alias("conversation_id"), "customer_id", "opened_at"
    )
    rated = table(engine, "survey_responses").join(conv, on="conversation_id")
    eligible = rated.filter(pl.col("opened_at") + pl.duration(days=90) <= HORIZON)
    activity = table(engine, "customer_activity").select("customer_id", "occurred_at")
    retained = (
        eligible.join(activity, on="customer_id", how="left")
        .with_columns(
            within=(pl.col("occurred_at") > pl.col("opened_at"))
            & (pl.col("occurred_at") <= pl.col("opened_at") + pl.duration(days=90))
        )
        .group_by("conversation_id", "csat")
        .agg(pl.col("within").fill_null(False).any().alias("retained"))
    )
    good = retained.filter(pl.col("csat") >= 4)["retained"]
    bad = retained.filter(pl.col("csat") <= 2)["retained"]
    assert good.len() >= 100 and bad.len() >= 50
    assert good.mean() > bad.mean() + 0.1


def test_survey_outbox_follows_the_customers_and_leaves_recent_work(engine: Engine) -> None:
    build_demo(engine, SMALL)
    customers = table(engine, "customers").select(
        pl.col("id").alias("customer_id"), "email", "survey_opt_out"
    )
    outbox = table(engine, "survey_invitations").join(customers, on="customer_id")
    zones = table(engine, "customers").select(pl.col("id").alias("customer_id"), "time_zone")
    suppressed = outbox.filter(pl.col("status") == "suppressed")
    assert suppressed.height > 0
    opted = suppressed.filter(pl.col("reason") == "opted_out")
    assert opted["survey_opt_out"].all()
    assert suppressed.filter(pl.col("reason") == "no_email")["email"].null_count() > 0
    sent = outbox.filter(pl.col("status") == "sent")
    assert not sent["survey_opt_out"].any() and sent["email"].null_count() == 0
    assert (sent["attempts"] == 1).all() and (sent["sent_at"] >= sent["due_at"]).all()
    assert (sent["expires_at"] > sent["sent_at"]).all()
    for zone, invitations in sent.join(zones, on="customer_id").group_by("time_zone"):
        local_hour = invitations["due_at"].dt.convert_time_zone(str(zone[0])).dt.hour()
        assert local_hour.is_between(9, 20).all(), f"due inside quiet hours in {zone[0]}"
    answers = table(engine, "survey_responses")
    assert set(answers["source"]) == {"link"}
    assert answers["invitation_id"].is_in(sent["id"].implode()).all()
    assert 0.2 < answers.height / sent.height < 0.4
    conv = table(engine, "conversations")
    resolved = conv.filter(pl.col("resolved_at").is_not_null() & pl.col("agent_id").is_not_null())
    invited = resolved.filter(pl.col("id").is_in(outbox["conversation_id"].implode()))
    assert invited["resolved_at"].max() <= HORIZON - timedelta(days=2)
    assert resolved.height - invited.height > 0


def test_refuses_a_database_that_already_holds_data(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(sa.insert(schema.customers).values(external_id="X1", survey_opt_out=False))
    with pytest.raises(BadInput, match="already holds data"):
        build_demo(engine, SMALL)
    assert table(engine, "customers").height == 1
    assert not has_data(engine)


@pytest.mark.parametrize("field", ["customers", "days", "conversations"])
def test_spec_refuses_empty_sizes(field: str) -> None:
    with pytest.raises(BadInput, match=field):
        DemoSpec(**{field: 0})
