"""The architecture is the import direction: pages → dashboard → queries, jobs → queries."""

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
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def python_files(layer: str) -> list[Path]:
    return sorted((ROOT / layer).rglob("*.py"))


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


def test_every_layer_has_code() -> None:
    for layer in ("pages", "dashboard", "queries"):
        assert python_files(layer), f"{layer}/ holds no Python files"


def test_pages_stay_thin() -> None:
    long_pages = {
        p.name: n
        for p in python_files("pages")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 80
    }
    assert long_pages == {}


def test_checker_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import streamlit as st\nfrom dashboard.app import x\n", encoding="utf-8")
    assert imported_modules(bad) == {"streamlit", "dashboard.app"}
