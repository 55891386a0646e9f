"""The one rule for instants given as text, shared by the importer, the CLI and the jobs; and
the one test of a time zone's name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dashboard.cli.commands import main
from queries.plumbing.errors import InstantError
from queries.plumbing.times import known_zone, parse_instant


def test_offsets_become_utc() -> None:
    assert parse_instant("2024-03-10T09:30:00Z") == datetime(2024, 3, 10, 9, 30, tzinfo=UTC)
    assert parse_instant("2024-03-10T09:30:00+05:30") == datetime(2024, 3, 10, 4, 0, tzinfo=UTC)
    assert parse_instant("2024-03-10 01:00-04:00") == datetime(2024, 3, 10, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-03-10 09:30", "naive timestamp '2024-03-10 09:30' needs Z or an offset"),
        ("yesterday", "not an ISO 8601 timestamp: 'yesterday'"),
    ],
)
def test_bad_instants_are_named(text: str, message: str) -> None:
    with pytest.raises(InstantError) as error:
        parse_instant(text)
    assert str(error.value) == message


def test_the_cli_uses_the_same_rule(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["metrics", "--start", "2024-03-01", "--end", "2024-03-02", "--as-of", "2024-03-10"]
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    assert "naive timestamp '2024-03-10' needs Z or an offset" in capsys.readouterr().err


def test_a_zone_is_known_or_not_without_raising() -> None:
    assert known_zone("Asia/Taipei") and known_zone("UTC")
    bad = ["Mars/Base", "", "../etc/passwd", "America", "x" * 300]  # not found, invalid, OSError
    assert not any(known_zone(name) for name in bad)
