"""The demo world: a believable 24/7 support centre with a planted weekend-night gap.

`build_demo(engine, DemoSpec(...))` simulates customers in ten time zones, agents at
Taipei and Kraków with their shifts, conversations, survey outbox and answers, and
customer purchases, and writes them into an empty, migrated database.
"""

from queries.demo.spec import DemoSpec, DemoSummary
from queries.demo.writer import build_demo, has_data

__all__ = ["DemoSpec", "DemoSummary", "build_demo", "has_data"]
