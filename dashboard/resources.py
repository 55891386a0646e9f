"""Process-wide resources: settings, the one pooled engine (DESIGN §9.6) and the clock."""

from __future__ import annotations

from datetime import datetime

import streamlit as st
from sqlalchemy.engine import Engine

from queries.plumbing.clock import clock_for
from queries.plumbing.db import make_engine
from queries.plumbing.settings import Settings


@st.cache_resource
def settings() -> Settings:
    return Settings()


@st.cache_resource
def engine() -> Engine:
    return make_engine(settings().database_url)


def now() -> datetime:
    """Now, from the one clock (`queries.clock`): the wall clock unless VIGIL_NOW pins it."""
    return clock_for(settings())()
