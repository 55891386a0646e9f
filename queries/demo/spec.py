"""The demo world's size and time frame, its summary, and its seeded random streams."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import numpy as np

from queries.plumbing.errors import BadInput

DAY = 86_400
HOUR = 3_600
SURVEY_QUIET_DAYS = 2
"""The newest days of resolved conversations are left without invitations for the jobs."""

STREAMS = (
    "customers",
    "agents",
    "shifts",
    "arrivals",
    "repeats",
    "service",
    "experience",
    "surveys",
    "activity",
)


@dataclass(frozen=True, slots=True)
class DemoSpec:
    """What to build: sizes, the seed, and the last day of the world.

    `end` defaults to yesterday (UTC), the last whole day, so that nothing in the world lies
    in the future of the moment it was built."""

    seed: int = 7
    customers: int = 20_000
    days: int = 365
    conversations: int = 150_000
    end: date | None = None

    def __post_init__(self) -> None:
        for name in ("customers", "days", "conversations"):
            if getattr(self, name) < 1:
                raise BadInput(f"{name} must be at least 1, got {getattr(self, name)}")


@dataclass(frozen=True, slots=True)
class Timeline:
    """The world's UTC days [first 00:00, last+1 00:00) as epoch seconds."""

    first_day: date
    last_day: date
    start_s: int
    horizon_s: int

    @classmethod
    def of(cls, spec: DemoSpec) -> Timeline:
        last = spec.end or datetime.now(UTC).date() - timedelta(days=1)
        first = last - timedelta(days=spec.days - 1)
        start = datetime(first.year, first.month, first.day, tzinfo=UTC)
        return cls(first, last, int(start.timestamp()), int(start.timestamp()) + spec.days * DAY)

    @property
    def hours(self) -> int:
        return (self.horizon_s - self.start_s) // HOUR

    def hour_index(self, utc_s: np.ndarray) -> np.ndarray:
        """The window hour (0 … hours-1) holding each instant, clipped to the window."""
        return np.clip((utc_s - self.start_s) // HOUR, 0, self.hours - 1)


def random_stream(seed: int, name: str) -> np.random.Generator:
    """An independent generator per step, so that one step's draws never shift another's."""
    entropy = [seed % 2**63, STREAMS.index(name)]
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(entropy)))


ROW_NAMES = {"customer_activity": "customer activity rows (orders, renewals)"}


@dataclass(slots=True)
class DemoSummary:
    """What was written, for the CLI to print."""

    spec: DemoSpec
    first_day: date
    last_day: date
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def __str__(self) -> str:
        counts = [f"{n:,} {ROW_NAMES.get(t, t.replace('_', ' '))}" for t, n in self.rows.items()]
        listed = ", ".join(counts) or "nothing"
        return (
            f"Demo world (seed {self.spec.seed}) for {self.first_day} to {self.last_day} UTC: "
            f"wrote {listed} in {self.seconds:.1f} s."
        )
