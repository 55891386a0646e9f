"""The one colour policy (docs/charts.md): colour-blind-safe hues from Okabe & Ito's palette.

- Good against bad is blue against orange, never green against red; a test keeps the pair
  apart by at least `MIN_DEUTAN_DISTANCE` (CIE76 ΔE in Lab) under a deuteranopia simulation.
- A value on a small sample keeps its hue, faded (`faded`, opacity `SMALL_OPACITY`) and, on
  bars, hatched: grey is never a category's colour and "small sample" at once.
- At most `MAX_ZONES` zones get a colour each; the rest are grouped as "other" (`OTHER`).
"""

from __future__ import annotations

BLUE, ORANGE, SKY, GREEN = "#0072B2", "#E69F00", "#56B4E9", "#009E73"
PURPLE, VERMILLION, YELLOW = "#CC79A7", "#D55E00", "#F0E442"
GOOD, BAD = BLUE, ORANGE
"""Good against bad: a positive answer, a kept customer, a resolved contact."""
NEUTRAL = "#7f7f7f"
"""The middle of a scale (passives, neutral CSAT): darker than any faded colour."""
NONE = "#d9d9d9"
"""No answer / still open."""
OTHER = "#8c8c8c"
"""The zones past the first `MAX_ZONES`, grouped."""
CHANNEL_COLORS = {"chat": BLUE, "email": PURPLE, "phone": ORANGE, "social": GREEN}
SERIES_COLORS = (BLUE, ORANGE, PURPLE, GREEN, VERMILLION, SKY)
ZONE_COLORS = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION)
MAX_ZONES = len(ZONE_COLORS)
SCORE_COLORS = (VERMILLION, ORANGE, NEUTRAL, SKY, BLUE)
"""CSAT 1–5: bad (orange side) to good (blue side)."""
NPS_COLORS = {"promoter": BLUE, "passive": NEUTRAL, "detractor": ORANGE}
NIGHT_AND_DAY = {"night": PURPLE, "day": ORANGE}
SMALL_OPACITY = 0.35
SMALL_PATTERN = "/"
MIN_DEUTAN_DISTANCE = 40.0
"""CIE76 ΔE that GOOD and BAD keep under deuteranopia (Machado 2009, severity 1): blue/orange
keeps about 120, the old green/red pair only 24."""


def faded(color: str, opacity: float = SMALL_OPACITY) -> str:
    """`#rrggbb` as `rgba(…, opacity)`: the same hue, thinner."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {opacity})"
