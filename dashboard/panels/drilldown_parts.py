"""The pure parts of the drill-down (`dashboard.drilldown_view`): what each page can list, the
translated names of picks, cuts and their values, what a chart click picks, and the table.

A *pick* is a measure, or "csat_score:N" for one CSAT score. A *cut* is a `queries.drilldown`
cut column, "day" or "week" (buckets of the display zone), or `WHOLE`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from dashboard.i18n import _, day, duration
from dashboard.kit.cuts import channel_names
from dashboard.sidebar import channel_label
from queries.views.drilldown import NO_AGENT, NONE, Cut

WHOLE = "whole"
"""The cut "everything": no slice."""
CSAT_SCORES = tuple(f"csat_score:{score}" for score in range(1, 6))
OVERVIEW_PICKS = ("conversations", "csat_answers", "nps_answers", "resolved",
                  "invitations_sent", "first_responses", "responses")  # fmt: skip
CSAT_PICKS = ("csat_answers", "csat_satisfied", "csat_unsatisfied", *CSAT_SCORES, "conversations")
NPS_PICKS = ("nps_answers", "promoters", "passives", "detractors")
FCR_PICKS = ("resolved", "first_contact_resolved", "repeat_contacts", "one_touch",
             "survey_fcr_answers", "survey_resolved")  # fmt: skip
VOICE_PICKS = ("conversations", "csat_answers", "csat_negative", "csat_unsatisfied")
Link = tuple[str, str, Any]
"""(pick, cut, value): what a tile or a chart point opens."""


@dataclass(frozen=True, slots=True)
class Target:
    """What a click on a chart picks: `picks` per trace (the last one repeats; "{column}" is
    filled from the clicked row), the cut, and the frame column holding its value (None: the
    point's x, a date)."""

    picks: tuple[str, ...]
    by: str = WHOLE
    column: str | None = None


def parse_pick(pick: str) -> Cut:
    measure, _sep, score = pick.partition(":")
    return Cut(measure, score=int(score) if score else None)  # type: ignore[arg-type]


def clicked(point: dict[str, Any], frame: pl.DataFrame, target: Target) -> Link | None:
    """The (pick, cut, value) of a clicked chart point (pure); None when it maps to no row."""
    curve = int(point.get("curve_number") or 0)
    pick = target.picks[min(curve, len(target.picks) - 1)]
    if target.by != WHOLE and target.column is None:  # the x axis holds the day
        return pick, target.by, date.fromisoformat(str(point.get("x"))[:10])
    index = point.get("point_index", point.get("point_number"))
    if not isinstance(index, int) or not 0 <= index < frame.height:
        return None
    row = frame.row(index, named=True)
    value = None if target.column is None else row[target.column]
    if value is None and target.by != WHOLE:
        value = NO_AGENT if target.by == "agent_id" else NONE
    return pick.format(**row), target.by, value


def pick_label(pick: str) -> str:
    if pick.startswith("csat_score:"):
        return _("CSAT score {score}").format(score=pick.partition(":")[2])
    return {
        "conversations": _("All conversations"),
        "responses": _("Survey answers"),
        "invitations_sent": _("Survey invitations sent"),
        "first_responses": _("Conversations with a first response"),
        "csat_answers": _("CSAT answers"),
        "csat_satisfied": _("Satisfied (CSAT 4–5)"),
        "csat_unsatisfied": _("Not satisfied (CSAT 1–3)"),
        "csat_negative": _("Negative (CSAT 1–2)"),
        "nps_answers": _("NPS answers"),
        "promoters": _("Promoters (9–10)"),
        "passives": _("Passives (7–8)"),
        "detractors": _("Detractors (0–6)"),
        "resolved": _("Resolved conversations"),
        "first_contact_resolved": _("Resolved at first contact"),
        "repeat_contacts": _("Resolved, then a repeat contact"),
        "one_touch": _("Resolved with at most one reply"),
        "survey_fcr_answers": _("Survey answers on resolution"),
        "survey_resolved": _("Resolved, says the customer"),
    }[pick]


def cut_label(by: str) -> str:
    return {
        WHOLE: _("Nothing: the whole period"),
        "channel": _("Channel"),
        "team": _("Team"),
        "category": _("Category"),
        "segment": _("Segment"),
        "agent_id": _("Agent"),
        "local_hour": _("Customer's local hour"),
        "local_night": _("Customer's night or day"),
        "day": _("Day"),
        "week": _("Week (starting Monday)"),
    }[by]


def value_label(by: str, value: Any, agents: Mapping[int, str]) -> str:
    if by == "agent_id":
        return _("(no agent)") if value == NO_AGENT else agents.get(value, f"#{value}")
    if by == "local_hour":
        return f"{value:02d}:00–{value:02d}:59"
    if by == "local_night":
        return _("Night (22:00–07:00)") if value else _("Daytime (07:00–22:00)")
    if by in ("day", "week"):
        return day(value)
    if value == NONE:
        return _("(none)")
    return channel_label(value) if by == "channel" else str(value)


def ordered(by: str, values: Sequence[Any], agents: Mapping[int, str]) -> list[Any]:
    """Choices in display order: agents by name (nobody last), the rest as given."""
    if by != "agent_id":
        return list(values)
    return sorted(values, key=lambda v: (v == NO_AGENT, agents.get(v, ""), v))


def conversations_table(rows: pl.DataFrame, tz: str) -> pl.DataFrame:
    """`queries.drilldown` rows as read: times in `tz`, translated headers, plain text; empty
    text where there is nothing (not answered, not resolved, no comment), scores as numbers."""

    def local(name: str) -> pl.Expr:
        return pl.col(name).dt.convert_time_zone(tz).dt.strftime("%Y-%m-%d %H:%M")

    waits = ["" if s is None else duration(s) for s in rows["first_response_s"].to_list()]
    repeat = pl.col("repeat_contact")
    return rows.select(
        local("opened_at").alias(_("Opened at")),
        pl.col("conversation").alias(_("Conversation")),
        pl.col("customer").alias(_("Customer")),
        channel_names(pl.col("channel")).alias(_("Channel")),
        pl.col("category").fill_null(_("(none)")).alias(_("Category")),
        pl.col("csat").alias(_("CSAT score")),
        pl.col("nps").alias(_("NPS score")),
        pl.col("team").fill_null("").alias(_("Team")),
        pl.col("agent").fill_null(_("(no agent)")).alias(_("Agent")),
        pl.lit(pl.Series(waits, dtype=pl.String)).alias(_("First response")),
        local("resolved_at").fill_null("").alias(_("Resolved at")),
        pl.when(repeat).then(pl.lit(_("Yes"))).when(~repeat).then(pl.lit(_("No")))
        .otherwise(pl.lit("")).alias(_("Repeat contact")),
        pl.col("comment").fill_null("").alias(_("Comment")),
    )  # fmt: skip
