"""The 3A pillars (docs/metrics.md, "3A scorecard"): components, weights and the pillar score.

Each component is a 0–100 value with its n, its 95 % interval (Wilson where it is a
proportion, normal for a mean score), its standard error and the share of the period's
conversations behind it. A pillar is the weight-average of its measured components' scores
(a "lower is better" share enters as 100 − share); weights are renormalised over the measured
ones. Authenticity rests on reviews: without one it is not measured (None), never 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from queries.metrics.reviews import Mean
from queries.metrics.stats import Z95, two_sided_p_value, wilson_interval
from queries.plumbing.errors import ConfigError

PILLARS = ("availability", "accuracy", "authenticity")
DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    "availability": {
        "service_level": 0.35,
        "off_hours_service_level": 0.20,
        "hours_covered": 0.25,
        "unanswered": 0.20,
        "daytime_service_level": 0.0,
        "channels_every_hour": 0.0,
    },
    "accuracy": {
        "fcr": 0.30,
        "reopen_rate": 0.10,
        "repeat_contact_rate": 0.10,
        "survey_resolved": 0.15,
        "correct_solution": 0.25,
        "process_knowledge": 0.10,
    },
    "authenticity": {
        "empathy": 0.40,
        "tone": 0.30,
        "greeting_closing": 0.20,
        "scripted_mentions": 0.10,
        "csat_negative_tone": 0.0,
    },
}
"""Component weights per pillar; VIGIL_SCORECARD_WEIGHTS overrides them ("pillar.component")."""
LOWER_IS_BETTER = frozenset(
    {"unanswered", "reopen_rate", "repeat_contact_rate", "scripted_mentions"}
)
REVIEW_BASED = frozenset({"empathy", "tone", "greeting_closing"})
"""Authenticity is measured only when one of these is: the reviews are its evidence."""
WEAK_SIGNALS = frozenset({"scripted_mentions"})


def pillar_weights(overrides: Mapping[str, float] | None = None) -> dict[str, dict[str, float]]:
    """The default weights with `overrides` ({"availability.hours_covered": 0.5}) applied."""
    weights = {pillar: dict(parts) for pillar, parts in DEFAULT_WEIGHTS.items()}
    for name, weight in (overrides or {}).items():
        pillar, _, component = name.partition(".")
        if component not in weights.get(pillar, {}):
            raise ConfigError(f"VIGIL_SCORECARD_WEIGHTS: unknown component {name!r}")
        if not weight >= 0:
            raise ConfigError(f"VIGIL_SCORECARD_WEIGHTS: {name} must be 0 or more")
        weights[pillar][component] = float(weight)
    return weights


@dataclass(frozen=True, slots=True)
class Component:
    """One part of a pillar: value 0–100 (None when unmeasured), n, 95 % interval, standard
    error, coverage (share of the period's conversations behind it, 0–1) and its weight."""

    key: str
    value: float | None
    n: int
    interval: tuple[float, float] | None = None
    se: float | None = None
    coverage: float | None = None
    weight: float = 0.0
    successes: int | None = None

    @property
    def measured(self) -> bool:
        return self.value is not None

    @property
    def score(self) -> float | None:
        """What the component adds to its pillar: the value, or 100 − value when lower is
        better."""
        if self.value is None:
            return None
        return 100 - self.value if self.key in LOWER_IS_BETTER else self.value

    @property
    def weak(self) -> bool:
        return self.key in WEAK_SIGNALS


def share(key: str, successes: int, n: int, conversations: int) -> Component:
    """A proportion in percent with its Wilson interval; coverage is n / conversations."""
    coverage = n / conversations if conversations else None
    if n == 0:
        return Component(key, None, 0, coverage=coverage, successes=0)
    p = successes / n
    se = 100 * math.sqrt(p * (1 - p) / n)
    return Component(key, 100 * p, n, wilson_interval(successes, n), se, coverage, 0.0, successes)


def mean_component(key: str, mean: Mean, covered: int, conversations: int) -> Component:
    """A mean score (0–100) over `covered` conversations of the period."""
    coverage = covered / conversations if conversations else None
    return Component(key, mean.value, mean.n, mean.interval, mean.se, coverage)


@dataclass(frozen=True, slots=True)
class Pillar:
    """A pillar's score 0–100 (None: not measured), its standard error, its components and
    whether the critical rule capped it (`cap`: the value it was capped at)."""

    key: str
    value: float | None
    se: float | None
    components: tuple[Component, ...]
    cap: float | None = None

    @property
    def measured(self) -> bool:
        return self.value is not None

    def component(self, key: str) -> Component:
        return next(c for c in self.components if c.key == key)


def combine(
    key: str,
    components: Sequence[Component],
    weights: Mapping[str, float],
    *,
    measured_by: frozenset[str] | None = None,
    cap: Component | None = None,
) -> Pillar:
    """The weight-average of the measured components' scores, capped at the value of `cap`
    (then with its standard error); None when no component (of `measured_by`, if given) is
    measured or the measured ones weigh 0."""
    weighted = tuple(replace(c, weight=weights.get(c.key, 0.0)) for c in components)
    scored = [c for c in weighted if c.score is not None and c.weight > 0]
    anchored = measured_by is None or any(c.measured for c in weighted if c.key in measured_by)
    total = sum(c.weight for c in scored)
    if not scored or not anchored or total == 0:
        return Pillar(key, None, None, weighted)
    value = sum(c.weight * (c.score or 0.0) for c in scored) / total
    errors = [(c.weight * c.se) ** 2 for c in scored if c.se is not None]
    se = math.sqrt(sum(errors)) / total if errors else None
    if cap is not None and cap.value is not None and value > cap.value:
        return Pillar(key, cap.value, cap.se, weighted, cap.value)
    return Pillar(key, value, se, weighted)


@dataclass(frozen=True, slots=True)
class PillarChange:
    """current − previous in points, with a two-sided p-value (None when untestable)."""

    difference: float | None
    p_value: float | None

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < 0.05


def pillar_change(current: Pillar, previous: Pillar) -> PillarChange:
    """Δ = current − previous; z = Δ / √(se_c² + se_p²) with each pillar's standard error
    √(Σ (w·se)²) / Σ w (components treated as independent, docs/metrics.md)."""
    if current.value is None or previous.value is None:
        return PillarChange(None, None)
    difference = current.value - previous.value
    if current.se is None or previous.se is None:
        return PillarChange(difference, None)
    error = math.hypot(current.se, previous.se)
    p_value = None if error == 0 else two_sided_p_value(difference / error)
    return PillarChange(difference, p_value)


def normal_interval(value: float | None, se: float | None) -> tuple[float, float] | None:
    if value is None or se is None:
        return None
    return max(value - Z95 * se, 0.0), min(value + Z95 * se, 100.0)
