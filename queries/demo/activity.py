"""Orders and renewals: customers keep buying after good support and drift away after bad.

Each customer buys at a personal base rate. After every conversation the rate changes with
how it went: a bad experience may lose the customer (the rate nearly stops), and otherwise
scales it down; a good one keeps it. This is what the retention metric (§3) picks up.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from queries.demo.columns import labels, masked, utc_column
from queries.demo.people import CustomerPool
from queries.demo.spec import DAY, Timeline

# Per segment (consumer, smb, enterprise): purchases per 90 days, renewal share,
# order amount median, renewal amount median.
PURCHASES_PER_90_DAYS = np.array([3.0, 3.6, 4.5])
RENEWAL_SHARE = np.array([0.1, 0.3, 0.45])
ORDER_MEDIAN = np.array([38.0, 420.0, 2600.0])
RENEWAL_MEDIAN = np.array([19.99, 199.0, 4800.0])
NO_AMOUNT_SHARE = 0.01


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def after_contact(
    rng: np.random.Generator, who: np.ndarray, start: np.ndarray, feeling: np.ndarray
) -> np.ndarray:
    """Multiplier on the purchase rate after each conversation (sorted by customer, time).

    A bad experience may lose the customer for three months to a year, whatever happens
    in between; otherwise the rate follows how the last conversation went.
    """
    lost = rng.random(feeling.size) < 0.35 * _sigmoid(-3.0 * (feeling + 0.3))
    lost_for = rng.integers(60 * DAY, 240 * DAY, feeling.size)
    lost_until = np.where(lost, start + lost_for, 0)
    span = int(lost_until.max() - min(int(start.min()), 0)) + 1
    key = who.astype(np.int64) * span
    still_lost = np.maximum.accumulate(key + lost_until) - key > start
    return np.where(still_lost, 0.08, 0.4 + 0.8 * _sigmoid(1.5 * feeling))


def customer_activity(
    rng: np.random.Generator,
    customer: np.ndarray,
    opened_s: np.ndarray,
    feeling: np.ndarray,
    pool: CustomerPool,
    created_s: np.ndarray,
    timeline: Timeline,
) -> pl.DataFrame:
    """Purchases from sign-up (or the window start) to the horizon, piece by piece."""
    base = rng.gamma(2.5, 1 / 2.5, pool.size) * PURCHASES_PER_90_DAYS[pool.segment] / (90 * DAY)
    order = np.lexsort((opened_s, customer))
    who, start = customer[order], opened_s[order]
    last_of_customer = np.append(who[1:] != who[:-1], True)
    end = np.where(last_of_customer, timeline.horizon_s, np.append(start[1:], 0))
    rate = base[who] * after_contact(rng, who, start, feeling[order])
    first_contact = np.full(pool.size, timeline.horizon_s, dtype=np.int64)
    np.minimum.at(first_contact, who, start)
    everyone = np.arange(pool.size)
    piece_customer = np.concatenate([everyone, who])
    piece_start = np.concatenate([np.maximum(created_s, timeline.start_s), start])
    piece_end = np.concatenate([first_contact, end])
    piece_rate = np.concatenate([base, rate])
    length = np.maximum(piece_end - piece_start, 0)
    count = rng.poisson(piece_rate * length)
    piece = np.repeat(np.arange(count.size), count)
    occurred = piece_start[piece] + (rng.random(piece.size) * length[piece]).astype(np.int64)
    buyer = piece_customer[piece]
    segment = pool.segment[buyer]
    renewal = rng.random(piece.size) < RENEWAL_SHARE[segment]
    median = np.where(renewal, RENEWAL_MEDIAN[segment], ORDER_MEDIAN[segment])
    spread = np.where(renewal, 0.3, 0.8)
    amount = np.round(np.exp(rng.normal(np.log(median), spread)), 2)
    has_amount = rng.random(piece.size) >= NO_AMOUNT_SHARE
    chronological = np.lexsort((buyer, occurred))
    return pl.DataFrame(
        {
            "id": np.arange(1, piece.size + 1),
            "customer_id": buyer[chronological] + 1,
            "occurred_at": utc_column(occurred[chronological]),
            "kind": labels(("order", "renewal"), renewal[chronological].astype(np.int64)),
            "amount": masked(pl.Series(amount[chronological]), has_amount[chronological]),
        }
    )
