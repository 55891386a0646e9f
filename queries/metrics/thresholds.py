"""The thresholds every layer shares (docs/metrics.md): what counts as satisfied, negative,
a promoter or a detractor, a small sample, and a significant change."""

SATISFIED_CSAT = 4
"""CSAT 4–5 is satisfied."""
NEGATIVE_CSAT = 2
"""CSAT 1–2 is negative (a pain point)."""
PROMOTER_NPS = 9
DETRACTOR_NPS = 6
SMALL_SAMPLE = 30
"""A rate on fewer cases is drawn grey and flagged as a small sample."""
SIGNIFICANCE = 0.05
"""A change with a two-sided p-value below this is more than noise."""
