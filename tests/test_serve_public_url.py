"""`vigil serve` and the survey links it makes (issue 16): an unset VIGIL_PUBLIC_URL follows the
port served; a set one is kept. A failed link's language is read from its payload."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dashboard.cli.processes import served_url
from queries.plumbing.settings import Settings
from queries.surveys.links import SurveyLink, claimed_language, sign
from tests.worlds import DEMO_NOW


def test_an_unset_public_url_follows_the_served_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VIGIL_PUBLIC_URL", raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert served_url(settings, "127.0.0.1", 8610) == {"VIGIL_PUBLIC_URL": "http://127.0.0.1:8610"}
    assert served_url(settings, "0.0.0.0", 8611) == {"VIGIL_PUBLIC_URL": "http://127.0.0.1:8611"}


def test_a_set_public_url_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIGIL_PUBLIC_URL", "https://support.example.test")
    assert served_url(Settings(_env_file=None), "127.0.0.1", 8610) == {}  # type: ignore[call-arg]


def test_a_failed_link_still_names_its_language() -> None:
    token = sign("k" * 32, SurveyLink(3, "en", "answer"), DEMO_NOW - timedelta(days=90))
    assert claimed_language(token) == "en"
    assert claimed_language(token[:-4] + "AAAA") == "en"  # a broken signature
    assert claimed_language("garbage") is None
    assert claimed_language("") is None
