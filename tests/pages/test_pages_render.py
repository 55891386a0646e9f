"""Every page renders through the entry with AppTest, in both languages, on no data and demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import registry
from dashboard.export.buttons import EXPORT_KEY
from dashboard.i18n import translations

ENTRY = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
# (script relative to the entry, URL path ("" is the default page), English title), from the
# page registry: a page added there is rendered here at once (Administration pages show no KPI:
# tests/pages/test_people_page.py renders them)
PAGES = [
    (f"../pages/{spec.stem}.py", spec.url_path, spec.title)
    for spec in registry.dashboard_pages()
    if spec.section != registry.ADMIN
]
LANGUAGES = ("zh-TW", "en")


def open_page(script: str, language: str) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.query_params["lang"] = language
    app.run()
    return app.switch_page(script).run()


def data_downloads(app: AppTest) -> list[Any]:
    """The page's data downloads, without the page export's PDF and PNG."""
    return [b for b in app.get("download_button") if not str(b.key).startswith(EXPORT_KEY)]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("script", "url", "title"), PAGES)
def test_page_renders(world: str, script: str, url: str, title: str, language: str) -> None:
    app = open_page(script, language)
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == translations(language).gettext(title)
    if world == "demo":
        assert app.get("plotly_chart"), "no chart on the demo world"
        assert app.metric, "no KPI tiles on the demo world"
    else:
        assert any("vigil demo" in info.value for info in app.info), "no friendly empty state"


def test_language_switch_translates_the_sidebar(world: str) -> None:
    chinese = open_page(PAGES[0][0], "zh-TW")
    english = open_page(PAGES[0][0], "en")
    assert chinese.sidebar.multiselect[0].label == translations("zh-TW").gettext("Channel")
    assert english.sidebar.multiselect[0].label == "Channel"
    assert chinese.sidebar.multiselect[0].label == "管道"


def test_the_registry_names_every_page_file() -> None:
    scripts = {spec.script.name for spec in registry.PAGES}
    on_disk = {path.name for path in registry.PAGES_DIR.glob("*.py")}
    assert scripts == on_disk
    assert len({spec.url_path for spec in registry.PAGES}) == len(registry.PAGES)
    assert [spec for spec in registry.PAGES if spec.default] == [registry.page("overview")]


def test_the_readme_page_table_is_the_registry() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert registry.markdown_table() in readme


def test_the_bench_times_every_page() -> None:
    from tests.bench import LOADS, page_loads

    assert set(LOADS) == {spec.stem for spec in registry.dashboard_pages()}
    assert len(page_loads()) >= len([stem for stem, loads in LOADS.items() if loads])
