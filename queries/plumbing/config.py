"""Settings as the processes load them: a wrong setting is one `ConfigError` line that names
the setting and the rule it breaks, never the value (a password must not reach a terminal or a
log). Pydantic's own messages carry `input_value`, so they never leave here."""

from __future__ import annotations

import re

from pydantic import ValidationError
from pydantic_settings import SettingsError

from queries.plumbing.errors import ConfigError
from queries.plumbing.settings import Settings


def load_settings() -> Settings:
    """`Settings()` from VIGIL_* and .env, or a `ConfigError` naming each wrong setting."""
    try:
        return Settings()
    except ValidationError as exc:
        raise ConfigError(describe(exc)) from None
    except SettingsError as exc:  # a JSON setting (a list or a map) that does not parse
        field = re.search(r'field "(\w+)"', str(exc))
        name = f"VIGIL_{field.group(1).upper()}" if field else "a VIGIL_* setting"
        raise ConfigError(f"{name}: not valid JSON") from None


def describe(error: ValidationError) -> str:
    """`VIGIL_NAME: rule` for each error, `; `-separated, on one line, with no input value."""
    parts = []
    for item in error.errors(include_input=False, include_url=False, include_context=False):
        field, *inner = item["loc"] or ("?",)
        name = f"VIGIL_{str(field).upper()}" + "".join(f"[{part}]" for part in inner)
        rule = str(item["msg"]).removeprefix("Value error, ")
        parts.append(f"{name}: {' '.join(rule.split())}")
    return "; ".join(parts)
