"""Quiet hours in the customer's zone: hand-checked cases and Hypothesis properties across DST."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.rules import backoff, customer_zone, in_quiet_hours, next_allowed
from tests.builders import at

WINDOW = (time(21), time(9))
NEW_YORK, LONDON = ZoneInfo("America/New_York"), ZoneInfo("Europe/London")
KOLKATA = ZoneInfo("Asia/Kolkata")  # +05:30
ZONES = [NEW_YORK, LONDON, KOLKATA, ZoneInfo("Australia/Lord_Howe")]  # Lord Howe: 30-min DST
# Instants around the 2024 spring-forward and fall-back switches of both hemispheres' zones.
SWITCHES = [
    datetime(2024, 3, 10, 7, tzinfo=UTC),  # New York springs forward
    datetime(2024, 11, 3, 6, tzinfo=UTC),  # New York falls back
    datetime(2024, 3, 31, 1, tzinfo=UTC),  # London springs forward
    datetime(2024, 10, 27, 1, tzinfo=UTC),  # London falls back
]
instants = st.builds(
    lambda base, minutes: base + timedelta(minutes=minutes),
    st.sampled_from(SWITCHES),
    st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60),
)
windows = st.sampled_from(
    [WINDOW, (time(22, 30), time(7)), (time(1, 30), time(2, 30)), (time(0), time(8)), WINDOW]
)


@settings(max_examples=400, deadline=None)
@given(instant=instants, zone=st.sampled_from(ZONES), window=windows)
def test_next_allowed_is_outside_quiet_hours_and_never_early(
    instant: datetime, zone: ZoneInfo, window: tuple[time, time]
) -> None:
    allowed = next_allowed(instant, zone, window)
    assert allowed >= instant
    assert not in_quiet_hours(allowed, zone, window)
    # and it is the *next* allowed time: a minute earlier is quiet (or before the instant)
    if allowed > instant:
        assert in_quiet_hours(allowed - timedelta(minutes=1), zone, window)
    assert allowed - instant <= timedelta(hours=13)


@settings(max_examples=200, deadline=None)
@given(instant=instants, zone=st.sampled_from(ZONES))
def test_an_allowed_instant_is_kept(instant: datetime, zone: ZoneInfo) -> None:
    if not in_quiet_hours(instant, zone, WINDOW):
        assert next_allowed(instant, zone, WINDOW) == instant


def test_hand_checked_cases() -> None:
    # 23:00 in New York on the night before spring-forward: 09:00 EDT next morning = 13:00 UTC
    assert next_allowed(at("2024-03-09 23:00", "America/New_York"), NEW_YORK, WINDOW) == at(
        "2024-03-10 09:00", "America/New_York"
    )
    assert at("2024-03-10 09:00", "America/New_York") == datetime(2024, 3, 10, 13, tzinfo=UTC)
    # 03:00 in London on fall-back morning: 09:00 GMT
    assert next_allowed(at("2024-10-27 03:00", "Europe/London"), LONDON, WINDOW) == datetime(
        2024, 10, 27, 9, tzinfo=UTC
    )
    # +05:30: 22:15 IST is quiet; 09:00 IST next day is 03:30 UTC
    assert next_allowed(at("2024-05-01 22:15", "Asia/Kolkata"), KOLKATA, WINDOW) == datetime(
        2024, 5, 2, 3, 30, tzinfo=UTC
    )
    # 14:00 local is fine as it is
    noon = at("2024-05-01 14:00", "Asia/Kolkata")
    assert next_allowed(noon, KOLKATA, WINDOW) == noon
    # a quiet end that falls in the spring-forward gap (02:30 does not exist in New York)
    gap = next_allowed(at("2024-03-10 01:45", "America/New_York"), NEW_YORK, (time(1), time(2, 30)))
    assert gap == at("2024-03-10 03:30", "America/New_York")


def test_customer_zone_falls_back_to_the_default() -> None:
    assert customer_zone(None, "Asia/Taipei") == ZoneInfo("Asia/Taipei")
    assert customer_zone("Mars/Base", "UTC") == ZoneInfo("UTC")
    assert customer_zone("Europe/London", "UTC") == LONDON


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert backoff(20) == timedelta(hours=1)
