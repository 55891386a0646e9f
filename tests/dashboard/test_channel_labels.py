"""One translated name per channel of the schema, used by every page and table."""

from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.sidebar import channel_label, channel_labels
from queries.plumbing.schema import CHANNELS


@pytest.mark.parametrize("language", ["en", "zh-TW"])
def test_every_schema_channel_has_a_name(monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    monkeypatch.setattr(i18n, "current_language", lambda: language)
    names = channel_labels()
    assert tuple(names) == CHANNELS
    assert all(channel_label(channel) == names[channel] for channel in CHANNELS)
    if language == "zh-TW":
        assert all(names[channel] != channel for channel in CHANNELS)
    assert channel_label("fax") == "fax"  # unknown values pass through
