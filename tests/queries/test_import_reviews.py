"""qa_reviews.csv (docs/importing.md, "Conversation reviews") on SQLite and PostgreSQL:
round trip, re-import, changed reviews, and bad input that names file, line and column and
writes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dashboard.cli.commands import main
from queries.importer import import_directory
from queries.plumbing import schema
from queries.plumbing.errors import CsvError
from tests.queries.test_import import VALID_FILES, csv_dir, snapshot, utc

HEADER = (
    "external_id,conversation_external_id,reviewer,reviewed_at,scorecard,sampling,category,"
    "score,scale_min,scale_max,weight,critical,na_allowed,comment"
)
REVIEWS = f"""{HEADER}
R1,V1,林品質,2024-03-03T10:00:00+08:00,example-v1,random,empathy,4,1,4,2,false,false,"同理, 好"
R1,V1,林品質,2024-03-03T10:00:00+08:00,example-v1,random,correct_solution,1,0,1,,true,false,
R1,V1,林品質,2024-03-03T10:00:00+08:00,example-v1,random,greeting_closing,,1,4,1,false,true,
R2,V3,QA Bot,2024-03-03T02:00:00Z,example-v1,low_csat,tone,2,1,4,1,false,false,
"""
Q, S = schema.qa_reviews, schema.qa_review_scores


@pytest.fixture
def base(tmp_path: Path) -> Path:
    directory = tmp_path / "base"
    directory.mkdir()
    for name in ("customers.csv", "agents.csv", "conversations.csv"):
        (directory / name).write_text(VALID_FILES[name], encoding="utf-8")
    return directory


def reviews_of(engine: Engine) -> list[tuple[Any, ...]]:
    v = schema.conversations
    query = (
        sa.select(Q.c.external_id, v.c.external_id, Q.c.reviewer, Q.c.reviewed_at, Q.c.sampling)
        .join(v, v.c.id == Q.c.conversation_id)
        .order_by(Q.c.external_id)
    )
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]


def scores_of(engine: Engine) -> list[tuple[Any, ...]]:
    columns = (S.c.score, S.c.scale_min, S.c.scale_max, S.c.weight, S.c.critical, S.c.na_allowed)
    query = (
        sa.select(Q.c.external_id, S.c.category, *columns, S.c.comment)
        .join(Q, Q.c.id == S.c.review_id)
        .order_by(Q.c.external_id, S.c.category)
    )
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]


def test_reviews_round_trip_and_reimport_changes_nothing(
    engine: Engine, base: Path, tmp_path: Path
) -> None:
    directory = csv_dir(tmp_path, {"qa_reviews.csv": REVIEWS}, base=base)

    summary = import_directory(engine, directory)

    counts = summary["qa_reviews.csv"]
    assert (counts.rows, counts.inserted, counts.updated, counts.unchanged) == (4, 2, 0, 0)
    assert reviews_of(engine) == [
        ("R1", "V1", "林品質", utc(2024, 3, 3, 2), "random"),
        ("R2", "V3", "QA Bot", utc(2024, 3, 3, 2), "low_csat"),
    ]
    assert scores_of(engine) == [
        ("R1", "correct_solution", 1.0, 0.0, 1.0, 1.0, True, False, None),
        ("R1", "empathy", 4.0, 1.0, 4.0, 2.0, False, False, "同理, 好"),
        ("R1", "greeting_closing", None, 1.0, 4.0, 1.0, False, True, None),
        ("R2", "tone", 2.0, 1.0, 4.0, 1.0, False, False, None),
    ]
    again = import_directory(engine, directory)["qa_reviews.csv"]
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)


def test_a_changed_review_replaces_its_categories(
    engine: Engine, base: Path, tmp_path: Path
) -> None:
    import_directory(engine, csv_dir(tmp_path / "a", {"qa_reviews.csv": REVIEWS}, base=base))
    # R2's tone becomes empathy; R1 is not in the file and stays as it was.
    changed = (
        f"{HEADER}\nR2,V3,QA Bot,2024-03-03T02:00:00Z,example-v1,low_csat,empathy,3,1,4,1,"
        "false,false,\n"
    )

    counts = import_directory(
        engine, csv_dir(tmp_path / "b", {"qa_reviews.csv": changed}, base=base)
    )["qa_reviews.csv"]

    assert (counts.inserted, counts.updated, counts.unchanged) == (0, 1, 0)
    assert [row[:3] for row in scores_of(engine) if row[0] == "R2"] == [("R2", "empathy", 3.0)]
    assert len([row for row in scores_of(engine) if row[0] == "R1"]) == 3


LINE = (
    "R9,V1,,2024-03-03T10:00:00+08:00,example-v1,,{category},{score},{low},{high},{weight},"
    "false,{na},"
)
BAD: dict[str, tuple[str, str]] = {
    "score off its scale": (
        LINE.format(category="tone", score=5, low=1, high=4, weight=1, na="false"),
        "qa_reviews.csv:2: column score: 5 is outside 1–4",
    ),
    "scale the wrong way round": (
        LINE.format(category="tone", score=1, low=4, high=1, weight=1, na="false"),
        "qa_reviews.csv:2: column scale_max: scale_max 1 must be above 4",
    ),
    "N/A not allowed": (
        LINE.format(category="tone", score="", low=1, high=4, weight=1, na="false"),
        "qa_reviews.csv:2: column score: N/A (empty) is not allowed for 'tone'",
    ),
    "negative weight": (
        LINE.format(category="tone", score=2, low=1, high=4, weight=-1, na="false"),
        "qa_reviews.csv:2: column weight: -1 is below 0",
    ),
    "category twice": (
        LINE.format(category="tone", score=2, low=1, high=4, weight=1, na="false")
        + "\n"
        + LINE.format(category="tone", score=3, low=1, high=4, weight=1, na="false"),
        "qa_reviews.csv:3: column category: duplicate category 'tone' in review 'R9' "
        "(first on line 2)",
    ),
    "review columns differ": (
        LINE.format(category="tone", score=2, low=1, high=4, weight=1, na="false")
        + "\n"
        + LINE.format(category="empathy", score=3, low=1, high=4, weight=1, na="false").replace(
            ",V1,", ",V3,"
        ),
        "qa_reviews.csv:3: column conversation_external_id: differs from line 2 of review 'R9'",
    ),
    "unknown conversation": (
        LINE.format(category="tone", score=2, low=1, high=4, weight=1, na="false").replace(
            ",V1,", ",V404,"
        ),
        "qa_reviews.csv:2: column conversation_external_id: unknown conversation 'V404'",
    ),
    "not a number": (
        LINE.format(category="tone", score="good", low=1, high=4, weight=1, na="false"),
        "qa_reviews.csv:2: column score: not a number: 'good'",
    ),
    "naive timestamp": (
        LINE.format(category="tone", score=2, low=1, high=4, weight=1, na="false").replace(
            "2024-03-03T10:00:00+08:00", "2024-03-03 10:00"
        ),
        "qa_reviews.csv:2: column reviewed_at: naive timestamp '2024-03-03 10:00' needs Z or "
        "an offset",
    ),
    "category missing": (
        LINE.format(category="", score=2, low=1, high=4, weight=1, na="false"),
        "qa_reviews.csv:2: column category: a value is required",
    ),
}


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
def test_a_bad_review_line_names_file_line_and_column_and_writes_nothing(
    engine: Engine, base: Path, tmp_path: Path, case: tuple[str, str]
) -> None:
    rows, message = case
    import_directory(engine, csv_dir(tmp_path / "first", {"qa_reviews.csv": REVIEWS}, base=base))
    before = snapshot(engine), reviews_of(engine), scores_of(engine)
    files = {"customers.csv": VALID_FILES["customers.csv"].replace("vip", "gold")}
    files["qa_reviews.csv"] = f"{HEADER}\n{rows}\n"

    with pytest.raises(CsvError) as raised:
        import_directory(engine, csv_dir(tmp_path / "bad", files, base=base))

    assert str(raised.value) == message
    assert (snapshot(engine), reviews_of(engine), scores_of(engine)) == before


def test_cli_import_of_a_bad_review_exits_2_with_one_line(
    engine: Engine, base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    rows, message = BAD["score off its scale"]
    directory = csv_dir(tmp_path, {"qa_reviews.csv": f"{HEADER}\n{rows}\n"}, base=base)

    assert main(["import", str(directory), "--db", url]) == 2

    errors = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert errors == [f"vigil import: error: {message}"]
    assert reviews_of(engine) == []
