"""The alert conditions (docs/digests.md, "Alerts"), each checked at an instant and answering
the alerts to send, in the settings' language; the jobs deliver them with a cool-down.

- next_week_gaps: the Next 7 days page's understaffed hours (gap > 0), the top five by gap;
- csat_fall / nps_fall: the last complete week against the week before fell, by the test the
  tiles use (`Rate.significant`: p < 0.05);
- pain_point_rising: a category whose negative share rose significantly in the Voice page's
  last week (change > 0, p < 0.05);
- survey_jobs_stale: no survey send run has finished for `stale_minutes`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.metrics.thresholds import SIGNIFICANCE
from queries.plumbing.db import reading
from queries.plumbing.filters import Filters
from queries.plumbing.schema import job_runs
from queries.plumbing.translations import gettext_for
from queries.reports.schedule import period_before
from queries.views.next_week import forecast
from queries.views.overview import overview
from queries.views.voice import voice_view

TOP_GAPS = 5


@dataclass(frozen=True, slots=True)
class Alert:
    condition: str
    title: str
    lines: tuple[str, ...]
    link: str
    facts: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The webhook body: `text` is what Slack and Teams incoming webhooks show."""
        text = "\n".join([f"*{self.title}*", *self.lines, self.link])
        return {"text": text, "condition": self.condition, "facts": self.facts}


def next_week_gaps(
    engine: Engine, zone: str, now: datetime, language: str, base: str
) -> list[Alert]:
    _ = gettext_for(language).gettext
    today = now.astimezone(Filters(now.date(), now.date(), zone).zone).date()
    view = forecast(engine, Filters(today, today, zone), now)
    gaps = view.gaps.sort("gap", descending=True).head(TOP_GAPS)
    if gaps.is_empty():
        return []
    lines = tuple(
        _("{day} {hour:02d}:00: {gap:.0f} agents missing").format(
            day=row["date"], hour=row["hour"], gap=row["gap"]
        )
        for row in gaps.iter_rows(named=True)
    )
    title = _("Next 7 days: {count} understaffed hours").format(count=view.gaps.height)
    top = [{**r, "date": str(r["date"])} for r in gaps.select("date", "hour", "gap").to_dicts()]
    facts = {"understaffed_hours": view.gaps.height, "top": top}
    return [Alert("next_week_gaps", title, lines, f"{base.rstrip('/')}/next_week", facts)]


def _last_week(zone: str, now: datetime) -> Filters:
    local = now.astimezone(Filters(now.date(), now.date(), zone).zone).date()
    return Filters(*period_before("weekly", local), zone)


def rates_fell(engine: Engine, zone: str, now: datetime, language: str, base: str) -> list[Alert]:
    _ = gettext_for(language).gettext
    week = _last_week(zone, now)
    view = overview(engine, week, as_of=now)
    found = []
    for key, name, rate in (("csat_fall", "CSAT", view.csat), ("nps_fall", "NPS", view.nps)):
        if rate.significant and (rate.change or 0) < 0:
            line = _("{name} {value:.1f}, {change:+.1f} against the week before (p = {p:.3f})")
            text = line.format(name=name, value=rate.value or 0, change=rate.change, p=rate.p_value)
            title = _("{name} fell significantly last week").format(name=name)
            facts = {"value": rate.value, "change": rate.change, "p_value": rate.p_value}
            found.append(Alert(key, title, (text,), f"{base.rstrip('/')}/{key[:-5]}", facts))
    return found


def pain_points_rising(
    engine: Engine, zone: str, now: datetime, language: str, base: str
) -> list[Alert]:
    _ = gettext_for(language).gettext
    view = voice_view(engine, _last_week(zone, now))
    rising = view.week_categories.filter(
        (pl.col("change") > 0) & (pl.col("p_value") < SIGNIFICANCE)
    )
    if rising.is_empty():
        return []
    lines = tuple(
        _("{category}: negative share {share:.1f}% ({change:+.1f} points)").format(
            category=row["category"] or _("(none)"),
            share=row["negative_share"],
            change=row["change"],
        )
        for row in rising.head(TOP_GAPS).iter_rows(named=True)
    )
    title = _("Pain points rising: {count} categories").format(count=rising.height)
    facts = {"categories": [str(c) for c in rising.get_column("category").to_list()]}
    return [Alert("pain_point_rising", title, lines, f"{base.rstrip('/')}/voice", facts)]


def survey_jobs_stale(
    engine: Engine, now: datetime, minutes: int, language: str, base: str
) -> list[Alert]:
    _ = gettext_for(language).gettext
    with reading(engine) as conn:
        last = conn.execute(
            sa.select(sa.func.max(job_runs.c.finished_at)).where(job_runs.c.job == "send")
        ).scalar()
    if last is not None and now - last < timedelta(minutes=minutes):
        return []
    since = _("never") if last is None else last.isoformat()
    title = _("The survey jobs have not run for {minutes} minutes").format(minutes=minutes)
    line = _("Last finished send run: {since}").format(since=since)
    return [
        Alert("survey_jobs_stale", title, (line,), f"{base.rstrip('/')}/surveys", {"last": since})
    ]


def due_alerts(
    engine: Engine, zone: str, now: datetime, language: str, base: str, stale_minutes: int
) -> list[Alert]:
    """Every condition that holds at `now`."""
    return [
        *next_week_gaps(engine, zone, now, language, base),
        *rates_fell(engine, zone, now, language, base),
        *pain_points_rising(engine, zone, now, language, base),
        *survey_jobs_stale(engine, now, stale_minutes, language, base),
    ]
