"""Connectors: keep Vigil in sync with the helpdesk a team already runs (docs/connectors.md).

The SQL connector reads any database SQLAlchemy speaks through a TOML mapping; presets ship
their mappings in `queries/connectors/mappings/`."""
