"""`vigil serve` passes Streamlit's production options as flags (issue: the config file is found
relative to the working directory); `.streamlit/config.toml` says the same for `streamlit run`."""

from __future__ import annotations

import tomllib

from dashboard.cli.processes import STREAMLIT_OPTIONS
from tests.e2e.conftest import ROOT


def flattened(table: dict[str, object], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out |= flattened(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = str(value).lower() if isinstance(value, bool) else str(value)
    return out


def test_the_config_file_and_the_flags_agree() -> None:
    config = flattened(tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text()))
    config.pop("server.address"), config.pop("server.port")
    assert config == STREAMLIT_OPTIONS
