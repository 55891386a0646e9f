"""Who may see what (docs/deploying.md, "Signing people in"): accounts, sessions, roles, team
scope and the audit log, in the database. The dashboard's door (dashboard.access,
dashboard.web) reads and writes them only through here."""
