"""The colour policy stays readable without colour vision's red-green axis: good against bad
keeps a CIE76 distance of at least `MIN_DEUTAN_DISTANCE` in Lab under a deuteranopia
simulation (Machado, Oliveira & Fernandes 2009, severity 1.0, applied to linear RGB)."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.charts import palette

MACHADO_DEUTERANOPIA = np.array(
    [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ]
)
SRGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
WHITE_D65 = np.array([0.95047, 1.0, 1.08883])


def linear(color: str) -> np.ndarray:
    srgb = np.array([int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def lab(rgb_linear: np.ndarray) -> np.ndarray:
    xyz = SRGB_TO_XYZ @ np.clip(rgb_linear, 0, 1) / WHITE_D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def distance(a: str, b: str, *, deutan: bool) -> float:
    def seen(color: str) -> np.ndarray:
        rgb = linear(color)
        return lab(MACHADO_DEUTERANOPIA @ rgb if deutan else rgb)

    return float(np.linalg.norm(seen(a) - seen(b)))


def test_the_lab_conversion_is_right() -> None:
    assert lab(linear("#ffffff")) == pytest.approx([100, 0, 0], abs=0.01)
    assert lab(linear("#ff0000")) == pytest.approx([53.24, 80.09, 67.20], abs=0.05)


def test_the_simulation_collapses_red_against_green() -> None:
    """The old pair (green #5b9e6d against red #c8553d) loses most of its distance."""
    assert distance("#5b9e6d", "#c8553d", deutan=True) < 0.5 * distance(
        "#5b9e6d", "#c8553d", deutan=False
    )


@pytest.mark.parametrize(
    ("good", "bad"),
    [
        (palette.GOOD, palette.BAD),
        (palette.NPS_COLORS["promoter"], palette.NPS_COLORS["detractor"]),
        (palette.SCORE_COLORS[-1], palette.SCORE_COLORS[0]),
    ],
)
def test_good_and_bad_stay_apart_under_deuteranopia(good: str, bad: str) -> None:
    assert distance(good, bad, deutan=True) >= palette.MIN_DEUTAN_DISTANCE


def test_small_samples_are_not_a_category_colour() -> None:
    categories = {*palette.CHANNEL_COLORS.values(), *palette.NPS_COLORS.values()}
    assert len(set(palette.CHANNEL_COLORS.values())) == len(palette.CHANNEL_COLORS)
    assert palette.faded(palette.BLUE).startswith("rgba(0, 114, 178, ")
    assert not any(palette.faded(c) in categories for c in categories)


def test_at_most_six_zone_colours_and_one_red() -> None:
    assert palette.MAX_ZONES == len(palette.ZONE_COLORS) == 6
    reds = [c for c in palette.ZONE_COLORS if int(c[1:3], 16) > 180 and int(c[3:5], 16) < 110]
    assert len(reds) <= 1


def test_the_old_green_red_pair_would_fail() -> None:
    assert distance("#5b9e6d", "#c8553d", deutan=True) < palette.MIN_DEUTAN_DISTANCE
