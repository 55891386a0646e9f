"""The content of a digest e-mail (docs/digests.md): a `Document` (drawn as the PDF and the
inline chart images), the CSV of its key table and the numbers, for one period and filters.

- executive: the §3 metrics exactly as `vigil metrics` computes them (`summarise`), as
  tiles and as the CSV (`metric,value`), and the conversations per day;
- pain_points: the weekly pain-point report of the Voice page (rising categories, their
  negative share against the 7 days before, verbatims), as tables, and its Markdown."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import polars as pl
from sqlalchemy.engine import Engine

from queries.metrics.hours import hour_key, hour_labels
from queries.metrics.tallies import load_period, summarise
from queries.metrics.volume import HourlyVolume, daily_volume, hourly_volume
from queries.plumbing.filters import Filters
from queries.plumbing.labels import zone_name
from queries.plumbing.translations import gettext_for
from queries.reports import document as doc
from queries.reports.pain_points import pain_point_report
from queries.reports.sheets import headed, spreadsheet_csv
from queries.views.next_week import forecast
from queries.views.voice import voice_view

PALETTE = {"chat": "#1f6f8b", "email": "#99a8b2", "phone": "#e3a33b", "social": "#8a5a83"}


@dataclass(frozen=True, slots=True)
class Digest:
    subject: str
    document: doc.Document
    csv: bytes
    empty: bool
    numbers: dict[str, Any]
    markdown: str = ""


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, list):
        return " – ".join(_value(v) for v in value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def volume_figure(volume: pl.DataFrame, y_title: str) -> dict[str, Any]:
    """Conversations per day and channel as a stacked bar chart (Plotly JSON, no Plotly)."""
    traces = [
        {
            "type": "bar",
            "name": channel,
            "x": [str(d) for d in part.get_column("day").to_list()],
            "y": part.get_column("conversations").to_list(),
            "marker": {"color": PALETTE.get(str(channel), "#607080")},
        }
        for (channel,), part in volume.partition_by("channel", as_dict=True).items()
    ]
    return {
        "data": traces,
        "layout": {"barmode": "stack", "yaxis": {"title": {"text": y_title}}, "height": 480},
    }


def hourly_figure(hourly: HourlyVolume, y_title: str) -> dict[str, Any]:
    """A one-day digest's conversations per local hour and channel (Plotly JSON): every hour
    of the day on the axis (23 to 25), in order, the repeated hour named by its zone."""
    keys = [hour_key(h) for h in hourly.hours]
    traces = [
        {
            "type": "bar",
            "name": channel,
            "x": [hour_key(h) for h in part.get_column("hour").to_list()],
            "y": part.get_column("conversations").to_list(),
            "marker": {"color": PALETTE.get(str(channel), "#607080")},
        }
        for (channel,), part in hourly.frame.partition_by("channel", as_dict=True).items()
    ]
    axis = {"type": "category", "categoryorder": "array", "categoryarray": keys}
    ticks = {"tickvals": keys, "ticktext": hour_labels(hourly.hours), "tickangle": -45}
    return {
        "data": traces,
        "layout": {
            "barmode": "stack",
            "xaxis": axis | ticks,
            "yaxis": {"title": {"text": y_title}},
            "height": 480,
        },
    }


def executive(
    engine: Engine, filters: Filters, language: str, now: datetime, fcr_window_days: int = 7
) -> Digest:
    _ = gettext_for(language).gettext
    period = load_period(engine, filters, as_of=now, fcr_window_days=fcr_window_days)
    numbers = summarise(period.conversations, period.retention, period.value)  # vigil metrics
    labels = {
        "conversations": _("Conversations"),
        "csat": _("CSAT (%)"),
        "nps": _("NPS score"),
        "fcr": _("FCR (%)"),
        "retention_90d": _("Retention (%)"),
        "response_rate": _("Response rate"),
        "first_response_median_s": _("Median first response (s)"),
        "responses": _("Responses"),
    }
    tiles = tuple(doc.Tile(label, _value(numbers.get(key))) for key, label in labels.items())
    table = pl.DataFrame({"metric": list(numbers), "value": [_value(v) for v in numbers.values()]})
    sheet = pl.DataFrame(
        {
            "metric": list(numbers),
            "value": [None if v is None else str(v) for v in numbers.values()],
        }
    )
    volume = daily_volume(period.conversations, filters.tz)
    title = _("Executive summary")
    parts: list[doc.Part] = [doc.Tiles(tiles)]
    if volume.height and filters.days == 1:  # a daily digest: its day hour by hour
        hourly = hourly_volume(period.conversations, filters, now)
        zone = zone_name(filters.tz, language)
        chart = _("Conversations per hour ({zone})").format(zone=zone)
        parts.append(doc.Chart(chart, hourly_figure(hourly, _("Conversations"))))
    elif volume.height:
        figure = volume_figure(volume, _("Conversations"))
        parts.append(doc.Chart(_("Conversations per day"), figure))
    parts.append(doc.Table(_("Every metric"), table))
    facts = doc.facts(filters, now, language)
    name = doc.file_stem("executive", filters)
    document = doc.Document(title, facts, language, tuple(parts), name)
    subject = _("Vigil · {title} · {start} – {end}").format(
        title=title, start=filters.start, end=filters.end
    )
    empty = not numbers.get("conversations")
    return Digest(subject, document, spreadsheet_csv(sheet, language), empty, numbers)


def pain_points(engine: Engine, filters: Filters, language: str, now: datetime) -> Digest:
    _ = gettext_for(language).gettext
    view = voice_view(engine, filters)
    week = view.week
    categories = view.week_categories
    title = _("Weekly pain-point report")
    rising = (
        categories.filter(pl.col("change").fill_null(0) > 0)
        if "change" in categories.columns
        else categories
    )
    verbatims = (
        view.week_comments.filter(pl.col("band") == "negative")
        .select(pl.col("responded_at").dt.strftime("%Y-%m-%d %H:%M"), "category", "csat", "comment")
        .head(doc.TOP_ROWS)
    )
    parts: list[doc.Part] = [
        doc.Table(_("Top categories by negative share"), headed(categories, language)),
        doc.Table(_("Biggest risers"), headed(rising, language)),
        doc.Table(_("Representative negative comments"), headed(verbatims, language)),
    ]
    facts = doc.facts(week, now, language)
    name = doc.file_stem("pain-points", week)
    document = doc.Document(title, facts, language, tuple(parts), name)
    markdown = pain_point_report(categories, view.week_comments, week, language)
    subject = _("Vigil · {title} · {start} – {end}").format(
        title=title, start=week.start, end=week.end
    )
    answers = int(categories.get_column("csat_n").sum()) if categories.height else 0
    return Digest(
        subject, document, spreadsheet_csv(categories, language), answers == 0, {}, markdown
    )


def coverage_outlook(engine: Engine, filters: Filters, language: str, now: datetime) -> Digest:
    """The coming 7 days from `now`: forecast contacts, agent-hours and the gaps to fix."""
    _ = gettext_for(language).gettext
    view = forecast(engine, filters, now)
    summary = view.summary
    tiles = (
        doc.Tile(_("Expected contacts"), f"{summary.contacts:,.0f}"),
        doc.Tile(_("Agent-hours required"), f"{summary.agent_hours_required:,.0f}"),
        doc.Tile(_("Agent-hours on shift"), f"{summary.agent_hours_scheduled:,.1f}"),
        doc.Tile(_("Agent-hours short"), f"{summary.agent_hours_missing:,.1f}"),
    )
    hours = view.hours
    figure = {
        "data": [
            {
                "type": "bar",
                "x": [f"{d} {h:02d}:00" for d, h in zip(hours["date"], hours["hour"], strict=True)],
                "y": hours.get_column("gap").fill_null(0).to_list(),
                "marker": {"color": "#c0504d"},
            }
        ],
        "layout": {"yaxis": {"title": {"text": _("Agents missing")}}, "height": 420},
    }
    gaps = view.gaps.select("date", "hour", "demand", "scheduled", "required", "gap")
    title = _("Coverage outlook")
    parts: list[doc.Part] = [
        doc.Tiles(tiles),
        doc.Chart(_("Shift gap in the coming week"), figure),
        doc.Table(_("Gaps you can still fix"), headed(gaps, language)),
    ]
    first = view.first.astimezone(filters.zone).date()
    ahead = replace(filters, start=first, end=first + timedelta(days=6))
    facts = doc.facts(ahead, now, language)
    name = doc.file_stem("coverage", ahead)
    document = doc.Document(title, facts, language, tuple(parts), name)
    subject = _("Vigil · {title} · {start} – {end}").format(
        title=title, start=ahead.start, end=ahead.end
    )
    return Digest(subject, document, spreadsheet_csv(gaps, language), view.empty, {})


def build(content: str, engine: Engine, filters: Filters, language: str, now: datetime) -> Digest:
    if content == "pain_points":
        return pain_points(engine, filters, language, now)
    if content == "coverage":
        return coverage_outlook(engine, filters, language, now)
    return executive(engine, filters, language, now)
