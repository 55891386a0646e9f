"""The Zendesk preset (`vigil sync --source zendesk`, docs/connectors.md, "Zendesk"): tickets
with their metric sets, users, groups and satisfaction ratings, through the importer's checks
and write path like every other source (`sync.sync_rows`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from queries.connectors.mapping import ENTRIES, Entry, Mapping
from queries.connectors.report import SyncReport
from queries.connectors.sql_source import SourceRows, as_text
from queries.connectors.sync import sync_rows
from queries.connectors.zendesk_api import ZendeskApi
from queries.plumbing.db import reading
from queries.plumbing.schema import conversations

CHANNELS = {
    **dict.fromkeys(("chat", "native_messaging", "mobile_sdk", "mobile", "sms"), "chat"),
    **dict.fromkeys(("line", "whatsapp", "wechat", "telegram", "any_channel"), "chat"),
    **dict.fromkeys(("email", "web", "api", "web_service", "helpcenter"), "email"),
    **dict.fromkeys(("sample_ticket", "rule", "closed_ticket", "system"), "email"),
    "voice": "phone",
    **dict.fromkeys(("twitter", "twitter_dm", "facebook", "messenger", "instagram_dm"), "social"),
}  # fmt: skip
"""The ticket's via.channel -> Vigil's channel; the raw value is kept as channel_detail."""
AGENT_ROLES = ("agent", "admin")
EMPTY = (
    "handle time: Zendesk's ticket metrics hold wait times, not agent working time, so average "
    "handle time and the staffing need (Coverage) stay empty",
    "shifts: Zendesk Support keeps no roster (import shifts.csv)",
    "NPS and survey FCR: Zendesk's satisfaction rating asks good or bad only",
    "the 1–5 CSAT distribution: ratings are good or bad (stored with scale good_bad); CSAT % "
    "counts them exactly",
    "orders: Zendesk holds no customer activity (import customer_activity.csv)",
)


def zendesk_mapping(name: str = "zendesk", vigil_surveys: bool = False) -> Mapping:
    entries = tuple(
        Entry(table, ENTRIES[table], "Zendesk API", "cursor", "id")
        for table in ("customers", "agents", "conversations", "survey_responses")
    )
    return Mapping("zendesk", name, entries, None, vigil_surveys, EMPTY)


def sync_zendesk(
    engine: Engine,
    api: ZendeskApi,
    *,
    mapping: Mapping | None = None,
    since: datetime | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> SyncReport:
    reader = _Reader(api, lambda ids: _in_vigil(engine, ids))
    return sync_rows(
        engine, mapping or zendesk_mapping(), reader.read, since=since, dry_run=dry_run, now=now
    )


def _unix(start: Any) -> Any:
    """A cursor stays a cursor; an instant (--since, as a datetime or ISO text) is Unix time."""
    if isinstance(start, datetime):
        return int(start.timestamp())
    if isinstance(start, str):
        try:
            return int(datetime.fromisoformat(start).timestamp())
        except ValueError:
            return start
    return start


class _Reader:
    """Reads each export once per sync; customers and agents share the users export."""

    def __init__(self, api: ZendeskApi, in_vigil: Callable[[set[str]], set[str]]) -> None:
        self.api, self.in_vigil = api, in_vigil
        self.tickets: set[str] = set()  # this run's tickets, deleted ones left out

    def read(self, entry: Entry, start: Any) -> SourceRows:
        start = _unix(start)
        readers: dict[str, Callable[[Entry, Any], SourceRows]] = {
            "customers": self._people,
            "agents": self._people,
            "conversations": self._tickets,
            "survey_responses": self._ratings,
        }
        return readers[entry.name](entry, start)

    def _people(self, entry: Entry, start: Any) -> SourceRows:
        users: list[dict[str, Any]] = []
        cursor = start
        for page in self.api.incremental("users", start):
            users += page.get("users") or []
            cursor = page.get("after_cursor") or cursor
        groups = {g["id"]: g.get("name") for p in self.api.listed("/api/v2/groups.json")
                  for g in p.get("groups") or []}  # fmt: skip
        rows = []
        for user in users:
            agent = user.get("role") in AGENT_ROLES
            if (entry.name == "agents") != agent:
                continue
            common = {
                "external_id": f"zd:{user['id']}",
                "name": user.get("name"),
                "email": user.get("email"),
                "time_zone": user.get("iana_time_zone"),
            }
            if agent:
                rows.append({**common, "team": groups.get(user.get("default_group_id"))})
            else:
                extra = {"phone": user.get("phone"), "locale": _locale(user.get("locale"))}
                rows.append({**common, **extra, "created_at": user.get("created_at")})
        return _rows(entry, rows, cursor)

    def _tickets(self, entry: Entry, start: Any) -> SourceRows:
        tickets: list[dict[str, Any]] = []
        metrics: dict[int, dict[str, Any]] = {}
        cursor = start
        for page in self.api.incremental("tickets", start):
            tickets += page.get("tickets") or []
            metrics.update({m["ticket_id"]: m for m in page.get("metric_sets") or []})
            cursor = page.get("after_cursor") or cursor
        latest = {t["id"]: t for t in tickets}  # a ticket changed twice appears twice
        rows = []
        for ticket in latest.values():
            if ticket.get("status") == "deleted":
                continue
            self.tickets.add(f"zd:{ticket['id']}")
            rows.append(_conversation(ticket, metrics.get(ticket["id"], {})))
        return _rows(entry, rows, cursor)

    def _ratings(self, entry: Entry, start: Any) -> SourceRows:
        params = {"start_time": start} if isinstance(start, int) else {}
        pages = self.api.listed("/api/v2/satisfaction_ratings.json", params)
        ratings = [r for page in pages for r in page.get("satisfaction_ratings") or []]
        high = max((_epoch(r.get("updated_at")) for r in ratings), default=start)
        answers = [r for r in ratings if r.get("score") in ("good", "bad")]  # not offered
        wanted = {f"zd:{r['ticket_id']}" for r in answers}
        known = (wanted & self.tickets) | self.in_vigil(wanted - self.tickets)
        latest: dict[int, dict[str, Any]] = {}  # a deleted ticket's rating is left out
        for rating in sorted(answers, key=lambda r: str(r.get("updated_at"))):
            if f"zd:{rating['ticket_id']}" in known:
                latest[rating["ticket_id"]] = rating
        rows = [
            {
                "id": r["id"],
                "conversation_external_id": f"zd:{r['ticket_id']}",
                "csat": 5 if r["score"] == "good" else 1,
                "csat_scale": "good_bad",
                "comment": r.get("comment"),
                "responded_at": r.get("updated_at") or r.get("created_at"),
            }
            for r in latest.values()
        ]
        return _rows(entry, rows, high)


def _conversation(ticket: dict[str, Any], metric: dict[str, Any]) -> dict[str, Any]:
    opened = ticket.get("created_at")
    reply = (metric.get("reply_time_in_seconds") or {}).get("calendar")
    first = None
    if reply is not None and opened:
        first = datetime.fromisoformat(opened) + timedelta(seconds=int(reply))
    solved = ticket.get("status") in ("solved", "closed")
    channel = ((ticket.get("via") or {}).get("channel")) or None
    tags = ticket.get("tags") or []
    return {
        "id": ticket["id"],
        "external_id": f"zd:{ticket['id']}",
        "customer_external_id": f"zd:{ticket.get('requester_id')}",
        "agent_external_id": f"zd:{ticket['assignee_id']}" if ticket.get("assignee_id") else None,
        "channel": CHANNELS.get(channel or "", channel),
        "channel_detail": channel,
        "category": tags[0] if tags else None,
        "opened_at": opened,
        "first_response_at": first,
        "resolved_at": metric.get("solved_at") if solved else None,
        "agent_replies": metric.get("replies") or 0,
        "reopened_count": metric.get("reopens") or 0,
    }


def _rows(entry: Entry, rows: Iterable[dict[str, Any]], watermark: Any) -> SourceRows:
    header = entry.spec.header
    listed = list(rows)
    records = [[as_text(row.get(name), None) for name in header] for row in listed]
    keys = [str(row.get("id") or row.get("external_id") or "") for row in listed]
    return SourceRows(entry, records, keys, watermark)


def _locale(value: str | None) -> str | None:
    """Zendesk's `zh-tw` as `zh-TW`."""
    if not value:
        return None
    language, _, region = value.partition("-")
    return f"{language.lower()}-{region.upper()}" if len(region) == 2 else value


def _epoch(value: Any) -> int:
    try:
        return int(datetime.fromisoformat(str(value)).timestamp())
    except ValueError:
        return 0


def _in_vigil(engine: Engine, external_ids: set[str]) -> set[str]:
    """Which of these conversations Vigil already holds (a rating of any other is dropped)."""
    if not external_ids:
        return set()
    query = sa.select(conversations.c.external_id).where(
        conversations.c.external_id.in_(sorted(external_ids))
    )
    with reading(engine) as conn:
        return set(conn.scalars(query))
