"""Zendesk's API read with httpx (docs/connectors.md, "Zendesk"): the incremental cursor exports
(tickets with their metric_sets, users), and the `links.next` pages of groups and
satisfaction ratings. A 429 waits its Retry-After (the documented rate limit) and tries again.

The token is sent as HTTP basic auth (`email/token:TOKEN`) and appears in no message."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from queries.connectors.sql_source import SourceUnavailable
from queries.plumbing.errors import BadInput

RETRIES = 5  # 429 or 503 answers in a row before the sync gives up
MAX_WAIT = 120.0  # seconds: a longer Retry-After is capped
TIMEOUT = 30.0
MAX_PAGES = 100_000  # a stream that never ends is a fault, not a big account


class ZendeskApi:
    """One Zendesk account. `sleep` is injectable so tests can see the waits."""

    def __init__(
        self,
        base_url: str,
        email: str,
        token: str,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.sleep = sleep
        self.waits: list[float] = []
        self.client = httpx.Client(
            auth=(f"{email}/token", token), timeout=TIMEOUT, transport=transport
        )

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """One page as JSON; 429 and 503 wait Retry-After and try again."""
        full = url if url.startswith("http") else f"{self.base_url}{url}"
        for _attempt in range(RETRIES + 1):
            try:
                response = self.client.get(full, params=params or None)  # None keeps URL's
            except httpx.HTTPError as exc:
                raise SourceUnavailable(f"Zendesk {self.base_url} unreachable: {exc}") from None
            if response.status_code in (429, 503):
                wait = _retry_after(response)
                self.waits.append(wait)
                self.sleep(wait)
                continue
            if response.status_code in (401, 403):
                raise SourceUnavailable(
                    f"Zendesk {self.base_url} refused the credentials ({response.status_code}): "
                    "check --email and the token's variable"
                )
            if response.status_code >= 400:
                raise SourceUnavailable(
                    f"Zendesk {self.base_url} answered {response.status_code} for {_path(full)}"
                )
            try:
                body = response.json()
            except ValueError:
                raise BadInput(f"Zendesk {_path(full)}: the answer is not JSON") from None
            if not isinstance(body, dict):
                raise BadInput(f"Zendesk {_path(full)}: the answer is not a JSON object")
            return body
        raise SourceUnavailable(
            f"Zendesk {self.base_url}: still rate-limited after {RETRIES} waits"
        )

    def incremental(self, name: str, start: Any) -> Iterator[dict[str, Any]]:
        """The pages of an incremental cursor export: from `start` (a cursor text, or a Unix
        time) to end_of_stream. Each page holds `after_cursor`."""
        params: dict[str, Any] = {"cursor": start} if isinstance(start, str) else {}
        if not params:
            params["start_time"] = max(int(start or 0), 1)
        if name == "tickets":
            params["include"] = "metric_sets"
        url: str | None = f"/api/v2/incremental/{name}/cursor.json"
        for _page in range(MAX_PAGES):
            if url is None:
                return
            page = self.get(url, params)
            yield page
            params = {}  # after_url carries them (passing any would replace its query)
            url = None if page.get("end_of_stream", True) else page.get("after_url")
        raise SourceUnavailable(f"Zendesk {self.base_url} {name}: more than {MAX_PAGES} pages")

    def listed(self, path: str, params: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """The pages of a list endpoint, following `links.next` while `meta.has_more`."""
        url: str | None = path
        query: dict[str, Any] | None = {"page[size]": 100, **(params or {})}
        for _page in range(MAX_PAGES):
            if url is None:
                return
            page = self.get(url, query)
            yield page
            query = None
            meta, links = page.get("meta") or {}, page.get("links") or {}
            url = links.get("next") if meta.get("has_more") else page.get("next_page")
        raise SourceUnavailable(f"Zendesk {self.base_url} {path}: more than {MAX_PAGES} pages")


def _retry_after(response: httpx.Response) -> float:
    try:
        return min(max(float(response.headers.get("Retry-After", "1")), 0.0), MAX_WAIT)
    except ValueError:
        return 1.0


def _path(url: str) -> str:
    return httpx.URL(url).path
