"""A progress callback that `queries` can report to without knowing who draws it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

Progress: TypeAlias = Callable[[str, int, int], None]
"""progress(label, done, total): `done` of `total` units of the step `label` are finished."""


def no_progress(label: str, done: int, total: int) -> None:
    """The default: report nothing."""
