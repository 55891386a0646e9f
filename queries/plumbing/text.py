"""The one text policy at the boundary (docs/importing.md, "Text"): control characters.

NUL and the other control characters (C0, DEL and C1) are refused by the importer and
stripped from survey comments, so SQLite and PostgreSQL (which cannot store NUL) hold the
same text. Tab, line feed and carriage return are kept: they belong in free text."""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters other than tab (\\t), line feed (\\n) and carriage return (\\r)."""


def first_control(value: str) -> str | None:
    """Where the first control character of `value` is, as 'U+0000 at character 5', or None."""
    found = CONTROL.search(value)
    if found is None:
        return None
    return f"U+{ord(found.group()):04X} at character {found.start() + 1}"


def without_controls(value: str | None) -> str | None:
    """`value` with its control characters removed (None stays None)."""
    return None if value is None else CONTROL.sub("", value)
