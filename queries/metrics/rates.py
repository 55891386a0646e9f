"""The one typed value a page shows for a rate (docs/architecture.md, "Typed views").

A `Rate` carries what a tile needs and nothing a type checker cannot follow: the value
(a percentage in 0–100, or NPS in −100…100; None when undefined), its n, its 95 % interval
and, where the period was compared with the previous one, the change and its p-value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from queries.metrics.changes import Change
from queries.metrics.tallies import SAMPLE_SIZE
from queries.metrics.thresholds import SIGNIFICANCE, SMALL_SAMPLE

Interval = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Rate:
    value: float | None
    n: int
    interval: Interval | None = None
    change: float | None = None
    p_value: float | None = None

    @property
    def measured(self) -> bool:
        return self.value is not None

    @property
    def small_sample(self) -> bool:
        return 0 < self.n < SMALL_SAMPLE

    @property
    def significant(self) -> bool:
        """The change is more than noise (a test was possible and p < 0.05)."""
        return self.p_value is not None and self.p_value < SIGNIFICANCE

    def compared(self, change: Change) -> Rate:
        """The same rate with its change against the previous period."""
        return Rate(self.value, self.n, self.interval, change.difference, change.p_value)


def interval_of(bounds: Sequence[float] | None) -> Interval | None:
    return None if bounds is None else (float(bounds[0]), float(bounds[1]))


def rate_from(values: Mapping[str, Any], counts: Mapping[str, Any], key: str) -> Rate:
    """The §3 rate `key` from a `tallies.rates` dict and the `tally` counts behind it, with
    its `key_ci` interval where §3 defines one."""
    return Rate(
        values[key],
        int(counts.get(SAMPLE_SIZE[key], 0) or 0),
        interval_of(values.get(f"{key}_ci")),
    )


def rate_row(row: Mapping[str, Any], value: str, n: str) -> Rate:
    """A rate from one row of a grouped frame with `value`, `n` and `value_low`/`value_high`."""
    low, high = row.get(f"{value}_low"), row.get(f"{value}_high")
    bounds = None if low is None or high is None else (float(low), float(high))
    return Rate(row[value], int(row[n] or 0), bounds)
