"""Period-over-period changes of the headline KPIs, and whether each is more than noise.

Proportions (CSAT, FCR, retention, response rate) use the pooled two-sample z-test; NPS uses
the NPS standard errors (docs/metrics.md). The median first response has no test here: its change is
reported with `p_value=None`, which the dashboard shows without a verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from queries.metrics.stats import nps_difference_z_test, two_proportion_z_test
from queries.metrics.thresholds import SIGNIFICANCE

PROPORTIONS = {  # KPI key -> (successes, n) in `metrics.tally`
    "csat": ("csat_satisfied", "csat_n"),
    "fcr": ("resolved_first_contact", "resolved"),
    "retention_90d": ("retention_retained", "retention_eligible"),
    "response_rate": ("link_responses", "invitations_sent"),
}


@dataclass(frozen=True, slots=True)
class Change:
    """current − previous in the KPI's own unit, with the two-sided p-value of a test."""

    difference: float | None
    p_value: float | None = None

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < SIGNIFICANCE


def kpi_changes(current: Mapping[str, Any], previous: Mapping[str, Any]) -> dict[str, Change]:
    """The change of each headline KPI between two `metrics.tally` count dicts."""
    changes = {
        key: _proportion_change(current, previous, *counts) for key, counts in PROPORTIONS.items()
    }
    nps = nps_difference_z_test(
        current["promoters"],
        current["detractors"],
        current["nps_n"],
        previous["promoters"],
        previous["detractors"],
        previous["nps_n"],
    )
    changes["nps"] = Change(None) if nps is None else Change(nps.difference, nps.p_value)
    changes["first_response_median_s"] = Change(
        _difference(current["first_response_median_s"], previous["first_response_median_s"])
    )
    changes["conversations"] = Change(float(current["conversations"] - previous["conversations"]))
    return changes


def _proportion_change(
    current: Mapping[str, Any], previous: Mapping[str, Any], successes: str, n: str
) -> Change:
    test = two_proportion_z_test(current[successes], current[n], previous[successes], previous[n])
    if test is not None:
        return Change(test.difference, test.p_value)
    if current[n] and previous[n]:  # both samples exist but have no variance: equal shares
        return Change(100 * (current[successes] / current[n] - previous[successes] / previous[n]))
    return Change(None)


def _difference(current: float | None, previous: float | None) -> float | None:
    return None if current is None or previous is None else current - previous
