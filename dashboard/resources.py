"""Process-wide resources: settings and the one pooled engine (DESIGN §9.6)."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine

from queries.db import make_engine
from queries.settings import Settings


@st.cache_resource
def settings() -> Settings:
    return Settings()


@st.cache_resource
def engine() -> Engine:
    return make_engine(settings().database_url)
