"""Vigil's own HTTP routes and middleware around the Streamlit app (docs/architecture.md,
"Processes"): the public survey routes, sign-in and sign-out, the gate that lets nothing else
through without a session, and the security headers. No Streamlit script runs here."""
