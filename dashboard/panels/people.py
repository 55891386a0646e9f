"""People and access, for admins: the accounts, the sessions open now (an admin ends one at
once) and the audit log, newest first (docs/deploying.md, "Signing people in")."""

from __future__ import annotations

from typing import cast

import polars as pl
import streamlit as st

from dashboard import data
from dashboard.account import role_label
from dashboard.i18n import _
from dashboard.kit import grants
from dashboard.kit.components import table_block
from queries.access import accounts, audit, sessions

AUDIT_ROWS = 500


def local_time(name: str, tz: str) -> pl.Expr:
    return pl.col(name).dt.convert_time_zone(tz).dt.strftime("%Y-%m-%d %H:%M")


def accounts_table() -> pl.DataFrame:
    rows = accounts.accounts(data.primary())
    return pl.DataFrame(
        {
            _("Name"): [a.name for a in rows],
            _("Role"): [role_label(a.role) for a in rows],
            _("Teams"): [", ".join(a.teams) or _("all teams") for a in rows],
            _("Password set"): [a.has_password for a in rows],
            _("Disabled"): [a.disabled_at is not None for a in rows],
        },
        schema_overrides={_("Password set"): pl.Boolean, _("Disabled"): pl.Boolean},
    )


def sessions_block(tz: str) -> None:
    """The open sessions, and a button that ends the one chosen on its next rerun."""
    found = sessions.open_sessions(data.primary(), data.now())
    if not found:
        st.info(_("No session is open."), icon=":material/person_off:")
        return
    frame = pl.DataFrame(found).with_columns(
        local_time("created_at", tz), local_time("expires_at", tz)
    )
    table_block(
        frame.select(
            pl.col("id").alias(_("Session")),
            pl.col("name").alias(_("Name")),
            pl.col("created_at").alias(_("Signed in")),
            pl.col("expires_at").alias(_("Expires")),
            pl.col("client_address").alias(_("Address")),
        ),
        "people-sessions",
    )
    labels: dict[int, str] = {
        cast(int, row["id"]): f"#{row['id']} · {row['name']}" for row in found
    }
    chosen = st.selectbox(_("Session to end"), list(labels), format_func=labels.__getitem__)
    if st.button(_("End this session"), icon=":material/logout:", key="people_revoke"):
        end_session(chosen, labels[chosen])
        st.rerun()


def end_session(session_id: int, label: str) -> None:
    now = data.now()
    sessions.revoke_id(data.primary(), session_id, now)
    admin = grants.viewer()
    actor = None if admin is None else admin.name
    detail = {"session": session_id, "what": label}
    audit.record(data.primary(), audit.REVOKE, actor, now, grants.client_address(), detail)
    st.toast(_("Session {label} ended.").format(label=label), icon=":material/logout:")


def audit_table(tz: str) -> pl.DataFrame:
    events = audit.recent(data.primary(), AUDIT_ROWS)
    return events.select(
        local_time("at", tz).alias(_("When")),
        pl.col("actor").fill_null("—").alias(_("Who")),
        pl.col("action").alias(_("Action")),
        pl.col("detail").alias(_("Details")),
        pl.col("client_address").fill_null("—").alias(_("Address")),
    )
