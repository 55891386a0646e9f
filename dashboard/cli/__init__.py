"""The `vigil` command line (`main`) and the processes it starts; never imports Streamlit."""

from dashboard.cli.commands import main

__all__ = ["main"]
