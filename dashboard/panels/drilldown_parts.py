"""Moved into `dashboard.panels.drilldown`; this alias stays only until every page imports the
picks and `Target` from there."""

from dashboard.panels.drilldown import (
    CSAT_PICKS,
    FCR_PICKS,
    NPS_PICKS,
    OVERVIEW_PICKS,
    VOICE_PICKS,
    Target,
)

__all__ = ["CSAT_PICKS", "FCR_PICKS", "NPS_PICKS", "OVERVIEW_PICKS", "VOICE_PICKS", "Target"]
