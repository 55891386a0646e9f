"""The one page registry (docs/architecture.md, "The page registry"): every page's section,
script, title, icon, URL path, audience and role. The entry (app.py), the page and
browser tests, `make bench` and the README's page table all read it; no Streamlit here.

A page's stem names it in every layer: pages/<stem>.py, dashboard/panels/<stem>.py,
queries/views/<stem>.py and their tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from queries.access.viewer import ROLES, Role

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"


def N_(message: str) -> str:
    """Mark an English message for the catalog; it is translated where it is shown."""
    return message


@dataclass(frozen=True, slots=True)
class PageSpec:
    stem: str
    section: str  # English msgid of the navigation section
    title: str  # English msgid
    icon: str
    url_path: str  # "" is the default page (/)
    audience: str  # who reads it, for the README's page table
    role: Role = "viewer"  # the least role that sees it (queries.access.viewer.ROLES)

    @property
    def script(self) -> Path:
        return PAGES_DIR / f"{self.stem}.py"

    @property
    def default(self) -> bool:
        return self.url_path == ""


VALUE, COVERAGE, SURVEYS = N_("Value centre"), N_("Coverage"), N_("Surveys")
ADMIN = N_("Administration")
PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "overview",
        VALUE,
        N_("Overview"),
        ":material/monitoring:",
        "",
        "executives: the headline KPIs with intervals and significant changes, "
        "cost-centre against value-centre, what service is worth",
    ),
    PageSpec(
        "csat",
        VALUE,
        N_("CSAT"),
        ":material/sentiment_satisfied:",
        "csat",
        "satisfaction over time with its interval, by channel, team, category, agent and "
        "the customer's local hour",
    ),
    PageSpec(
        "nps",
        VALUE,
        N_("NPS"),
        ":material/recommend:",
        "nps",
        "promoters, passives and detractors over time, by segment and channel, "
        "what detractors said",
    ),
    PageSpec(
        "fcr",
        VALUE,
        N_("FCR"),
        ":material/task_alt:",
        "fcr",
        "first contact resolution in three honest flavours, and the contacts that came back",
    ),
    PageSpec(
        "retention",
        VALUE,
        N_("Retention and value"),
        ":material/loyalty:",
        "retention",
        "retention 30/60/90 days after contact, by service outcome; revenue after contact",
    ),
    PageSpec(
        "voice",
        VALUE,
        N_("Voice of the customer"),
        ":material/forum:",
        "voice",
        "pain points by volume and negative share, rising ones, verbatims, a weekly report",
    ),
    PageSpec(
        "scorecard",
        VALUE,
        N_("3A scorecard"),
        ":material/verified:",
        "scorecard",
        "supervisors and executives: Availability, Accuracy and Authenticity, with the "
        "conversation reviews behind them",
    ),
    PageSpec(
        "agents",
        VALUE,
        N_("Agents"),
        ":material/support_agent:",
        "agents",
        "supervisors: each agent against the same hours and channels, with n and intervals",
        role="supervisor",
    ),
    PageSpec(
        "coverage",
        COVERAGE,
        N_("24-hour coverage"),
        ":material/schedule:",
        "coverage",
        "supervisors: required against scheduled agents per weekday and hour (Erlang C), "
        "gaps to fix",
    ),
    PageSpec(
        "demand_zones",
        COVERAGE,
        N_("Time zones of demand"),
        ":material/public:",
        "demand-zones",
        "who needs you when, in their own time zone; golden rescue moments at night",
    ),
    PageSpec(
        "service_by_hour",
        COVERAGE,
        N_("Service by hour"),
        ":material/avg_pace:",
        "service-by-hour",
        "first response, service level and CSAT by hour, night against day",
    ),
    PageSpec(
        "next_week",
        COVERAGE,
        N_("Next 7 days"),
        ":material/event_upcoming:",
        "next-week",
        "the next 7 days, or next week from Monday: expected contacts against the roster, "
        "gaps while they can still be fixed",
    ),
    PageSpec(
        "surveys",
        SURVEYS,
        N_("Survey operations"),
        ":material/forward_to_inbox:",
        "surveys",
        "the follow-up funnel, response rates, queue, failures and the scheduler's heartbeat",
        role="admin",
    ),
    PageSpec(
        "people",
        ADMIN,
        N_("People and access"),
        ":material/admin_panel_settings:",
        "people",
        "admins: accounts, open sessions (end one at once) and the audit log",
        role="admin",
    ),
    PageSpec(
        "data_sources",
        ADMIN,
        N_("Data sources"),
        ":material/sync:",
        "data-sources",
        "admins: each synced helpdesk's last sync, rows read and written, watermark, lag "
        "and last error, and whether Vigil sends its surveys",
        role="admin",
    ),
    PageSpec(
        "digests",
        ADMIN,
        N_("Digests"),
        ":material/forward_to_inbox:",
        "digests",
        "admins: who gets which scheduled report e-mail, and when",
        role="admin",
    ),
)


def page(stem: str) -> PageSpec:
    return next(p for p in PAGES if p.stem == stem)


def dashboard_pages() -> tuple[PageSpec, ...]:
    """The pages a signed-in user navigates. The customers' survey page is not one of them:
    it is served by dashboard.web.public, outside Streamlit."""
    return PAGES


def sees(role: Role, spec: PageSpec) -> bool:
    return ROLES.index(role) >= ROLES.index(spec.role)


def sections(role: Role = "admin") -> dict[str, list[PageSpec]]:
    """Navigation sections in order, each with the pages `role` may see, in order."""
    grouped: dict[str, list[PageSpec]] = {}
    for spec in PAGES:
        if sees(role, spec):
            grouped.setdefault(spec.section, []).append(spec)
    return grouped


def markdown_table() -> str:
    """The README's page table, made from the registry (a test keeps the README in step)."""
    rows = ["| section | page | URL | role | for |", "|---|---|---|---|---|"]
    for section, specs in sections().items():
        for i, spec in enumerate(specs):
            rows.append(
                f"| {section if i == 0 else ''} | {spec.title} | `/{spec.url_path}` "
                f"| {spec.role} | {spec.audience} |"
            )
    return "\n".join(rows)
