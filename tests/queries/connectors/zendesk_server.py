"""A loopback Zendesk API for the connector tests: pages shaped as the API documents them, with
the fields the JSON schemas of airbyte-source-zendesk-support list for tickets, ticket metrics,
users, groups and satisfaction ratings. Cursor pages, one 429 with Retry-After, basic auth."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

EMAIL, TOKEN = "api@example.tw", "zd-secret-token"


def ticket(id_: int, requester: int, assignee: int | None, status: str, channel: str,
           created: str, updated: str, tags: list[str]) -> dict[str, Any]:  # fmt: skip
    return {
        "id": id_, "url": f"https://example.zendesk.com/api/v2/tickets/{id_}.json",
        "external_id": None, "type": "question", "subject": f"Ticket {id_}",
        "raw_subject": f"Ticket {id_}", "description": "…", "priority": "normal",
        "status": status, "recipient": None, "requester_id": requester, "submitter_id": requester,
        "assignee_id": assignee, "organization_id": None, "group_id": 20,
        "collaborator_ids": [], "follower_ids": [], "email_cc_ids": [], "forum_topic_id": None,
        "problem_id": None, "has_incidents": False, "is_public": True, "due_at": None,
        "tags": tags, "custom_fields": [], "fields": [], "satisfaction_rating": None,
        "sharing_agreement_ids": [], "custom_status_id": 1, "followup_ids": [],
        "ticket_form_id": 1, "deleted_ticket_form_id": None, "brand_id": 1,
        "allow_channelback": False, "allow_attachments": True,
        "from_messaging_channel": channel in ("line", "native_messaging"),
        "generated_timestamp": 1_790_000_000, "created_at": created, "updated_at": updated,
        "via": {"channel": channel, "source": {"from": {}, "to": {}, "rel": None}},
    }  # fmt: skip


def metrics(ticket_id: int, replies: int, reopens: int, reply_s: int | None,
            solved: str | None, created: str) -> dict[str, Any]:  # fmt: skip
    minutes = None if reply_s is None else reply_s // 60
    return {
        "id": ticket_id + 9000, "url": f"https://example.zendesk.com/api/v2/ticket_metrics/{ticket_id}.json",
        "ticket_id": ticket_id, "created_at": created, "updated_at": solved or created,
        "group_stations": 1, "assignee_stations": 1, "reopens": reopens, "replies": replies,
        "assignee_updated_at": None, "requester_updated_at": created, "status_updated_at": created,
        "initially_assigned_at": created, "assigned_at": created, "solved_at": solved,
        "latest_comment_added_at": solved or created, "custom_status_updated_at": created,
        "first_resolution_time_in_minutes": {"calendar": None, "business": None},
        "reply_time_in_minutes": {"calendar": minutes, "business": minutes},
        "reply_time_in_seconds": {"calendar": reply_s, "business": reply_s},
        "full_resolution_time_in_minutes": {"calendar": None, "business": None},
        "agent_wait_time_in_minutes": {"calendar": None, "business": None},
        "requester_wait_time_in_minutes": {"calendar": None, "business": None},
        "on_hold_time_in_minutes": {"calendar": 0, "business": 0},
    }  # fmt: skip


def user(id_: int, name: str, role: str, email: str | None, zone: str, locale: str,
         group: int | None = None) -> dict[str, Any]:  # fmt: skip
    return {
        "id": id_, "url": f"https://example.zendesk.com/api/v2/users/{id_}.json", "name": name,
        "email": email, "created_at": "2026-09-01T00:00:00Z", "updated_at": "2026-09-01T00:00:00Z",
        "time_zone": "Taipei", "iana_time_zone": zone, "phone": None, "shared_phone_number": None,
        "photo": None, "locale_id": 1, "locale": locale, "organization_id": None, "role": role,
        "verified": True, "external_id": None, "tags": [], "alias": None, "active": True,
        "shared": False, "shared_agent": False, "last_login_at": None,
        "two_factor_auth_enabled": False, "signature": None, "details": None, "notes": None,
        "role_type": None, "custom_role_id": None, "moderator": False,
        "ticket_restriction": None, "only_private_comments": False, "restricted_agent": False,
        "suspended": False, "default_group_id": group, "report_csv": False, "user_fields": {},
        "chat_only": False, "permanently_deleted": False,
    }  # fmt: skip


def rating(id_: int, ticket_id: int, score: str, at: str, comment: str | None) -> dict[str, Any]:
    return {
        "id": id_, "url": f"https://example.zendesk.com/api/v2/satisfaction_ratings/{id_}.json",
        "assignee_id": 11, "group_id": 20, "requester_id": 31, "ticket_id": ticket_id,
        "score": score, "created_at": at, "updated_at": at, "comment": comment,
        "reason": None, "reason_id": None,
    }  # fmt: skip


GROUP = {
    "id": 20, "url": "https://example.zendesk.com/api/v2/groups/20.json", "name": "Night Desk",
    "description": "", "default": True, "deleted": False, "is_public": True,
    "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
}  # fmt: skip


@dataclass
class Zendesk:
    """What the server serves: cursor streams (lists of pages) and list endpoints."""

    users: list[list[dict[str, Any]]] = field(default_factory=list)
    tickets: list[tuple[list[dict[str, Any]], list[dict[str, Any]]]] = field(default_factory=list)
    ratings: list[list[dict[str, Any]]] = field(default_factory=list)
    throttle_once: set[str] = field(default_factory=set)  # paths that answer 429 first
    requests: list[str] = field(default_factory=list)
    base: str = ""

    def cursor_page(self, stream: str, at: int) -> dict[str, Any]:
        pages = self.users if stream == "users" else self.tickets
        last = at >= len(pages) - 1
        after = f"{self.base}/api/v2/incremental/{stream}/cursor.json?cursor={stream}-{at + 1}"
        body: dict[str, Any] = {
            "after_cursor": f"{stream}-{at + 1}",
            "before_cursor": f"{stream}-{at}",
            "after_url": None if last else after,
            "before_url": None,
            "end_of_stream": last,
        }  # fmt: skip
        if at >= len(pages):
            body.update({stream: [], "after_url": None, "end_of_stream": True})
            body["after_cursor"] = f"{stream}-{at}"
        elif stream == "users":
            body["users"] = pages[at]
        else:
            body["tickets"], body["metric_sets"] = pages[at]  # type: ignore[misc]
        return body

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        for stream in ("users", "tickets"):
            if path == f"/api/v2/incremental/{stream}/cursor.json":
                cursor = query.get("cursor", [f"{stream}-0"])[0]
                return 200, self.cursor_page(stream, int(cursor.rsplit("-", 1)[1]))
        if path == "/api/v2/groups.json":
            return 200, {"groups": [GROUP], "meta": {"has_more": False}, "links": {"next": None}}
        if path == "/api/v2/satisfaction_ratings.json":
            at = int(query.get("page[after]", ["0"])[0])
            more = at < len(self.ratings) - 1
            next_url = f"{self.base}{path}?page[after]={at + 1}&page[size]=100" if more else None
            page = self.ratings[at] if at < len(self.ratings) else []
            body = {
                "satisfaction_ratings": page,
                "meta": {"has_more": more},
                "links": {"next": next_url},
            }
            return 200, body  # fmt: skip
        return 404, {"error": "InvalidEndpoint"}


@contextmanager
def zendesk_server(state: Zendesk) -> Iterator[str]:
    expected = "Basic " + base64.b64encode(f"{EMAIL}/token:{TOKEN}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            state.requests.append(self.path)
            if self.headers.get("Authorization") != expected:
                return self._send(401, {"error": "Couldn't authenticate you"})
            if url.path in state.throttle_once:
                state.throttle_once.discard(url.path)
                return self._send(429, {"error": "APIRateLimitExceeded"}, {"Retry-After": "2"})
            status, body = state.answer(url.path, parse_qs(url.query))
            return self._send(status, body)

        def _send(
            self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
        ) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            return

    server = HTTPServer(("127.0.0.1", 0), Handler)  # one request at a time, as the client sends
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state.base
    finally:
        server.shutdown()
        server.server_close()
