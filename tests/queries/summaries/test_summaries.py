"""The summaries against the row-level §3 definitions, on both backends (docs/summaries.md):
every count exactly, the median within 1 s or 1 %, in zones with DST and +05:30, +05:45
and +12:45 offsets, with and without cuts."""

from __future__ import annotations

import dataclasses
import math
from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest
import sqlalchemy as sa
from polars.testing import assert_frame_equal
from sqlalchemy.engine import Engine

from queries.metrics.cuts import kpi_conversations
from queries.metrics.tallies import tally
from queries.metrics.volume import daily_volume as rows_volume
from queries.plumbing.db import writing
from queries.plumbing.filters import Filters
from queries.plumbing.schema import (
    conversations,
    summary_days,
    summary_quarters,
    summary_state,
    survey_invitations,
    survey_responses,
)
from queries.plumbing.staleness import EVERYTHING, mark_dirty
from queries.summaries.build import refresh
from queries.summaries.read import daily_volume, period_counts, ready
from queries.surveys.answers import record_answer
from queries.views.overview import overview, overview_from_rows
from tests.queries.summaries.conftest import NOW

ZONES = (
    *("America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Chatham", "Asia/Taipei"),
    "UTC",  # whole UTC days only: no edge quarters
)


def periods(tz: str) -> list[Filters]:
    """The whole world, the day US clocks went back (2026-11-01), and cut periods."""
    return [
        Filters(date(2026, 10, 1), date(2026, 11, 21), tz),
        Filters(date(2026, 11, 1), date(2026, 11, 1), tz),
        Filters(date(2026, 10, 20), date(2026, 11, 5), tz, channels=("chat", "email")),
        Filters(date(2026, 10, 10), date(2026, 10, 31), tz, teams=("Tier 1",)),
        Filters(date(2026, 11, 2), date(2026, 11, 9), tz, segments=("smb",)),
    ]


def assert_same(engine: Engine, filters: Filters) -> None:
    rows = kpi_conversations(engine, filters, 7)
    expected = tally(rows)
    got = period_counts(engine, filters)
    for key in set(expected) - set(got):  # retention, repurchase and CLV: not summarised
        assert not expected.pop(key)
    exact, got_median = expected.pop("first_response_median_s"), got.pop("first_response_median_s")
    assert got == expected, filters
    if exact is None:
        assert got_median is None
    else:
        assert abs(got_median - exact) <= max(1.0, 0.01 * exact), (filters, exact, got_median)
    assert daily_volume(engine, filters).equals(rows_volume(rows, filters.tz))


def test_every_count_equals_the_rows(world: Engine) -> None:
    for tz in ZONES:
        for filters in periods(tz):
            assert ready(world, filters, 7) is not None
            assert_same(world, filters)
    assert tally(kpi_conversations(world, periods("UTC")[0], 7))["conversations"] > 2_000


def test_a_write_marks_them_stale_until_the_refresh(world: Engine) -> None:
    filters = periods("Asia/Taipei")[0]
    with world.connect() as conn:
        unanswered = conn.execute(
            sa.select(conversations.c.id, conversations.c.opened_at)
            .outerjoin(survey_responses, survey_responses.c.conversation_id == conversations.c.id)
            .where(survey_responses.c.id.is_(None), conversations.c.resolved_at.is_not(None))
            .order_by(conversations.c.opened_at)
        ).first()
    assert unanswered is not None
    answer = {"conversation_id": unanswered.id, "csat": 2, "nps": 3, "responded_at": NOW}
    with writing(world) as conn:  # an answer arrives: the job finds it by responded_at
        conn.execute(survey_responses.insert().values(**answer, source="link"))
    assert ready(world, filters, 7) is not None  # stale until the job runs: exactly one cycle
    done = refresh(world, NOW + timedelta(minutes=1), 7)
    assert done.since is not None and done.since <= unanswered.opened_at.astimezone(UTC).date()
    assert_same(world, filters)
    with writing(world) as conn:
        mark_dirty(conn, datetime(2026, 11, 10, tzinfo=UTC))
    assert ready(world, filters, 7) is None  # the pages read rows meanwhile
    assert refresh(world, NOW + timedelta(minutes=2), 7).since is not None
    assert ready(world, filters, 7) is not None


def test_a_failed_write_leaves_them_unchanged(world: Engine) -> None:
    def stored() -> list[list[sa.Row]]:
        with world.connect() as conn:
            tables = (summary_quarters, summary_days)
            return [conn.execute(sa.select(t).order_by(*t.c)).all() for t in tables]

    before = stored()
    assert before[1] and len(before[1]) < len(before[0])
    with pytest.raises(RuntimeError), writing(world) as conn:
        mark_dirty(conn, EVERYTHING)
        raise RuntimeError("the import failed half-way")
    with world.connect() as conn:
        assert conn.execute(sa.select(summary_state.c.dirty_from)).scalar() is None
    assert stored() == before


def test_another_fcr_window_is_not_ready_until_rebuilt(world: Engine) -> None:
    filters = periods("Asia/Kolkata")[0]
    assert ready(world, filters, 3) is None
    refresh(world, NOW, 3)
    assert ready(world, filters, 3) is not None and ready(world, filters, 7) is None
    rows = tally(kpi_conversations(world, filters, 3))
    assert period_counts(world, filters)["resolved_first_contact"] == rows["resolved_first_contact"]


def test_an_empty_database_has_empty_summaries(engine: Engine) -> None:
    assert refresh(engine, NOW, 7).since is None
    filters = periods("Asia/Taipei")[0]
    assert ready(engine, filters, 7) is not None
    counts = period_counts(engine, filters)
    assert counts["conversations"] == 0 and counts["first_response_median_s"] is None
    assert daily_volume(engine, filters).is_empty()


def same(a: object, b: object) -> bool:
    """Equal, looking into dataclasses and comparing frames by content: counts exactly, sums of
    money to 1e-9 (the database and Polars add them in different orders)."""
    if isinstance(a, pl.DataFrame) and isinstance(b, pl.DataFrame):
        try:
            assert_frame_equal(a, b, check_exact=False, rel_tol=1e-9, abs_tol=1e-9)
        except AssertionError:
            return False
        return True
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    if dataclasses.is_dataclass(a) and dataclasses.is_dataclass(b):
        names = [f.name for f in dataclasses.fields(a)]
        return type(a) is type(b) and all(same(getattr(a, n), getattr(b, n)) for n in names)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def test_the_overview_from_summaries_equals_the_overview_from_rows(world: Engine) -> None:
    cases = [
        (periods("Asia/Kathmandu")[0], NOW),  # the whole world: no previous period
        (periods("America/New_York")[2], NOW),  # a channel cut: first contacts ranked
        (periods("Asia/Kolkata")[4], NOW),  # a segment cut: first by the previous opening
        (periods("America/New_York")[1], NOW),  # the 25-hour day, hour by hour
        (periods("Pacific/Chatham")[3], NOW + timedelta(days=60)),  # a team cut, 60 days on
        (periods("Asia/Taipei")[0], NOW + timedelta(days=75)),  # with a mature cohort
    ]
    shown: set[str] = set()
    for filters, as_of in cases:
        fast = overview(world, filters, as_of=as_of)
        slow = overview_from_rows(world, filters, as_of=as_of)
        assert fast.fresh is not None and slow.fresh is None
        for name in ("conversations", "conversations_change", "csat", "nps", "fcr"):
            assert getattr(fast, name) == getattr(slow, name), name
        for name in (
            "retention_90d",
            "response_rate",
            "value_centres",
            "worth",
            "mature",
            "hourly",
        ):
            assert same(getattr(fast, name), getattr(slow, name)), name
        assert fast.volume.equals(slow.volume)
        exact, got = slow.first_response_median_s, fast.first_response_median_s
        assert got.n == exact.n and exact.value is not None and got.value is not None
        assert abs(got.value - exact.value) <= max(1.0, 0.01 * exact.value)
        shown |= {"hourly"} if fast.hourly else set()
        shown |= {"mature"} if fast.mature else set()
        shown |= {"before"} if fast.value_centres.before.retention_90d is not None else set()
    assert shown == {"hourly", "mature", "before"}  # every part was compared at least once


def test_a_survey_answer_or_a_row_written_around_the_importer_is_never_missed(
    world: Engine,
) -> None:
    filters = periods("Asia/Taipei")[0]
    with world.connect() as conn:
        invitation_id, customer_id = conn.execute(
            sa.select(survey_invitations.c.id, survey_invitations.c.customer_id)
            .outerjoin(
                survey_responses,
                survey_responses.c.conversation_id == survey_invitations.c.conversation_id,
            )
            .where(survey_responses.c.id.is_(None))
            .limit(1)
        ).one()
    before = overview(world, filters, as_of=NOW).counts["responses"]
    record_answer(world, invitation_id, csat=5, nps=10, resolved=True, comment=None, now=NOW)
    assert ready(world, filters, 7) is None  # the answer marked its day: rows until the job
    assert overview(world, filters, as_of=NOW).counts["responses"] == before + 1
    refresh(world, NOW, 7)
    assert overview(world, filters, as_of=NOW).fresh is not None
    with writing(world) as conn:  # a conversation written straight into the table
        conn.execute(
            conversations.insert().values(
                external_id="AROUND-1",
                customer_id=customer_id,
                channel="chat",
                opened_at=datetime(2026, 11, 3, 5, tzinfo=UTC),
            )
        )
    drifted = overview(world, filters, as_of=NOW)
    assert drifted.fresh is None  # the counts disagree with the rows: the rows decide
    assert drifted.counts == overview_from_rows(world, filters, as_of=NOW).counts
