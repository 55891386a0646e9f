"""What `vigil serve` runs: the dashboard as an ASGI app (Streamlit's `streamlit.starlette.App`,
served by uvicorn exactly like `streamlit run dashboard/app.py`) with Vigil's own routes and
middleware from `dashboard.web` (docs/architecture.md, "Processes"). `streamlit run
dashboard/asgi.py` finds `app` (st.App discovery)."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/asgi.py` puts only dashboard/ on it
    sys.path.insert(0, str(ROOT))

from starlette.middleware import Middleware  # noqa: E402
from streamlit.starlette import App  # noqa: E402

from dashboard.web import public, resources, signin  # noqa: E402
from dashboard.web.gate import SignInGate  # noqa: E402
from dashboard.web.guard import HostGuard  # noqa: E402

ENTRY = Path(__file__).with_name("app.py")


@asynccontextmanager
async def lifespan(_app: App) -> AsyncIterator[dict[str, Any]]:
    try:
        yield {}
    finally:
        resources.dispose()


app = App(
    ENTRY,
    lifespan=lifespan,
    routes=[*public.routes, *signin.routes],
    middleware=[Middleware(HostGuard), Middleware(SignInGate)],  # outermost first
)
