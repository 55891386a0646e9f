"""The architecture is the import direction (docs/architecture.md, "Layers"), checked on the
parsed imports of every module:

- pages → dashboard → queries, and jobs → queries; queries import neither Streamlit nor Plotly;
- inside queries: plumbing imports only plumbing; metric modules import only plumbing and
  metric modules; a page's view never imports another view;
- a page's panel never imports another page's panel (the shared drill-down section aside);
- charts, the CLI and the HTTP routes (dashboard.web) never reach Streamlit, not even through
  another module;
- only the caching module (dashboard/data.py) uses `st.cache_*`;
- pages import neither polars nor sqlalchemy, and stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("pages", "dashboard", "queries", "jobs")
ALLOWED = {
    "pages": {"pages", "dashboard", "queries"},
    "dashboard": {"dashboard", "queries"},
    "queries": {"queries"},
    "jobs": {"jobs", "queries"},
}
FORBIDDEN_THIRD_PARTY = {
    "queries": {"streamlit", "plotly", "apscheduler", "rich"},
    "jobs": {"streamlit", "plotly"},
    "pages": {"polars", "sqlalchemy"},
}
INSIDE_QUERIES = {  # sub-package -> the queries sub-packages it may import
    "plumbing": {"plumbing"},
    "metrics": {"plumbing", "metrics"},
    "surveys": {"plumbing", "surveys"},
    "views": {"plumbing", "metrics", "views"},
    "reports": {"plumbing", "metrics", "views", "reports"},
    "access": {"plumbing", "access"},
}
VIEWS_THAT_MAY_IMPORT_VIEWS: dict[str, set[str]] = {  # view -> the views it may import
    "queries.views.scorecard": {"queries.views.coverage", "queries.views.coverage.coverage"},
    # one concern in three modules: the cuts, the paged SQL path and the frame path
    "queries.views.drill_sql": {"queries.views.drill_cuts"},
    "queries.views.drilldown": {"queries.views.drill_cuts", "queries.views.drill_sql"},
}
CACHING_MODULE = "dashboard.data"
PAGE_LINES = 60
MODULE_LINES = 300


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def python_files(layer: str) -> list[Path]:
    return sorted((ROOT / layer).rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for layer in LAYERS for p in python_files(layer)}


def repo_imports(module: str) -> set[str]:
    """The repository modules `module` imports (a `from x import name` of a submodule counts)."""
    return {name for name in imported_modules(MODULES[module]) if name in MODULES}


def reachable(module: str) -> set[str]:
    seen, todo = set(), [module]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(repo_imports(current))
    return seen


def under(prefix: str) -> list[str]:
    return sorted(m for m in MODULES if m == prefix or m.startswith(prefix + "."))


@pytest.mark.parametrize("layer", LAYERS)
def test_layer_imports_only_downwards(layer: str) -> None:
    violations = []
    for path in python_files(layer):
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top in LAYERS and top not in ALLOWED[layer]:
                violations.append(f"{path.relative_to(ROOT)} imports {module}")
            if top in FORBIDDEN_THIRD_PARTY.get(layer, set()):
                violations.append(f"{path.relative_to(ROOT)} imports {module}")
    assert violations == []


@pytest.mark.parametrize("package", sorted(INSIDE_QUERIES))
def test_queries_sub_packages_import_only_what_they_build_on(package: str) -> None:
    violations = []
    for module in under(f"queries.{package}"):
        for target in repo_imports(module):
            parts = target.split(".")
            inside = parts[0] == "queries" and len(parts) > 2 and parts[1] in INSIDE_QUERIES
            if inside and parts[1] not in INSIDE_QUERIES[package]:
                violations.append(f"{module} imports {target}")
    assert violations == []


def test_views_never_import_views() -> None:
    violations = []
    for view in under("queries.views"):
        allowed = VIEWS_THAT_MAY_IMPORT_VIEWS.get(view, set())
        for target in repo_imports(view):
            if target.startswith("queries.views.") and target != view and target not in allowed:
                violations.append(f"{view} imports {target}")
    assert violations == []


SHARED_PANELS = {"dashboard.panels.drilldown", "dashboard.panels.drill_links"}  # shared section


def test_a_page_panel_never_imports_another_page_panel() -> None:
    violations = [
        f"{panel} imports {target}"
        for panel in under("dashboard.panels")
        for target in repo_imports(panel)
        if target.startswith("dashboard.panels.") and target not in {panel, *SHARED_PANELS}
    ]
    assert violations == []


@pytest.mark.parametrize("package", ["dashboard.charts", "dashboard.cli", "dashboard.web"])
def test_charts_and_the_cli_never_reach_streamlit(package: str) -> None:
    violations = []
    for module in under(package):
        for reached in reachable(module):
            if any(m.split(".")[0] == "streamlit" for m in imported_modules(MODULES[reached])):
                violations.append(f"{module} reaches Streamlit through {reached}")
    assert violations == []


def test_only_the_caching_module_caches() -> None:
    users = set()
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("cache_data", "cache_resource"):
                users.add(module)
    assert users <= {CACHING_MODULE}


def test_every_layer_has_code() -> None:
    for layer in ("pages", "dashboard", "queries"):
        assert python_files(layer), f"{layer}/ holds no Python files"


def test_pages_are_small_and_honest_about_it() -> None:
    """ruff formats the repository (make lint), so a line count is the formatted size."""
    long_pages, packed = {}, []
    for path in python_files("pages"):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > PAGE_LINES:
            long_pages[path.name] = len(text.splitlines())
        if "fmt: skip" in text or "fmt: off" in text:
            packed.append(path.name)
    assert long_pages == {}
    assert packed == []


def test_modules_stay_small() -> None:
    long_modules = {
        name: n
        for name, path in MODULES.items()
        if ".migrations." not in name
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    }
    assert long_modules == {}


def test_code_cites_only_documents_in_the_repository() -> None:
    citing = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in MODULES.values()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "DESIGN" in line
    ]
    assert citing == []


def test_checker_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import streamlit as st\nfrom dashboard.app import x\n", encoding="utf-8")
    assert imported_modules(bad) == {"streamlit", "dashboard.app", "dashboard.app.x"}
