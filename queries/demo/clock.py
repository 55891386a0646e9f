"""Vectorised local time for a handful of IANA zones (DST and half-hour offsets included)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from queries.demo.spec import DAY, HOUR

SLOT = 1_800
"""Offsets change only on half-hour UTC boundaries for the zones used here."""


class ZoneClock:
    """UTC offsets of some zones on a half-hour grid, looked up in bulk."""

    def __init__(self, zones: Sequence[str], first_s: int, last_s: int) -> None:
        self.zones = tuple(zones)
        self._first_slot = first_s // SLOT
        slots = last_s // SLOT - self._first_slot + 1
        utc = pl.from_epoch(
            pl.Series(np.arange(slots, dtype=np.int64) * SLOT + self._first_slot * SLOT),
            time_unit="s",
        ).dt.replace_time_zone("UTC")
        naive_utc = utc.dt.replace_time_zone(None)
        self._offsets = np.empty((len(self.zones), slots), dtype=np.int64)
        for row, zone in enumerate(self.zones):
            local = utc.dt.convert_time_zone(zone).dt.replace_time_zone(None)
            self._offsets[row] = (local - naive_utc).dt.total_seconds().to_numpy()

    def index(self, zone: str) -> int:
        return self.zones.index(zone)

    def offset(self, zone: np.ndarray | int, utc_s: np.ndarray) -> np.ndarray:
        slot = np.clip(utc_s // SLOT - self._first_slot, 0, self._offsets.shape[1] - 1)
        return self._offsets[zone, slot]

    def to_local(self, zone: np.ndarray | int, utc_s: np.ndarray) -> np.ndarray:
        """Wall-clock seconds in the zone, counted as if the wall clock were UTC."""
        return utc_s + self.offset(zone, utc_s)

    def to_utc(self, zone: np.ndarray | int, local_s: np.ndarray) -> np.ndarray:
        """The instant showing `local_s` on the zone's wall clock (DST-correct)."""
        guess = local_s - self.offset(zone, local_s)
        return local_s - self.offset(zone, guess)


def hour_of_day(local_s: np.ndarray) -> np.ndarray:
    return (local_s // HOUR) % 24


def weekday(local_s: np.ndarray) -> np.ndarray:
    """Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday)."""
    return (local_s // DAY + 3) % 7


def day_start(local_s: np.ndarray) -> np.ndarray:
    return local_s - local_s % DAY
