"""The settings and the small engine the HTTP routes share, made on first use and disposed
when the server stops (`dashboard.asgi.lifespan`). The pages' engine is a `st.cache_resource`
(dashboard.data); calling it outside a script run logs a warning on every request."""

from __future__ import annotations

from functools import cache

from sqlalchemy.engine import Engine

from queries.plumbing.config import load_settings
from queries.plumbing.db import make_engine
from queries.plumbing.settings import Settings


@cache
def settings() -> Settings:
    return load_settings()


@cache
def engine() -> Engine:
    return make_engine(settings().database_url)


def dispose() -> None:
    if engine.cache_info().currsize:
        engine().dispose()
    engine.cache_clear()
    settings.cache_clear()
