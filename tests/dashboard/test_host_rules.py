"""The allowed-host rules of dashboard.web.guard: exact names, `.domain` suffixes, `*`, and
malformed Host headers refused (the server-level refusal is tested in tests/e2e)."""

from __future__ import annotations

import pytest

from dashboard.web.guard import host_name, is_allowed

RULES = ("localhost", "127.0.0.1", "::1", ".example.com")


@pytest.mark.parametrize(
    ("header", "allowed"),
    [
        ("localhost:8501", True),
        ("127.0.0.1", True),
        ("[::1]:8501", True),
        ("Vigil.Example.com.", True),
        ("example.com", True),
        ("attacker.example", False),
        ("example.com.attacker.example", False),
        ("badexample.com", False),
        ("localhost:99999", False),
        ("user@localhost", False),
        ("localhost/path", False),
        ("", False),
        (None, False),
    ],
)
def test_host_rules(header: str | None, allowed: bool) -> None:
    assert is_allowed(host_name(header), RULES) is allowed


def test_a_star_allows_any_well_formed_host() -> None:
    assert is_allowed(host_name("anything.invalid:80"), ("*",))
    assert not is_allowed(host_name("bad:port"), ("*",))
