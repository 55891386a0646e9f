"""What this session's viewer may see and do (queries.access.viewer.GRANTS), asked by the
panels; downloads are offered only to roles that may take them, and each one is audited with
who, when and what filters (docs/deploying.md, "Signing people in")."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.i18n import _
from dashboard.sidebar import FILTERS_KEY
from queries.access import audit
from queries.access.viewer import Permission, Viewer

VIEWER_KEY = "vigil_viewer"


def viewer() -> Viewer | None:
    found: Viewer | None = st.session_state.get(VIEWER_KEY)
    return found


def allows(permission: Permission) -> bool:
    """May this session's viewer do `permission`?"""
    found = viewer()
    return found is not None and found.may(permission)


def customers_hidden(what: str) -> bool:
    """True, with a caption naming `what`, when this viewer may not read customers' rows."""
    if allows("customers"):
        return False
    st.caption(_("{what} are shown to supervisors and admins.").format(what=what))
    return True


def client_address() -> str | None:
    """The browser's address as Streamlit saw it (not a string outside a real server)."""
    found = st.context.ip_address
    return found if isinstance(found, str) else None


def record_download(file_name: str) -> None:
    """The audit row for a download: who, from where, the file and the filters behind it."""
    found = viewer()
    filters = st.session_state.get(FILTERS_KEY)
    detail: dict[str, object] = {"file": file_name}
    if filters is not None:
        detail |= {
            "period": f"{filters.start}..{filters.end}",
            "zone": filters.tz,
            "channels": list(filters.channels),
            "teams": list(filters.teams),
            "segments": list(filters.segments),
        }
    actor = None if found is None else found.name
    audit.record(data.primary(), audit.DOWNLOAD, actor, data.now(), client_address(), detail)
