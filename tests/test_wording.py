"""Taiwan wording in the zh-TW catalog (docs/i18n.md): 管道 for channel, one word each for
night (深夜) and day (白天), 線上交談 for chat in the dashboard and the e-mail alike, and no
space before 前 ("18 秒前")."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from dashboard.i18n import catalog_path

MAINLAND_OR_SECOND_WORDS = ("渠道", "夜間", "日間", "線上對話", "晚間", "白日")


def zh_tw_strings() -> list[str]:
    with catalog_path("zh-TW").open("rb") as handle:
        return [str(m.string) for m in read_po(handle) if m.id and m.string]


@pytest.mark.parametrize("word", MAINLAND_OR_SECOND_WORDS)
def test_no_second_word_for_one_concept(word: str) -> None:
    assert [s for s in zh_tw_strings() if word in s] == []


def test_the_taiwan_words_are_used() -> None:
    text = "\n".join(zh_tw_strings())
    for word in ("管道", "深夜", "白天", "線上交談"):
        assert word in text


def test_no_space_before_ago() -> None:
    assert [s for s in zh_tw_strings() if " 前" in s and "{" in s.split(" 前")[0][-8:]] == []
