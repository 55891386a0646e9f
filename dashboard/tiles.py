"""KPI tiles built from the queries' counts and rates, formatted for the session's language."""

from __future__ import annotations

from dashboard.components import Tile
from dashboard.i18n import _, duration, number, percent
from queries.overview import Overview


def interval(bounds: list[float] | None, *, signed: bool = False, suffix: str = "") -> str | None:
    if bounds is None:
        return None
    low, high = bounds
    if signed:
        return f"{low:+.0f} – {high:+.0f}{suffix}"
    return f"{number(low, 1)} – {number(high, 1)}{suffix}"


def nps_text(value: float | None) -> str:
    return "—" if value is None else f"{value:+.0f}"


def overview_tiles(data: Overview) -> list[Tile]:
    counts, values = data.counts, data.values
    return [
        Tile(
            _("Conversations"),
            number(values["conversations"]),
            help=_("Conversations opened in the period (display time zone)."),
        ),
        Tile(
            _("Median first response"),
            duration(values["first_response_median_s"]),
            n=counts["first_response_n"],
            help=_("Half of the answered conversations got a first reply faster than this."),
        ),
        Tile(
            _("CSAT"),
            percent(values["csat"]),
            n=counts["csat_n"],
            interval=interval(values["csat_ci"], suffix="%"),
            help=_("Share of survey answers scoring 4 or 5 out of 5."),
        ),
        Tile(
            _("NPS"),
            nps_text(values["nps"]),
            n=counts["nps_n"],
            interval=interval(values["nps_ci"], signed=True),
            help=_("Promoters (9–10) minus detractors (0–6), as a share of NPS answers."),
        ),
    ]
