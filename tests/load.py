"""`make load`: concurrent browser sessions against a real `vigil serve`, outside `make test`.

Builds (once) a 200k-conversation SQLite world, starts the server on it, then for 1, 5, 10 and
20 concurrent headless Chromium sessions has each load the Overview and the CSAT page three
times. A page's time runs from navigation to its script having finished with its tiles drawn.
Prints the median and p95 per level and the p95 ratio to one session's (goal: ≤ 2× at 20).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from playwright.async_api import Browser, async_playwright
from rich.console import Console
from rich.table import Table

from queries.demo import DemoSpec
from tests.bench import world
from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS, running_server

END = date(2026, 11, 1)
NOW = datetime.combine(END + timedelta(days=1), datetime.min.time(), UTC)
PAGES = ("/", "/csat")
DONE = '[data-testid="stApp"][data-test-script-state="notRunning"] [data-testid="stMetric"]'
console = Console()


async def load_page(browser: Browser, url: str) -> float:
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    try:
        started = time.perf_counter()
        await page.goto(url)
        await page.locator(DONE).first.wait_for(timeout=300_000)
        return time.perf_counter() - started
    finally:
        await context.close()


async def session(browser: Browser, base: str, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for path in PAGES:
            times.append(await load_page(browser, f"{base}{path}?lang=en"))
    return times


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


async def measure(base: str, levels: list[int], rounds: int) -> list[tuple[int, list[float]]]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            await session(browser, base, 1)  # warm the server once; not measured
            results = []
            for level in levels:
                runs = await asyncio.gather(*(session(browser, base, rounds) for _ in range(level)))
                samples = [s for run in runs for s in run]
                results.append((level, samples))
                console.print(f"{level:>2} sessions: {len(samples)} page loads")
            return results
        finally:
            await browser.close()


def report(results: list[tuple[int, list[float]]]) -> None:
    anchor = p95(results[0][1])
    table = Table(title="Page times (Overview and CSAT, 3 rounds per session)")
    for column in ("sessions", "loads", "median", "p95", "p95 ÷ one session's"):
        table.add_column(column, justify="right")
    for level, samples in results:
        table.add_row(
            str(level),
            str(len(samples)),
            f"{statistics.median(samples):.2f} s",
            f"{p95(samples):.2f} s",
            f"{p95(samples) / anchor:.2f}×",
        )
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=200_000)
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folder = Path("data") / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / f'load-{args.conversations}.db'}"
    customers = max(1_000, args.conversations // 8)
    spec = DemoSpec(
        seed=11, customers=customers, days=120, conversations=args.conversations, end=END
    )
    engine, built = world(url, spec)
    engine.dispose()
    if built is not None:
        console.print(f"built {args.conversations:,} conversations in {built:.1f} s")
    env = {"VIGIL_DEMO": "true", "VIGIL_NOW": NOW.isoformat()}
    with (
        tempfile.TemporaryDirectory() as logs,
        running_server(url, Path(logs) / "server.log", env=env) as base,
    ):
        report(asyncio.run(measure(base, args.levels, args.rounds)))


if __name__ == "__main__":
    main()
