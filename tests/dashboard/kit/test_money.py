"""Revenue is shown in an explicit currency (NT$ in both languages, the ISO code where a
symbol is ambiguous), as AppTest renders it."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def money_script() -> None:
    import streamlit as st

    from dashboard.i18n import money

    st.markdown(money(1481.2, "TWD"))
    st.markdown(money(None, "TWD"))
    st.markdown(money(2500, "USD"))


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", ["NT$1,481", "—", "USD 2,500"]), ("zh-TW", ["NT$1,481", "—", "USD 2,500"])],
)
def test_money_uses_the_currency_and_the_language(language: str, shown: list[str]) -> None:
    app = AppTest.from_function(money_script)
    app.query_params["lang"] = language
    app.run()
    assert not app.exception
    assert [element.value for element in app.markdown] == shown
