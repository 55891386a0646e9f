"""Per-channel service targets (docs/metrics.md, "Service targets"): how fast each channel must
be answered, and which model turns its demand into agents.

Real-time channels (chat, phone) queue a customer who waits on the line: Erlang C. Deferred
channels (e-mail, social) hold a backlog: the workload model of `queries.metrics.workload`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from queries.plumbing.schema import CHANNELS

Model = Literal["erlang", "workload"]

DEFAULT_TARGETS: dict[str, int] = {"chat": 60, "phone": 20, "social": 3_600, "email": 14_400}
"""Seconds to first response. Sources in docs/metrics.md: chat and phone from the 80/20 and
80/60 contact-centre conventions, social and e-mail from the response-time expectations the
helpdesk vendors publish (1 h on social, 4 h on e-mail during service hours)."""
MODELS: dict[str, Model] = {
    "chat": "erlang",
    "phone": "erlang",
    "social": "workload",
    "email": "workload",
}


def channel_targets(overrides: Mapping[str, int] | None = None) -> dict[str, int]:
    """The defaults with `overrides` (VIGIL_SERVICE_TARGETS) applied, every channel present."""
    merged = {**DEFAULT_TARGETS, **(overrides or {})}
    return {channel: int(merged[channel]) for channel in CHANNELS}


def model_of(channel: str) -> Model:
    return MODELS[channel]
