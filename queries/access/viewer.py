"""The signed-in person as every layer sees them, and what each role may do."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from queries.plumbing.schema import ROLES, Role

__all__ = ["GRANTS", "ROLES", "Permission", "Role", "Viewer", "claim_values", "role_for"]

Permission = Literal["pages", "customers", "downloads", "surveys", "admin"]
GRANTS: dict[Role, frozenset[Permission]] = {
    # value-centre and coverage pages; no names, e-mails or free text
    "viewer": frozenset({"pages"}),
    # drill-down lists, verbatim comments, agent-level cuts, CSV downloads
    "supervisor": frozenset({"pages", "customers", "downloads"}),
    # survey operations, users and the audit log
    "admin": frozenset({"pages", "customers", "downloads", "surveys", "admin"}),
}


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who reads: `teams` empty means every team; `how` is the sign-in mode or "demo"."""

    name: str
    role: Role
    teams: tuple[str, ...] = ()
    how: str = "local"
    session_id: int | None = None

    def may(self, permission: Permission) -> bool:
        return permission in GRANTS[self.role]


def role_for(groups: Iterable[str], role_map: Mapping[str, Role]) -> Role | None:
    """The highest role any of `groups` maps to, or None when none maps."""
    mapped = {role_map[group] for group in groups if group in role_map}
    return max(mapped, key=ROLES.index) if mapped else None


def claim_values(claim: object) -> tuple[str, ...]:
    """A token claim as a list of strings: a JSON list as it is, a string split on commas."""
    if isinstance(claim, str):
        parts: Iterable[object] = claim.split(",")
    elif isinstance(claim, list | tuple):
        parts = claim
    else:
        return ()
    return tuple(text for part in parts if (text := str(part).strip()))
