"""Imports and the summaries (docs/summaries.md, "Kept fresh"), on both backends: `vigil
import` ends with a refresh that matches the rows again, and a failed import leaves the
summaries exactly as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dashboard.cli.commands import main
from queries.metrics.cuts import kpi_conversations
from queries.metrics.tallies import tally
from queries.plumbing.schema import (
    conversations,
    customers,
    summary_contacts,
    summary_days,
    summary_quarters,
    summary_state,
    summary_wait_bins,
)
from queries.summaries.read import period_counts, ready
from tests.queries.summaries.test_summaries import periods
from tests.queries.test_import import HEADERS, csv_dir

SUMMARY_TABLES = (summary_quarters, summary_days, summary_wait_bins, summary_contacts)
CONVERSATION = "{id},{customer},,chat,billing,{opened},{replied},{resolved},1,0,300"


def stored(engine: Engine) -> tuple[list[tuple], ...]:
    with engine.connect() as conn:
        return tuple(
            [tuple(row) for row in conn.execute(sa.select(table).order_by(*table.c))]
            for table in (*SUMMARY_TABLES, summary_state)
        )


def import_files(engine: Engine, folder: Path, files: dict[str, str]) -> int:
    url = engine.url.render_as_string(hide_password=False)
    return main(["import", str(csv_dir(folder, files)), "--db", url])


def some_keys(engine: Engine) -> tuple[str, str]:
    with engine.connect() as conn:
        customer = conn.execute(sa.select(customers.c.external_id).limit(1)).scalar_one()
        old = conn.execute(
            sa.select(conversations.c.external_id).order_by(conversations.c.opened_at).limit(1)
        ).scalar_one()
    return customer, old


def test_an_import_is_refreshed_and_matches_the_rows(world: Engine, tmp_path: Path) -> None:
    customer, old = some_keys(world)
    rows = [
        CONVERSATION.format(
            id=f"NEW-{n}",
            customer=customer,
            opened=f"2026-11-1{n}T0{n}:10:00Z",
            replied=f"2026-11-1{n}T0{n}:11:05Z",
            resolved=f"2026-11-1{n}T0{n}:40:00Z",
        )
        for n in (1, 2)
    ]
    files = {
        "conversations.csv": "\n".join([HEADERS["conversations.csv"], *rows]) + "\n",
        "survey_responses.csv": f"{HEADERS['survey_responses.csv']}\n"
        f"NEW-1,1,0,false,,2026-11-11T09:00:00Z\n{old},,,,late,2026-11-12T00:00:00Z\n",
    }
    assert import_files(world, tmp_path, files) == 0
    for filters in periods("Asia/Kathmandu"):
        assert ready(world, filters, 7) is not None
        expected = tally(kpi_conversations(world, filters, 7))
        got = period_counts(world, filters)
        assert {k: got[k] for k in got if k != "first_response_median_s"} == {
            k: expected[k] for k in got if k != "first_response_median_s"
        }


def test_a_failed_import_leaves_the_summaries_as_they_were(world: Engine, tmp_path: Path) -> None:
    customer, _old = some_keys(world)
    before = stored(world)
    good = CONVERSATION.format(
        id="NEW-9", customer=customer, opened="2026-11-19T01:00:00Z", replied="", resolved=""
    )
    bad = CONVERSATION.format(
        id="NEW-10", customer="NOBODY", opened="2026-11-19T02:00:00Z", replied="", resolved=""
    )
    files = {"conversations.csv": f"{HEADERS['conversations.csv']}\n{good}\n{bad}\n"}
    assert import_files(world, tmp_path, files) == 2
    assert stored(world) == before
    assert ready(world, periods("UTC")[0], 7) is not None


def test_vigil_summaries_rebuild(world: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    url = world.url.render_as_string(hide_password=False)
    before = stored(world)[:2]
    assert main(["summaries", "rebuild", "--db", url]) == 0
    assert "buckets rebuilt from 2026-10-07" in capsys.readouterr().err
    assert main(["summaries", "rebuild", "--since", "2026-11-10", "--db", url]) == 0
    assert "rebuilt from 2026-1" in capsys.readouterr().err  # reaching back for FCR
    assert stored(world)[:2] == before  # the same rows give the same buckets
    with pytest.raises(SystemExit) as bad:  # argparse: one line, exit 2
        main(["summaries", "rebuild", "--since", "10/11/2026", "--db", url])
    assert bad.value.code == 2
    assert "not a date (YYYY-MM-DD): '10/11/2026'" in capsys.readouterr().err
