"""The bench's anchor: the overview's core KPI set (conversations, CSAT %, NPS and the median
first response) computed by DuckDB scanning the very SQLite file or PostgreSQL database the
pages read, in its own process, so that DuckDB's SQLite scanner never shares a process with
`sqlite3` on the same file.

    python -m tests.bench_anchor sqlite PATH START END RUNS
    python -m tests.bench_anchor postgres LIBPQ START END RUNS

START and END are the period's UTC bounds (ISO, END exclusive). Prints one JSON object:
{"seconds": [one per run, a fresh connection each], "kpis": {…}}. Extensions come from the
pip-installed duckdb-extension-* wheels, with auto-install and auto-load off.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import duckdb
from duckdb_extensions import import_extension

KPIS = """
WITH period AS (
    SELECT id, opened_at, first_response_at FROM src.conversations
    WHERE opened_at >= {lo} AND opened_at < {hi}
), answers AS (
    SELECT r.csat, r.nps FROM src.survey_responses r JOIN period p ON r.conversation_id = p.id
)
SELECT
    (SELECT count(*) FROM period) AS conversations,
    (SELECT 100.0 * avg(CASE WHEN csat >= 4 THEN 1 ELSE 0 END) FROM answers
        WHERE csat IS NOT NULL) AS csat,
    (SELECT 100.0 * (avg(CASE WHEN nps >= 9 THEN 1 ELSE 0 END)
        - avg(CASE WHEN nps <= 6 THEN 1 ELSE 0 END)) FROM answers WHERE nps IS NOT NULL) AS nps,
    (SELECT median(epoch(first_response_at) - epoch(opened_at)) FROM period
        WHERE first_response_at IS NOT NULL) AS first_response_median_s
"""


def connect(kind: str, source: str) -> duckdb.DuckDBPyConnection:
    config = {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}
    con = duckdb.connect(config=config)
    import_extension(kind, con=con)
    con.sql(f"LOAD {kind}")
    quoted = source.replace("'", "''")
    con.sql(f"ATTACH '{quoted}' AS src (TYPE {kind}, READ_ONLY)")
    return con


def kpis(kind: str, source: str, start: str, end: str) -> dict[str, Any]:
    literal = "TIMESTAMP" if kind == "sqlite" else "TIMESTAMPTZ"
    suffix = "" if kind == "sqlite" else "+00"
    bounds = {"lo": f"{literal} '{start}{suffix}'", "hi": f"{literal} '{end}{suffix}'"}
    con = connect(kind, source)
    try:
        row = con.sql(KPIS.format(**bounds)).fetchone()
    finally:
        con.close()
    assert row is not None
    return dict(zip(("conversations", "csat", "nps", "first_response_median_s"), row, strict=True))


def main(argv: list[str]) -> None:
    kind, source, start, end, runs = argv
    seconds, result = [], {}
    for _ in range(int(runs)):
        started = time.perf_counter()
        result = kpis(kind, source, start, end)
        seconds.append(time.perf_counter() - started)
    print(json.dumps({"seconds": seconds, "kpis": result}, default=float))


if __name__ == "__main__":
    main(sys.argv[1:])
