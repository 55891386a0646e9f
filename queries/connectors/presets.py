"""The shipped mappings (`queries/connectors/mappings/`) that `vigil sync --source NAME` uses."""

from __future__ import annotations

import tomllib
from pathlib import Path

from queries.connectors.mapping import Mapping, parse_mapping
from queries.plumbing.errors import BadInput

MAPPINGS = Path(__file__).with_name("mappings")
SQL_PRESETS = {"chatwoot": ("account",)}  # preset -> the parameters its queries need


def preset_mapping(name: str) -> Mapping:
    """The shipped mapping of a SQL preset, named by the preset (not the file path)."""
    if name not in SQL_PRESETS:
        raise BadInput(f"--source: unknown source {name!r} (expected {', '.join(SQL_PRESETS)})")
    file = f"{name}.toml"
    raw = tomllib.loads((MAPPINGS / file).read_text(encoding="utf-8"))
    return parse_mapping(raw, file, name)
