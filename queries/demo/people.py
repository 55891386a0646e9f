"""Customers around the world and agents at two sites: who they are, before what they do."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from queries.demo.columns import external_ids, labels, text_column, utc_column
from queries.demo.names import LATIN_NAMES, ZH_FAMILY, ZH_GIVEN, ascii_name
from queries.demo.spec import DAY


@dataclass(frozen=True, slots=True)
class Zone:
    """Where customers live: zone, share of customers, and what their rows look like."""

    name: str
    share: float
    country: str
    zh_share: float
    names: str
    local_locale: str
    phone_prefix: str
    phone_digits: int


ZONES = (
    Zone("Asia/Taipei", 0.55, "TW", 0.97, "zh", "en", "+8869", 8),
    Zone("America/New_York", 0.10, "US", 0.06, "en", "en", "+1", 10),
    Zone("America/Los_Angeles", 0.09, "US", 0.10, "en", "en", "+1", 10),
    Zone("America/Sao_Paulo", 0.04, "BR", 0.02, "pt", "en", "+55", 11),
    Zone("Europe/London", 0.04, "GB", 0.04, "en", "en", "+447", 9),
    Zone("Europe/Berlin", 0.04, "DE", 0.03, "de", "en", "+491", 10),
    Zone("Asia/Kolkata", 0.04, "IN", 0.01, "in", "en", "+91", 10),
    Zone("Asia/Tokyo", 0.04, "JP", 0.05, "ja", "ja", "+81", 10),
    Zone("Australia/Sydney", 0.04, "AU", 0.08, "en", "en", "+614", 8),
    Zone("Australia/Adelaide", 0.02, "AU", 0.05, "en", "en", "+614", 8),
)
SEGMENTS = ("consumer", "smb", "enterprise")
LOCALES = ("zh-TW", "en", "ja")
SEGMENT_SHARES = (0.78, 0.18, 0.04)
SEGMENT_CONTACT_RATE = (1.0, 2.2, 4.5)
OPT_OUT_SHARE = 0.03
NO_EMAIL_SHARE = 0.08
NO_PHONE_SHARE = 0.15
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")


@dataclass(frozen=True, slots=True)
class CustomerPool:
    """Per-customer traits that drive the simulation (arrays indexed by customer)."""

    zone: np.ndarray
    segment: np.ndarray
    zh: np.ndarray
    contact_weight: np.ndarray
    mood: np.ndarray
    opt_out: np.ndarray
    has_email: np.ndarray

    @property
    def size(self) -> int:
        return int(self.zone.size)


def draw_customers(rng: np.random.Generator, count: int) -> CustomerPool:
    """Zones, segments and temperaments; heavy-tailed contact rates (a few contact a lot)."""
    shares = np.array([zone.share for zone in ZONES])
    zone = rng.choice(len(ZONES), size=count, p=shares / shares.sum())
    segment = rng.choice(len(SEGMENTS), size=count, p=SEGMENT_SHARES)
    zh = rng.random(count) < np.array([z.zh_share for z in ZONES])[zone]
    contact = rng.gamma(0.9, 1.0, count) * np.array(SEGMENT_CONTACT_RATE)[segment]
    return CustomerPool(
        zone=zone,
        segment=segment,
        zh=zh,
        contact_weight=contact,
        mood=rng.normal(0.0, 0.45, count),
        opt_out=rng.random(count) < OPT_OUT_SHARE,
        has_email=rng.random(count) >= NO_EMAIL_SHARE,
    )


def _name_catalogue() -> tuple[pl.DataFrame, dict[str, tuple[int, int]]]:
    """Every (given, family) pair per naming style, with its ASCII form for e-mail."""
    parts: list[pl.DataFrame] = []
    ranges: dict[str, tuple[int, int]] = {}
    offset = 0
    zh = [(f + g, f"{gr}.{fr}") for f, fr in ZH_FAMILY for g, gr in ZH_GIVEN]
    styles = {"zh": zh}
    for style, (given, family) in LATIN_NAMES.items():
        styles[style] = [
            (f"{g} {f}", f"{ascii_name(g)}.{ascii_name(f)}") for f in family for g in given
        ]
    for style, pairs in styles.items():
        parts.append(pl.DataFrame(pairs, schema=["name", "handle"], orient="row"))
        ranges[style] = (offset, len(pairs))
        offset += len(pairs)
    return pl.concat(parts), ranges


def pick_names(rng: np.random.Generator, styles: np.ndarray) -> pl.DataFrame:
    """A name and e-mail handle for each row, drawn from the row's naming style."""
    catalogue, ranges = _name_catalogue()
    known = np.array(sorted(ranges))
    style = np.searchsorted(known, styles)
    first = np.array([ranges[k][0] for k in known.tolist()])[style]
    count = np.array([ranges[k][1] for k in known.tolist()])[style]
    return catalogue[first + (rng.random(styles.size) * count).astype(np.int64)]


def zone_attribute(name: str, zone: np.ndarray) -> np.ndarray:
    """One attribute of `ZONES` (e.g. "country") for each zone index."""
    return np.array([getattr(z, name) for z in ZONES])[zone]


def locale_index(pool: CustomerPool, customer: np.ndarray) -> np.ndarray:
    """Index into LOCALES: zh-TW for Chinese speakers anywhere, else the zone's usual one."""
    usual = np.array([LOCALES.index(z.local_locale) for z in ZONES])[pool.zone[customer]]
    return np.where(pool.zh[customer], LOCALES.index("zh-TW"), usual)


def customer_frame(
    rng: np.random.Generator, pool: CustomerPool, created_s: np.ndarray
) -> pl.DataFrame:
    """The customers table: names, contact details, locale, zone, segment, opt-out."""
    everyone = np.arange(pool.size)
    names = pick_names(rng, np.where(pool.zh, "zh", zone_attribute("names", pool.zone)))
    digits = zone_attribute("phone_digits", pool.zone).astype(np.int64)
    number = rng.integers(0, 10**12, pool.size) % 10**digits
    suffix = np.where(rng.random(pool.size) < 0.5, rng.integers(1, 100, pool.size), -1)
    domain = np.array(EMAIL_DOMAINS)[rng.integers(0, len(EMAIL_DOMAINS), pool.size)]
    has_phone = rng.random(pool.size) >= NO_PHONE_SHARE
    contact = pl.DataFrame(
        {
            "handle": names["handle"],
            "suffix": suffix,
            "domain": domain,
            "prefix": zone_attribute("phone_prefix", pool.zone),
            "number": number,
            "digits": digits,
        }
    ).select(
        email=pl.concat_str(
            "handle", pl.col("suffix").cast(pl.String).replace("-1", ""), pl.lit("@"), "domain"
        ),
        phone=pl.col("prefix") + pl.col("number").cast(pl.String).str.zfill(pl.col("digits")),
    )
    return pl.DataFrame(
        {
            "id": everyone + 1,
            "external_id": external_ids("C", pool.size, 6),
            "name": names["name"],
            "email": text_column(contact["email"], pool.has_email),
            "phone": text_column(contact["phone"], has_phone),
            "locale": labels(LOCALES, locale_index(pool, everyone)),
            "time_zone": labels([z.name for z in ZONES], pool.zone),
            "country": labels([z.country for z in ZONES], pool.zone),
            "segment": labels(SEGMENTS, pool.segment),
            "survey_opt_out": pool.opt_out,
            "created_at": utc_column(created_s),
        }
    )


def created_times(
    rng: np.random.Generator, first_contact_s: np.ndarray, start_s: int
) -> np.ndarray:
    """Sign-up times: most customers predate the window, newcomers join shortly before contact."""
    count = first_contact_s.size
    newcomer = (rng.random(count) < 0.3) & (first_contact_s > start_s + 30 * DAY)
    veteran = start_s - rng.integers(30 * DAY, 1500 * DAY, count)
    fresh = first_contact_s - (np.exp(rng.normal(np.log(3 * DAY), 1.0, count))).astype(np.int64)
    fresh = np.maximum(fresh, start_s)
    created = np.where(newcomer, fresh, veteran)
    return np.minimum(created, first_contact_s - 60)
