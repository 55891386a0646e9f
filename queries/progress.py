"""A progress callback that `queries` can report to without knowing who draws it."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def __call__(self, label: str, done: int, total: int) -> None:
        """Report that `done` of `total` units of the step `label` are finished."""


def no_progress(label: str, done: int, total: int) -> None:
    """The default: report nothing."""
