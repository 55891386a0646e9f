"""One VIGIL_SYNC entry synced (docs/connectors.md, "Scheduled sync"): its preset or mapping,
its name, its survey flag and its URL from the environment variable the entry names."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime

from sqlalchemy.engine import Engine

from queries.connectors.mapping import Mapping, load_mapping
from queries.connectors.presets import SQL_PRESETS, preset_mapping
from queries.connectors.report import SyncReport
from queries.connectors.sql_source import source_engine
from queries.connectors.sync import sync
from queries.connectors.zendesk import sync_zendesk, zendesk_mapping
from queries.connectors.zendesk_api import ZendeskApi
from queries.plumbing.errors import ConfigError
from queries.plumbing.settings import SyncSource


def configured_mapping(source: SyncSource) -> Mapping:
    """The entry's mapping, under the entry's name and with its survey flag."""
    if source.preset == "zendesk":
        mapping = zendesk_mapping(source.name)
    elif source.preset is not None:
        mapping = preset_mapping(source.preset)
        for name in SQL_PRESETS[source.preset]:
            if name not in source.params:
                raise ConfigError(f"VIGIL_SYNC {source.name}: params.{name} is required")
    else:
        assert source.mapping is not None  # SyncSource allows exactly one of the two
        mapping = load_mapping(source.mapping)
    surveys = mapping.vigil_surveys if source.vigil_surveys is None else source.vigil_surveys
    return replace(mapping, source=source.name, vigil_surveys=surveys)


def sync_configured(engine: Engine, source: SyncSource, now: datetime) -> SyncReport:
    if source.preset == "zendesk":
        return _zendesk(engine, source, now)
    url = os.environ.get(source.url_env or "")
    if not url:
        raise ConfigError(f"VIGIL_SYNC {source.name}: {source.url_env} is not set")
    return sync(
        engine, source_engine(url), configured_mapping(source), params=source.params, now=now
    )


def _zendesk(engine: Engine, source: SyncSource, now: datetime) -> SyncReport:
    token = os.environ.get(source.token_env or "")
    if not token:
        raise ConfigError(f"VIGIL_SYNC {source.name}: {source.token_env} is not set")
    params = source.params
    base = params.get("base_url") or f"https://{params.get('subdomain')}.zendesk.com"
    if "email" not in params or not ("base_url" in params or "subdomain" in params):
        raise ConfigError(f"VIGIL_SYNC {source.name}: params needs email and subdomain")
    api = ZendeskApi(str(base), str(params["email"]), token)
    try:
        return sync_zendesk(engine, api, mapping=configured_mapping(source), now=now)
    finally:
        api.close()
