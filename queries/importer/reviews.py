"""qa_reviews.csv (docs/importing.md, "Conversation reviews"): one line per reviewed category.

A review (external_id) spans several lines, one per category; its own columns (conversation,
reviewer, reviewed_at, scorecard, sampling) repeat on each. Checks across lines run on the
parsed frame; the write replaces a changed review's categories and leaves an unchanged one.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from queries.importer import fields
from queries.importer.specs import UTC_TIMESTAMP, Column, FileSpec
from queries.importer.summary import FileCounts
from queries.plumbing import schema

FILE = "qa_reviews.csv"
REVIEW_COLUMNS = ("conversation_external_id", "reviewer", "reviewed_at", "scorecard", "sampling")
"""The review's own columns: the same on every line of one review."""
SCORE_COLUMNS = (
    "category",
    "score",
    "scale_min",
    "scale_max",
    "weight",
    "critical",
    "na_allowed",
    "comment",
)
CHUNK = 5_000

_r = schema.qa_reviews


def _text(name: str, length: int | None, *, required: bool = False) -> Column:
    return Column(name, fields.text(length), pl.String(), required=required)


Problem = tuple[int, str, str]


def check_reviews(frame: pl.DataFrame) -> Problem | None:
    """The first problem across lines, by line: a scale the wrong way round, a score off its
    scale, an N/A where it is not allowed, a negative weight, a category twice in a review, or
    a review whose own columns differ between its lines."""
    problems: list[Problem] = []
    first_line: dict[str, dict[str, Any]] = {}
    categories: dict[tuple[str, str], int] = {}
    for row in frame.iter_rows(named=True):
        line, review, category = row["line"], row["external_id"], row["category"]
        low, high, score = row["scale_min"], row["scale_max"], row["score"]
        if high <= low:
            problems.append((line, "scale_max", f"scale_max {high:g} must be above {low:g}"))
        elif score is None and not row["na_allowed"]:
            problems.append((line, "score", f"N/A (empty) is not allowed for {category!r}"))
        elif score is not None and not low <= score <= high:
            problems.append((line, "score", f"{score:g} is outside {low:g}–{high:g}"))
        if row["weight"] < 0:
            problems.append((line, "weight", f"{row['weight']:g} is below 0"))
        seen = categories.setdefault((review, category), line)
        if seen != line:
            message = f"duplicate category {category!r} in review {review!r} (first on line {seen})"
            problems.append((line, "category", message))
        first = first_line.setdefault(review, row)
        for name in REVIEW_COLUMNS:
            if first[name] != row[name]:
                message = f"differs from line {first['line']} of review {review!r}"
                problems.append((line, name, message))
                break
    return min(problems, key=lambda problem: problem[0]) if problems else None


def write_reviews(conn: Connection, frame: pl.DataFrame) -> FileCounts:
    """Upsert each review on external_id; a review whose columns or categories changed gets
    its categories replaced. Counts are of reviews; `rows` is the file's lines."""
    conversation_ids = _ids(conn, schema.conversations, frame["conversation_external_id"])
    stored = _stored(conn, frame["external_id"].unique().to_list())
    inserted = updated = unchanged = 0
    for (review,), lines in frame.sort("line").group_by("external_id", maintain_order=True):
        head = lines.row(0, named=True)
        values = {
            "external_id": review,
            "conversation_id": conversation_ids[head["conversation_external_id"]],
            **{name: head[name] for name in REVIEW_COLUMNS[1:]},
        }
        scores = sorted(
            tuple(row[name] for name in SCORE_COLUMNS) for row in lines.iter_rows(named=True)
        )
        before = stored.get(str(review))
        if before is not None and before[1:] == (values, scores):
            unchanged += 1
            continue
        if before is None:
            review_id = conn.execute(sa.insert(_r).values(values).returning(_r.c.id)).scalar_one()
            inserted += 1
        else:
            review_id = before[0]
            conn.execute(sa.update(_r).where(_r.c.id == review_id).values(values))
            s = schema.qa_review_scores
            conn.execute(sa.delete(s).where(s.c.review_id == review_id))
            updated += 1
        rows = [dict(zip(SCORE_COLUMNS, score, strict=True)) for score in scores]
        conn.execute(
            sa.insert(schema.qa_review_scores), [r | {"review_id": review_id} for r in rows]
        )
    return FileCounts(FILE, frame.height, inserted, updated, unchanged)


def _ids(conn: Connection, table: sa.Table, external: pl.Series) -> dict[str, int]:
    values = external.unique().to_list()
    found: dict[str, int] = {}
    for start in range(0, len(values), CHUNK):
        chunk = values[start : start + CHUNK]
        query = sa.select(table.c.external_id, table.c.id).where(table.c.external_id.in_(chunk))
        found.update({str(key): int(value) for key, value in conn.execute(query)})
    return found


def _stored(
    conn: Connection, reviews: list[str]
) -> dict[str, tuple[int, dict[str, Any], list[Any]]]:
    """The stored reviews among `reviews`: external_id -> (id, columns, sorted scores)."""
    s = schema.qa_review_scores
    heads: dict[int, dict[str, Any]] = {}
    for start in range(0, len(reviews), CHUNK):
        chunk = reviews[start : start + CHUNK]
        query = sa.select(_r).where(_r.c.external_id.in_(chunk))
        for row in conn.execute(query).mappings():
            columns = ("external_id", "conversation_id", *REVIEW_COLUMNS[1:])
            heads[row["id"]] = {name: row[name] for name in columns}
    scores: dict[int, list[Any]] = {review_id: [] for review_id in heads}
    ids = list(heads)
    for start in range(0, len(ids), CHUNK):
        query = sa.select(s).where(s.c.review_id.in_(ids[start : start + CHUNK]))
        for row in conn.execute(query).mappings():
            scores[row["review_id"]].append(tuple(row[name] for name in SCORE_COLUMNS))
    return {
        head["external_id"]: (review_id, head, sorted(scores[review_id]))
        for review_id, head in heads.items()
    }


QA_REVIEWS = FileSpec(
    file=FILE,
    table=_r,
    columns=(
        _text("external_id", 64, required=True),
        Column(
            "conversation_external_id",
            fields.text(64),
            pl.String(),
            required=True,
            refers_to=schema.conversations,
            target="conversation_id",
        ),
        _text("reviewer", 200),
        Column("reviewed_at", fields.timestamp, UTC_TIMESTAMP, required=True),
        _text("scorecard", 64, required=True),
        _text("sampling", 32),
        _text("category", 64, required=True),
        Column("score", fields.number, pl.Float64()),
        Column("scale_min", fields.number, pl.Float64(), required=True),
        Column("scale_max", fields.number, pl.Float64(), required=True),
        Column("weight", fields.number, pl.Float64(), default=1.0),
        Column("critical", fields.boolean, pl.Boolean(), default=False),
        Column("na_allowed", fields.boolean, pl.Boolean(), default=False),
        _text("comment", None),
    ),
    frame_check=check_reviews,
    write=write_reviews,
)
