"""The weekly pain-point report (每週顧客痛點報告): a Markdown text built from `VoiceView`'s week.

Pure: frames in, a string out. Headings and sentences come from the one catalog in the
report's `language` (English by default; the dashboard passes the session's). Rules:
- top categories: the `TOP` categories with answers, by negative share, then negative count;
- biggest risers: categories whose negative share rose against the 7 days before, by change;
- representative comments: the newest negative comment of each top category in turn, then the
  newest remaining negative comments, `TOP` at most; whitespace collapsed, cut at `CUT` chars.
Shares from fewer than `SMALL_SAMPLE` answers carry a `*`. Text from customers and the data
(comments, category names) is escaped with `plain`: HTML, links and images show as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from queries.metrics.thresholds import SMALL_SAMPLE
from queries.plumbing.filters import Filters
from queries.plumbing.translations import gettext_for

TOP = 5
CUT = 280


@dataclass(frozen=True, slots=True)
class ReportTexts:
    """The report's headings and sentences in one language (placeholders named in braces)."""

    title: str
    period: str  # {start} {end} {zone} {previous_start} {previous_end}
    summary: str  # {answers} {negative} {share}
    top: str
    top_header: str
    risers: str
    risers_header: str
    no_risers: str
    comments: str
    no_comments: str
    comment: str  # {category} {csat} {when}
    uncategorised: str
    small: str


def report_texts(language: str) -> ReportTexts:
    """The texts from the one catalog, in `language` (English is the source)."""
    _ = gettext_for(language).gettext
    return ReportTexts(
        title=_("Weekly pain-point report"),
        period=_("Week {start} – {end} ({zone}), compared with {previous_start} – {previous_end}."),
        summary=_("Survey answers: {answers} · negative (CSAT 1–2): {negative} ({share})."),
        top=_("Top categories by negative share"),
        top_header=_("| Category | Answers | Negative | Negative share | Previous week |"),
        risers=_("Biggest risers"),
        risers_header=_(
            "| Category | Negative share | Previous week | Change (points) | p-value |"
        ),
        no_risers=_("No category's negative share rose this week."),
        comments=_("Representative negative comments"),
        no_comments=_("No negative comments this week."),
        comment=_("— {category}, CSAT {csat}, {when}"),
        uncategorised=_("(none)"),
        small=_("\\* fewer than 30 answers: read with care."),
    )


def pain_point_report(
    categories: pl.DataFrame,
    comments: pl.DataFrame,
    week: Filters,
    language: str = "en",
) -> str:
    """The report for `week` from its `voice.category_table` and `voice.comments` frames."""
    texts = report_texts(language)
    before = week.previous()
    answers = int(categories.get_column("csat_n").sum())
    negative = int(categories.get_column("negative").sum())
    lines = [
        f"# {texts.title}",
        "",
        texts.period.format(
            start=week.start,
            end=week.end,
            zone=week.tz,
            previous_start=before.start,
            previous_end=before.end,
        ),
        "",
        texts.summary.format(
            answers=answers, negative=negative, share=_share(negative, answers, answers)
        ),
        "",
        f"## {texts.top}",
        "",
    ]
    top = (
        categories.filter(pl.col("csat_n") > 0)
        .sort(["negative_share", "negative", "category"], descending=[True, True, False],
              nulls_last=True)
        .head(TOP)
    )  # fmt: skip
    lines += _table(texts.top_header, [
        [_name(r["category"], texts), str(r["csat_n"]), str(r["negative"]),
         _share(r["negative"], r["csat_n"], r["csat_n"]),
         _share(r["previous_negative"], r["previous_csat_n"], r["previous_csat_n"])]
        for r in top.iter_rows(named=True)
    ])  # fmt: skip
    lines += ["", f"## {texts.risers}", ""]
    risers = categories.filter(pl.col("change") > 0).sort(
        ["change", "category"], descending=[True, False], nulls_last=True
    )
    lines += _table(texts.risers_header, [
        [_name(r["category"], texts), _share(r["negative"], r["csat_n"], r["csat_n"]),
         _share(r["previous_negative"], r["previous_csat_n"], r["previous_csat_n"]),
         f"{r['change']:+.1f}", _p(r["p_value"])]
        for r in risers.head(TOP).iter_rows(named=True)
    ]) or [texts.no_risers]  # fmt: skip
    lines += ["", f"## {texts.comments}", ""]
    picked = representative(comments, top.get_column("category").to_list())
    for row in picked.iter_rows(named=True):
        when = row["responded_at"].strftime("%Y-%m-%d %H:%M")
        source = texts.comment.format(
            category=_name(row["category"], texts), csat=row["csat"], when=when
        )
        lines += [f"> {_clean(row['comment'])}", ">", f"> {source}", ""]
    if picked.is_empty():
        lines += [texts.no_comments, ""]
    lines.append(texts.small)
    return "\n".join(lines) + "\n"


def representative(comments: pl.DataFrame, categories: list[str | None]) -> pl.DataFrame:
    """Up to `TOP` negative comments (newest first within the rules above)."""
    negative = comments.filter(pl.col("band") == "negative").with_row_index("order")
    chosen: list[int] = []
    for category in categories:
        match = negative.filter(pl.col("category").eq_missing(category)).head(1)
        chosen += match.get_column("order").to_list()
    rest = negative.filter(~pl.col("order").is_in(chosen)).get_column("order").to_list()
    keep = (chosen + rest)[:TOP]
    order = pl.DataFrame({"order": keep}, schema={"order": pl.UInt32})
    return order.join(negative, on="order", how="left", maintain_order="left").drop("order")


def _table(header: str, rows: list[list[str]]) -> list[str]:
    if not rows:
        return []
    align = "|" + "|".join(["---", *["---:"] * (header.count("|") - 2)]) + "|"
    return [header, align, *("| " + " | ".join(row) + " |" for row in rows)]


def _name(category: str | None, texts: ReportTexts) -> str:
    return texts.uncategorised if category is None else plain(category)


def _share(part: int, whole: int, n: int) -> str:
    if whole == 0:
        return "—"
    return f"{100 * part / whole:.1f}%" + ("\\*" if n < SMALL_SAMPLE else "")


def _p(value: float | None) -> str:
    if value is None:
        return "—"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _clean(comment: str) -> str:
    text = re.sub(r"\s+", " ", comment).strip()
    return plain(text if len(text) <= CUT else text[: CUT - 1].rstrip() + "…")


MARKDOWN = re.compile(r"([\\`*_{}\[\]()#!|~:]|^[-+])")
"""Characters Markdown may read as syntax; `:` too, so no scheme (`javascript:`) autolinks."""


def plain(text: str) -> str:
    """`text` as literal Markdown: `&`, `<`, `>` as entities (no raw HTML, no `<url>` links),
    every syntax character backslash-escaped (no `[x](…)` links, `![…](…)` images, emphasis)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return MARKDOWN.sub(r"\\\1", text)
